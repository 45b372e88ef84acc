/**
 * How long a work-queue item waits before its next attempt (client-go's
 * `util/workqueue` rate limiters): per-item exponential backoff for items that keep failing, a
 * token bucket that caps the overall retry rate, and the max of several. All read an injected
 * clock, so a test pins every delay.
 */

import { type Clock, systemClock } from '../clock.js';

/**
 * Decides retry delays for queue items.
 *
 * **Contract:** `when(item)` is called once per retry and may count it; `forget(item)` ends
 * the item's failure streak; `numRequeues(item)` is how many retries it has had since.
 */
export interface RateLimiter<T> {
  /** The delay before `item` may be processed again, in ms. */
  when(item: T): number;
  /** The item succeeded (or was given up on): clear its failure count. */
  forget(item: T): void;
  /** Retries since the last `forget`. */
  numRequeues(item: T): number;
}

/**
 * Per-item exponential backoff: `baseDelayMs * 2^failures`, capped at `maxDelayMs`
 * (client-go's `ItemExponentialFailureRateLimiter`; defaults 5 ms and 1000 s as its
 * controller default).
 *
 * @example
 * ```ts
 * const limiter = new ItemExponentialRateLimiter<string>({ baseDelayMs: 10, maxDelayMs: 50 });
 * expect([limiter.when('a'), limiter.when('a'), limiter.when('a'), limiter.when('a')])
 *   .toEqual([10, 20, 40, 50]);
 * expect(limiter.when('b')).toBe(10);
 * ```
 */
export class ItemExponentialRateLimiter<T> implements RateLimiter<T> {
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #failures = new Map<T, number>();

  constructor(options: { baseDelayMs?: number; maxDelayMs?: number } = {}) {
    this.#baseDelayMs = options.baseDelayMs ?? 5;
    this.#maxDelayMs = options.maxDelayMs ?? 1_000_000;
    if (!(this.#baseDelayMs >= 0) || !(this.#maxDelayMs >= 0)) {
      throw new RangeError('ItemExponentialRateLimiter: delays must be >= 0');
    }
  }

  when(item: T): number {
    const failures = this.#failures.get(item) ?? 0;
    this.#failures.set(item, failures + 1);
    // 2^failures overflows to Infinity long before it matters; min() caps it.
    return Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** failures);
  }

  forget(item: T): void {
    this.#failures.delete(item);
  }

  numRequeues(item: T): number {
    return this.#failures.get(item) ?? 0;
  }
}

/**
 * A token bucket over all items: `burst` retries at once, then `qps` per second (client-go's
 * `BucketRateLimiter`, defaults 10 qps, burst 100). Each `when` reserves a token, so the
 * delays it hands out space retries evenly even when many fail at once.
 *
 * @example
 * ```ts
 * const clock = new ManualClock();
 * const bucket = new BucketRateLimiter<string>({ qps: 10, burst: 1, clock });
 * expect([bucket.when('a'), bucket.when('b'), bucket.when('c')]).toEqual([0, 100, 200]);
 * ```
 */
export class BucketRateLimiter<T> implements RateLimiter<T> {
  readonly #qps: number;
  readonly #burst: number;
  readonly #clock: Clock;
  #tokens: number;
  #lastMs: number;

  constructor(options: { qps?: number; burst?: number; clock?: Clock } = {}) {
    this.#qps = options.qps ?? 10;
    this.#burst = options.burst ?? 100;
    this.#clock = options.clock ?? systemClock;
    if (!(this.#qps > 0) || !(this.#burst >= 1)) {
      throw new RangeError('BucketRateLimiter: qps must be > 0 and burst >= 1');
    }
    this.#tokens = this.#burst;
    this.#lastMs = this.#clock.now();
  }

  when(_item: T): number {
    const now = this.#clock.now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#lastMs) * this.#qps) / 1000);
    this.#lastMs = now;
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : (-this.#tokens / this.#qps) * 1000;
  }

  forget(_item: T): void {}

  numRequeues(_item: T): number {
    return 0;
  }
}

/**
 * The longest delay of several limiters (client-go's `MaxOfRateLimiter`); `numRequeues` is
 * the largest count, `forget` forgets in all.
 *
 * @example
 * ```ts
 * const limiter = new MaxOfRateLimiter<string>(
 *   new ItemExponentialRateLimiter({ baseDelayMs: 100, maxDelayMs: 60_000 }),
 *   new BucketRateLimiter({ qps: 5, burst: 20 }),
 * );
 * const queue = new RateLimitingQueue<string>({ rateLimiter: limiter });
 * ```
 */
export class MaxOfRateLimiter<T> implements RateLimiter<T> {
  readonly #limiters: readonly RateLimiter<T>[];

  constructor(...limiters: RateLimiter<T>[]) {
    if (limiters.length === 0) throw new RangeError('MaxOfRateLimiter: needs at least one limiter');
    this.#limiters = limiters;
  }

  when(item: T): number {
    let delay = 0;
    for (const l of this.#limiters) delay = Math.max(delay, l.when(item));
    return delay;
  }

  forget(item: T): void {
    for (const l of this.#limiters) l.forget(item);
  }

  numRequeues(item: T): number {
    let n = 0;
    for (const l of this.#limiters) n = Math.max(n, l.numRequeues(item));
    return n;
  }
}

/**
 * client-go's `DefaultControllerRateLimiter`: per-item 5 ms doubling to 1000 s, and overall
 * at most 10 retries a second after a burst of 100. The queue's default.
 *
 * @example
 * ```ts
 * const queue = new RateLimitingQueue<string>({ rateLimiter: defaultControllerRateLimiter(clock) });
 * ```
 */
export function defaultControllerRateLimiter<T>(clock: Clock = systemClock): RateLimiter<T> {
  return new MaxOfRateLimiter<T>(
    new ItemExponentialRateLimiter<T>({ baseDelayMs: 5, maxDelayMs: 1_000_000 }),
    new BucketRateLimiter<T>({ qps: 10, burst: 100, clock }),
  );
}
