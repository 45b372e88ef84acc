/**
 * deploy/crds/ applied with the real kubectl 1.32 to the API stand-in, then MetalLB's own
 * config samples and more valid YAML applied on top: what an operator does with an existing
 * MetalLB setup. Also: the printer columns kubectl shows, a v1beta1 BGPPeer refused while no
 * conversion webhook runs (the controller's /convert is in conversion-wiring.e2e.test.ts), and
 * a schema violation refused with the API server's 422 message.
 */

import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubectlEnv, startKubectlEnv } from './testing/kubectl.js';

const CRDS_DIR = fileURLToPath(new URL('../../../deploy/crds/', import.meta.url));
const SAMPLES_DIR = fileURLToPath(new URL('./testdata/metallb-configsamples/', import.meta.url));

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: metallb-system
`;

/** Valid YAML beyond MetalLB's samples: large communities, every BFD field. */
const MORE_EXAMPLES = `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: production
  namespace: metallb-system
  labels:
    zone: east
spec:
  addresses:
  - 10.10.0.0/16
  - 10.11.0.10 - 10.11.0.20
  - 2001:db8:1::/64
  autoAssign: true
---
apiVersion: metallb.io/v1beta1
kind: BGPAdvertisement
metadata:
  name: production-ads
  namespace: metallb-system
spec:
  aggregationLength: 24
  aggregationLengthV6: 64
  localPref: 100
  communities:
  - 65000:100
  - large:64512:1:2
  ipAddressPoolSelectors:
  - matchExpressions:
    - key: zone
      operator: In
      values: [east, west]
  peers:
  - tor-a
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: production-l2
  namespace: metallb-system
spec:
  ipAddressPools: [production]
  interfaces: [eth0, eth1]
  nodeSelectors:
  - matchLabels:
      node-role.kubernetes.io/worker: ""
---
apiVersion: metallb.io/v1beta1
kind: BFDProfile
metadata:
  name: fast
  namespace: metallb-system
spec:
  receiveInterval: 100
  transmitInterval: 100
  detectMultiplier: 5
  echoInterval: 50
  echoMode: true
  passiveMode: false
  minimumTtl: 10
---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata:
  name: tor-a
  namespace: metallb-system
spec:
  myASN: 64512
  peerASN: 65001
  peerAddress: 192.0.2.1
  peerPort: 1179
  holdTime: 30s
  keepaliveTime: 10s
  ebgpMultiHop: true
  bfdProfile: fast
  nodeSelectors:
  - matchLabels:
      rack: a
`;

/** A v1beta1 BGPPeer: storing it needs the conversion webhook (storage is v1beta2). */
const TOR_B_V1BETA1 = `apiVersion: metallb.io/v1beta1
kind: BGPPeer
metadata:
  name: tor-b
  namespace: metallb-system
spec:
  myASN: 64512
  peerASN: 65002
  peerAddress: 192.0.2.2
  holdTime: 90s
  nodeSelectors:
  - matchLabels:
      rack: b
    matchExpressions:
    - key: kubernetes.io/os
      operator: In
      values: [linux]
`;

const STRING_FOR_INTEGER = `apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata:
  name: broken
  namespace: metallb-system
spec:
  myASN: sixty-four
  peerASN: 64501
  peerAddress: 10.0.0.1
`;

const MISSING_ADDRESSES = `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: empty
  namespace: metallb-system
spec:
  autoAssign: false
`;

/** The output of `kubectl get` as rows of columns (split on runs of 2+ spaces). */
function table(stdout: string): string[][] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.trim().split(/\s{2,}/));
}

describe('deploy/crds with kubectl', () => {
  let env: KubectlEnv;

  beforeAll(async () => {
    env = await startKubectlEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('applies every CRD file, each one established', async () => {
    const files = (await readdir(CRDS_DIR)).filter((f) => f.endsWith('.yaml'));
    expect(files).toHaveLength(9);
    const applied = await env.kubectl(['apply', '-f', CRDS_DIR]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    for (const plural of files.map((f) => f.replace(/\.yaml$/, ''))) {
      expect(applied.stdout).toContain(
        `customresourcedefinition.apiextensions.k8s.io/${plural}.metallb.io created`,
      );
    }
    const waited = await env.kubectl([
      'wait',
      '--for=condition=Established',
      '--timeout=20s',
      'crd',
      '--all',
    ]);
    expect(waited.code, waited.stderr).toBe(0);
  });

  it("applies MetalLB's own config samples unchanged", async () => {
    const ns = await env.kubectl(['apply', '-f', await env.manifest('ns.yaml', NAMESPACE)]);
    expect(ns.code, ns.stderr).toBe(0);
    const samples = (await readdir(SAMPLES_DIR)).filter((f) => f.endsWith('.yaml'));
    expect(samples.length).toBeGreaterThanOrEqual(16);
    for (const sample of samples) {
      const result = await env.kubectl([
        'apply',
        '--validate=strict',
        '-f',
        `${SAMPLES_DIR}${sample}`,
      ]);
      expect(result.code, `${sample}: ${result.stderr}`).toBe(0);
      expect(result.stderr).toBe('');
    }
  });

  it('applies pools, advertisements, BFD profiles and a v1beta2 BGPPeer', async () => {
    const path = await env.manifest('more.yaml', MORE_EXAMPLES);
    const result = await env.kubectl(['apply', '--validate=strict', '-f', path]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      'ipaddresspool.metallb.io/production created',
      'bgpadvertisement.metallb.io/production-ads created',
      'l2advertisement.metallb.io/production-l2 created',
      'bfdprofile.metallb.io/fast created',
      'bgppeer.metallb.io/tor-a created',
    ]);
  });

  it("prints MetalLB's printer columns for IPAddressPools", async () => {
    const result = await env.kubectl(['get', 'ipaddresspools', '-n', 'metallb-system']);
    expect(result.code, result.stderr).toBe(0);
    const rows = table(result.stdout);
    expect(rows[0]).toEqual(['NAME', 'AUTO ASSIGN', 'AVOID BUGGY IPS', 'ADDRESSES']);
    expect(rows).toContainEqual([
      'production',
      'true',
      'false',
      '["10.10.0.0/16","10.11.0.10 - 10.11.0.20","2001:db8:1::/64"]',
    ]);
    expect(rows).toContainEqual([
      'ippool-ns-service-alloc-sample',
      'true',
      'true',
      '["192.168.20.0/24"]',
    ]);
  });

  it("prints MetalLB's printer columns for BGPPeers and BFDProfiles", async () => {
    const peers = table((await env.kubectl(['get', 'bgppeers', '-n', 'metallb-system'])).stdout);
    expect(peers[0]).toEqual(['NAME', 'ADDRESS', 'ASN', 'BFD PROFILE', 'MULTI HOPS']);
    expect(peers).toContainEqual(['tor-a', '192.0.2.1', '65001', 'fast', 'true']);
    const bfd = table((await env.kubectl(['get', 'bfdprofiles', '-n', 'metallb-system'])).stdout);
    expect(bfd[0]).toEqual([
      'NAME',
      'PASSIVE MODE',
      'TRANSMIT INTERVAL',
      'RECEIVE INTERVAL',
      'MULTIPLIER',
    ]);
    expect(bfd).toContainEqual(['fast', 'false', '100', '100', '5']);
  });

  // With the controller serving /convert, conversion-wiring.e2e.test.ts stores it (v1beta2).
  it('refuses a v1beta1 BGPPeer while no conversion webhook answers, as kube does', async () => {
    const path = await env.manifest('tor-b.yaml', TOR_B_V1BETA1);
    const result = await env.kubectl(['apply', '-f', path]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      /conversion webhook for metallb\.io\/v1beta\d, Kind=BGPPeer failed/,
    );
    const get = await env.kubectl([
      'get',
      'bgppeers.v1beta2.metallb.io',
      'tor-b',
      '-n',
      'metallb-system',
    ]);
    expect(get.stderr).toContain('NotFound');
  });

  it('refuses a string where the schema wants an integer, with the API 422 message', async () => {
    const path = await env.manifest('broken.yaml', STRING_FOR_INTEGER);
    const result = await env.kubectl(['apply', '-f', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'The BGPPeer "broken" is invalid: spec.myASN: Invalid value: "string": spec.myASN in body must be of type integer: "string"',
    );
    const get = await env.kubectl(['get', 'bgppeer', 'broken', '-n', 'metallb-system']);
    expect(get.code).toBe(1);
    expect(get.stderr).toContain('NotFound');
  });

  it('refuses an IPAddressPool without the required spec.addresses', async () => {
    const path = await env.manifest('empty.yaml', MISSING_ADDRESSES);
    const result = await env.kubectl(['apply', '-f', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'The IPAddressPool "empty" is invalid: spec.addresses: Required value',
    );
  });
});
