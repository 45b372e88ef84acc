/**
 * An informer that does not die: client-go's shared informer, over a `Reflector`
 * (`reflector.ts`, the list+watch loop that survives every failure).
 *
 * What it adds over client-node's `ListWatch` (KUBE-API.md §1.1): failures other than 410 are
 * retried with backoff and jitter from the last version instead of stopping the informer for
 * good; a relist after 410 emits `delete` for objects that vanished meanwhile; replayed
 * versions are not re-delivered; watches carry bookmarks and a server-side timeout; periodic
 * resync, an indexed cache, typed handlers, `waitForSync`, and an `'error'` event that reports
 * every failure without ever stopping the loop.
 */

import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { BackoffOptions } from '../backoff.js';
import type { IndexFunc, KubeObjectLike, ReadonlyIndexer } from '../cache/indexer.js';
import { Indexer } from '../cache/indexer.js';
import { type Clock, systemClock, type Timer } from '../clock.js';
import { Emitter } from '../emitter.js';
import { describeError, K8sWatchError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { type ListerWatcher, listWatchForPath } from './list-watch.js';
import { Reflector } from './reflector.js';

/** The typed events of an {@link Informer}. */
export interface InformerEvents<T> {
  /** An object appeared (first list, watch ADDED, or found by a relist). */
  add: (obj: T) => void;
  /**
   * An object changed; `old` is the cached version before. On a periodic resync `obj === old`
   * for every cached object: a chance to re-reconcile, not a change.
   */
  update: (obj: T, old: T) => void;
  /**
   * An object went away. `finalStateUnknown` is true when a relist found it missing: `obj` is
   * then the last state the informer saw, not the state at deletion (client-go's
   * `DeletedFinalStateUnknown`).
   */
  delete: (obj: T, finalStateUnknown: boolean) => void;
  /** A failure: list or watch error (being retried), or a handler that threw. */
  error: (err: Error) => void;
  /** The first list is in the cache. */
  synced: () => void;
}

/** Options of {@link Informer}: a source (`kubeConfig` + `path`, or `listerWatcher`) and tuning. */
export interface InformerOptions<T> {
  /** With `path`: the cluster to list and watch. */
  kubeConfig?: KubeConfig;
  /** A collection path: `/api/v1/services`, `/apis/metallb.io/v1beta1/namespaces/NS/ipaddresspools`. */
  path?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Any other source of lists and watches (instead of `kubeConfig` + `path`). */
  listerWatcher?: ListerWatcher<T>;
  /** Re-deliver every cached object as an `update(obj, obj)` this often. 0 (default): never. */
  resyncPeriodMs?: number;
  /** List page size (`limit`). Default 500; 0 lists in one response. */
  pageSize?: number;
  /** Watches ask the server to end them after a random time in [min, 2*min). Default 300 s. */
  minWatchTimeoutSeconds?: number;
  /** Retry delays after failures. Default 800 ms doubling to 30 s, jitter 1.0. */
  backoff?: Omit<BackoffOptions, 'clock' | 'random'>;
  /** Custom indices of the cache, by name. */
  indexers?: Record<string, IndexFunc<T>>;
  /**
   * Applied to every object before it is cached or handed to handlers (client-go's
   * `SetTransform`): drop what the controller never reads, such as `metadata.managedFields`
   * (see {@link stripManagedFields}), so a cache of thousands of objects stays small. It may
   * return the object itself, changed, or a new one; it must not throw.
   */
  transform?: (obj: T) => T;
  clock?: Clock;
  /** Uniform in [0, 1): backoff jitter and watch timeouts. Default `Math.random`. */
  random?: () => number;
  logger?: Logger;
  /** For logs and errors. Default: `path`, or "informer". */
  name?: string;
}

/**
 * A self-healing list+watch cache of one collection with typed change handlers.
 *
 * **When to use:** one per watched collection in a controller; feed a {@link RateLimitingQueue}
 * from its handlers and read objects back from `informer.cache` in the worker.
 *
 * **Gotchas:**
 * - Handlers run synchronously in event order; keep them short (enqueue a key) and never
 *   mutate the objects they get (they are the cached ones).
 * - `'error'` is informational: the informer keeps retrying until `stop()`.
 * - An object deleted and re-created between two relists shows up as `update` (same key).
 *
 * @example
 * ```ts
 * const informer = new Informer<V1Service>({ kubeConfig: kc, path: '/api/v1/services' });
 * informer.on('add', (svc) => queue.add(objectKey(svc)));
 * informer.on('update', (svc) => queue.add(objectKey(svc)));
 * informer.on('delete', (svc) => queue.add(objectKey(svc)));
 * informer.on('error', (err) => log.warn({ err }, 'informer retrying'));
 * informer.start();
 * await informer.waitForSync(AbortSignal.timeout(30_000));
 * const web = informer.cache.getByName('default', 'web');
 * await informer.stop();
 * ```
 */
export class Informer<T extends KubeObjectLike = KubernetesObject> {
  readonly #reflector: Reflector<T>;
  readonly #cache: Indexer<T>;
  readonly #emitter: Emitter<InformerEvents<T>>;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #name: string;
  readonly #resyncPeriodMs: number;
  readonly #transform: ((obj: T) => T) | undefined;
  readonly #abort = new AbortController();
  #synced = false;
  #syncWaiters: Array<{ resolve: () => void; reject: (err: unknown) => void }> = [];
  #loop: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;
  #resyncTimer: Timer | undefined;

  constructor(options: InformerOptions<T>) {
    let lw: ListerWatcher<T>;
    if (options.listerWatcher) {
      lw = options.listerWatcher;
    } else if (options.kubeConfig && options.path) {
      lw = listWatchForPath<T>(options.kubeConfig, options.path, {
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
      });
    } else {
      throw new K8sWatchError(
        'K8S_WATCH_CONFIG',
        'Informer: pass listerWatcher, or kubeConfig and path',
      );
    }
    this.#name = options.name ?? options.path ?? 'informer';
    this.#clock = options.clock ?? systemClock;
    this.#log = options.logger ?? silentLogger;
    this.#resyncPeriodMs = options.resyncPeriodMs ?? 0;
    this.#transform = options.transform;
    this.#cache = new Indexer<T>({ indexers: options.indexers });
    this.#emitter = new Emitter<InformerEvents<T>>((err, event) => this.#handlerFailed(err, event));
    this.#reflector = new Reflector<T>(
      lw,
      {
        replace: (items) => this.#replace(this.#transform ? items.map(this.#transform) : items),
        upsert: (obj) => this.#upsert(this.#transform ? this.#transform(obj) : obj),
        remove: (obj) => this.#remove(this.#transform ? this.#transform(obj) : obj),
        failed: (err) => this.#emitter.emit('error', err),
      },
      {
        name: this.#name,
        clock: this.#clock,
        random: options.random ?? Math.random,
        logger: this.#log,
        backoff: options.backoff,
        pageSize: options.pageSize ?? 500,
        minWatchTimeoutSeconds: options.minWatchTimeoutSeconds ?? 300,
      },
    );
  }

  /** The cache, read-only. Current as of the last event delivered to the handlers. */
  get cache(): ReadonlyIndexer<T> {
    return this.#cache;
  }

  /** True once the first list is in the cache (client-go's `HasSynced`). */
  get hasSynced(): boolean {
    return this.#synced;
  }

  /** The resourceVersion the next watch starts from ('' before the first list). */
  get resourceVersion(): string {
    return this.#reflector.resourceVersion;
  }

  /** Adds a handler; returns a function that removes it. */
  on<K extends keyof InformerEvents<T>>(event: K, listener: InformerEvents<T>[K]): () => void {
    return this.#emitter.on(event, listener);
  }

  off<K extends keyof InformerEvents<T>>(event: K, listener: InformerEvents<T>[K]): void {
    this.#emitter.off(event, listener);
  }

  /** Starts listing and watching in the background. Calling it again does nothing. */
  start(): void {
    if (this.#loop || this.#abort.signal.aborted) return;
    this.#loop = this.#reflector.run(this.#abort.signal);
  }

  /**
   * Resolves once the first list is cached; rejects if `signal` aborts first or the informer
   * is stopped.
   */
  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.#synced) return Promise.resolve();
    if (this.#abort.signal.aborted) return Promise.reject(this.#stoppedError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (err: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      const onAbort = (): void => {
        this.#syncWaiters = this.#syncWaiters.filter((w) => w !== waiter);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#syncWaiters.push(waiter);
    });
  }

  /** Stops the loop and closes the watch; resolves when it has ended. Idempotent. */
  stop(): Promise<void> {
    if (!this.#stopping) {
      this.#abort.abort(this.#stoppedError());
      this.#resyncTimer?.cancel();
      for (const w of this.#syncWaiters.splice(0)) w.reject(this.#stoppedError());
      this.#stopping = (this.#loop ?? Promise.resolve()).then(() => undefined);
    }
    return this.#stopping;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  #stoppedError(): K8sWatchError {
    return new K8sWatchError('K8S_WATCH_STOPPED', `${this.#name}: informer stopped`);
  }

  get #stopped(): boolean {
    return this.#abort.signal.aborted;
  }

  /** Emits the difference between the cache and a fresh list, then stores the list. */
  #replace(items: T[]): void {
    const seen = new Set<string>();
    for (const obj of items) seen.add(this.#cache.keyOf(obj));
    for (const key of this.#cache.keys()) {
      if (seen.has(key)) continue;
      const old = this.#cache.delete(key)!;
      this.#emitter.emit('delete', old, true);
    }
    for (const obj of items) this.#upsert(obj);
    if (!this.#synced) {
      this.#synced = true;
      for (const w of this.#syncWaiters.splice(0)) w.resolve();
      this.#emitter.emit('synced');
      this.#scheduleResync();
    }
  }

  #remove(obj: T): void {
    // Unknown objects (never seen, or already gone) are no news to the handlers.
    if (this.#cache.delete(this.#cache.keyOf(obj))) this.#emitter.emit('delete', obj, false);
  }

  #upsert(obj: T): void {
    const old = this.#cache.get(this.#cache.keyOf(obj));
    const rv = obj.metadata?.resourceVersion;
    // The same version again (a replayed event, an unchanged object in a relist): no news.
    if (old && rv !== undefined && old.metadata?.resourceVersion === rv) return;
    this.#cache.set(obj);
    if (old) this.#emitter.emit('update', obj, old);
    else this.#emitter.emit('add', obj);
  }

  #scheduleResync(): void {
    if (this.#resyncPeriodMs <= 0 || this.#stopped) return;
    this.#resyncTimer = this.#clock.setTimer(this.#resyncPeriodMs, () => {
      if (this.#stopped) return;
      for (const obj of this.#cache.list()) this.#emitter.emit('update', obj, obj);
      this.#scheduleResync();
    });
  }

  #handlerFailed(err: unknown, event: keyof InformerEvents<T>): void {
    this.#log.error({ informer: this.#name, event, err: describeError(err) }, 'handler failed');
    if (event === 'error') return;
    this.#emitter.emit(
      'error',
      new K8sWatchError(
        'K8S_WATCH_HANDLER',
        `${this.#name}: ${String(event)} handler threw: ${describeError(err)}`,
        {
          cause: err,
        },
      ),
    );
  }
}

/**
 * A {@link InformerOptions.transform} that drops `metadata.managedFields`: server-side apply
 * bookkeeping that controllers rarely read and that can be most of a small object's size.
 */
export function stripManagedFields<T extends KubeObjectLike>(obj: T): T {
  const metadata = obj.metadata as Record<string, unknown> | undefined;
  if (metadata?.managedFields !== undefined) delete metadata.managedFields;
  return obj;
}
