/**
 * Where an informer gets its objects: a list (a snapshot with its resourceVersion) and a watch
 * (every change after a resourceVersion). `listWatchForPath` serves both for one API path:
 * lists through `requestJson` (plain JSON, paged), watches through client-node's `Watch`
 * (which streams `{"type","object"}` lines). Tests and unusual sources implement
 * `ListerWatcher` themselves.
 */

import { type KubeConfig, Watch } from '@kubernetes/client-node';
import type { KubeObjectLike } from '../cache/indexer.js';
import type { KubeStatus } from '../errors.js';
import { requestJson } from '../http.js';

/** A list response: `items` plus the snapshot's resourceVersion and paging token. */
export interface ObjectList<T> {
  metadata?: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** One line of a watch stream. `ERROR` carries a `Status`; `BOOKMARK` only a resourceVersion. */
export type WatchEvent<T> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T }
  | { type: 'BOOKMARK'; object: KubeObjectLike }
  | { type: 'ERROR'; object: KubeStatus };

/** Options of one list call. */
export interface ListOptions {
  /** Page size (`limit`); undefined lists everything in one response. */
  limit?: number;
  /** The token of the previous page. */
  continue?: string;
  signal: AbortSignal;
}

/** Options of one watch call. */
export interface WatchOptions {
  /** Changes after this version are sent. */
  resourceVersion: string;
  /** Ask the server to end the stream after this long (a silent dead connection heals). */
  timeoutSeconds?: number;
  allowWatchBookmarks: boolean;
  signal: AbortSignal;
}

/**
 * A source of lists and watches for one collection.
 *
 * **Contract:** `watch` resolves when the server ends the stream normally, rejects when it
 * cannot start (an HTTP error: `statusCode` on the error, 410 for an expired version) or breaks,
 * and calls `onEvent` synchronously for each line, in order. Aborting `signal` ends it.
 */
export interface ListerWatcher<T> {
  list(options: ListOptions): Promise<ObjectList<T>>;
  watch(options: WatchOptions, onEvent: (event: WatchEvent<T>) => void): Promise<void>;
}

/** Selectors that narrow the collection, as the API server's query parameters. */
export interface Selectors {
  labelSelector?: string;
  fieldSelector?: string;
}

/**
 * A {@link ListerWatcher} for one collection path of the API server:
 * `/api/v1/services`, `/api/v1/namespaces/NS/services`, `/apis/metallb.io/v1beta1/ipaddresspools`.
 *
 * @example
 * ```ts
 * const lw = listWatchForPath(kc, '/api/v1/services', { labelSelector: 'app=web' });
 * const informer = new Informer<V1Service>({ listerWatcher: lw });
 * ```
 */
export function listWatchForPath<T>(
  kc: KubeConfig,
  path: string,
  selectors: Selectors = {},
): ListerWatcher<T> {
  const watcher = new Watch(kc);
  return {
    list: ({ limit, continue: token, signal }) =>
      requestJson<ObjectList<T>>(kc, {
        method: 'GET',
        path,
        query: { ...selectors, limit, continue: token },
        signal,
      }),
    watch: (options, onEvent) => watchOnce(watcher, path, selectors, options, onEvent),
  };
}

function watchOnce<T>(
  watcher: Watch,
  path: string,
  selectors: Selectors,
  options: WatchOptions,
  onEvent: (event: WatchEvent<T>) => void,
): Promise<void> {
  const { signal } = options;
  return new Promise<void>((resolve, reject) => {
    let controller: AbortController | undefined;
    const onAbort = (): void => controller?.abort();
    const done = (err: unknown): void => {
      signal.removeEventListener('abort', onAbort);
      if (err && !signal.aborted) reject(err);
      else resolve();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const query = {
      ...selectors,
      resourceVersion: options.resourceVersion,
      allowWatchBookmarks: options.allowWatchBookmarks ? 'true' : undefined,
      timeoutSeconds: options.timeoutSeconds,
    };
    watcher
      .watch(
        path,
        query,
        (type: string, object: unknown) => onEvent({ type, object } as WatchEvent<T>),
        done,
      )
      .then((c) => {
        controller = c;
        if (signal.aborted) c.abort();
      }, done);
  });
}
