import { describe, expect, it } from 'vitest';
import { buildConfig } from './build.js';
import { core, cr, lines, pool } from './test-helpers.js';

describe('IPAddressPool', () => {
  it.each([
    [
      'an empty address list',
      [pool('p', [])],
      ['IPAddressPool/p spec.addresses: pool has no prefixes defined'],
    ],
    [
      'a bad CIDR',
      [pool('p', ['1.2.3.0/33'])],
      [
        'IPAddressPool/p spec.addresses[0]: invalid CIDR "1.2.3.0/33" in pool "p": invalid CIDR "1.2.3.0/33"',
      ],
    ],
    [
      'a range whose start is after its end',
      [pool('p', ['10.0.0.9-10.0.0.1'])],
      [
        'IPAddressPool/p spec.addresses[0]: invalid CIDR "10.0.0.9-10.0.0.1" in pool "p": invalid IP range "10.0.0.9-10.0.0.1": start IP "10.0.0.9" is after the end IP "10.0.0.1"',
      ],
    ],
    [
      'overlap across pools, reported on the later name',
      [pool('pool2', ['10.0.0.0/16']), pool('pool1', ['10.0.0.0/8'])],
      [
        'IPAddressPool/pool2 spec.addresses[0]: CIDR "10.0.0.0/16" in pool "pool2" overlaps with already defined CIDR "10.0.0.0/8"',
      ],
    ],
    [
      'overlap within one pool',
      [pool('p', ['10.0.0.0/24', '10.0.0.5-10.0.0.6'])],
      [
        'IPAddressPool/p spec.addresses[1]: CIDR "10.0.0.5/32" in pool "p" overlaps with already defined CIDR "10.0.0.0/24"',
        'IPAddressPool/p spec.addresses[1]: CIDR "10.0.0.6/32" in pool "p" overlaps with already defined CIDR "10.0.0.0/24"',
      ],
    ],
    [
      'a duplicate pool name',
      [pool('p', ['10.0.0.0/24']), pool('p', ['10.1.0.0/24'])],
      ['IPAddressPool/p metadata.name: duplicate definition of pool "p"'],
    ],
    [
      'duplicate namespaces',
      [pool('p', ['10.0.0.0/24'], { serviceAllocation: { namespaces: ['a', 'a'] } })],
      [
        'IPAddressPool/p spec.serviceAllocation.namespaces[1]: duplicate definition in namespaces field',
      ],
    ],
    [
      'duplicate namespace selectors',
      [
        pool('p', ['10.0.0.0/24'], {
          serviceAllocation: {
            namespaceSelectors: [{ matchLabels: { a: 'b' } }, { matchLabels: { a: 'b' } }],
          },
        }),
      ],
      [
        'IPAddressPool/p spec.serviceAllocation.namespaceSelectors[1]: duplicate definition of namespaceSelectors "a=b"',
      ],
    ],
    [
      'an object outside the MetalLB namespace',
      [cr('IPAddressPool', 'p', { addresses: ['10.0.0.0/24'] }, { namespace: 'default' })],
      ['IPAddressPool/p metadata.namespace: resource must be created in metallb-system namespace'],
    ],
  ])('rejects %s', (_what, objects, expected) => {
    expect(lines(objects)).toEqual(expected);
    expect(buildConfig({ objects }).config).toBeUndefined();
  });

  it('collects every problem instead of stopping at the first', () => {
    const got = lines([pool('a', ['bad', '10.0.0.0/24', 'worse']), pool('b', [])]);
    expect(got).toHaveLength(3);
  });

  it('applies defaults, masks host bits and summarises ranges into CIDRs', () => {
    const { config, problems } = buildConfig({
      objects: [pool('p', ['1000::1/127', '192.168.0.150-192.168.0.153', '10.0.0.0/24'])],
    });
    expect(problems).toEqual([]);
    const p = config!.pools[0]!;
    expect(p.autoAssign).toBe(true);
    expect(p.avoidBuggyIPs).toBe(false);
    expect(p.cidrs).toEqual(['1000::/127', '192.168.0.150/31', '192.168.0.152/31', '10.0.0.0/24']);
    expect(p.ranges.map((r) => r.family)).toEqual(['ipv6', 'ipv4', 'ipv4']);
    expect(p.serviceAllocation).toBeUndefined();
  });

  it('honours the namespace given in the snapshot', () => {
    const objects = [cr('IPAddressPool', 'p', { addresses: ['10.0.0.0/24'] }, { namespace: 'lb' })];
    expect(lines(objects, { namespace: 'lb' })).toEqual([]);
    expect(lines(objects)).toHaveLength(1);
  });

  it('resolves namespace selectors against the snapshot Namespaces (union with the list)', () => {
    const { config } = buildConfig({
      objects: [
        pool('p', ['10.0.0.0/24'], {
          serviceAllocation: {
            priority: 5,
            namespaces: ['explicit'],
            namespaceSelectors: [
              { matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }] },
            ],
            serviceSelectors: [{ matchLabels: { app: 'web' } }],
          },
        }),
        core('Namespace', 'ns-a', { team: 'a' }),
        core('Namespace', 'ns-c', { team: 'c' }),
        core('Namespace', 'ns-b', { team: 'b' }),
      ],
    });
    expect(config!.pools[0]!.serviceAllocation).toMatchObject({
      priority: 5,
      namespaces: ['explicit', 'ns-a', 'ns-b'],
      serviceSelectors: [{ matchLabels: { app: 'web' }, matchExpressions: [] }],
    });
  });

  it('accepts IPv4 and IPv6 mixed in one pool, with ranges spaced around the dash', () => {
    expect(lines([pool('p', ['10.0.0.1 - 10.0.0.5', 'fc00::/120'])])).toEqual([]);
  });
});
