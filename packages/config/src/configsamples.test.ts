import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildConfig } from './build.js';
import { parseManifests } from './manifests.js';
import { formatProblem } from './problems.js';

// MetalLB's own sample manifests (configsamples/, provenance in each file's first line).
const dir = new URL('./testdata/metallb-configsamples/', import.meta.url);
const samples = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

function build(file: string, bgpMode: 'frr' | 'native' = 'frr') {
  const objects = parseManifests(readFileSync(new URL(file, dir), 'utf8'), file);
  return buildConfig({ objects, bgpMode });
}

describe("MetalLB's configsamples", () => {
  it('has samples to check', () => {
    expect(samples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(samples)('%s builds without permanent problems in FRR mode', (file) => {
    const { config, problems } = build(file);
    expect(problems.filter((p) => !p.transient).map(formatProblem)).toEqual([]);
    expect(config).toBeDefined();
  });

  it('reports the missing password Secret of bgppeer_withsecret as transient', () => {
    const { problems } = build('bgppeer_withsecret.yaml');
    expect(problems.map((p) => [formatProblem(p), p.transient])).toEqual([
      [
        'BGPPeer/peer-with-secret spec.passwordSecret: secret ref not found for peer config "metallb-system"/"peer-with-secret"',
        true,
      ],
    ]);
  });

  it('refuses FRR-only samples in native mode', () => {
    expect(build('deployment_bgp.yaml', 'native').problems.map(formatProblem)).toEqual([
      'BGPAdvertisement/empty spec.ipAddressPools: pool "example" has ipv6 CIDR fc00:f853:0ccd:e799::/124, native bgp mode does not support ipv6',
    ]);
    expect(build('bgppeer_with_vrf.yaml', 'native').problems.map(formatProblem)).toEqual([
      'BGPPeer/peer spec.vrf: vrf is not supported in native bgp mode',
    ]);
  });

  it('reads deployment_bgp into pools, one default advertisement and two peers', () => {
    const { config } = build('deployment_bgp.yaml');
    expect(config!.pools[0]!.cidrs).toEqual(['192.168.10.0/24', 'fc00:f853:ccd:e799::/124']);
    expect(config!.bgpAdvertisements).toMatchObject([{ name: 'empty', pools: ['example'] }]);
    expect(config!.peers.map((p) => p.name)).toEqual(['peer', 'peerv6']);
  });
});
