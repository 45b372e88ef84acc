/**
 * Exponential backoff with jitter, for anything that retries a failing call against the API
 * server (informer list/watch, event writes). The shape is client-go's reflector backoff
 * (800 ms doubling to 30 s, jitter 1.0, reset after two quiet minutes), written as a small
 * value object over an injected clock and random source so tests can pin every delay.
 */

import { type Clock, systemClock } from './clock.js';

/** Tuning for {@link Backoff}. All durations in milliseconds. */
export interface BackoffOptions {
  /** First delay. Default 800. */
  initialMs?: number;
  /** Ceiling for any delay, jitter included. Default 30 000. */
  maxMs?: number;
  /** Growth per failure. Default 2. */
  factor?: number;
  /** Extra random fraction: a delay d becomes d * (1 + jitter * random()). Default 1.0. */
  jitter?: number;
  /** A failure this long after the previous one starts again from `initialMs`. Default 120 000. */
  resetAfterMs?: number;
  clock?: Clock;
  /** Uniform in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/**
 * Hands out growing, jittered delays between retries.
 *
 * **When to use:** call {@link Backoff.next} after each failure and wait that long;
 * call {@link Backoff.reset} after a success that proves the far side is healthy.
 *
 * **Gotchas:** jitter spreads many clients' retries apart (a restarted API server is not hit by
 * every informer at the same instant); the ceiling applies after jitter, so no wait exceeds
 * `maxMs`.
 *
 * @example
 * ```ts
 * const backoff = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
 * expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([100, 200, 400]);
 * backoff.reset();
 * expect(backoff.next()).toBe(100);
 * ```
 */
export class Backoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #factor: number;
  readonly #jitter: number;
  readonly #resetAfterMs: number;
  readonly #clock: Clock;
  readonly #random: () => number;
  #baseMs: number;
  #lastFailureMs: number | undefined;

  constructor(options: BackoffOptions = {}) {
    this.#initialMs = options.initialMs ?? 800;
    this.#maxMs = options.maxMs ?? 30_000;
    this.#factor = options.factor ?? 2;
    this.#jitter = options.jitter ?? 1.0;
    this.#resetAfterMs = options.resetAfterMs ?? 120_000;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    for (const [name, v] of [
      ['initialMs', this.#initialMs],
      ['maxMs', this.#maxMs],
      ['jitter', this.#jitter],
      ['resetAfterMs', this.#resetAfterMs],
    ] as const) {
      if (!Number.isFinite(v) || v < 0) throw new RangeError(`Backoff: ${name} ${v} must be >= 0`);
    }
    if (!(this.#factor >= 1)) throw new RangeError(`Backoff: factor ${this.#factor} must be >= 1`);
    this.#baseMs = this.#initialMs;
  }

  /** The delay to wait before the next attempt; grows the following one. */
  next(): number {
    const now = this.#clock.now();
    if (this.#lastFailureMs !== undefined && now - this.#lastFailureMs > this.#resetAfterMs) {
      this.#baseMs = this.#initialMs;
    }
    this.#lastFailureMs = now;
    const base = Math.min(this.#baseMs, this.#maxMs);
    this.#baseMs = Math.min(this.#baseMs * this.#factor, this.#maxMs);
    return Math.min(this.#maxMs, base * (1 + this.#jitter * this.#random()));
  }

  /** Starts over from `initialMs`. */
  reset(): void {
    this.#baseMs = this.#initialMs;
    this.#lastFailureMs = undefined;
  }
}
