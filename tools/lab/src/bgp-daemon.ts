/**
 * The one driver interface every BGP daemon of the lab implements (BIRD, GoBGP, FRR, ExaBGP),
 * after GoBGP's test/lib/base.py: start/stop, neighbour state, the daemon's own table of
 * learned routes, originate/withdraw, route refresh, logs. Routes come back in one normalized
 * shape ({@link LabRoute}) whatever the daemon printed.
 */

import type { LabHost } from './topology.js';

/** Address families the lab drives (unicast only). */
export type RouteFamily = 'ipv4' | 'ipv6';

/** RFC 4271 §8.2.2 session states, lowercase. Daemon-specific states are mapped onto these. */
export type SessionState =
  | 'idle'
  | 'connect'
  | 'active'
  | 'opensent'
  | 'openconfirm'
  | 'established';

/** Which implementation a driver runs. */
export type DaemonKind = 'bird' | 'gobgp' | 'frr' | 'exabgp';

/** ADD-PATH (RFC 7911) direction for a neighbour. */
export type AddPathMode = 'receive' | 'send' | 'both';

/** One configured neighbour. */
export interface NeighborOptions {
  /** Peer address; IPv6 neighbours use the host's IPv6 address as the local one. */
  address: string;
  /** Peer AS. */
  asn: number;
  /** Only accept connections, never connect. Default false. */
  passive?: boolean;
  /** TCP-MD5 (RFC 2385) key. */
  password?: string;
  /** The peer's port when we connect. Default 179. */
  port?: number;
  /** Hold time we offer (s). Default: the daemon's (90 or 180). */
  holdTimeSec?: number;
  /** eBGP multihop TTL. Default: directly connected. */
  multihop?: number;
  /**
   * true: advertise Graceful Restart as a helper only (RFC 4724 receiving speaker); false: no
   * Graceful Restart. Default: the daemon's own default (BIRD and FRR help, GoBGP and ExaBGP
   * do not advertise it).
   */
  gracefulRestartHelper?: boolean;
  /** ADD-PATH for every configured family. */
  addPath?: AddPathMode;
  /** Seconds between connection attempts. Default 2 (daemons default to 5-120). */
  connectRetrySec?: number;
  /** Families on this session. Default: the daemon's `families`. */
  families?: readonly RouteFamily[];
}

/** Accept any peer inside a prefix (BIRD `neighbor range`, FRR `bgp listen range`, GoBGP). */
export interface DynamicNeighborOptions {
  /** e.g. "192.0.2.0/24". */
  prefix: string;
  /** Peer AS every dynamic neighbour must have. */
  asn: number;
  password?: string;
  holdTimeSec?: number;
  addPath?: AddPathMode;
}

/** Options shared by every driver. */
export interface BgpDaemonOptions {
  /** The lab host whose namespace the daemon runs in. */
  host: LabHost;
  /** Local AS. */
  asn: number;
  /** BGP Identifier, dotted quad. */
  routerId: string;
  neighbors: readonly NeighborOptions[];
  /** Families of every neighbour that does not list its own. Default `['ipv4']`. */
  families?: readonly RouteFamily[];
  /** TCP port to listen on. Default 179 (each namespace has its own). */
  listenPort?: number;
  /** Passive neighbours from a range (not supported by ExaBGP). */
  dynamicNeighbors?: DynamicNeighborOptions;
}

/**
 * A route as a daemon holds it in its own table. Text forms:
 * - `communities`: "65000:100", sorted numerically;
 * - `largeCommunities`: "65000:1:2", sorted numerically;
 * - `extendedCommunities`: see {@link ./ext-community.ts}: `rt:65000:100`, `soo:192.0.2.1:7`,
 *   anything else `raw:` + 16 hex digits; sorted as strings.
 */
export interface LabRoute {
  prefix: string;
  nextHop: string;
  asPath: number[];
  communities: string[];
  largeCommunities: string[];
  extendedCommunities: string[];
  med?: number;
  localPref?: number;
  /** ADD-PATH path identifier, where the daemon shows it. */
  pathId?: number;
  /** The neighbour the route was learned from, where the daemon shows it. */
  peer?: string;
}

/** A route to originate. Unset attributes are not sent. */
export interface AnnounceRoute {
  prefix: string;
  /** Default: the daemon's own address on the session (eBGP next-hop-self). */
  nextHop?: string;
  communities?: readonly string[];
  largeCommunities?: readonly string[];
  /** Canonical text forms, as in {@link LabRoute.extendedCommunities}. */
  extendedCommunities?: readonly string[];
  med?: number;
  localPref?: number;
}

/**
 * A BGP daemon in a lab namespace. All its state (config, control socket, pid file, logs)
 * lives in a private temp dir; `close()` stops it by PID and removes the dir.
 *
 * When to use: interop tests of our speaker, and lab checks of the daemons themselves.
 * Gotchas: every wait is bounded by the `timeoutMs` you pass; routes originated with
 * `announce` survive `restart()` (drivers replay or re-render them).
 */
export interface BgpDaemon {
  readonly kind: DaemonKind;
  readonly host: LabHost;
  /** The daemon's PID while running. */
  readonly pid: number | undefined;
  /** Writes the config and starts the daemon; resolves once its control channel answers. */
  start(): Promise<void>;
  /** SIGTERM by PID, bounded wait, SIGKILL. Idempotent. */
  stop(): Promise<void>;
  /** `stop()` then `start()`, with the same config and originated routes. */
  restart(): Promise<void>;
  /** SIGSTOP: the daemon stops sending keepalives (to test hold timers). */
  freeze(): Promise<void>;
  /** SIGCONT after `freeze()`. */
  thaw(): Promise<void>;
  /** The session state toward `address` ('idle' when unknown). */
  neighborState(address: string): Promise<SessionState>;
  /** Polls `neighborState` until it is `state`; throws LAB_ERR_TIMEOUT after `timeoutMs`. */
  waitForState(address: string, state: SessionState, timeoutMs: number): Promise<void>;
  /** Routes learned from peers in the daemon's own table (locally originated ones excluded). */
  routes(family: RouteFamily): Promise<LabRoute[]>;
  /** Polls `routes(family)` until `predicate` holds and returns that table. */
  waitForRoutes(
    family: RouteFamily,
    predicate: (routes: LabRoute[]) => boolean,
    timeoutMs: number,
  ): Promise<LabRoute[]>;
  /** Originates (or replaces) a route. Before `start()` it is kept for the start. */
  announce(family: RouteFamily, route: AnnounceRoute): Promise<void>;
  /** Stops originating `prefix`. */
  withdraw(family: RouteFamily, prefix: string): Promise<void>;
  /** Asks `address` to resend its routes (ROUTE-REFRESH, RFC 2918) or re-applies import. */
  softResetIn(address: string): Promise<void>;
  /** The daemon's log file(s) and captured output, concatenated. */
  logs(): Promise<string>;
  /** Stops the daemon and removes its state dir. Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
