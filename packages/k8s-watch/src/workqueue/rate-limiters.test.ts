import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ItemExponentialRateLimiter,
  MaxOfRateLimiter,
} from './rate-limiters.js';

describe('ItemExponentialRateLimiter', () => {
  it('doubles per item up to the cap and counts requeues', () => {
    const l = new ItemExponentialRateLimiter<string>({ baseDelayMs: 5, maxDelayMs: 30 });
    expect([l.when('a'), l.when('a'), l.when('a'), l.when('a'), l.when('a')]).toEqual([
      5, 10, 20, 30, 30,
    ]);
    expect(l.numRequeues('a')).toBe(5);
    expect(l.when('b')).toBe(5);
    l.forget('a');
    expect(l.numRequeues('a')).toBe(0);
    expect(l.when('a')).toBe(5);
  });

  it('stays at the cap after very many failures (no overflow to NaN)', () => {
    const l = new ItemExponentialRateLimiter<string>({ baseDelayMs: 5, maxDelayMs: 1_000_000 });
    let d = 0;
    for (let i = 0; i < 2000; i++) d = l.when('x');
    expect(d).toBe(1_000_000);
  });
});

describe('BucketRateLimiter', () => {
  it('lets a burst through, then spaces reservations at 1/qps', () => {
    const clock = new ManualClock();
    const l = new BucketRateLimiter<string>({ qps: 10, burst: 2, clock });
    expect([l.when('a'), l.when('b'), l.when('c'), l.when('d')]).toEqual([0, 0, 100, 200]);
  });

  it('refills with time, up to the burst', () => {
    const clock = new ManualClock();
    const l = new BucketRateLimiter<string>({ qps: 10, burst: 2, clock });
    l.when('a');
    l.when('b');
    clock.advance(10_000);
    expect([l.when('c'), l.when('d'), l.when('e')]).toEqual([0, 0, 100]);
  });
});

describe('MaxOfRateLimiter / defaultControllerRateLimiter', () => {
  it('takes the longest delay and the largest requeue count', () => {
    const clock = new ManualClock();
    const l = new MaxOfRateLimiter<string>(
      new ItemExponentialRateLimiter({ baseDelayMs: 1, maxDelayMs: 1000 }),
      new BucketRateLimiter({ qps: 1, burst: 1, clock }),
    );
    expect(l.when('a')).toBe(1);
    expect(l.when('a')).toBe(1000);
    expect(l.numRequeues('a')).toBe(2);
    l.forget('a');
    expect(l.numRequeues('a')).toBe(0);
  });

  it('starts at 5 ms per item', () => {
    const l = defaultControllerRateLimiter<string>(new ManualClock());
    expect(l.when('a')).toBe(5);
    expect(l.when('a')).toBe(10);
  });
});
