import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';
import { ManualClock } from './clock.js';

describe('Backoff', () => {
  it('doubles from the initial delay up to the ceiling', () => {
    const b = new Backoff({ initialMs: 800, maxMs: 30_000, jitter: 0, clock: new ManualClock() });
    const delays = Array.from({ length: 8 }, () => b.next());
    expect(delays).toEqual([800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000]);
  });

  it('adds jitter from the random source', () => {
    const b = new Backoff({
      initialMs: 100,
      jitter: 1,
      random: () => 0.5,
      clock: new ManualClock(),
    });
    expect(b.next()).toBe(150);
    expect(b.next()).toBe(300);
  });

  it('starts over after a quiet period longer than resetAfterMs', () => {
    const clock = new ManualClock();
    const b = new Backoff({ initialMs: 100, jitter: 0, resetAfterMs: 1000, clock });
    b.next();
    b.next();
    clock.advance(1001);
    expect(b.next()).toBe(100);
  });

  it('starts over after reset()', () => {
    const b = new Backoff({ initialMs: 100, jitter: 0, clock: new ManualClock() });
    b.next();
    b.next();
    b.reset();
    expect(b.next()).toBe(100);
  });

  it('never exceeds maxMs and never goes below initialMs, whatever the jitter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 0.999_999, noNaN: true }), {
          minLength: 1,
          maxLength: 30,
        }),
        (initialMs, extra, jitter, randoms) => {
          const maxMs = initialMs + extra;
          let i = 0;
          const b = new Backoff({
            initialMs,
            maxMs,
            jitter,
            clock: new ManualClock(),
            random: () => randoms[i++ % randoms.length]!,
          });
          for (const _ of randoms) {
            const d = b.next();
            expect(d).toBeLessThanOrEqual(maxMs);
            expect(d).toBeGreaterThanOrEqual(initialMs);
          }
        },
      ),
    );
  });

  it('rejects a factor below 1', () => {
    expect(() => new Backoff({ factor: 0.5 })).toThrow(RangeError);
  });
});
