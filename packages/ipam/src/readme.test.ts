// The README's examples, run as written, so the documentation cannot drift from the code.
import { describe, expect, it } from 'vitest';
import {
  Allocator,
  formatAddress,
  parseAddress,
  parseAddressRange,
  rangesOverlap,
  rangeToCidrs,
} from './index.js';

describe('README examples', () => {
  it('addresses and ranges', () => {
    const r = parseAddressRange('192.168.1.240 - 192.168.1.250');
    expect(r).toEqual({ family: 'ipv4', first: 3232236016n, last: 3232236026n });
    expect(rangeToCidrs(r)).toEqual(['192.168.1.240/29', '192.168.1.248/31', '192.168.1.250/32']);
    expect(parseAddressRange('1000::1/127')).toEqual(parseAddressRange('1000::/127'));
    expect(formatAddress('ipv6', parseAddress('2001:DB8:0:0:0:0:0:1').value)).toBe('2001:db8::1');
    expect(rangesOverlap(r, parseAddressRange('192.168.1.0/24'))).toBe(true);
  });

  it('the allocator', () => {
    const alloc = new Allocator({
      pools: [
        { name: 'prod', addresses: ['10.0.0.0/24', 'fc00::/120'], avoidBuggyIPs: true },
        { name: 'manual', addresses: ['10.1.0.10-10.1.0.20'], autoAssign: false },
        { name: 'team-a', addresses: ['10.2.0.0/28'], serviceAllocation: true, priority: 1 },
      ],
    });
    expect(alloc.assign('default/web', ['10.0.0.7'])).toEqual({
      ok: true,
      pool: 'prod',
      ips: ['10.0.0.7'],
      changed: true,
    });
    expect(
      alloc.allocate('team-a/api', {
        families: ['ipv4', 'ipv6'],
        familyPolicy: 'PreferDualStack',
        eligiblePools: ['team-a'],
        sharingKey: 'api',
        ports: [{ protocol: 'TCP', port: 443 }],
      }),
    ).toEqual({ ok: true, pool: 'team-a', ips: ['10.2.0.0'], changed: true });
    expect(alloc.allocate('default/dns', { requestedPool: 'manual' })).toMatchObject({
      pool: 'manual',
    });
    expect(alloc.release('default/dns')).toBe(true);
    const { moved, released } = alloc.setPools([{ name: 'prod', addresses: ['10.0.0.0/25'] }]);
    expect(moved).toEqual([]);
    expect(released).toEqual([{ key: 'team-a/api', pool: 'team-a', ips: ['10.2.0.0'] }]);
    expect(alloc.counters('prod')).toEqual({
      assignedIPv4: 1,
      assignedIPv6: 0,
      totalIPv4: 128n,
      totalIPv6: 0n,
      availableIPv4: 127n,
      availableIPv6: 0n,
    });
  });
});
