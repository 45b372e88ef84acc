import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildConfig } from './build.js';
import type { KubeObject } from './kube.js';
import { parseManifests } from './manifests.js';
import { formatProblem } from './problems.js';
import { core } from './test-helpers.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

function configMap(config: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'config', namespace: 'metallb-system' },
    data: { config },
  };
}

describe('legacy ConfigMap (v0.12)', () => {
  it('parses the fully commented example to the expected Config', () => {
    const objects = [
      ...parseManifests(fixture('legacy-full.yaml'), 'legacy-full.yaml'),
      core('Node', 'prod-01', {
        'kubernetes.io/hostname': 'prod-01',
        'beta.kubernetes.io/arch': 'amd64',
      }),
      core('Node', 'prod-02', {
        'kubernetes.io/hostname': 'prod-02',
        'beta.kubernetes.io/arch': 'amd64',
      }),
    ];
    const { config, problems } = buildConfig({ objects });
    expect(problems).toEqual([]);
    expect(config!.pools).toHaveLength(1);
    expect(config!.pools[0]).toMatchObject({
      name: 'my-ip-space',
      addresses: ['198.51.100.0/24', '192.168.0.150-192.168.0.200'],
      autoAssign: false,
      avoidBuggyIPs: true,
      serviceAllocation: undefined,
    });
    expect(config!.l2Advertisements).toEqual([]);
    expect(config!.bgpAdvertisements).toEqual([
      {
        name: 'bgpadvertisement1',
        pools: ['my-ip-space'],
        aggregationLength: 32,
        aggregationLengthV6: 128,
        localPref: 100,
        communities: [
          { type: 'standard', value: '64512:1' },
          { type: 'standard', value: '65535:65281' },
        ],
        nodeSelectors: [],
        nodes: 'all',
        peers: [],
        serviceSelectors: [],
      },
    ]);
    expect(config!.communities).toEqual({
      'no-export': { type: 'standard', value: '65535:65281' },
    });
    expect(config!.peers).toHaveLength(1);
    expect(config!.peers[0]).toMatchObject({
      name: 'peer1',
      myASN: 64512,
      peerASN: 64512,
      peerAddress: '10.0.0.1',
      peerPort: 179,
      holdTimeSec: 120,
      keepaliveTimeSec: 40,
      routerID: '1.2.3.4',
      password: 'yourPassword',
      nodes: ['prod-01'],
      ebgpMultiHop: false,
    });
  });

  it('parses the layer2 and bgp examples', () => {
    const [l2cm, bgpcm] = parseManifests(fixture('legacy-simple.yaml'));
    const l2 = buildConfig({ objects: [l2cm!] });
    expect(l2.problems).toEqual([]);
    expect(l2.config!.pools[0]!.cidrs).toEqual([
      '192.168.1.240/29',
      '192.168.1.248/31',
      '192.168.1.250/32',
    ]);
    expect(l2.config!.l2Advertisements).toMatchObject([
      { name: 'l2advertisement1', pools: ['default'] },
    ]);
    expect(l2.config!.bgpAdvertisements).toEqual([]);
    const bgp = buildConfig({ objects: [bgpcm!] });
    expect(bgp.problems).toEqual([]);
    // A bgp pool without bgp-advertisements gets one default advertisement.
    expect(bgp.config!.bgpAdvertisements).toMatchObject([
      { name: 'bgpadvertisement1', pools: ['default'], aggregationLength: 32, communities: [] },
    ]);
    expect(bgp.config!.peers[0]).toMatchObject({
      holdTimeSec: 90,
      keepaliveTimeSec: 30,
      peerASN: 64501,
    });
  });

  it.each([
    [
      'address-pools:\n- name: p\n  addresses: [10.0.0.0/24]',
      'data.config.address-pools[0].protocol: address pool is missing the protocol field',
    ],
    [
      'address-pools:\n- name: p\n  protocol: ospf\n  addresses: [10.0.0.0/24]',
      'data.config.address-pools[0].protocol: unknown protocol "ospf"',
    ],
    [
      'address-pools:\n- name: p\n  protocol: layer2\n  addresses: [10.0.0.0/24]\n  bgp-advertisements: [{}]',
      'data.config.address-pools[0].bgp-advertisements: cannot have bgp-advertisements configuration element in a layer2 address pool',
    ],
    [
      'address-pool: []',
      'data.config.address-pool: could not parse config: unknown field "address-pool"',
    ],
    [
      'peers:\n- my-asn: 1\n  peer-asn: 2\n  peer-address: 10.0.0.1\n  hold-time: 1s',
      'data.config.peers[0].hold-time: invalid hold time "1s": must be 0 or >=3s',
    ],
    [
      'peers:\n- peer-asn: 2\n  peer-address: 10.0.0.1',
      'data.config.peers[0].my-asn: missing local ASN',
    ],
    [
      'address-pools:\n- name: p\n  protocol: bgp\n  addresses: [10.0.0.0/24]\n  bgp-advertisements:\n  - aggregation-length: 16',
      'data.config.address-pools[0].bgp-advertisements[0].aggregation-length: invalid aggregation length 16: prefix 24 in this pool is more specific than the aggregation length for addresses 10.0.0.0/24',
    ],
    [
      'address-pools:\n- name: p\n  protocol: layer2\n  addresses: [10.0.0.0/33]',
      'data.config.address-pools[0].addresses[0]: invalid CIDR "10.0.0.0/33" in pool "p": invalid CIDR "10.0.0.0/33"',
    ],
    [
      'bgp-communities:\n  big: large:64500:1:2',
      'data.config.bgp-communities.big: invalid community value "large:64500:1:2" for alias "big": large communities are not supported in the legacy ConfigMap',
    ],
    ['peers: [', 'data.config: could not parse config: '],
  ])('reports %j on the ConfigMap at its legacy path', (config, expected) => {
    const got = buildConfig({ objects: [configMap(config)] }).problems.map(formatProblem);
    expect(got).toHaveLength(1);
    expect(got[0]!.startsWith(`ConfigMap/config ${expected}`)).toBe(true);
  });

  it('ignores ConfigMaps of other names or namespaces', () => {
    const other = { ...configMap('nonsense: 1'), metadata: { name: 'other' } };
    const elsewhere = { ...configMap('nonsense: 1'), metadata: { name: 'config', namespace: 'x' } };
    expect(buildConfig({ objects: [other, elsewhere] }).problems).toEqual([]);
  });
});

describe('legacy peer wording', () => {
  it.each([
    [
      'peers:\n- my-asn: 1\n  peer-address: 10.0.0.1',
      'data.config.peers[0].peer-asn: missing peer ASN',
    ],
    ['peers:\n- my-asn: 1\n  peer-asn: 2', 'data.config.peers[0].peer-address: invalid peer IP ""'],
    [
      'peers:\n- my-asn: 1\n  peer-asn: 2\n  peer-address: x',
      'data.config.peers[0].peer-address: invalid peer IP "x"',
    ],
  ])('reports %j as v0.12 did', (config, expected) => {
    const got = buildConfig({ objects: [configMap(config)] }).problems.map(formatProblem);
    expect(got).toEqual([`ConfigMap/config ${expected}`]);
  });
});
