/**
 * Time as a dependency. Everything in this package that waits (work-queue delays, rate
 * limiters, informer backoff and resync, leader-election deadlines, event aggregation windows)
 * asks a `Clock`, so unit tests drive a `ManualClock` by hand instead of sleeping or patching
 * globals (`vi.useFakeTimers()` would also fake the timers under real sockets).
 */

/** A scheduled callback. `cancel()` is idempotent and harmless after the callback ran. */
export interface Timer {
  cancel(): void;
}

/**
 * A source of monotonic time and one-shot timers.
 *
 * **When to use:** pass one to any constructor here that takes `clock`; the default is
 * {@link systemClock}; tests pass a {@link ManualClock}.
 *
 * **Gotchas:** `now()` is in milliseconds from an arbitrary origin: only differences between
 * two readings mean anything. Wall-clock timestamps written to the API (Lease `renewTime`,
 * Event `lastTimestamp`) come from a separate `wallClock` option, never from `now()`.
 *
 * @example
 * ```ts
 * function every(clock: Clock, ms: number, fn: () => void): Timer {
 *   let timer = clock.setTimer(ms, function tick() {
 *     fn();
 *     timer = clock.setTimer(ms, tick);
 *   });
 *   return { cancel: () => timer.cancel() };
 * }
 * ```
 */
export interface Clock {
  /** Milliseconds since an arbitrary origin; never goes backwards. */
  now(): number;
  /** Calls `fn` once, `delayMs` from now. `delayMs` must be finite and >= 0. */
  setTimer(delayMs: number, fn: () => void): Timer;
}

function checkDelay(delayMs: number): void {
  if (!Number.isFinite(delayMs) || delayMs < 0) {
    throw new RangeError(`Clock.setTimer: delay ${delayMs} ms, expected a finite number >= 0`);
  }
}

/**
 * The real clock: `performance.now()` (monotonic: an NTP step cannot shorten a lease) and
 * `setTimeout`.
 *
 * **Gotchas:** timers are `unref`'d. Every long-lived loop here (informer, elector, queue
 * delays) is owned by an object with an explicit `stop()`/`shutDown()`; the process should not
 * stay alive just because a resync or retry is scheduled. Node caps `setTimeout` at
 * 2^31-1 ms (~24.8 days); longer delays are clamped.
 */
export const systemClock: Clock = Object.freeze({
  now: (): number => performance.now(),
  setTimer(delayMs: number, fn: () => void): Timer {
    checkDelay(delayMs);
    const handle = setTimeout(fn, Math.min(delayMs, 2 ** 31 - 1));
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
});

interface ManualEntry {
  readonly dueMs: number;
  /** Scheduling order: timers due at the same instant fire in the order they were set. */
  readonly seq: number;
  readonly fn: () => void;
}

/** Guards `advance` against a callback that re-arms itself with zero delay forever. */
const MAX_FIRINGS_PER_ADVANCE = 1_000_000;

/**
 * A clock that moves only when told to.
 *
 * **When to use:** unit tests of anything that takes a {@link Clock}.
 *
 * **Gotchas:**
 * - `advance(ms)` fires every timer due within the window in time order (ties in scheduling
 *   order), setting `now()` to each timer's due time before calling it. Timers set by those
 *   callbacks that fall due inside the window fire too.
 * - Callbacks run synchronously inside `advance`; promise continuations they start run only
 *   after the caller awaits (use `await flushMicrotasks()`-style helpers in async tests).
 * - Nothing fires until `advance` is called, even a zero-delay timer: call `advance(0)`.
 *
 * @example
 * ```ts
 * const clock = new ManualClock();
 * const fired: number[] = [];
 * clock.setTimer(100, () => fired.push(clock.now()));
 * clock.advance(99);
 * clock.advance(1);
 * expect(fired).toEqual([100]);
 * ```
 */
export class ManualClock implements Clock {
  #nowMs: number;
  #seq = 0;
  #timers: ManualEntry[] = [];

  constructor(startMs = 0) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  setTimer(delayMs: number, fn: () => void): Timer {
    checkDelay(delayMs);
    const entry: ManualEntry = { dueMs: this.#nowMs + delayMs, seq: this.#seq++, fn };
    this.#timers.push(entry);
    return {
      cancel: () => {
        this.#timers = this.#timers.filter((t) => t !== entry);
      },
    };
  }

  /** Moves time forward by `ms`, firing due timers in order. Returns how many fired. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`ManualClock.advance: ${ms} ms, expected a finite number >= 0`);
    }
    const targetMs = this.#nowMs + ms;
    let fired = 0;
    for (let next = this.#earliest(); next && next.dueMs <= targetMs; next = this.#earliest()) {
      if (++fired > MAX_FIRINGS_PER_ADVANCE) {
        throw new Error(`ManualClock.advance: more than ${MAX_FIRINGS_PER_ADVANCE} timers fired`);
      }
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#nowMs = next.dueMs;
      next.fn();
    }
    this.#nowMs = targetMs;
    return fired;
  }

  /** Due times of the timers not yet fired or cancelled, earliest first. */
  pendingTimers(): number[] {
    return this.#timers.map((t) => t.dueMs).sort((a, b) => a - b);
  }

  #earliest(): ManualEntry | undefined {
    let best: ManualEntry | undefined;
    for (const t of this.#timers) {
      if (!best || t.dueMs < best.dueMs || (t.dueMs === best.dueMs && t.seq < best.seq)) best = t;
    }
    return best;
  }
}

/**
 * Resolves after `delayMs` on `clock`, or rejects with the signal's reason when `signal`
 * aborts first (its timer is then cancelled).
 *
 * @example
 * ```ts
 * await sleep(systemClock, 250, AbortSignal.timeout(1000));
 * ```
 */
export function sleep(clock: Clock, delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      timer.cancel();
      reject(signal?.reason);
    };
    const timer = clock.setTimer(delayMs, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
