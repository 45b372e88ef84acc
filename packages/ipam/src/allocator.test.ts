import { describe, expect, it } from 'vitest';
import { Allocator } from './allocator.js';
import { IpamError } from './errors.js';
import { MAX_INT64 } from './pool.js';
import type { AllocationResult } from './request.js';

const ips = (r: AllocationResult): readonly string[] => (r.ok ? r.ips : [`FAIL ${r.reason}`]);

describe('Allocator: first fit (METALLB.md §4)', () => {
  it('walks entries in written order, ascending inside each', () => {
    const a = new Allocator({ pools: [{ name: 'p', addresses: ['10.0.1.0/31', '10.0.0.0/31'] }] });
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => ips(a.allocate(k)))).toEqual([
      ['10.0.1.0'],
      ['10.0.1.1'],
      ['10.0.0.0'],
      ['10.0.0.1'],
      ['FAIL no-available-ips'],
    ]);
    const fail = a.allocate('e');
    expect(fail.ok === false && fail.message).toBe('no available IPs');
  });

  it('gives a released address to the next request, and is idempotent per owner', () => {
    const a = new Allocator({ pools: [{ name: 'p', addresses: ['10.0.0.1-10.0.0.3'] }] });
    a.allocate('a');
    a.allocate('b');
    expect(a.allocate('a')).toEqual({ ok: true, pool: 'p', ips: ['10.0.0.1'], changed: false });
    expect(a.release('a')).toBe(true);
    expect(a.release('a')).toBe(false);
    expect(ips(a.allocate('c'))).toEqual(['10.0.0.1']);
  });

  it('never hands out .0 or .255 with avoidBuggyIPs, not even on request', () => {
    const a = new Allocator({
      pools: [{ name: 'p', addresses: ['10.0.0.254-10.0.1.1'], avoidBuggyIPs: true }],
    });
    expect(ips(a.allocate('a'))).toEqual(['10.0.0.254']);
    expect(ips(a.allocate('b'))).toEqual(['10.0.1.1']);
    expect(ips(a.allocate('c'))).toEqual(['FAIL no-available-ips']);
    const req = a.allocate('d', { requestedIps: ['10.0.1.0'] });
    expect(req.ok === false && req.reason).toBe('not-in-pool');
    expect(req.ok === false && req.message).toBe('["10.0.1.0"] is not allowed in config');
  });

  it('uses autoAssign: false pools only when asked by name or address', () => {
    const a = new Allocator({
      pools: [
        { name: 'manual', addresses: ['10.0.0.0/30'], autoAssign: false },
        { name: 'auto', addresses: ['10.1.0.0/30'] },
      ],
    });
    expect(a.allocate('a')).toMatchObject({ pool: 'auto', ips: ['10.1.0.0'] });
    expect(a.allocate('b', { requestedPool: 'manual' })).toMatchObject({
      pool: 'manual',
      ips: ['10.0.0.0'],
    });
    expect(a.allocate('c', { requestedIps: ['10.0.0.2'] })).toMatchObject({ pool: 'manual' });
    expect(a.allocate('d', { requestedPool: 'nope' })).toMatchObject({
      ok: false,
      reason: 'unknown-pool',
      message: 'unknown pool "nope"',
    });
  });

  it('orders serviceAllocation pools by priority (0 last), before pools without one', () => {
    const a = new Allocator({
      pools: [
        { name: 'plain', addresses: ['10.9.0.0/24'] },
        { name: 'zero', addresses: ['10.0.0.0/24'], serviceAllocation: true },
        { name: 'five', addresses: ['10.5.0.0/24'], serviceAllocation: true, priority: 5 },
        { name: 'one', addresses: ['10.1.0.0/32'], serviceAllocation: true, priority: 1 },
      ],
    });
    expect(a.allocate('a')).toMatchObject({ pool: 'one' });
    expect(a.allocate('b')).toMatchObject({ pool: 'five' });
    expect(a.allocate('c', { eligiblePools: ['zero'] })).toMatchObject({ pool: 'zero' });
    expect(a.allocate('d', { eligiblePools: () => false })).toMatchObject({ pool: 'plain' });
    expect(a.allocate('e', { eligiblePools: [], requestedPool: 'five' })).toMatchObject({
      ok: false,
      reason: 'pool-not-allowed',
    });
  });
});

describe('Allocator: requested addresses', () => {
  const pools = [
    { name: 'v4', addresses: ['10.0.0.0/24'] },
    { name: 'dual', addresses: ['10.1.0.0/24', 'fc00::/120'] },
  ];

  it('claims a requested IP from whichever pool owns it', () => {
    const a = new Allocator({ pools });
    expect(a.allocate('a', { requestedIps: ['10.1.0.7'] })).toMatchObject({
      pool: 'dual',
      ips: ['10.1.0.7'],
    });
    expect(a.allocate('b', { requestedIps: ['10.1.0.7'] })).toMatchObject({
      reason: 'sharing-conflict',
    });
    expect(a.allocate('c', { requestedIps: ['10.0.0.1'], requestedPool: 'dual' })).toMatchObject({
      reason: 'pool-mismatch',
    });
    expect(a.allocate('d', { requestedIps: ['10.2.0.1'] })).toMatchObject({
      reason: 'not-in-pool',
    });
    expect(a.allocate('e', { requestedIps: ['nonsense'] })).toMatchObject({
      reason: 'invalid-request',
    });
    expect(a.allocate('f', { requestedIps: ['10.0.0.1', '10.0.0.2'] })).toMatchObject({
      reason: 'invalid-request',
    });
  });

  it('requires the requested families to match the policy', () => {
    const a = new Allocator({ pools });
    expect(a.allocate('a', { requestedIps: ['fc00::5'] })).toMatchObject({
      reason: 'invalid-request',
    });
    expect(
      a.allocate('b', {
        requestedIps: ['fc00::5', '10.1.0.5'],
        families: ['ipv6', 'ipv4'],
        familyPolicy: 'RequireDualStack',
      }),
    ).toMatchObject({ pool: 'dual', ips: ['10.1.0.5', 'fc00::5'] });
  });

  it('moves an owner whose requested pool changed; a failed re-allocation leaves it with nothing', () => {
    const a = new Allocator({ pools });
    expect(a.allocate('a')).toMatchObject({ pool: 'v4' });
    expect(a.allocate('a', { requestedPool: 'dual' })).toMatchObject({
      pool: 'dual',
      changed: true,
    });
    expect(a.allocate('a', { requestedPool: 'gone' })).toMatchObject({ ok: false });
    expect(a.assignment('a')).toBeUndefined();
  });
});

describe('Allocator: sharing (METALLB.md §3.3)', () => {
  const pools = [{ name: 'p', addresses: ['10.0.0.0/30'] }];
  const tcp = (port: number) => ({ protocol: 'TCP', port });

  it('shares one address between compatible owners and counts it once', () => {
    const a = new Allocator({ pools });
    expect(ips(a.allocate('dns-tcp', { sharingKey: 'k', ports: [tcp(53)] }))).toEqual(['10.0.0.0']);
    expect(
      ips(a.allocate('dns-udp', { sharingKey: 'k', ports: [{ protocol: 'UDP', port: 53 }] })),
    ).toEqual(['10.0.0.0']);
    expect(a.holdersOf('10.0.0.0').sort()).toEqual(['dns-tcp', 'dns-udp']);
    expect(a.counters('p')).toMatchObject({ assignedIPv4: 1, availableIPv4: 3n });
    a.release('dns-tcp');
    expect(a.counters('p')).toMatchObject({ assignedIPv4: 1 });
    a.release('dns-udp');
    expect(a.counters('p')).toMatchObject({ assignedIPv4: 0 });
  });

  it('does not share on a port clash, a different key, a different backend key or no key', () => {
    const a = new Allocator({ pools });
    a.allocate('x', { sharingKey: 'k', ports: [tcp(80)] });
    expect(ips(a.allocate('clash', { sharingKey: 'k', ports: [tcp(80)] }))).toEqual(['10.0.0.1']);
    expect(ips(a.allocate('other', { sharingKey: 'j', ports: [tcp(81)] }))).toEqual(['10.0.0.2']);
    expect(
      ips(a.allocate('local', { sharingKey: 'k', backendKey: 'app=x', ports: [tcp(82)] })),
    ).toEqual(['10.0.0.3']);
    expect(ips(a.allocate('fits', { sharingKey: 'k', ports: [tcp(443)] }))).toEqual(['10.0.0.0']);
    const conflict = a.assign('nokey', ['10.0.0.0']);
    expect(conflict).toMatchObject({ ok: false, reason: 'sharing-conflict' });
    expect(conflict.ok === false && [...(conflict.conflictsWith ?? [])].sort()).toEqual([
      'fits',
      'x',
    ]);
  });

  it('lets the sole holder change its own sharing key in place', () => {
    const a = new Allocator({ pools });
    a.allocate('s', { sharingKey: 'old' });
    expect(a.assign('s', ['10.0.0.0'], { sharingKey: 'new' })).toMatchObject({
      ok: true,
      changed: false,
    });
    expect(ips(a.allocate('t', { sharingKey: 'new' }))).toEqual(['10.0.0.0']);
  });
});

describe('Allocator: dual-stack by family policy', () => {
  const pools = [
    { name: 'v6only', addresses: ['fc00::/126'] },
    { name: 'dual', addresses: ['fd00::/126', '10.0.0.0/30'] },
    { name: 'v4only', addresses: ['10.1.0.0/30'] },
  ];

  it('gives SingleStack its primary family only, from the first pool that has it', () => {
    const a = new Allocator({ pools });
    expect(a.allocate('a', { families: ['ipv6'] })).toMatchObject({
      pool: 'v6only',
      ips: ['fc00::'],
    });
    expect(a.allocate('b', { families: ['ipv4', 'ipv6'] })).toMatchObject({
      pool: 'dual',
      ips: ['10.0.0.0'],
    });
  });

  it('gives RequireDualStack both families from one pool, IPv4 first, or fails', () => {
    const a = new Allocator({ pools });
    expect(
      a.allocate('a', { families: ['ipv6', 'ipv4'], familyPolicy: 'RequireDualStack' }),
    ).toMatchObject({
      pool: 'dual',
      ips: ['10.0.0.0', 'fd00::'],
    });
    expect(a.allocate('b', { families: ['ipv4'], familyPolicy: 'RequireDualStack' })).toMatchObject(
      {
        reason: 'invalid-request',
        message: 'not enough clusterips',
      },
    );
    const b = new Allocator({ pools: [pools[0]!, pools[2]!] });
    expect(
      b.allocate('c', { families: ['ipv4', 'ipv6'], familyPolicy: 'RequireDualStack' }),
    ).toMatchObject({ reason: 'no-available-ips' });
  });

  it('gives PreferDualStack both when a pool has both, else the primary, else the secondary', () => {
    const both = new Allocator({ pools });
    expect(
      both.allocate('a', { families: ['ipv4', 'ipv6'], familyPolicy: 'PreferDualStack' }),
    ).toMatchObject({
      pool: 'dual',
    });
    const split = new Allocator({ pools: [pools[0]!, pools[2]!] });
    expect(
      split.allocate('b', { families: ['ipv4', 'ipv6'], familyPolicy: 'PreferDualStack' }),
    ).toMatchObject({ pool: 'v4only', ips: ['10.1.0.0'] });
    const onlyV6 = new Allocator({ pools: [pools[0]!] });
    expect(
      onlyV6.allocate('c', { families: ['ipv4', 'ipv6'], familyPolicy: 'PreferDualStack' }),
    ).toMatchObject({ ips: ['fc00::'] });
  });

  it('adds the missing family to a PreferDualStack owner from the same pool when it can', () => {
    const a = new Allocator({ pools: [{ name: 'p', addresses: ['10.0.0.0/30'] }] });
    const req = { families: ['ipv4', 'ipv6'], familyPolicy: 'PreferDualStack' } as const;
    expect(a.allocate('a', req)).toMatchObject({ ips: ['10.0.0.0'] });
    a.setPools([{ name: 'p', addresses: ['10.0.0.0/30', 'fc00::/127'] }]);
    expect(a.allocate('a', req)).toMatchObject({ ips: ['10.0.0.0', 'fc00::'], changed: true });
  });
});

describe('Allocator: pinned pools before the rest (MetalLB Allocate)', () => {
  it('takes a pinned single-stack pool over a fallback dual-stack one for PreferDualStack', () => {
    const a = new Allocator({
      pools: [
        { name: 'fallback-dual', addresses: ['10.0.0.0/30', 'fc00::/126'] },
        { name: 'pinned-v6', addresses: ['fd00::/126'], serviceAllocation: true },
      ],
    });
    const req = { families: ['ipv4', 'ipv6'], familyPolicy: 'PreferDualStack' } as const;
    expect(a.allocate('a', { ...req, eligiblePools: ['pinned-v6'] })).toMatchObject({
      pool: 'pinned-v6',
      ips: ['fd00::'],
    });
    expect(a.allocate('b', { ...req, eligiblePools: [] })).toMatchObject({
      pool: 'fallback-dual',
      ips: ['10.0.0.0', 'fc00::'],
    });
  });

  it('words sharing refusals as MetalLB checkSharing does', () => {
    const a = new Allocator({ pools: [{ name: 'p', addresses: ['10.0.0.1/32'] }] });
    a.allocate('ns/one', { sharingKey: 'k', ports: [{ protocol: 'TCP', port: 80 }] });
    expect(a.allocate('ns/two', { requestedIps: ['10.0.0.1'], sharingKey: 'j' })).toMatchObject({
      reason: 'sharing-conflict',
      message: `can't change sharing key for "ns/two", address also in use by ns/one`,
      conflictsWith: ['ns/one'],
    });
    expect(
      a.allocate('ns/three', {
        requestedIps: ['10.0.0.1'],
        sharingKey: 'k',
        ports: [{ protocol: 'TCP', port: 80 }],
      }),
    ).toMatchObject({ message: 'port TCP/80 is already in use on "10.0.0.1"' });
    expect(a.allocate('ns/four', { requestedPool: 'p' })).toMatchObject({
      ok: false,
      reason: 'no-available-ips',
    });
  });
});

describe('Allocator: claims at start and pool edits', () => {
  it('claims existing addresses, refusing and naming conflicts', () => {
    const a = new Allocator({ pools: [{ name: 'p', addresses: ['10.0.0.0/24'] }] });
    expect(a.assign('a', ['10.0.0.9'])).toMatchObject({ ok: true, changed: true });
    expect(a.assign('a', ['10.0.0.9'])).toMatchObject({ ok: true, changed: false });
    expect(a.assign('b', ['10.0.0.9'])).toMatchObject({
      reason: 'sharing-conflict',
      conflictsWith: ['a'],
    });
    expect(a.assign('c', ['10.9.0.1'])).toMatchObject({ reason: 'not-in-pool' });
    // A refused claim changes nothing.
    expect(a.assignment('a')).toEqual({ pool: 'p', ips: ['10.0.0.9'] });
    expect(ips(a.allocate('d'))).toEqual(['10.0.0.0']);
  });

  it('keeps addresses still in some pool, moves renamed ones and releases the rest', () => {
    const a = new Allocator({
      pools: [{ name: 'old', addresses: ['10.0.0.0/24'], avoidBuggyIPs: false }],
    });
    a.assign('zero', ['10.0.0.0']);
    a.assign('low', ['10.0.0.5']);
    a.assign('high', ['10.0.0.200']);
    const report = a.setPools([
      { name: 'renamed', addresses: ['10.0.0.0-10.0.0.127'], avoidBuggyIPs: true },
    ]);
    expect(report.moved).toEqual([{ key: 'low', from: 'old', to: 'renamed' }]);
    expect(report.released).toEqual([
      { key: 'zero', pool: 'old', ips: ['10.0.0.0'] },
      { key: 'high', pool: 'old', ips: ['10.0.0.200'] },
    ]);
    expect(a.counters('renamed')).toMatchObject({
      assignedIPv4: 1,
      totalIPv4: 127n,
      availableIPv4: 126n,
    });
    expect(a.poolOf('10.0.0.5')).toBe('renamed');
  });

  it('refuses bad pools without changing anything', () => {
    const a = new Allocator({ pools: [{ name: 'p', addresses: ['10.0.0.0/24'] }] });
    expect(() => a.setPools([{ name: 'x', addresses: ['10.0.0.0/33'] }])).toThrow(IpamError);
    expect(() =>
      a.setPools([
        { name: 'x', addresses: ['10.0.0.0/24'] },
        { name: 'x', addresses: ['10.1.0.0/24'] },
      ]),
    ).toThrow('duplicate definition of pool "x"');
    expect(() => a.setPools([{ name: 'x', addresses: [] }])).toThrow(
      'pool has no prefixes defined',
    );
    expect(a.poolNames()).toEqual(['p']);
    expect(new Allocator().allocate('a')).toMatchObject({ reason: 'no-pools' });
  });
});

describe('Allocator: counters (MetalLB counting)', () => {
  it('counts sizes per family, buggy addresses excluded, IPv6 >= 62 host bits as MaxInt64', () => {
    const a = new Allocator({
      pools: [
        { name: 'big', addresses: ['10.0.0.0/8', '2001:db8::/64'] },
        {
          name: 'buggy',
          addresses: ['10.0.0.0/23', '192.168.0.10-192.168.0.20'],
          avoidBuggyIPs: true,
        },
        { name: 'small6', addresses: ['fc00::/120'] },
      ],
    });
    expect(a.counters('big')).toEqual({
      assignedIPv4: 0,
      assignedIPv6: 0,
      totalIPv4: 1n << 24n,
      totalIPv6: MAX_INT64,
      availableIPv4: 1n << 24n,
      availableIPv6: MAX_INT64,
    });
    expect(a.counters('buggy')).toMatchObject({ totalIPv4: 512n - 4n + 11n, totalIPv6: 0n });
    expect(a.counters('small6')).toMatchObject({ totalIPv6: 256n });
    expect(a.counters('nope')).toBeUndefined();
  });
});

describe('Allocator: avoidBuggyIPs at the edges', () => {
  it('fills a /22 except its .0/.255, then hands those out once avoidBuggyIPs is off', () => {
    const a = new Allocator({
      pools: [{ name: 'p', addresses: ['10.0.0.0/22'], avoidBuggyIPs: true }],
    });
    const got = new Set<string>();
    for (let i = 0; i < 1016; i++) {
      const r = a.allocate(`k${i}`);
      expect(r.ok).toBe(true);
      got.add(ips(r)[0]!);
    }
    expect(got.size).toBe(1016);
    expect([...got].some((ip) => /\.(0|255)$/.test(ip))).toBe(false);
    expect(a.allocate('full')).toMatchObject({ reason: 'no-available-ips' });
    expect(a.counters('p')).toMatchObject({ totalIPv4: 1016n, availableIPv4: 0n });
    a.setPools([{ name: 'p', addresses: ['10.0.0.0/22'] }]);
    expect(ips(a.allocate('zero'))).toEqual(['10.0.0.0']);
    expect(ips(a.allocate('next'))).toEqual(['10.0.0.255']);
    a.release('k300');
    const report = a.setPools([{ name: 'p', addresses: ['10.0.0.0/22'], avoidBuggyIPs: true }]);
    expect(report.released.map((r) => r.key)).toEqual(['zero', 'next']);
    expect(a.counters('p')).toMatchObject({ assignedIPv4: 1015, availableIPv4: 1n });
    expect(a.allocate('after')).toMatchObject({ ok: true });
    expect(a.counters('p')).toMatchObject({ assignedIPv4: 1016, availableIPv4: 0n });
  });
});

describe('Allocator: scale', () => {
  it('allocates and releases across an IPv4 /8 and an IPv6 /64 without enumerating them', () => {
    const a = new Allocator({
      pools: [
        { name: 'v4', addresses: ['10.0.0.0/8'] },
        { name: 'v6', addresses: ['2001:db8::/64'] },
      ],
    });
    for (let i = 0; i < 20_000; i++) a.allocate(`k${i}`);
    expect(a.assignment('k19999')).toEqual({ pool: 'v4', ips: ['10.0.78.31'] });
    for (let i = 0; i < 20_000; i += 2) a.release(`k${i}`);
    expect(ips(a.allocate('again'))).toEqual(['10.0.0.0']);
    expect(a.allocate('six', { families: ['ipv6'] })).toMatchObject({ ips: ['2001:db8::'] });
    expect(a.counters('v4')).toMatchObject({
      assignedIPv4: 10_001,
      availableIPv4: (1n << 24n) - 10_001n,
    });
  });
});
