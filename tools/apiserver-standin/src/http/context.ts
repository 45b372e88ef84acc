/**
 * What every request handler works with: the server's shared parts (store, registry, limits)
 * and, per request, the resolved resource.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceRegistry } from '../resources/index.js';
import type { ResourceStore } from '../rest/index.js';
import type { ResourceType } from '../types.js';
import type { ErrorLog } from './respond.js';
import type { ResourcePath } from './route.js';
import type { WatchStream } from './watch-stream.js';

/** Watch stream tuning (the real server's values by default; tests shorten them). */
export interface WatchSettings {
  /** How often a watch with allowWatchBookmarks gets a BOOKMARK (the real server: ~1 min). */
  readonly bookmarkIntervalMs: number;
  /** `--min-request-timeout`: watches without timeoutSeconds end after [1x, 2x) of it. */
  readonly minRequestTimeoutSec: number;
  /** Events queued behind a slow client before its watch is closed. */
  readonly maxQueuedEvents: number;
}

/** The server's shared state, as handlers see it. */
export interface ApiContext {
  readonly store: ResourceStore;
  readonly registry: ResourceRegistry;
  readonly log: ErrorLog;
  readonly now: () => Date;
  readonly watch: WatchSettings;
  readonly maxBodyBytes: number;
  /** `host:port` clients reach the server at (discovery's serverAddressByClientCIDRs). */
  readonly serverAddress: () => string;
  /** Open watch answers, so shutdown can end them. */
  readonly openWatches: Set<WatchStream>;
  /** Resolves once the follow-up work of stored CRD/namespace changes is done. */
  readonly settled: () => Promise<void>;
}

/** One request for a resource, resolved against the registry. */
export interface ResourceRequest {
  readonly ctx: ApiContext;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly rt: ResourceType;
  readonly path: ResourcePath;
  readonly params: URLSearchParams;
}

/** RFC 3339 with whole seconds, as metav1.Time serialises (`2024-05-01T10:00:00Z`). */
export function rfc3339Seconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
