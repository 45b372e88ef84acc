import { describe, expect, it } from 'vitest';
import { buildConfig } from './build.js';
import { core, cr, lines, pool } from './test-helpers.js';

const pools = [
  pool('v4', ['10.0.0.0/24', '192.168.0.150-192.168.0.200'], {}),
  pool('v6', ['fc00::/64']),
];

describe('BGPAdvertisement', () => {
  it.each([
    [
      'an IPv4 aggregation length above 32',
      { aggregationLength: 33, ipAddressPools: ['v4'] },
      ['BGPAdvertisement/a spec.aggregationLength: invalid aggregation length 33 for IPv4'],
    ],
    [
      'an IPv6 aggregation length above 128',
      { aggregationLengthV6: 129, ipAddressPools: ['v6'] },
      ['BGPAdvertisement/a spec.aggregationLengthV6: invalid aggregation length 129 for IPv6'],
    ],
    [
      'an aggregation length shorter than a pool prefix',
      { aggregationLength: 16, ipAddressPools: ['v4'] },
      [
        'BGPAdvertisement/a spec.aggregationLength: invalid aggregation length 16: prefix 24 in this pool is more specific than the aggregation length for addresses 10.0.0.0/24',
        'BGPAdvertisement/a spec.aggregationLength: invalid aggregation length 16: prefix 27 in this pool is more specific than the aggregation length for addresses 192.168.0.150-192.168.0.200',
      ],
    ],
    [
      'an IPv6 aggregation length shorter than the pool prefix',
      { aggregationLengthV6: 48, ipAddressPoolSelectors: [{ matchLabels: { fam: '6' } }] },
      [
        'BGPAdvertisement/a spec.aggregationLengthV6: invalid aggregation length 48: prefix 64 in this pool is more specific than the aggregation length for addresses fc00::/64',
      ],
    ],
    [
      'a malformed community',
      { communities: ['65536:1'] },
      [
        'BGPAdvertisement/a spec.communities[0]: invalid community "65536:1" in BGP advertisement: invalid first section of community "65536"',
      ],
    ],
    [
      'a duplicate community',
      { communities: ['1:1', '1:1'] },
      ['BGPAdvertisement/a spec.communities[1]: duplicate definition of community "1:1"'],
    ],
    [
      'duplicate peers',
      { peers: ['p1', 'p1'] },
      ['BGPAdvertisement/a spec.peers[1]: duplicate definition of peers "p1"'],
    ],
    [
      'duplicate pool names',
      { ipAddressPools: ['v4', 'v4'] },
      ['BGPAdvertisement/a spec.ipAddressPools[1]: duplicate definition of ipAddressPools "v4"'],
    ],
    [
      'service selectors with a non-default aggregation length',
      {
        aggregationLength: 24,
        ipAddressPools: ['v4'],
        serviceSelectors: [{ matchLabels: { a: 'b' } }],
      },
      [
        'BGPAdvertisement/a spec.aggregationLength: invalid aggregation length 24: prefix 27 in this pool is more specific than the aggregation length for addresses 192.168.0.150-192.168.0.200',
        'BGPAdvertisement/a spec.serviceSelectors: serviceSelectors and aggregationLength are mutually exclusive: a non-default aggregation length cannot be used with service selectors',
      ],
    ],
    [
      'a duplicate value inside a match expression',
      { nodeSelectors: [{ matchExpressions: [{ key: 'k', operator: 'In', values: ['x', 'x'] }] }] },
      [
        'BGPAdvertisement/a spec.nodeSelectors[0].matchExpressions[0].values: duplicate definition of match expression value in label selector "k"',
      ],
    ],
  ])('rejects %s', (_what, spec, expected) => {
    const v6 = pool('v6', ['fc00::/64'], {});
    v6.metadata.labels = { fam: '6' };
    expect(lines([pools[0]!, v6, cr('BGPAdvertisement', 'a', spec)])).toEqual(expected);
  });

  it('treats an unknown community alias as transient: config still built', () => {
    const { config, problems } = buildConfig({
      objects: [...pools, cr('BGPAdvertisement', 'a', { communities: ['no-export'] })],
    });
    expect(problems).toMatchObject([{ transient: true, field: 'spec.communities[0]' }]);
    expect(config).toBeDefined();
  });

  it('resolves aliases from Community objects and applies defaults', () => {
    const { config, problems } = buildConfig({
      objects: [
        ...pools,
        cr('Community', 'c', { communities: [{ name: 'no-export', value: '65535:65281' }] }),
        cr('BGPAdvertisement', 'a', { communities: ['no-export', 'large:1:2:3'] }),
      ],
    });
    expect(problems).toEqual([]);
    expect(config!.bgpAdvertisements[0]).toMatchObject({
      pools: ['v4', 'v6'],
      aggregationLength: 32,
      aggregationLengthV6: 128,
      localPref: 0,
      nodes: 'all',
      communities: [
        { type: 'standard', value: '65535:65281' },
        { type: 'large', value: '1:2:3' },
      ],
    });
  });

  it('rejects two identical advertisements', () => {
    const spec = { ipAddressPools: ['v4'], localPref: 100 };
    expect(
      lines([...pools, cr('BGPAdvertisement', 'a', spec), cr('BGPAdvertisement', 'b', spec)]),
    ).toEqual([
      'BGPAdvertisement/b spec: duplicate definition of bgpadvertisements. advertisement 1 and 2 are equal',
    ]);
  });

  it('rejects two localPrefs for the same pool and aggregation, unless peers or nodes are disjoint', () => {
    const a = cr('BGPAdvertisement', 'a', { ipAddressPools: ['v4'], localPref: 100 });
    const b = cr('BGPAdvertisement', 'b', { ipAddressPools: ['v4'], localPref: 200 });
    expect(lines([...pools, a, b])[0]).toMatch(
      /^BGPAdvertisement\/b spec.localPref: invalid local preference 200: local preferece 100 was already set/,
    );
    const peersA = cr('BGPAdvertisement', 'a', {
      ipAddressPools: ['v4'],
      localPref: 100,
      peers: ['x'],
    });
    const peersB = cr('BGPAdvertisement', 'b', {
      ipAddressPools: ['v4'],
      localPref: 200,
      peers: ['y'],
    });
    expect(lines([...pools, peersA, peersB])).toEqual([]);
    const nodesA = cr('BGPAdvertisement', 'a', {
      ipAddressPools: ['v4'],
      localPref: 100,
      nodeSelectors: [{ matchLabels: { rack: '1' } }],
    });
    const nodesB = cr('BGPAdvertisement', 'b', {
      ipAddressPools: ['v4'],
      localPref: 200,
      nodeSelectors: [{ matchLabels: { rack: '2' } }],
    });
    const nodes = [core('Node', 'n1', { rack: '1' }), core('Node', 'n2', { rack: '2' })];
    expect(lines([...pools, ...nodes, nodesA, nodesB])).toEqual([]);
    const aggB = cr('BGPAdvertisement', 'b', {
      ipAddressPools: ['v4'],
      localPref: 200,
      aggregationLength: 31,
    });
    expect(lines([...pools, a, aggB])).toEqual([]);
  });

  it('rejects IPv6 pools and large communities in native mode', () => {
    const got = lines(
      [
        ...pools,
        cr('BGPAdvertisement', 'a', { ipAddressPools: ['v6'], communities: ['large:1:2:3'] }),
      ],
      { bgpMode: 'native' },
    );
    expect(got).toEqual([
      'BGPAdvertisement/a spec.communities[0]: large BGP communities are not supported in native mode',
      'BGPAdvertisement/a spec.ipAddressPools: pool "v6" has ipv6 CIDR fc00::/64, native bgp mode does not support ipv6',
    ]);
  });
});

describe('L2Advertisement', () => {
  it('selects every pool when neither names nor selectors are given; unknown names ignored', () => {
    const { config } = buildConfig({
      objects: [
        ...pools,
        cr('L2Advertisement', 'all', {}),
        cr('L2Advertisement', 'named', { ipAddressPools: ['v6', 'missing'] }),
      ],
    });
    expect(config!.l2Advertisements.map((a) => [a.name, a.pools])).toEqual([
      ['all', ['v4', 'v6']],
      ['named', ['v6']],
    ]);
  });

  it('resolves node selectors against the snapshot Nodes', () => {
    const { config } = buildConfig({
      objects: [
        ...pools,
        core('Node', 'b', { zone: 'x' }),
        core('Node', 'a', { zone: 'x' }),
        core('Node', 'c', { zone: 'y' }),
        cr('L2Advertisement', 'l2', {
          nodeSelectors: [
            { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['y'] }] },
          ],
          interfaces: ['eth0'],
          preferredNodeSelectors: [{ weight: 10, preference: { matchLabels: { zone: 'x' } } }],
        }),
      ],
    });
    expect(config!.l2Advertisements[0]).toMatchObject({
      nodes: ['a', 'b'],
      interfaces: ['eth0'],
      preferredNodeSelectors: [{ weight: 10 }],
    });
  });

  it.each([
    [
      { interfaces: ['eth0', 'eth0'] },
      'L2Advertisement/l2 spec.interfaces[1]: duplicate definition of interfaces "eth0"',
    ],
    [
      { serviceSelectors: [{ matchLabels: { a: 'b' } }, { matchLabels: { a: 'b' } }] },
      'L2Advertisement/l2 spec.serviceSelectors[1]: duplicate definition of serviceSelectors "a=b"',
    ],
    [
      { nodeSelectors: [{ matchExpressions: [{ key: 'k', operator: 'Maybe' }] }] },
      'L2Advertisement/l2 spec.nodeSelectors[0].matchExpressions[0].operator: "Maybe" is not a valid label selector operator',
    ],
    [
      { preferredNodeSelectors: [{ weight: 101, preference: {} }] },
      'L2Advertisement/l2 spec.preferredNodeSelectors[0].weight: weight must be an integer in 1-100 range',
    ],
  ])('rejects %j', (spec, expected) => {
    expect(lines([...pools, cr('L2Advertisement', 'l2', spec)])).toEqual([expected]);
  });
});

describe('label selector syntax', () => {
  it.each([
    [
      { matchLabels: { 'bad key!': 'x' } },
      'spec.nodeSelectors[0].matchLabels: invalid label key "bad key!"',
    ],
    [
      { matchLabels: { ok: '-bad' } },
      'spec.nodeSelectors[0].matchLabels: invalid label value "-bad"',
    ],
    [
      { matchExpressions: [{ key: 'Bad/x', operator: 'Exists' }] },
      'spec.nodeSelectors[0].matchExpressions[0].key: invalid label key "Bad/x"',
    ],
    [
      { matchExpressions: [{ key: 'k', operator: 'In' }] },
      'spec.nodeSelectors[0].matchExpressions[0].values: values: Required value',
    ],
    [
      { matchExpressions: [{ key: 'k', operator: 'Exists', values: ['a'] }] },
      'spec.nodeSelectors[0].matchExpressions[0].values: values: Forbidden',
    ],
  ])('rejects %j', (selector, expected) => {
    const got = lines([cr('L2Advertisement', 'l2', { nodeSelectors: [selector] })]);
    expect(got).toHaveLength(1);
    expect(got[0]!.startsWith(`L2Advertisement/l2 ${expected}`)).toBe(true);
  });

  it('accepts prefixed keys and empty values', () => {
    const sel = {
      matchLabels: { 'kubernetes.io/hostname': 'node-1', 'node-role.kubernetes.io/edge': '' },
    };
    expect(lines([cr('L2Advertisement', 'l2', { nodeSelectors: [sel] })])).toEqual([]);
  });
});
