/**
 * Time as a dependency. Everything in this package that waits (the FSM's timers through its
 * driver, backoff, keepalives) asks a `Clock`, so tests swap in a `ManualClock` and step time
 * by hand instead of sleeping or patching globals (`vi.useFakeTimers()` would also fake the
 * timers under real sockets).
 */

/** A scheduled callback. `cancel()` is idempotent and harmless after the callback ran. */
export interface Timer {
  cancel(): void;
}

/**
 * A source of time and one-shot timers.
 *
 * **When to use:** take a `Clock` in any constructor that schedules work or reads the time;
 * default it to {@link systemClock}; pass a {@link ManualClock} in tests.
 *
 * **Gotchas:** `now()` is in milliseconds and only differences between two readings are
 * meaningful. `setTimer` is one-shot; re-arm from the callback for periodic work.
 *
 * @example
 * ```ts
 * function keepAlive(clock: Clock, send: () => void, everyMs: number): Timer {
 *   let timer = clock.setTimer(everyMs, function tick() {
 *     send();
 *     timer = clock.setTimer(everyMs, tick);
 *   });
 *   return { cancel: () => timer.cancel() };
 * }
 * ```
 */
export interface Clock {
  /** Milliseconds since an arbitrary origin. */
  now(): number;
  /** Calls `fn` once, `delayMs` milliseconds from now. `delayMs` must be finite and >= 0. */
  setTimer(delayMs: number, fn: () => void): Timer;
}

function checkDelay(delayMs: number): void {
  if (!Number.isFinite(delayMs) || delayMs < 0) {
    throw new RangeError(`Clock.setTimer: delay ${delayMs} ms, expected a finite number >= 0`);
  }
}

/**
 * The real clock: `Date.now()` and `setTimeout`.
 *
 * **When to use:** production defaults.
 *
 * **Gotchas:** timers are *not* `unref`'d: a BGP session with a running hold or keepalive timer
 * is work in progress and keeps the process alive until the session is closed. `Date.now()`
 * is the wall clock and can step when NTP corrects it; callers here only use it for coarse
 * durations (minutes of stable Established time), where a step is harmless.
 * Node caps `setTimeout` at 2^31-1 ms (~24.8 days); BGP timers are far below that.
 */
export const systemClock: Clock = Object.freeze({
  now: (): number => Date.now(),
  setTimer(delayMs: number, fn: () => void): Timer {
    checkDelay(delayMs);
    const handle = setTimeout(fn, delayMs);
    return { cancel: () => clearTimeout(handle) };
  },
});

/** A timer as {@link ManualClock.pendingTimers} reports it. */
export interface PendingTimer {
  /** When it fires, on the clock's `now()` scale. */
  readonly dueMs: number;
  /** The delay it was scheduled with. */
  readonly delayMs: number;
}

interface ManualEntry {
  readonly dueMs: number;
  readonly delayMs: number;
  /** Scheduling order: timers due at the same instant fire in the order they were set. */
  readonly seq: number;
  readonly fn: () => void;
}

/**
 * Guard against a callback that re-arms itself with a zero delay forever: `advance` would
 * never return. Far above anything a BGP session schedules in one window.
 */
const MAX_FIRINGS_PER_ADVANCE = 1_000_000;

/**
 * A clock that moves only when told to (the idea of Effect's `TestClock`).
 *
 * **When to use:** tests of anything that takes a {@link Clock}: drive time with
 * {@link ManualClock.advance} and assert on what happened, with no sleeps and no global fakes.
 *
 * **Gotchas:**
 * - `advance(ms)` fires every timer due within the window in time order (ties in scheduling
 *   order), moving `now()` to each timer's due time before calling it, so callbacks see the
 *   time they were due at. Timers set by those callbacks that fall due inside the same window
 *   fire too; timers due later stay pending.
 * - Callbacks run synchronously inside `advance`; an exception propagates out of it (the timer
 *   that threw is already removed).
 * - Nothing fires until `advance` is called, even a zero-delay timer: call `advance(0)`.
 *
 * @example
 * ```ts
 * const clock = new ManualClock();
 * const fired: number[] = [];
 * clock.setTimer(100, () => fired.push(clock.now()));
 * clock.advance(99);  // nothing yet
 * clock.advance(1);   // fired = [100]
 * expect(fired).toEqual([100]);
 * expect(clock.pendingTimers()).toEqual([]);
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
    const entry: ManualEntry = { dueMs: this.#nowMs + delayMs, delayMs, seq: this.#seq++, fn };
    this.#timers.push(entry);
    return {
      cancel: () => {
        this.#timers = this.#timers.filter((t) => t !== entry);
      },
    };
  }

  /**
   * Moves time forward by `ms`, firing due timers in order. Returns how many fired.
   * `advance(0)` fires the timers due now.
   */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`ManualClock.advance: ${ms} ms, expected a finite number >= 0`);
    }
    const targetMs = this.#nowMs + ms;
    let fired = 0;
    for (let next = this.#nextDue(targetMs); next; next = this.#nextDue(targetMs)) {
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

  /**
   * Advances to the earliest pending timer and fires it (and any others due at that instant).
   * Returns false, leaving time unchanged, when nothing is pending.
   */
  runNext(): boolean {
    const first = this.#earliest();
    if (!first) return false;
    this.advance(first.dueMs - this.#nowMs);
    return true;
  }

  /** Timers not yet fired or cancelled, earliest first. */
  pendingTimers(): PendingTimer[] {
    return [...this.#timers].sort(byDue).map(({ dueMs, delayMs }) => ({ dueMs, delayMs }));
  }

  #earliest(): ManualEntry | undefined {
    let best: ManualEntry | undefined;
    for (const t of this.#timers) if (!best || byDue(t, best) < 0) best = t;
    return best;
  }

  #nextDue(targetMs: number): ManualEntry | undefined {
    const first = this.#earliest();
    return first && first.dueMs <= targetMs ? first : undefined;
  }
}

function byDue(a: ManualEntry, b: ManualEntry): number {
  return a.dueMs - b.dueMs || a.seq - b.seq;
}
