/**
 * Time as a dependency of the responder: the announcer's gratuitous bursts (every 1.1 s for
 * 5 s) ask a `Clock`, so tests step a `ManualClock` by hand instead of sleeping or faking
 * globals under real sockets. Same shape as bgp-wire's clock; packages do not import each other.
 */

/** A scheduled callback; `cancel()` is idempotent and harmless after it ran. */
export interface Timer {
  cancel(): void;
}

/** Milliseconds and one-shot timers. */
export interface Clock {
  /** Milliseconds since an arbitrary origin; only differences mean anything. */
  now(): number;
  /** Calls `fn` once, `delayMs` from now. */
  setTimer(delayMs: number, fn: () => void): Timer;
}

/** The real clock: `performance.now()` (monotonic) and `setTimeout`. */
export const systemClock: Clock = Object.freeze({
  now: (): number => performance.now(),
  setTimer(delayMs: number, fn: () => void): Timer {
    const handle = setTimeout(fn, delayMs);
    return { cancel: () => clearTimeout(handle) };
  },
});

interface ManualEntry {
  dueMs: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that moves only when told. `advance(ms)` fires due timers in time order (ties in the
 * order they were set), including timers those callbacks set within the window.
 */
export class ManualClock implements Clock {
  private nowMs = 0;
  private seq = 0;
  private entries: ManualEntry[] = [];

  now(): number {
    return this.nowMs;
  }

  setTimer(delayMs: number, fn: () => void): Timer {
    const entry: ManualEntry = {
      dueMs: this.nowMs + delayMs,
      seq: this.seq++,
      fn,
      cancelled: false,
    };
    this.entries.push(entry);
    return {
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  /** Timers not yet fired nor cancelled. */
  get pendingCount(): number {
    return this.entries.filter((e) => !e.cancelled).length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.nowMs + ms;
    for (;;) {
      this.entries = this.entries.filter((e) => !e.cancelled);
      const next = this.entries
        .filter((e) => e.dueMs <= end)
        .sort((x, y) => x.dueMs - y.dueMs || x.seq - y.seq)[0];
      if (next === undefined) break;
      this.entries.splice(this.entries.indexOf(next), 1);
      this.nowMs = next.dueMs;
      next.fn();
    }
    this.nowMs = end;
  }
}
