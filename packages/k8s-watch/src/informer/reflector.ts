/**
 * The list+watch loop of an informer (client-go's `Reflector`): keeps a sink in step with one
 * collection and decides what each failure means. It owns the resourceVersion and the backoff;
 * the informer (`informer.ts`) owns the cache, the handlers and resync.
 *
 * - List (paged; an expired continue token lists again in one response), hand the items to
 *   the sink, then watch from the list's resourceVersion.
 * - A stream that ends normally is re-opened from the last version seen, with no list. One that
 *   ends within a second with no event counts as a failure (a server that ends watches at once
 *   must not cause a hot loop).
 * - 410 Expired, as an HTTP status or a watch `ERROR` event, relists at once (unless the watch
 *   from a fresh list expires with no event: a broken server, so back off first).
 * - Any other failure (connection refused or reset, 5xx, a non-410 `ERROR` event) is reported
 *   and retried after an exponential, jittered backoff, from the same version: nothing lost,
 *   nothing repeated.
 */

import { Backoff, type BackoffOptions } from '../backoff.js';
import type { KubeObjectLike } from '../cache/indexer.js';
import { type Clock, sleep } from '../clock.js';
import { describeError, isApiStatus, K8sWatchError, KubeApiError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ListerWatcher, ObjectList, WatchEvent } from './list-watch.js';

/** Where a {@link Reflector} delivers what it reads, in order. */
export interface ReflectorSink<T> {
  /** A complete list: make the cache equal to `items`. */
  replace(items: T[]): void;
  /** A watch ADDED or MODIFIED. */
  upsert(obj: T): void;
  /** A watch DELETED (`obj` is the object's last state). */
  remove(obj: T): void;
  /** A failure that is being retried. */
  failed(err: Error): void;
}

/** Tuning of {@link Reflector}. */
export interface ReflectorOptions {
  name: string;
  clock: Clock;
  random: () => number;
  logger: Logger;
  backoff?: Omit<BackoffOptions, 'clock' | 'random'>;
  /** List page size; 0 lists in one response. */
  pageSize: number;
  /** Watches ask the server to end them after a random time in [min, 2*min). */
  minWatchTimeoutSeconds: number;
}

/** A watch that ends normally this soon with no event is treated as a failure (backoff). */
const SHORT_WATCH_MS = 1000;

type WatchState = { events: number; expired: boolean; error: Error | undefined };

/** Runs list+watch into a sink until its signal aborts; see the file comment. */
export class Reflector<T extends KubeObjectLike> {
  readonly #lw: ListerWatcher<T>;
  readonly #sink: ReflectorSink<T>;
  readonly #name: string;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #log: Logger;
  readonly #backoff: Backoff;
  readonly #pageSize: number;
  readonly #minWatchTimeoutSeconds: number;
  #signal: AbortSignal = new AbortController().signal;
  #resourceVersion = '';

  constructor(lw: ListerWatcher<T>, sink: ReflectorSink<T>, options: ReflectorOptions) {
    this.#lw = lw;
    this.#sink = sink;
    this.#name = options.name;
    this.#clock = options.clock;
    this.#random = options.random;
    this.#log = options.logger;
    this.#backoff = new Backoff({ ...options.backoff, clock: this.#clock, random: this.#random });
    this.#pageSize = options.pageSize;
    this.#minWatchTimeoutSeconds = options.minWatchTimeoutSeconds;
  }

  /** The version the next watch starts from ('' before the first list). */
  get resourceVersion(): string {
    return this.#resourceVersion;
  }

  /** Lists and watches until `signal` aborts. Never rejects. */
  run(signal: AbortSignal): Promise<void> {
    this.#signal = signal;
    return this.#run();
  }

  get #stopped(): boolean {
    return this.#signal.aborted;
  }

  async #run(): Promise<void> {
    let needList = true;
    while (!this.#stopped) {
      if (needList) {
        try {
          await this.#list();
          needList = false;
        } catch (err) {
          if (this.#stopped) return;
          await this.#failed(err, 'list');
          continue;
        }
        // A watch from the version a list just returned must not expire. If it does (a
        // broken server), back off rather than spin between list and watch.
        const first = await this.#watchOnce();
        if (first.outcome === 'expired') needList = true;
        if (first.outcome === 'expired' && first.events === 0) {
          await this.#failed(
            new K8sWatchError(
              'K8S_WATCH_BAD_RESPONSE',
              `${this.#name}: watch from a fresh list expired`,
            ),
            'watch',
          );
        }
        continue;
      }
      if ((await this.#watchOnce()).outcome === 'expired') needList = true;
    }
  }

  /** Reports a failure and waits out the backoff (returns early on stop). */
  async #failed(err: unknown, what: 'list' | 'watch'): Promise<void> {
    const delayMs = this.#backoff.next();
    const error = err instanceof Error ? err : new Error(String(err));
    this.#log.warn(
      { informer: this.#name, err: describeError(err), delayMs: Math.round(delayMs) },
      `${what} failed; retrying`,
    );
    this.#sink.failed(error);
    await sleep(this.#clock, delayMs, this.#signal).catch(() => undefined);
  }

  /** Lists every page and hands the result to the sink. */
  async #list(): Promise<void> {
    const list = await this.#listAll();
    const rv = list.metadata?.resourceVersion ?? '';
    this.#sink.replace(list.items ?? []);
    this.#resourceVersion = rv;
    this.#backoff.reset();
    this.#log.debug({ informer: this.#name, resourceVersion: rv }, 'listed');
  }

  async #listAll(): Promise<ObjectList<T>> {
    const signal = this.#signal;
    const limit = this.#pageSize > 0 ? this.#pageSize : undefined;
    const first = await this.#lw.list({ limit, signal });
    const items = [...(first.items ?? [])];
    let token = first.metadata?.continue;
    while (token) {
      try {
        const page = await this.#lw.list({ limit, continue: token, signal });
        items.push(...(page.items ?? []));
        token = page.metadata?.continue;
      } catch (err) {
        // The continue token expired while paging (client-go's pager does the same): the
        // pages read so far are from an old snapshot, so read it all again in one response.
        if (!isApiStatus(err, 410)) throw err;
        return this.#lw.list({ signal });
      }
    }
    return { metadata: { resourceVersion: first.metadata?.resourceVersion }, items };
  }

  /** One watch stream, from open to end. `expired`: a relist is needed. */
  async #watchOnce(): Promise<{ outcome: 'expired' | 'ended'; events: number }> {
    // Aborted by ERROR events: the stream is given up at once.
    const stream = new AbortController();
    const signal = AbortSignal.any([this.#signal, stream.signal]);
    const startedMs = this.#clock.now();
    const state: WatchState = { events: 0, expired: false, error: undefined };
    const timeoutSeconds = Math.floor(this.#minWatchTimeoutSeconds * (1 + this.#random()));
    try {
      await this.#lw.watch(
        {
          resourceVersion: this.#resourceVersion,
          timeoutSeconds,
          allowWatchBookmarks: true,
          signal,
        },
        (event) => this.#onWatchEvent(event, stream, state),
      );
    } catch (err) {
      if (this.#stopped) return { outcome: 'ended', events: state.events };
      if (isApiStatus(err, 410)) return { outcome: this.#expired(), events: state.events };
      await this.#failed(err, 'watch');
      return { outcome: 'ended', events: state.events };
    }
    if (this.#stopped) return { outcome: 'ended', events: state.events };
    if (state.expired) return { outcome: this.#expired(), events: state.events };
    if (state.error) {
      await this.#failed(state.error, 'watch');
    } else if (state.events === 0 && this.#clock.now() - startedMs < SHORT_WATCH_MS) {
      await this.#failed(
        new K8sWatchError(
          'K8S_WATCH_BAD_RESPONSE',
          `${this.#name}: watch ended at once with no event`,
        ),
        'watch',
      );
    }
    return { outcome: 'ended', events: state.events };
  }

  #expired(): 'expired' {
    this.#log.info(
      { informer: this.#name, resourceVersion: this.#resourceVersion },
      'watch expired (410); relisting',
    );
    return 'expired';
  }

  #onWatchEvent(event: WatchEvent<T>, stream: AbortController, state: WatchState): void {
    // Lines the client already had buffered when we gave up on this stream.
    if (stream.signal.aborted || this.#stopped) return;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        this.#sink.upsert(event.object);
        break;
      case 'DELETED':
        this.#sink.remove(event.object);
        break;
      case 'BOOKMARK':
        break;
      case 'ERROR': {
        const status = event.object;
        if (status?.code === 410) state.expired = true;
        else state.error = new KubeApiError(status?.code ?? 500, status, `${this.#name}: watch`);
        // The server should close the stream after an ERROR; do not depend on it.
        stream.abort();
        return;
      }
      default:
        return;
    }
    state.events++;
    const rv = event.object?.metadata?.resourceVersion;
    if (rv) this.#resourceVersion = rv;
    this.#backoff.reset();
  }
}
