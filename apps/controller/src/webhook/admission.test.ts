import type { KubeObject } from '@baremetal-lb/config';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISABLE_MP_WARNING, reviewAdmission } from './admission.js';
import { admissionReviewOf, context, cr, NS, node } from './test-reviews.js';

const pool = (name: string, addresses: string[], extra: Record<string, unknown> = {}) =>
  cr('IPAddressPool', name, { addresses, ...extra });
const peer = (name: string, spec: Record<string, unknown>) =>
  cr(
    'BGPPeer',
    name,
    { myASN: 64500, peerASN: 64501, peerAddress: '192.0.2.1', ...spec },
    'v1beta2',
  );

function review(
  op: 'CREATE' | 'UPDATE' | 'DELETE',
  obj: KubeObject,
  existing: KubeObject[] = [],
  old?: KubeObject,
  bgpMode: 'native' | 'frr' = 'frr',
) {
  return reviewAdmission(admissionReviewOf(op, obj, old), context(existing, bgpMode)).response;
}

describe('reviewAdmission: every kind', () => {
  it('refuses a config object created outside MetalLB namespace, with MetalLB text', () => {
    const obj = { ...pool('p', ['10.0.0.0/24']), metadata: { name: 'p', namespace: 'default' } };
    const r = review('CREATE', obj);
    expect(r).toMatchObject({ uid: 'uid-1', allowed: false, status: { code: 403 } });
    expect(r.status?.message).toBe(`resource must be created in ${NS} namespace`);
  });

  it('echoes the uid and allows a valid object without a status', () => {
    const r = review('CREATE', pool('p', ['10.0.0.0/24']));
    expect(r).toEqual({ uid: 'uid-1', allowed: true });
  });

  it('allows DELETE of any kind but BFDProfile without looking at the config', () => {
    const broken = pool('other', ['nonsense']);
    expect(review('DELETE', pool('p', ['10.0.0.0/24']), [broken]).allowed).toBe(true);
    expect(review('DELETE', peer('x', {}), [broken]).allowed).toBe(true);
  });

  it('answers garbage with code 400 and an empty uid', () => {
    for (const body of [
      null,
      42,
      {},
      { kind: 'AdmissionReview', apiVersion: 'admission.k8s.io/v1' },
    ]) {
      const r = reviewAdmission(body, context([])).response;
      expect(r).toMatchObject({ uid: '', allowed: false, status: { code: 400 } });
    }
  });

  it('refuses a kind it has no webhook for, saying so', () => {
    const svc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: NS },
    };
    const body = admissionReviewOf('CREATE', svc);
    (body.request as { kind: unknown }).kind = { group: '', version: 'v1', kind: 'Service' };
    const r = reviewAdmission(body, context([])).response;
    expect(r.allowed).toBe(false);
    expect(r.status?.message).toContain('"Service"');
  });

  it('refuses a kind sent to another kind’s path', () => {
    const body = admissionReviewOf('CREATE', pool('p', ['10.0.0.0/24']));
    const r = reviewAdmission(body, context([]), { expectedKind: 'BGPPeer' }).response;
    expect(r.allowed).toBe(false);
    expect(r.status?.code).toBe(400);
  });
});

describe('reviewAdmission: IPAddressPool (all pools)', () => {
  it('refuses a CIDR overlapping an existing pool, naming object and field', () => {
    const r = review('CREATE', pool('b', ['10.0.0.0/16']), [pool('a', ['10.0.0.0/8'])]);
    expect(r.allowed).toBe(false);
    expect(r.status?.message).toMatch(/^IPAddressPool\/b spec\.addresses\[0\]: .*overlaps/);
  });

  it('blames the admitted pool, not the stored one, whatever their names', () => {
    for (const [stored, admitted] of [
      ['z', 'a'],
      ['a', 'z'],
    ]) {
      const r = review('CREATE', pool(admitted!, ['10.0.0.0/8']), [pool(stored!, ['10.0.0.0/16'])]);
      expect(r.status?.message).toBe(
        `IPAddressPool/${admitted} spec.addresses[0]: CIDR "10.0.0.0/8" in pool "${admitted}" overlaps with already defined CIDR "10.0.0.0/16"`,
      );
    }
  });

  it('refuses a bad CIDR and an empty address list', () => {
    const bad = review('CREATE', pool('p', ['1.2.3.0/33']));
    expect(bad.status?.message).toMatch(
      /^IPAddressPool\/p spec\.addresses\[0\]: invalid CIDR "1\.2\.3\.0\/33"/,
    );
    const empty = review('CREATE', pool('p', []));
    expect(empty.status?.message).toContain('pool has no prefixes defined');
  });

  it('replaces the stored version on UPDATE instead of overlapping with it', () => {
    const old = pool('a', ['10.0.0.0/24']);
    expect(review('UPDATE', pool('a', ['10.0.0.0/25']), [old], old).allowed).toBe(true);
  });

  it('joins several problems with "; "', () => {
    const r = review('CREATE', pool('p', ['1.2.3.0/33', 'x-y']));
    expect(r.status?.message?.split('; ')).toHaveLength(2);
  });

  it('ignores advertisements: a pool edit breaking a BGPAdvertisement is admitted', () => {
    const adv = cr('BGPAdvertisement', 'adv', { aggregationLength: 24, ipAddressPools: ['a'] });
    const old = pool('a', ['10.0.0.0/24']);
    expect(review('UPDATE', pool('a', ['10.0.0.0/16']), [old, adv], old).allowed).toBe(true);
  });

  it('does not depend on the order of existing objects', () => {
    const existing = [
      pool('a', ['10.0.0.0/24']),
      pool('b', ['10.1.0.0/24']),
      pool('c', ['10.0.0.128/25']),
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(existing, { minLength: 3, maxLength: 3 }), (order) => {
        const r = review('CREATE', pool('d', ['10.2.0.0/24']), order);
        expect(r).toEqual(review('CREATE', pool('d', ['10.2.0.0/24']), existing));
      }),
      { numRuns: 20 },
    );
  });
});

describe('reviewAdmission: L2Advertisement (L2 ads + pools)', () => {
  it('refuses duplicate pool names in ipAddressPools', () => {
    const ad = cr('L2Advertisement', 'l2', { ipAddressPools: ['a', 'a'] });
    const r = review('CREATE', ad, [pool('a', ['10.0.0.0/24'])]);
    expect(r.allowed).toBe(false);
    expect(r.status?.message).toMatch(
      /^L2Advertisement\/l2 spec\.ipAddressPools.*duplicate definition of ipAddressPools "a"/,
    );
  });

  it('admits an advertisement naming a pool that does not exist yet', () => {
    expect(
      review('CREATE', cr('L2Advertisement', 'l2', { ipAddressPools: ['later'] })).allowed,
    ).toBe(true);
  });
});

describe('reviewAdmission: BGPAdvertisement (BGP ads + pools + nodes)', () => {
  const pools = [pool('a', ['10.0.0.0/24'])];

  it('refuses an aggregationLength shorter than a selected pool prefix', () => {
    const adv = cr('BGPAdvertisement', 'adv', { aggregationLength: 16, ipAddressPools: ['a'] });
    const r = review('CREATE', adv, pools);
    expect(r.status?.message).toMatch(
      /^BGPAdvertisement\/adv spec\.aggregationLength: invalid aggregation length 16/,
    );
  });

  it('refuses aggregationLength above 32 for IPv4', () => {
    const r = review('CREATE', cr('BGPAdvertisement', 'adv', { aggregationLength: 33 }), pools);
    expect(r.status?.message).toContain('invalid aggregation length 33 for IPv4');
  });

  it('blanks community aliases (transient) but refuses a bad literal', () => {
    const alias = cr('BGPAdvertisement', 'adv', { communities: ['no-such-alias'] });
    expect(review('CREATE', alias, pools).allowed).toBe(true);
    const bad = cr('BGPAdvertisement', 'adv', { communities: ['65536:1'] });
    expect(review('CREATE', bad, pools).status?.message).toMatch(
      /^BGPAdvertisement\/adv spec\.communities/,
    );
  });

  it('refuses an IPv6 pool advertised in native mode', () => {
    const v6 = [pool('v6', ['2001:db8::/64'])];
    const r = review('CREATE', cr('BGPAdvertisement', 'adv', {}), v6, undefined, 'native');
    expect(r.status?.message).toContain('native bgp mode does not support ipv6');
  });
});

describe('reviewAdmission: BGPPeer (peers + nodes)', () => {
  it('refuses a missing local ASN, a bad hold time and keepalive above hold', () => {
    expect(review('CREATE', peer('p', { myASN: 0 })).status?.message).toContain(
      'BGPPeer/p spec.myASN: missing local ASN',
    );
    expect(review('CREATE', peer('p', { holdTime: '1s' })).status?.message).toContain(
      'spec.holdTime: invalid hold time "1s": must be 0 or >=3s',
    );
    expect(
      review('CREATE', peer('p', { holdTime: '30s', keepaliveTime: '60s' })).status?.message,
    ).toContain('invalid keepaliveTime "60s", must be lower than holdTime "30s"');
  });

  it('refuses an invalid peer address and an eBGP multihop iBGP peer', () => {
    expect(review('CREATE', peer('p', { peerAddress: '1.2.3' })).status?.message).toContain(
      'invalid BGPPeer address "1.2.3"',
    );
    const ibgp = peer('p', { peerASN: 64500, ebgpMultiHop: true });
    expect(review('CREATE', ibgp).status?.message).toContain(
      'invalid ebgp-multihop parameter set for an ibgp peer',
    );
  });

  it('blanks bfdProfile and passwordSecret, which only resolve later', () => {
    const p = peer('p', {
      bfdProfile: 'later',
      passwordSecret: { name: 'missing', namespace: NS },
    });
    expect(review('CREATE', p).allowed).toBe(true);
  });

  it('refuses FRR-only fields in native mode', () => {
    const r = review('CREATE', peer('p', { vrf: 'red' }), [], undefined, 'native');
    expect(r.status?.message).toContain('BGPPeer/p spec.vrf');
  });

  it('refuses changing enableGracefulRestart on UPDATE, with MetalLB text', () => {
    const old = peer('p', { enableGracefulRestart: false });
    const r = review('UPDATE', peer('p', { enableGracefulRestart: true }), [old], old);
    expect(r.allowed).toBe(false);
    expect(r.status?.message).toContain('EnableGracefulRestart cannot be changed after creation');
    const same = peer('p', { enableGracefulRestart: true, holdTime: '9s' });
    expect(review('UPDATE', same, [old], peer('p', { enableGracefulRestart: true })).allowed).toBe(
      true,
    );
  });

  it('warns about disableMP on CREATE', () => {
    expect(review('CREATE', peer('p', { disableMP: true })).warnings).toEqual([DISABLE_MP_WARNING]);
  });

  it('converts a v1beta1 peer (legacy nodeSelectors) before validating', () => {
    const v1 = cr('BGPPeer', 'old', {
      myASN: 64500,
      peerASN: 64501,
      peerAddress: '192.0.2.9',
      nodeSelectors: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }],
    });
    expect(review('CREATE', v1, [node('n1', { zone: 'a' })]).allowed).toBe(true);
    const bad = cr('BGPPeer', 'old', { myASN: 64500, peerASN: 64501, peerAddress: 'nope' });
    expect(review('CREATE', bad).status?.message).toContain('BGPPeer/old spec.peerAddress');
  });

  it('refuses routerID conflicts between peers on the same node in FRR mode only', () => {
    const a = peer('a', { routerID: '10.0.0.1' });
    const b = peer('b', { routerID: '10.0.0.2', peerAddress: '192.0.2.2' });
    const frr = review('CREATE', b, [a, node('n1')]);
    expect(frr.status?.message).toMatch(/^BGPPeer\/b spec\.routerID: .*same routerID/);
    expect(review('CREATE', b, [a, node('n1')], undefined, 'native').allowed).toBe(true);
  });
});

describe('reviewAdmission: Community and BFDProfile', () => {
  it('refuses an alias defined twice across Community objects', () => {
    const c1 = cr('Community', 'c1', { communities: [{ name: 'x', value: '65000:1' }] });
    const c2 = cr('Community', 'c2', { communities: [{ name: 'x', value: '65000:2' }] });
    const r = review('CREATE', c2, [c1]);
    expect(r.allowed).toBe(false);
    expect(r.status?.message).toContain('duplicate definition of community');
  });

  it('refuses a bad community value', () => {
    const c = cr('Community', 'c', { communities: [{ name: 'x', value: 'nonsense' }] });
    expect(review('CREATE', c).status?.message).toMatch(/^Community\/c spec\.communities\[0\]/);
  });

  it('checks only the namespace of a BFDProfile, even in native mode', () => {
    const bfd = cr('BFDProfile', 'b', { receiveInterval: 5 });
    expect(review('CREATE', bfd, [], undefined, 'native').allowed).toBe(true);
    const other = { ...bfd, metadata: { name: 'b', namespace: 'elsewhere' } };
    expect(review('CREATE', other).allowed).toBe(false);
  });

  it('refuses deleting a BFDProfile a BGPPeer uses, with MetalLB text', () => {
    const bfd = cr('BFDProfile', 'b', {});
    const r = review('DELETE', bfd, [peer('p1', { bfdProfile: 'b' })]);
    expect(r.allowed).toBe(false);
    expect(r.status?.message).toBe('failed to delete BFDProfile b, used by BGPPeer p1');
    expect(review('DELETE', bfd, [peer('p1', { bfdProfile: 'other' })]).allowed).toBe(true);
  });
});
