/**
 * kubectl 1.32 with CustomResourceDefinitions: apply MetalLB's IPAddressPool CRD (the fixture
 * helper C keeps in src/crd/fixtures), wait for it to be established, apply pools of it, list
 * them with the CRD's printer columns, and see the resource type vanish with the CRD.
 */

import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KubectlEnv, kubectlEnv } from './harness.js';

const CRD_FILE = fileURLToPath(
  new URL('../crd/fixtures/metallb-ipaddresspools.crd.yaml', import.meta.url),
);

let env: KubectlEnv;

beforeEach(async () => {
  env = await kubectlEnv();
});

afterEach(async () => {
  await env.close();
});

const pool = (addresses: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: metallb-system
---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: pool1
  namespace: metallb-system
spec:
  addresses:
  - ${addresses}
`;

describe('kubectl with a CRD', () => {
  it('applies the CRD, then pools of it, and lists them with its columns', async () => {
    const crd = await env.kubectl(['apply', '-f', CRD_FILE]);
    expect(crd).toMatchObject({
      code: 0,
      stdout: 'customresourcedefinition.apiextensions.k8s.io/ipaddresspools.metallb.io created\n',
    });
    const established = await env.kubectl([
      'wait',
      '--for=condition=Established',
      'crd/ipaddresspools.metallb.io',
      '--timeout=30s',
    ]);
    expect(established).toMatchObject({
      code: 0,
      stdout:
        'customresourcedefinition.apiextensions.k8s.io/ipaddresspools.metallb.io condition met\n',
    });
    const file = await env.manifest('pool.yaml', pool('192.0.2.0/28'));
    expect(await env.kubectl(['apply', '-f', file])).toMatchObject({
      code: 0,
      stdout: 'namespace/metallb-system created\nipaddresspool.metallb.io/pool1 created\n',
    });
    await env.manifest('pool.yaml', pool('192.0.2.16/28'));
    expect((await env.kubectl(['apply', '-f', file])).stdout).toBe(
      'namespace/metallb-system unchanged\nipaddresspool.metallb.io/pool1 configured\n',
    );
    const listed = await env.kubectl(['get', 'ipaddresspools', '-n', 'metallb-system']);
    const [header, row] = listed.stdout.trimEnd().split('\n');
    // The CRD's own columns only: the apiserver adds AGE only to CRDs that define none.
    expect(header!.split(/\s{2,}/)).toEqual([
      'NAME',
      'AUTO ASSIGN',
      'AVOID BUGGY IPS',
      'ADDRESSES',
    ]);
    expect(row).toMatch(/^pool1\s+true\s+false\s+\["192\.0\.2\.16\/28"\]$/);
  });

  it('refuses a pool that breaks the schema, and forgets the type with the CRD', async () => {
    await env.kubectl(['apply', '-f', CRD_FILE]);
    const bad = await env.manifest(
      'bad.yaml',
      'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: bad\n  namespace: default\nspec:\n  addresses: 7\n',
    );
    const refused = await env.kubectl(['apply', '-f', bad]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('spec.addresses');
    expect(await env.kubectl(['delete', 'crd', 'ipaddresspools.metallb.io'])).toMatchObject({
      code: 0,
      stdout: 'customresourcedefinition.apiextensions.k8s.io "ipaddresspools.metallb.io" deleted\n',
    });
    // kubectl still has the type in its discovery cache, so it asks and gets the 404.
    const gone = await env.kubectl(['get', 'ipaddresspools', '-A']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain(
      'Error from server (NotFound): Unable to list "metallb.io/v1beta1, Resource=ipaddresspools": the server could not find the requested resource',
    );
    // A kubectl with a fresh cache no longer knows the type at all.
    const fresh = await env.kubectl([
      '--cache-dir',
      `${env.dir}/cache2`,
      'get',
      'ipaddresspools',
      '-A',
    ]);
    expect(fresh.stderr).toContain('the server doesn\'t have a resource type "ipaddresspools"');
  });
});
