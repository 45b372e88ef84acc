import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEmptySelector, matchesLabelSelector } from './label-selector.js';

const labels = fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.stringMatching(/^[a-z]{0,3}$/));

describe('matchesLabelSelector', () => {
  it('matches everything with a missing or empty selector', () => {
    expect(matchesLabelSelector(undefined, { a: 'b' })).toBe(true);
    expect(matchesLabelSelector({}, {})).toBe(true);
    expect(isEmptySelector({ matchLabels: {}, matchExpressions: [] })).toBe(true);
    expect(isEmptySelector({ matchLabels: { a: 'b' } })).toBe(false);
  });

  it('applies In, NotIn, Exists and DoesNotExist', () => {
    const have = { env: 'prod', tier: 'web' };
    const expr = (operator: string, values?: string[]) => ({
      matchExpressions: [{ key: 'env', operator, ...(values && { values }) }],
    });
    expect(matchesLabelSelector(expr('In', ['prod', 'dev']), have)).toBe(true);
    expect(matchesLabelSelector(expr('In', ['dev']), have)).toBe(false);
    expect(matchesLabelSelector(expr('NotIn', ['dev']), have)).toBe(true);
    expect(matchesLabelSelector(expr('NotIn', ['dev']), {})).toBe(true);
    expect(matchesLabelSelector(expr('Exists'), have)).toBe(true);
    expect(matchesLabelSelector(expr('DoesNotExist'), have)).toBe(false);
  });

  it('rejects malformed requirements', () => {
    expect(() =>
      matchesLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Maybe' }] }, {}),
    ).toThrow('"Maybe" is not a valid label selector operator');
    expect(() =>
      matchesLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, {}),
    ).toThrow(/values set can't be empty/);
  });

  it('matches any labels with matchLabels taken from a subset of them', () => {
    fc.assert(
      fc.property(labels, fc.double({ min: 0, max: 1 }), (have, share) => {
        const keys = Object.keys(have);
        const subset = Object.fromEntries(
          keys.slice(0, Math.floor(keys.length * share)).map((k) => [k, have[k]!]),
        );
        expect(matchesLabelSelector({ matchLabels: subset }, have)).toBe(true);
      }),
    );
  });

  it('never matches when a matchLabels value differs', () => {
    fc.assert(
      fc.property(
        labels.filter((l) => Object.keys(l).length > 0),
        (have) => {
          const [k, v] = Object.entries(have)[0]!;
          expect(matchesLabelSelector({ matchLabels: { ...have, [k]: `${v}x` } }, have)).toBe(
            false,
          );
        },
      ),
    );
  });
});
