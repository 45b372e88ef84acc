import { describe, expect, it } from 'vitest';
import { ManualClock, sleep } from './clock.js';

describe('ManualClock', () => {
  it('fires due timers in time order, then scheduling order', () => {
    const clock = new ManualClock();
    const fired: string[] = [];
    clock.setTimer(20, () => fired.push('b'));
    clock.setTimer(10, () => fired.push('a'));
    clock.setTimer(20, () => fired.push('c'));
    expect(clock.advance(15)).toBe(1);
    expect(clock.advance(5)).toBe(2);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(clock.now()).toBe(20);
  });

  it('fires timers set by callbacks inside the same window', () => {
    const clock = new ManualClock();
    const at: number[] = [];
    clock.setTimer(10, () => {
      at.push(clock.now());
      clock.setTimer(10, () => at.push(clock.now()));
    });
    clock.advance(25);
    expect(at).toEqual([10, 20]);
  });

  it('does not fire cancelled timers', () => {
    const clock = new ManualClock();
    let fired = false;
    clock
      .setTimer(5, () => {
        fired = true;
      })
      .cancel();
    clock.advance(10);
    expect(fired).toBe(false);
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('rejects negative delays', () => {
    expect(() => new ManualClock().setTimer(-1, () => {})).toThrow(RangeError);
  });
});

describe('sleep', () => {
  it('resolves when the clock reaches the delay', async () => {
    const clock = new ManualClock();
    let done = false;
    const p = sleep(clock, 100).then(() => {
      done = true;
    });
    clock.advance(99);
    await Promise.resolve();
    expect(done).toBe(false);
    clock.advance(1);
    await p;
    expect(done).toBe(true);
  });

  it('rejects with the abort reason and cancels its timer', async () => {
    const clock = new ManualClock();
    const ac = new AbortController();
    const p = sleep(clock, 100, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    expect(clock.pendingTimers()).toEqual([]);
  });
});
