import { fc, it as fcIt } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  compareVersionPriority,
  parseKubeVersion,
  sortByVersionPriority,
} from './version-priority.js';

/** Kube-like versions and arbitrary strings, mixed. */
const version = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 0, max: 30 }),
      fc.constantFrom('', 'alpha', 'beta'),
      fc.integer({ min: 0, max: 30 }),
    )
    .map(([major, type, minor]) => (type === '' ? `v${major}` : `v${major}${type}${minor}`)),
  fc.stringMatching(/^[a-z0-9]{1,8}$/),
);

describe('sortByVersionPriority', () => {
  it('orders versions as the Kubernetes CRD documentation lists them', () => {
    const documented = [
      'v10',
      'v2',
      'v1',
      'v11beta2',
      'v10beta3',
      'v3beta1',
      'v12alpha1',
      'v11alpha2',
      'foo1',
      'foo10',
    ];
    const shuffled = [...documented].reverse();
    expect(sortByVersionPriority(shuffled)).toEqual(documented);
  });

  it('puts GA before beta before alpha whatever the numbers', () => {
    expect(sortByVersionPriority(['v1alpha1', 'v1beta1', 'v1beta2', 'v1'])).toEqual([
      'v1',
      'v1beta2',
      'v1beta1',
      'v1alpha1',
    ]);
  });

  fcIt.prop([fc.array(version, { maxLength: 12 })])(
    'returns a permutation whose neighbours never rank upwards',
    (versions) => {
      const sorted = sortByVersionPriority(versions);
      expect([...sorted].sort()).toEqual([...versions].sort());
      for (let i = 1; i < sorted.length; i++) {
        expect(compareVersionPriority(sorted[i - 1]!, sorted[i]!)).toBeGreaterThanOrEqual(0);
      }
    },
  );
});

describe('compareVersionPriority', () => {
  fcIt.prop([version, version])('is antisymmetric', (a, b) => {
    // Summed, not compared with toBe: equal versions give 0 and -0, which Object.is tells apart.
    expect(Math.sign(compareVersionPriority(a, b)) + Math.sign(compareVersionPriority(b, a))).toBe(
      0,
    );
  });

  fcIt.prop([version, version, version])('is transitive', (a, b, c) => {
    if (compareVersionPriority(a, b) > 0 && compareVersionPriority(b, c) > 0) {
      expect(compareVersionPriority(a, c)).toBeGreaterThan(0);
    }
  });

  fcIt.prop([
    version.filter((v) => parseKubeVersion(v) !== undefined),
    fc.stringMatching(/^[a-u]\w{0,6}$/),
  ])('ranks every kube-like version above every other string', (kube, other) => {
    expect(compareVersionPriority(kube, other)).toBeGreaterThan(0);
  });

  it('ranks equal-valued spellings the same, as Go does (v01 and v1)', () => {
    expect(compareVersionPriority('v01', 'v1')).toBe(0);
  });
});

describe('parseKubeVersion', () => {
  it('reads major, stability and minor', () => {
    expect(parseKubeVersion('v2beta3')).toEqual({ major: 2n, stability: 1, minor: 3n });
    expect(parseKubeVersion('v1')).toEqual({ major: 1n, stability: 2, minor: 0n });
  });

  it('rejects what the apimachinery regexp or strconv.Atoi rejects', () => {
    for (const v of ['1', 'v', 'v1gamma1', 'V1', 'v1beta', 'v1 ', 'v99999999999999999999']) {
      expect(parseKubeVersion(v), v).toBeUndefined();
    }
  });
});
