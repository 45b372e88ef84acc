/**
 * Test helper (not exported): what the interop suite's scenario files share: the options a
 * daemon x transport file passes, the lab and daemon of the running file, the ASNs and key.
 */

import type { Lab, LabHost, RouteFamily } from '@baremetal-lb/lab';
import type { Route } from '../speaker/route.js';
import type { DaemonKind, ProbedDaemon } from './daemons.js';
import type { InProcessSpeaker } from './in-process.js';
import type { TableView } from './routes.js';

/** What differs between daemons; each test file says why in a comment. */
export interface SuiteOptions {
  readonly daemon: DaemonKind;
  /** "BIRD 2.0.12". */
  readonly title: string;
  readonly transport: RouteFamily;
  readonly view: TableView;
  /** The daemon can send ROUTE-REFRESH (RFC 2918). */
  readonly sendsRouteRefresh: boolean;
  /**
   * Give the CLI's routes our global IPv6 next hop alone, in `routes` (no prefixesFile): for a
   * daemon that cannot use a link-local next hop (say why in the test file).
   */
  readonly cliGlobalNextHop?: boolean;
  /**
   * The graceful restart scenario, where the daemon's stale routes can be read (FRR): adds a
   * lab host 'gr' and its neighbour (a helper) to the daemon.
   */
  readonly gracefulRestart?: (ctx: SuiteContext) => void;
}

/** One session of ours toward the daemon. */
export interface OurSession {
  readonly name: string;
  readonly localAs: number;
  readonly ibgp: boolean;
  readonly routes: Route[];
  host: LabHost;
  live?: InProcessSpeaker;
}

/** What the scenarios share. */
export interface SuiteContext {
  readonly options: SuiteOptions;
  readonly lab: () => Lab;
  readonly daemon: () => ProbedDaemon;
  /** The router's address of the transport family (the daemon's side of every session). */
  readonly routerAddress: () => string;
}

/** The daemon's AS. */
export const ROUTER_AS = 64512;

/** The TCP-MD5 key the daemon expects from the CLI sessions. */
export const MD5_KEY = 'lab-secret';

/** The daemon's neighbour ASNs of the CLI sessions. */
export const CLI_AS = { md5: 64514, nomd5: 64515, gr: 64516 } as const;
