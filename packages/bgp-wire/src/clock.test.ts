import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { ManualClock, systemClock } from './clock.js';

describe('ManualClock', () => {
  it('starts at the given time and does not move by itself', () => {
    const clock = new ManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    clock.setTimer(5, () => {});
    expect(clock.now()).toBe(1_000);
  });

  it('fires a timer only once its delay has fully elapsed', () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    clock.setTimer(100, () => fired.push(clock.now()));
    expect(clock.advance(99)).toBe(0);
    expect(fired).toEqual([]);
    expect(clock.advance(1)).toBe(1);
    expect(fired).toEqual([100]);
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('fires due timers in time order, ties in scheduling order, each at its due time', () => {
    const clock = new ManualClock();
    const fired: string[] = [];
    clock.setTimer(30, () => fired.push(`c@${clock.now()}`));
    clock.setTimer(10, () => fired.push(`a@${clock.now()}`));
    clock.setTimer(10, () => fired.push(`b@${clock.now()}`));
    clock.advance(50);
    expect(fired).toEqual(['a@10', 'b@10', 'c@30']);
    expect(clock.now()).toBe(50);
  });

  it('fires timers scheduled by fired timers when they fall due inside the window', () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    const tick = () => {
      fired.push(clock.now());
      clock.setTimer(30, tick);
    };
    clock.setTimer(30, tick);
    expect(clock.advance(100)).toBe(3);
    expect(fired).toEqual([30, 60, 90]);
    expect(clock.pendingTimers()).toEqual([{ dueMs: 120, delayMs: 30 }]);
  });

  it('fires a zero-delay timer set inside a callback within the same advance', () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    clock.setTimer(10, () => clock.setTimer(0, () => fired.push(clock.now())));
    clock.advance(10);
    expect(fired).toEqual([10]);
  });

  it('never fires a cancelled timer, and cancelling twice or after firing is harmless', () => {
    const clock = new ManualClock();
    let count = 0;
    const t = clock.setTimer(10, () => count++);
    t.cancel();
    t.cancel();
    clock.advance(20);
    expect(count).toBe(0);
    const u = clock.setTimer(1, () => count++);
    clock.advance(1);
    u.cancel();
    expect(count).toBe(1);
  });

  it('lets a callback cancel a timer due later in the same window', () => {
    const clock = new ManualClock();
    const fired: string[] = [];
    const later = clock.setTimer(20, () => fired.push('later'));
    clock.setTimer(10, () => later.cancel());
    clock.advance(30);
    expect(fired).toEqual([]);
  });

  it('advance(0) fires timers due now', () => {
    const clock = new ManualClock();
    let fired = false;
    clock.setTimer(0, () => {
      fired = true;
    });
    expect(fired).toBe(false);
    clock.advance(0);
    expect(fired).toBe(true);
  });

  it('runNext jumps to the earliest timer and reports false when none is pending', () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    clock.setTimer(500, () => fired.push(clock.now()));
    clock.setTimer(200, () => fired.push(clock.now()));
    expect(clock.runNext()).toBe(true);
    expect(fired).toEqual([200]);
    expect(clock.runNext()).toBe(true);
    expect(clock.runNext()).toBe(false);
    expect(clock.now()).toBe(500);
  });

  it('lists pending timers earliest first', () => {
    const clock = new ManualClock(5);
    clock.setTimer(50, () => {});
    clock.setTimer(20, () => {});
    expect(clock.pendingTimers()).toEqual([
      { dueMs: 25, delayMs: 20 },
      { dueMs: 55, delayMs: 50 },
    ]);
  });

  it('rejects negative or non-finite delays and advances', () => {
    const clock = new ManualClock();
    expect(() => clock.setTimer(-1, () => {})).toThrow(RangeError);
    expect(() => clock.setTimer(Number.NaN, () => {})).toThrow(RangeError);
    expect(() => clock.advance(-5)).toThrow(RangeError);
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('propagates an exception from a callback, with that timer already removed', () => {
    const clock = new ManualClock();
    clock.setTimer(1, () => {
      throw new Error('boom');
    });
    expect(() => clock.advance(1)).toThrow('boom');
    expect(clock.pendingTimers()).toEqual([]);
  });

  it.prop([fc.array(fc.nat({ max: 10_000 }), { maxLength: 30 }), fc.nat({ max: 20_000 })])(
    'fires exactly the timers due within the window, in nondecreasing time',
    (delays, windowMs) => {
      const clock = new ManualClock();
      const fired: number[] = [];
      for (const d of delays) clock.setTimer(d, () => fired.push(clock.now()));
      clock.advance(windowMs);
      expect(fired).toEqual(delays.filter((d) => d <= windowMs).sort((a, b) => a - b));
      expect(clock.pendingTimers()).toHaveLength(delays.filter((d) => d > windowMs).length);
      expect(clock.now()).toBe(windowMs);
    },
  );
});

describe('systemClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('fires a timer through setTimeout and can cancel one', async () => {
    let cancelledFired = false;
    systemClock
      .setTimer(0, () => {
        cancelledFired = true;
      })
      .cancel();
    await new Promise<void>((resolve) => systemClock.setTimer(1, resolve));
    expect(cancelledFired).toBe(false);
  });

  it('rejects negative delays', () => {
    expect(() => systemClock.setTimer(-1, () => {})).toThrow(RangeError);
  });
});
