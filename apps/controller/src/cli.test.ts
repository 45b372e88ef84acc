/**
 * The built bin, end to end: `node dist/cli.js validate -f ...` on temp files, with the real
 * @baremetal-lb/config behind it. Exit codes and stderr lines are DESIGN.md's contract.
 * Needs `npx tsup` in apps/controller (and a built @baremetal-lb/config) first.
 */

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const SAMPLES_DIR = fileURLToPath(new URL('./testdata/metallb-configsamples/', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the bin to completion (SIGKILLed after 20 s), feeding `stdin` if given. */
function cli(args: readonly string[], stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      {
        timeout: 20_000,
        killSignal: 'SIGKILL',
        env: { ...process.env, METALLB_NAMESPACE: '', METALLB_BGP_TYPE: '' },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin ?? '');
  });
}

/** stderr as lines, without the trailing newline. */
function lines(stderr: string): string[] {
  return stderr === '' ? [] : stderr.replace(/\n$/, '').split('\n');
}

const POOLS = `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: production
  namespace: metallb-system
spec:
  addresses:
  - 10.10.0.0/16
  - 10.11.0.10 - 10.11.0.20
  - 2001:db8:1::/64
---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: staging
  namespace: metallb-system
spec:
  addresses: [192.168.50.0/24]
  autoAssign: false
`;

const ADVERTISEMENTS = `apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: staging-l2
  namespace: metallb-system
spec:
  ipAddressPools: [staging]
---
apiVersion: metallb.io/v1beta1
kind: BGPAdvertisement
metadata:
  name: production-bgp
  namespace: metallb-system
spec:
  ipAddressPools: [production]
  aggregationLength: 32
  communities: [65000:100, no-export-alias]
---
apiVersion: metallb.io/v1beta1
kind: Community
metadata:
  name: aliases
  namespace: metallb-system
spec:
  communities:
  - name: no-export-alias
    value: 65535:65281
---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata:
  name: tor
  namespace: metallb-system
spec:
  myASN: 64512
  peerASN: 65001
  peerAddress: 192.0.2.1
`;

const OVERLAPPING = `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: wide
  namespace: metallb-system
spec:
  addresses: [10.0.0.0/8]
---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: narrow
  namespace: metallb-system
spec:
  addresses: [192.168.0.0/24, 10.0.0.0/16]
`;

const BAD_CIDR = `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: bad
  namespace: metallb-system
spec:
  addresses: [1.2.3.0/33]
`;

const DUPLICATE_POOL = `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: staging
  namespace: metallb-system
spec:
  addresses: [172.16.0.0/24]
`;

const L2_DUPLICATE_POOL_NAME = `apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: twice
  namespace: metallb-system
spec:
  ipAddressPools: [staging, staging]
`;

const L2_UNKNOWN_POOL = `apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: elsewhere
  namespace: metallb-system
spec:
  ipAddressPools: [no-such-pool]
`;

const SYNTAX_ERROR = `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: fine
  namespace: metallb-system
spec:
  addresses: [10.1.0.0/24]
---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: {name: broken
`;

const LEGACY_CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: config
  namespace: metallb-system
data:
  config: |
    peers:
    - peer-address: 10.0.0.1
      peer-asn: 64501
      my-asn: 64500
    bgp-communities:
      no-advertise: 65535:65282
    address-pools:
    - name: default
      protocol: bgp
      addresses:
      - 198.51.100.0/24
      bgp-advertisements:
      - aggregation-length: 32
        localpref: 100
        communities: [no-advertise]
    - name: l2
      protocol: layer2
      addresses:
      - 192.168.1.240-192.168.1.250
`;

describe('baremetal-lb-controller validate (built bin)', () => {
  let dir: string;
  const file = async (name: string, text: string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  beforeAll(async () => {
    if (!existsSync(CLI)) {
      throw new Error(`${CLI} is missing: build it first (cd apps/controller && npx tsup)`);
    }
    dir = await mkdtemp(join(tmpdir(), 'controller-cli-'));
  });
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 silently on valid multi-document files given with several -f', async () => {
    const run = await cli([
      'validate',
      '-f',
      await file('pools.yaml', POOLS),
      '-f',
      await file('ads.yaml', ADVERTISEMENTS),
    ]);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it("exits 0 on each of MetalLB's own config samples, warning only about transient problems", async () => {
    const samples = (await readdir(SAMPLES_DIR)).filter((f) => f.endsWith('.yaml'));
    expect(samples.length).toBeGreaterThanOrEqual(16);
    for (const sample of samples) {
      const run = await cli(['validate', '-f', `${SAMPLES_DIR}${sample}`]);
      const expected =
        sample === 'bgppeer_withsecret.yaml'
          ? // The Secret is not in the file: MetalLB's webhook lets that through too.
            'warning: BGPPeer/peer-with-secret spec.passwordSecret: secret ref not found for peer config "metallb-system"/"peer-with-secret"\n'
          : '';
      expect({ sample, ...run }).toEqual({ sample, code: 0, stdout: '', stderr: expected });
    }
  });

  it('reads every manifest of a directory given with -f DIR, as kubectl does', async () => {
    const sub = join(dir, 'config-dir');
    await mkdir(sub);
    await writeFile(join(sub, 'pools.yaml'), POOLS);
    await writeFile(join(sub, 'ads.yml'), ADVERTISEMENTS);
    await writeFile(join(sub, 'README.txt'), 'not: [yaml');
    expect(await cli(['validate', '-f', sub])).toEqual({ code: 0, stdout: '', stderr: '' });
    await writeFile(join(sub, 'more.yaml'), DUPLICATE_POOL);
    const run = await cli(['validate', '-f', sub]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      'IPAddressPool/staging metadata.name: duplicate definition of pool "staging"',
    ]);
  });

  it("applies the native speaker's rules with --bgp-type native", async () => {
    const vrf = `${SAMPLES_DIR}bgppeer_with_vrf.yaml`;
    expect(await cli(['validate', '-f', vrf])).toEqual({ code: 0, stdout: '', stderr: '' });
    const run = await cli(['validate', '--bgp-type', 'native', '-f', vrf]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      'BGPPeer/peer spec.vrf: vrf is not supported in native bgp mode',
    ]);
    const ipv6 = await cli([
      'validate',
      '--bgp-type=native',
      '-f',
      `${SAMPLES_DIR}simple_pool_adv_bgp.yaml`,
    ]);
    expect(ipv6.code).toBe(1);
    expect(lines(ipv6.stderr)).toEqual([
      'BGPAdvertisement/empty spec.ipAddressPools: pool "example" has ipv6 CIDR fc00:f853:0ccd:e799::/124, native bgp mode does not support ipv6',
    ]);
  });

  it('exits 0 on the legacy ConfigMap', async () => {
    const run = await cli(['validate', '-f', await file('cm.yaml', LEGACY_CONFIGMAP)]);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('reads stdin for -f -', async () => {
    const run = await cli(['validate', '-f', '-'], POOLS + OVERLAPPING.replace(/^/, '---\n'));
    expect(run.code).toBe(1);
    expect(lines(run.stderr).join('\n')).toContain('overlaps with already defined CIDR');
  });

  it('reports overlapping pools, one line naming object and field', async () => {
    const run = await cli(['validate', '-f', await file('overlap.yaml', OVERLAPPING)]);
    expect(run.code).toBe(1);
    // Pools are taken in name order, as MetalLB gets them from a Kubernetes list: "narrow" first.
    expect(lines(run.stderr)).toEqual([
      'IPAddressPool/wide spec.addresses[0]: CIDR "10.0.0.0/8" in pool "wide" overlaps with already defined CIDR "10.0.0.0/16"',
    ]);
  });

  it('reports a bad CIDR', async () => {
    const run = await cli(['validate', '-f', await file('bad-cidr.yaml', BAD_CIDR)]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      'IPAddressPool/bad spec.addresses[0]: invalid CIDR "1.2.3.0/33" in pool "bad": invalid CIDR "1.2.3.0/33"',
    ]);
  });

  it('reports a pool defined twice across two files', async () => {
    const run = await cli([
      'validate',
      '-f',
      await file('pools2.yaml', POOLS),
      '-f',
      await file('dup.yaml', DUPLICATE_POOL),
    ]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      'IPAddressPool/staging metadata.name: duplicate definition of pool "staging"',
    ]);
  });

  it('reports a pool named twice in one L2Advertisement', async () => {
    const run = await cli([
      'validate',
      '-f',
      await file('pools3.yaml', POOLS),
      '-f',
      await file('l2dup.yaml', L2_DUPLICATE_POOL_NAME),
    ]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      'L2Advertisement/twice spec.ipAddressPools[1]: duplicate definition of ipAddressPools "staging"',
    ]);
  });

  it('lets an L2Advertisement name an unknown pool, as MetalLB does (ignored)', async () => {
    const run = await cli(['validate', '-f', await file('l2unknown.yaml', L2_UNKNOWN_POOL)]);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('reports every problem of every file in one run', async () => {
    const run = await cli([
      'validate',
      '-f',
      await file('o.yaml', OVERLAPPING),
      '-f',
      await file('b.yaml', BAD_CIDR),
    ]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toHaveLength(2);
  });

  it('reports a YAML syntax error as one line naming the file and document', async () => {
    const path = await file('syntax.yaml', SYNTAX_ERROR);
    const run = await cli(['validate', '-f', path]);
    expect(run.code).toBe(1);
    const out = lines(run.stderr);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: document 2: `),
    );
  });

  it('exits 1 naming a missing file', async () => {
    const path = join(dir, 'nope.yaml');
    const run = await cli(['validate', '-f', path]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      `${path}: cannot read: ENOENT: no such file or directory, stat '${path}'`,
    ]);
  });

  it('exits 2 with the usage on a bad controller flag', async () => {
    const run = await cli(['--metrics-port', 'many']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: --metrics-port must be a port number/);
    expect(run.stderr).toContain('Usage:');
  });

  it('exits 1 with a JSON log line when the kubeconfig cannot be read', async () => {
    const run = await cli(['--kubeconfig', '/nonexistent/kubeconfig', '--metrics-port', 'off']);
    expect(run.code).toBe(1);
    const line = JSON.parse(run.stderr.trim().split('\n')[0] ?? '{}');
    expect(line).toMatchObject({ msg: 'cannot load the kubeconfig' });
  });

  it('prints the usage on stdout for --help', async () => {
    const run = await cli(['validate', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('baremetal-lb-controller validate -f FILE [-f FILE ...]');
  });
});
