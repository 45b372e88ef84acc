/**
 * A deduplicating, rate-limited work queue with client-go's `workqueue` semantics, the
 * backbone of a controller: informer handlers `add` object keys, workers `get` them, reconcile,
 * and call `done`.
 *
 * The three sets (as in client-go's `Type`): `queue` (ordered, waiting), `dirty` (needs
 * processing: queued, or re-added while being processed) and `processing` (handed to a
 * worker). Their rules give the two guarantees controllers rely on:
 * - an item added many times before a worker takes it is processed once;
 * - an item is never handed to two workers at once; re-added while processing, it is queued
 *   again when `done` is called, so the change that caused the re-add is not lost.
 */

import { type Clock, systemClock, type Timer } from '../clock.js';
import { describeError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiters.js';

/** What a queue can hold: anything but `null`/`undefined` (`get` uses `undefined` for "shut down"). */
export type QueueItem = string | number | bigint | boolean | symbol | object;

/** Options of {@link RateLimitingQueue}. */
export interface QueueOptions<T> {
  /** Delays for `addRateLimited`. Default {@link defaultControllerRateLimiter}. */
  rateLimiter?: RateLimiter<T>;
  clock?: Clock;
  logger?: Logger;
  /** For logs. */
  name?: string;
}

/** Options of {@link RateLimitingQueue.process}. */
export interface ProcessOptions<T> {
  /** Workers running at once (each handles one item at a time). Default 1. */
  concurrency?: number;
  /** Failed attempts retried with `addRateLimited` before the item is dropped. Default 5. */
  maxRetries?: number;
  /** Called on each failure, before the retry is scheduled (`willRetry`) or the item dropped. */
  onError?: (item: T, err: unknown, willRetry: boolean) => void;
}

/**
 * A deduplicating work queue with delayed and rate-limited adds.
 *
 * **When to use:** between informer handlers (which add keys) and reconcile workers, so bursts
 * of changes to one object collapse into one reconcile and failures retry with backoff.
 *
 * **Gotchas:**
 * - Every item returned by `get` must be passed to `done`, or it is never handed out again
 *   (and `shutDownWithDrain` waits forever). {@link RateLimitingQueue.process} does this.
 * - `forget` after success, or the item's backoff keeps growing across unrelated failures.
 * - After `shutDown`, adds are ignored; `get` still hands out what was queued, then resolves
 *   `undefined`.
 *
 * @example
 * ```ts
 * const queue = new RateLimitingQueue<string>();
 * informer.on('add', (svc) => queue.add(objectKey(svc)));
 * const workers = queue.process(async (key) => reconcile(key), { concurrency: 2, maxRetries: 10 });
 * // ... on shutdown:
 * await queue.shutDownWithDrain();
 * await workers;
 * ```
 */
export class RateLimitingQueue<T extends QueueItem = string> {
  #queue: T[] = [];
  #head = 0;
  readonly #dirty = new Set<T>();
  readonly #processing = new Set<T>();
  readonly #getters: Array<(item: T | undefined) => void> = [];
  /** Items waiting out an `addAfter` delay: the earliest due time wins. */
  readonly #waiting = new Map<T, { dueMs: number; timer: Timer }>();
  readonly #limiter: RateLimiter<T>;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #name: string;
  #shuttingDown = false;
  #drainWaiters: Array<() => void> = [];

  constructor(options: QueueOptions<T> = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#limiter = options.rateLimiter ?? defaultControllerRateLimiter<T>(this.#clock);
    this.#log = options.logger ?? silentLogger;
    this.#name = options.name ?? 'queue';
  }

  /** Items waiting to be handed out (not those being processed or delayed). */
  get len(): number {
    return this.#queue.length - this.#head;
  }

  /** Items handed out and not yet `done`. */
  get processingCount(): number {
    return this.#processing.size;
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Marks `item` as needing processing. A no-op if it is already waiting, or after shutdown. */
  add(item: T): void {
    if (this.#shuttingDown || this.#dirty.has(item)) return;
    this.#dirty.add(item);
    // Being processed: `done` queues it again.
    if (this.#processing.has(item)) return;
    this.#push(item);
  }

  /** Adds `item` after `delayMs` (at once if <= 0). An earlier pending delay for it wins. */
  addAfter(item: T, delayMs: number): void {
    if (this.#shuttingDown) return;
    if (!(delayMs > 0)) {
      this.add(item);
      return;
    }
    const dueMs = this.#clock.now() + delayMs;
    const pending = this.#waiting.get(item);
    if (pending && pending.dueMs <= dueMs) return;
    pending?.timer.cancel();
    const timer = this.#clock.setTimer(delayMs, () => {
      this.#waiting.delete(item);
      this.add(item);
    });
    this.#waiting.set(item, { dueMs, timer });
  }

  /** Adds `item` after the delay the rate limiter gives it (one more retry for it). */
  addRateLimited(item: T): void {
    this.addAfter(item, this.#limiter.when(item));
  }

  /** Ends `item`'s failure streak in the rate limiter (call after a success or a give-up). */
  forget(item: T): void {
    this.#limiter.forget(item);
  }

  /** Retries `item` has had since it was last forgotten. */
  numRequeues(item: T): number {
    return this.#limiter.numRequeues(item);
  }

  /**
   * The next item to process, waiting for one if the queue is empty. Resolves `undefined`
   * once the queue is shut down and empty: the worker should exit.
   */
  get(): Promise<T | undefined> {
    const item = this.#pop();
    if (item !== undefined) return Promise.resolve(item);
    if (this.#shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#getters.push(resolve));
  }

  /** Marks the processing of `item` as finished; queues it again if it was re-added meanwhile. */
  done(item: T): void {
    if (!this.#processing.delete(item)) return;
    if (this.#dirty.has(item)) this.#push(item);
    if (this.#processing.size === 0) for (const w of this.#drainWaiters.splice(0)) w();
  }

  /** Stops accepting items and drops pending delays; queued items are still handed out. */
  shutDown(): void {
    if (this.#shuttingDown) return;
    this.#shuttingDown = true;
    for (const { timer } of this.#waiting.values()) timer.cancel();
    this.#waiting.clear();
    if (this.len === 0) for (const g of this.#getters.splice(0)) g(undefined);
  }

  /**
   * {@link shutDown}, then resolves once no item is being processed (every item handed out is
   * `done`). Workers still calling `get` also receive what was queued before the shutdown.
   */
  shutDownWithDrain(): Promise<void> {
    this.shutDown();
    return new Promise((resolve) => {
      if (this.#processing.size === 0) resolve();
      else this.#drainWaiters.push(resolve);
    });
  }

  /**
   * Runs `worker` on items until the queue is shut down and drained: `done` always,
   * `forget` on success, `addRateLimited` on failure until `maxRetries`, then drop.
   * Resolves when every worker has exited.
   */
  async process(
    worker: (item: T) => Promise<void> | void,
    options: ProcessOptions<T> = {},
  ): Promise<void> {
    const concurrency = options.concurrency ?? 1;
    const maxRetries = options.maxRetries ?? 5;
    if (!(concurrency >= 1))
      throw new RangeError(`process: concurrency ${concurrency} must be >= 1`);
    const loop = async (): Promise<void> => {
      for (let item = await this.get(); item !== undefined; item = await this.get()) {
        try {
          await worker(item);
          this.forget(item);
        } catch (err) {
          this.#onWorkerError(item, err, maxRetries, options.onError);
        } finally {
          this.done(item);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, loop));
  }

  #onWorkerError(
    item: T,
    err: unknown,
    maxRetries: number,
    onError: ProcessOptions<T>['onError'],
  ): void {
    const willRetry = this.numRequeues(item) < maxRetries;
    try {
      onError?.(item, err, willRetry);
    } catch (hookErr) {
      this.#log.error({ queue: this.#name, err: describeError(hookErr) }, 'onError hook threw');
    }
    if (willRetry) {
      this.addRateLimited(item);
    } else {
      this.#log.warn(
        { queue: this.#name, item: String(item), err: describeError(err), retries: maxRetries },
        'dropping item after retries',
      );
      this.forget(item);
    }
  }

  #push(item: T): void {
    const getter = this.#getters.shift();
    if (getter) {
      this.#dirty.delete(item);
      this.#processing.add(item);
      getter(item);
      return;
    }
    this.#queue.push(item);
  }

  #pop(): T | undefined {
    if (this.#head >= this.#queue.length) return undefined;
    const item = this.#queue[this.#head++]!;
    // Compact once the consumed prefix dominates: amortized O(1) pops without shift().
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    this.#dirty.delete(item);
    this.#processing.add(item);
    return item;
  }
}
