import { describe, expect, it } from 'vitest';
import { buildConfig } from './build.js';
import type { KubeObject } from './kube.js';
import { core, cr, lines } from './test-helpers.js';

const base = { myASN: 64500, peerASN: 64501, peerAddress: '10.0.0.1' };
const peer = (spec: Record<string, unknown>, name = 'p') => cr('BGPPeer', name, spec);
const basicAuth = (name: string, data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'kubernetes.io/basic-auth',
  metadata: { name, namespace: 'metallb-system' },
  data,
});

describe('BGPPeer', () => {
  it.each([
    [{ ...base, myASN: 0 }, 'BGPPeer/p spec.myASN: missing local ASN'],
    [{ ...base, peerASN: undefined }, 'BGPPeer/p spec.peerASN: missing peer ASN and dynamicASN'],
    [
      { ...base, dynamicASN: 'external' },
      'BGPPeer/p spec.dynamicASN: both peer ASN and dynamicASN specified',
    ],
    [
      { ...base, peerAddress: undefined },
      'BGPPeer/p spec.peerAddress: peer has no Address or Interface specified',
    ],
    [
      { ...base, interface: 'eth0' },
      'BGPPeer/p spec.interface: peer has both Address and Interface specified',
    ],
    [
      { ...base, peerAddress: '10.0.0.300' },
      'BGPPeer/p spec.peerAddress: invalid BGPPeer address "10.0.0.300"',
    ],
    [{ ...base, sourceAddress: 'x' }, 'BGPPeer/p spec.sourceAddress: invalid source IP "x"'],
    [{ ...base, routerID: 'fc00::1' }, 'BGPPeer/p spec.routerID: invalid router ID "fc00::1"'],
    [
      { ...base, holdTime: '2s' },
      'BGPPeer/p spec.holdTime: invalid hold time "2s": must be 0 or >=3s',
    ],
    [
      { ...base, holdTime: '30s', keepaliveTime: '1m' },
      'BGPPeer/p spec.keepaliveTime: invalid keepaliveTime "1m", must be lower than holdTime "30s"',
    ],
    [{ ...base, holdTime: 'soon' }, 'BGPPeer/p spec.holdTime: invalid duration "soon"'],
    [
      { ...base, connectTime: '1.5s' },
      'BGPPeer/p spec.connectTime: connect time should be between 1 seconds to 65535',
    ],
    [
      { ...base, peerPort: 20000 },
      'BGPPeer/p spec.peerPort: must be between 1 and 16384, got 20000',
    ],
    [
      { ...base, peerASN: 64500, ebgpMultiHop: true },
      'BGPPeer/p spec.ebgpMultiHop: invalid ebgp-multihop parameter set for an ibgp peer',
    ],
    [
      { ...base, password: 'x', passwordSecret: { name: 's' } },
      'BGPPeer/p spec.passwordSecret: can not have both password and secret ref set in peer config "metallb-system"/"p"',
    ],
  ])('rejects %j', (spec, expected) => {
    expect(lines([peer(spec)])).toEqual([expected]);
  });

  it('derives keepalive from hold and hold from keepalive (rounded down to seconds)', () => {
    const { config } = buildConfig({
      objects: [
        peer({ ...base, holdTime: '90.9s' }, 'a'),
        peer({ ...base, peerAddress: '10.0.0.2', keepaliveTime: '10s' }, 'b'),
      ],
    });
    expect(config!.peers.map((p) => [p.holdTimeSec, p.keepaliveTimeSec])).toEqual([
      [90, 30],
      [30, 10],
    ]);
    expect(config!.peers[0]!.peerPort).toBe(179);
  });

  it('reads v1beta1 peers the same way (conversion)', () => {
    const v1 = cr(
      'BGPPeer',
      'old',
      { ...base, nodeSelectors: [{ matchLabels: { a: 'b' } }] },
      { apiVersion: 'metallb.io/v1beta1' },
    );
    const { config, problems } = buildConfig({ objects: [v1, core('Node', 'n', { a: 'b' })] });
    expect(problems).toEqual([]);
    expect(config!.peers[0]).toMatchObject({ name: 'old', nodes: ['n'], myASN: 64500 });
  });

  it('resolves the password from a basic-auth Secret', () => {
    const { config } = buildConfig({
      objects: [
        peer({ ...base, passwordSecret: { name: 's', namespace: 'metallb-system' } }),
        basicAuth('s', { password: Buffer.from('hunter2').toString('base64') }),
      ],
    });
    expect(config!.peers[0]!.password).toBe('hunter2');
  });

  it('treats a missing Secret and an unknown BFD profile as transient', () => {
    const { config, problems } = buildConfig({
      objects: [peer({ ...base, passwordSecret: { name: 's' }, bfdProfile: 'fast' })],
    });
    expect(config).toBeDefined();
    expect(problems.map((p) => [p.field, p.message, p.transient])).toEqual([
      ['spec.bfdProfile', 'peer 10.0.0.1 referencing non existing bfd profile fast', true],
      ['spec.passwordSecret', 'secret ref not found for peer config "metallb-system"/"p"', true],
    ]);
  });

  it('rejects a Secret of the wrong type or without a password', () => {
    const opaque = { ...basicAuth('s', { password: 'eA==' }), type: 'Opaque' };
    expect(lines([peer({ ...base, passwordSecret: { name: 's' } }), opaque])).toEqual([
      'BGPPeer/p spec.passwordSecret: secret type mismatch on "metallb-system"/"s", type "kubernetes.io/basic-auth" is expected',
    ]);
    expect(lines([peer({ ...base, passwordSecret: { name: 's' } }), basicAuth('s', {})])).toEqual([
      'BGPPeer/p spec.passwordSecret: password not specified in the secret "metallb-system"/"s"',
    ]);
  });

  it('rejects identical peers', () => {
    expect(lines([peer(base, 'a'), peer(base, 'b')])).toEqual([
      'BGPPeer/b spec: peer 10.0.0.1 already exists',
    ]);
  });

  it('in FRR mode requires peers sharing a node to agree on routerID and myASN', () => {
    const a = peer({ ...base, routerID: '1.1.1.1' }, 'a');
    const b = peer({ ...base, peerAddress: '10.0.0.2', myASN: 1, routerID: '2.2.2.2' }, 'b');
    expect(lines([a, b])).toEqual([
      'BGPPeer/b spec.myASN: peers "a" and "b" can run on the same node in vrf "" and must have the same myASN',
      'BGPPeer/b spec.routerID: peers "a" and "b" can run on the same node and must have the same routerID',
    ]);
    const nodes = [core('Node', 'n1', { r: '1' }), core('Node', 'n2', { r: '2' })];
    const a1 = peer(
      { ...base, routerID: '1.1.1.1', nodeSelectors: [{ matchLabels: { r: '1' } }] },
      'a',
    );
    const b2 = peer({ ...base, myASN: 1, nodeSelectors: [{ matchLabels: { r: '2' } }] }, 'b');
    expect(lines([...nodes, a1, b2])).toEqual([]);
  });

  it('rejects FRR-only fields in native mode', () => {
    const got = lines(
      [peer({ ...base, vrf: 'red', keepaliveTime: '10s', enableGracefulRestart: true })],
      { bgpMode: 'native' },
    );
    expect(got).toEqual([
      'BGPPeer/p spec.enableGracefulRestart: enableGracefulRestart is not supported in native bgp mode',
      'BGPPeer/p spec.keepaliveTime: keepaliveTime is not supported in native bgp mode',
      'BGPPeer/p spec.vrf: vrf is not supported in native bgp mode',
    ]);
  });
});

describe('BFDProfile', () => {
  it('applies FRR defaults', () => {
    const { config } = buildConfig({ objects: [cr('BFDProfile', 'b', {})] });
    expect(config!.bfdProfiles[0]).toEqual({
      name: 'b',
      receiveIntervalMs: 300,
      transmitIntervalMs: 300,
      detectMultiplier: 3,
      echoIntervalMs: 50,
      echoMode: false,
      passiveMode: false,
      minimumTtl: 254,
    });
  });

  it.each([
    [
      { receiveInterval: 5 },
      'spec.receiveInterval: invalid receive interval value: invalid value 5, must be in 10-60000 range',
    ],
    [
      { transmitInterval: 60001 },
      'spec.transmitInterval: invalid transmit interval value: invalid value 60001, must be in 10-60000 range',
    ],
    [
      { detectMultiplier: 1 },
      'spec.detectMultiplier: invalid detect multiplier value: invalid value 1, must be in 2-255 range',
    ],
    [
      { echoInterval: 9 },
      'spec.echoInterval: invalid echo interval value: invalid value 9, must be in 10-60000 range',
    ],
    [
      { minimumTtl: 255 },
      'spec.minimumTtl: invalid minimum ttl value: invalid value 255, must be in 1-254 range',
    ],
  ])('rejects %j', (spec, expected) => {
    expect(lines([cr('BFDProfile', 'b', spec)])).toEqual([`BFDProfile/b ${expected}`]);
  });

  it('rejects duplicate names and any profile in native mode', () => {
    expect(lines([cr('BFDProfile', 'b', {}), cr('BFDProfile', 'b', { echoMode: true })])).toEqual([
      'BFDProfile/b metadata.name: found duplicate bfd profile name',
    ]);
    expect(lines([cr('BFDProfile', 'b', {})], { bgpMode: 'native' })).toEqual([
      'BFDProfile/b metadata.name: bfd profiles section set',
    ]);
  });

  it('rejects echo mode on a peer that advertises an IPv6 pool', () => {
    const got = lines([
      cr('BFDProfile', 'echo', { echoMode: true }),
      cr('IPAddressPool', 'v6', { addresses: ['fc00::/64'] }),
      cr('BGPAdvertisement', 'ad', { ipAddressPools: ['v6'] }),
      peer({ ...base, bfdProfile: 'echo' }),
    ]);
    expect(got).toEqual([
      'BGPPeer/p spec.bfdProfile: pool v6 has bgpadvertisement ad which references peer 10.0.0.1 which has bfd echo enabled, which is not possible',
    ]);
  });
});

describe('Community', () => {
  it('rejects bad values and aliases defined twice across objects', () => {
    const got = lines([
      cr('Community', 'a', {
        communities: [
          { name: 'x', value: '1:1' },
          { name: 'bad', value: '1' },
        ],
      }),
      cr('Community', 'b', { communities: [{ name: 'x', value: '2:2' }] }),
    ]);
    expect(got).toEqual([
      'Community/a spec.communities[1].value: parsing community "bad": invalid community format "1"',
      'Community/b spec.communities[0].name: duplicate definition of community "x"',
    ]);
  });
});
