import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { DEFAULT_DAMP_CONFIG } from './context.js';
import {
  idleHoldTimeMs,
  jitter,
  keepaliveTimeSec,
  negotiateHoldTime,
  TIMER_EXPIRY_EVENT,
  timerOfEvent,
} from './timers.js';

describe('jitter', () => {
  it.prop([
    fc.integer({ min: 0, max: 65_535_000 }),
    fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  ])('gives 0.75..1.0 times the base for any random in [0, 1) (RFC 4271 §10)', (ms, r) => {
    const out = jitter(ms, () => r);
    expect(out).toBeGreaterThanOrEqual(0.75 * ms);
    expect(out).toBeLessThanOrEqual(ms);
    expect(Number.isInteger(out)).toBe(true);
  });

  it.prop([fc.integer({ min: 0, max: 1_000_000 }), fc.double()])(
    'stays in range even when the random source misbehaves (NaN, negative, >= 1)',
    (ms, r) => {
      const out = jitter(ms, () => r);
      expect(out).toBeGreaterThanOrEqual(0.75 * ms);
      expect(out).toBeLessThanOrEqual(ms);
    },
  );

  it('maps the ends of the range to 0.75 and ~1.0', () => {
    expect(jitter(120_000, () => 0)).toBe(90_000);
    expect(jitter(120_000, () => 0.999_999_9)).toBe(120_000);
  });
});

describe('hold time negotiation', () => {
  it('takes the smaller hold time, 0 meaning none (RFC 4271 §4.2)', () => {
    expect(negotiateHoldTime(90, 180)).toBe(90);
    expect(negotiateHoldTime(90, 3)).toBe(3);
    expect(negotiateHoldTime(90, 0)).toBe(0);
  });

  it('sends KEEPALIVEs every third of the hold time', () => {
    expect(keepaliveTimeSec(90)).toBe(30);
    expect(keepaliveTimeSec(3)).toBe(1);
    expect(keepaliveTimeSec(10)).toBe(3);
    expect(keepaliveTimeSec(0)).toBe(0);
  });
});

describe('idleHoldTimeMs', () => {
  it('doubles from the base and stops at the cap', () => {
    const seq = [1, 2, 3, 4, 5, 6, 7].map((n) => idleHoldTimeMs(n, DEFAULT_DAMP_CONFIG) / 1000);
    expect(seq).toEqual([5, 10, 20, 40, 80, 120, 120]);
  });

  it.prop([fc.integer({ min: 1, max: 10_000 })])(
    'never exceeds the cap or drops below the base',
    (n) => {
      const ms = idleHoldTimeMs(n, DEFAULT_DAMP_CONFIG);
      expect(ms).toBeGreaterThanOrEqual(5_000);
      expect(ms).toBeLessThanOrEqual(120_000);
    },
  );
});

describe('timer expiry events', () => {
  it('map each timer to its RFC 4271 §8.1.3 event and back', () => {
    for (const [timer, event] of Object.entries(TIMER_EXPIRY_EVENT)) {
      expect(timerOfEvent(event)).toBe(timer);
    }
    expect(timerOfEvent('ManualStart')).toBeUndefined();
  });
});
