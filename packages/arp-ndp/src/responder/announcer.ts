/**
 * MetalLB's gratuitous cadence (METALLB.md §5.2): when an address is (re)owned, announce it at
 * once, then every `intervalMs` (1.1 s) until `durationMs` (5 s) has passed since the last
 * `own()` of that address: ticks at 0, 1.1, 2.2, 3.3 and 4.4 s, then silence. A second `own()`
 * while announcing pushes the deadline out without an extra burst; `disown()` stops it.
 */
import type { Clock, Timer } from './clock.js';

/** Cadence of gratuitous bursts. */
export interface AnnounceOptions {
  /** Between bursts; default 1100 ms (MetalLB). */
  intervalMs?: number;
  /** Announce until this long after the last `own()`; default 5000 ms (MetalLB). */
  durationMs?: number;
}

export const DEFAULT_ANNOUNCE_INTERVAL_MS = 1_100;
export const DEFAULT_ANNOUNCE_DURATION_MS = 5_000;

interface Schedule {
  lastOwnMs: number;
  timer: Timer;
}

/** Calls `burst(ip)` on MetalLB's cadence for each address it is told about. */
export class Announcer {
  private readonly schedules = new Map<string, Schedule>();
  private readonly intervalMs: number;
  private readonly durationMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly burst: (ip: string) => void,
    options: AnnounceOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? DEFAULT_ANNOUNCE_INTERVAL_MS;
    this.durationMs = options.durationMs ?? DEFAULT_ANNOUNCE_DURATION_MS;
  }

  /** `ip` was (re)owned: burst now unless already announcing, and (re)start the deadline. */
  announce(ip: string): void {
    const now = this.clock.now();
    const running = this.schedules.get(ip);
    if (running !== undefined) {
      running.lastOwnMs = now;
      return;
    }
    const schedule: Schedule = { lastOwnMs: now, timer: { cancel: () => {} } };
    this.schedules.set(ip, schedule);
    this.tick(ip, schedule);
  }

  /** Stops announcing `ip`. */
  cancel(ip: string): void {
    this.schedules.get(ip)?.timer.cancel();
    this.schedules.delete(ip);
  }

  /** Stops everything. */
  cancelAll(): void {
    for (const ip of [...this.schedules.keys()]) this.cancel(ip);
  }

  /** Addresses being announced now. */
  active(): string[] {
    return [...this.schedules.keys()];
  }

  private tick(ip: string, schedule: Schedule): void {
    if (this.clock.now() - schedule.lastOwnMs >= this.durationMs) {
      this.schedules.delete(ip);
      return;
    }
    this.burst(ip);
    // burst() may have disowned ip (through an event handler): only re-arm if still current.
    if (this.schedules.get(ip) !== schedule) return;
    schedule.timer = this.clock.setTimer(this.intervalMs, () => this.tick(ip, schedule));
  }
}
