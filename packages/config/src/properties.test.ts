import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildConfig } from './build.js';
import type { KubeObject } from './kube.js';
import { core, cr } from './test-helpers.js';

const name = fc.constantFrom('a', 'b', 'c', 'd');
const address = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 22, max: 30 }),
    )
    .map(([x, y, len]) => `10.${x}.${y}.0/${len}`),
  fc.integer({ min: 0, max: 9 }).map((n) => `10.9.9.${n}-10.9.9.${n + 3}`),
  fc.constantFrom('fc00::/120', 'junk', '10.0.0.0/33'),
);
const pool = fc
  .record({ name, addresses: fc.array(address, { maxLength: 3 }), avoidBuggyIPs: fc.boolean() })
  .map(({ name, ...spec }) => cr('IPAddressPool', name, spec));
const bgpAd = fc
  .record({
    name,
    aggregationLength: fc.integer({ min: 20, max: 33 }),
    localPref: fc.constantFrom(0, 100),
    ipAddressPools: fc.array(name, { maxLength: 2 }),
    communities: fc.array(fc.constantFrom('1:1', 'alias', '70000:1', 'large:1:2:3'), {
      maxLength: 2,
    }),
  })
  .map(({ name, ...spec }) => cr('BGPAdvertisement', name, spec));
const peer = fc
  .record({
    name,
    myASN: fc.constantFrom(0, 64500),
    peerASN: fc.constantFrom(64500, 64501),
    peerAddress: fc.constantFrom('10.0.0.1', '10.0.0.2', 'bad'),
    holdTime: fc.constantFrom('90s', '1s', '0s'),
  })
  .map(({ name, ...spec }) => cr('BGPPeer', name, spec));
const community = fc
  .array(
    fc.record({ name: fc.constantFrom('alias', 'other'), value: fc.constantFrom('1:2', 'x') }),
    { maxLength: 2 },
  )
  .chain((communities) => name.map((n) => cr('Community', n, { communities })));
const objects = fc.array(fc.oneof(pool, bgpAd, peer, community), { maxLength: 8 });

const bigintSafe = (v: unknown) =>
  JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));

describe('buildConfig properties', () => {
  it('never depends on the order objects arrive in', () => {
    fc.assert(
      fc.property(
        objects.chain((list) =>
          fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length })),
        ),
        ([list, shuffled]) => {
          const a = buildConfig({ objects: list });
          const b = buildConfig({ objects: shuffled });
          expect(bigintSafe(b)).toBe(bigintSafe(a));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a valid config stays valid (and unchanged) when an unrelated valid object is added', () => {
    const unrelated = fc.constantFrom<KubeObject>(
      cr('Community', 'zz', { communities: [{ name: 'zz-unused', value: '9:9' }] }),
      cr('BFDProfile', 'zz', { receiveInterval: 100 }),
      core('Namespace', 'zz', { team: 'zz' }),
    );
    let checked = 0;
    fc.assert(
      fc.property(objects, unrelated, (list, extra) => {
        const before = buildConfig({ objects: list });
        fc.pre(before.config !== undefined);
        checked++;
        const after = buildConfig({ objects: [...list, extra] });
        expect(after.problems).toEqual(before.problems);
        expect(after.config!.pools).toEqual(before.config!.pools);
        expect(after.config!.peers).toEqual(before.config!.peers);
      }),
      { numRuns: 300 },
    );
    // Not vacuous: enough generated configs were valid to begin with.
    expect(checked).toBeGreaterThan(50);
  });

  it('never throws, whatever the spec holds, and a config exists exactly when no problem is permanent', () => {
    const kind = fc.constantFrom(
      'IPAddressPool',
      'L2Advertisement',
      'BGPAdvertisement',
      'BGPPeer',
      'Community',
      'BFDProfile',
    );
    const junk = fc
      .tuple(kind, name, fc.dictionary(fc.string({ maxLength: 12 }), fc.anything()))
      .map(([k, n, spec]) => cr(k, n, spec));
    fc.assert(
      fc.property(fc.array(fc.oneof(junk, pool, peer), { maxLength: 6 }), (list) => {
        const { config, problems } = buildConfig({ objects: list });
        expect(config === undefined).toBe(problems.some((p) => !p.transient));
      }),
      { numRuns: 300 },
    );
  });
});
