import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageSince, humanDuration } from './human-duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration', () => {
  it.each([
    [-2 * S, '<invalid>'],
    [-1 * S, '0s'],
    [0, '0s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [2 * M + S, '2m1s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 30 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H + 30 * M, '8h'],
    [47 * H, '47h'],
    [48 * H, '2d'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D, '8d'],
    [729 * D, '729d'],
    [730 * D, '2y'],
    [731 * D, '2y1d'],
    [8 * 365 * D, '8y'],
  ])('prints %d ms as %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  it('always prints at most two units, largest first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 * 365 * D }), (ms) => {
        expect(humanDuration(ms)).toMatch(/^\d+(s|m(\d+s)?|h(\d+m)?|d(\d+h)?|y(\d+d)?)$/);
      }),
    );
  });
});

describe('ageSince', () => {
  it('is <unknown> for a missing or malformed timestamp', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(ageSince(undefined, now)).toBe('<unknown>');
    expect(ageSince('yesterday', now)).toBe('<unknown>');
    expect(ageSince('2025-12-31T23:59:00.5+00:00', now)).toBe('59s');
  });
});
