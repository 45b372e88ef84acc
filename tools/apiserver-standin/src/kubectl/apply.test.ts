/**
 * kubectl 1.32 writes against the stand-in: client-side apply (create, then a strategic merge
 * patch, then "unchanged"), server-side apply with a conflict, create -f, replace -f with a
 * stale resourceVersion, delete. Assertions are on what kubectl prints and its exit code, and
 * on what the server stored.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, type KubectlEnv, kubectlEnv } from './harness.js';

let env: KubectlEnv;

beforeEach(async () => {
  env = await kubectlEnv();
});

afterEach(async () => {
  await env.close();
});

const service = (targetPort: number) => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: default
  labels:
    app: web
spec:
  type: LoadBalancer
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: ${targetPort}
`;

const configMap = (data: string, extra = '') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  namespace: default
${extra}data:
  ${data}
`;

describe('kubectl apply (client-side)', () => {
  it('creates, then configures through a strategic merge patch, then reports unchanged', async () => {
    const file = await env.manifest('svc.yaml', service(8080));
    const created = await env.kubectl(['apply', '-f', file]);
    expect(created).toMatchObject({ code: 0, stdout: 'service/web created\n' });
    await env.manifest('svc.yaml', service(9090));
    const configured = await env.kubectl(['apply', '-f', file]);
    expect(configured).toMatchObject({ code: 0, stdout: 'service/web configured\n' });
    const stored = await api(env.standin, 'GET', '/api/v1/namespaces/default/services/web');
    // Merged by the port merge key: name and protocol survive, no directive is stored.
    expect(stored.body.spec.ports).toEqual([
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 9090, nodePort: expect.any(Number) },
    ]);
    expect(JSON.stringify(stored.body)).not.toContain('$setElementOrder');
    const unchanged = await env.kubectl(['apply', '-f', file]);
    expect(unchanged).toMatchObject({ code: 0, stdout: 'service/web unchanged\n' });
  });
});

describe('kubectl apply --server-side', () => {
  it('creates and updates, and refuses another manager until it forces', async () => {
    const file = await env.manifest('cm.yaml', configMap('a: "1"'));
    expect(await env.kubectl(['apply', '--server-side', '-f', file])).toMatchObject({
      code: 0,
      stdout: 'configmap/cfg serverside-applied\n',
    });
    await env.manifest('cm.yaml', configMap('a: "2"'));
    expect(await env.kubectl(['apply', '--server-side', '-f', file])).toMatchObject({
      code: 0,
      stdout: 'configmap/cfg serverside-applied\n',
    });
    await env.manifest('cm.yaml', configMap('a: "3"'));
    const conflict = await env.kubectl([
      'apply',
      '--server-side',
      '--field-manager=other',
      '-f',
      file,
    ]);
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl"');
    const forced = await env.kubectl([
      'apply',
      '--server-side',
      '--field-manager=other',
      '--force-conflicts',
      '-f',
      file,
    ]);
    expect(forced.code).toBe(0);
    const stored = await api(env.standin, 'GET', '/api/v1/namespaces/default/configmaps/cfg');
    expect(stored.body.data).toEqual({ a: '3' });
  });
});

describe('kubectl create -f, replace -f, delete', () => {
  it('creates, and refuses a duplicate with AlreadyExists', async () => {
    const file = await env.manifest('cm.yaml', configMap('a: "1"'));
    expect(await env.kubectl(['create', '-f', file])).toMatchObject({
      code: 0,
      stdout: 'configmap/cfg created\n',
    });
    const again = await env.kubectl(['create', '-f', file]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('Error from server (AlreadyExists)');
    expect(again.stderr).toContain('configmaps "cfg" already exists');
  });

  it('replaces, and answers a stale resourceVersion with Conflict', async () => {
    const file = await env.manifest('cm.yaml', configMap('a: "1"'));
    await env.kubectl(['create', '-f', file]);
    const { stdout } = await env.kubectl(['get', 'configmap', 'cfg', '-o', 'json']);
    const current = JSON.parse(stdout);
    const rv = current.metadata.resourceVersion;
    const replaceFile = await env.manifest(
      'replace.yaml',
      configMap('a: "2"', `  resourceVersion: "${rv}"\n`),
    );
    expect(await env.kubectl(['replace', '-f', replaceFile])).toMatchObject({
      code: 0,
      stdout: 'configmap/cfg replaced\n',
    });
    const stale = await env.kubectl(['replace', '-f', replaceFile]);
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toContain('Error from server (Conflict)');
    expect(stale.stderr).toContain(
      'Operation cannot be fulfilled on configmaps "cfg": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('deletes, after which get says NotFound', async () => {
    const file = await env.manifest('cm.yaml', configMap('a: "1"'));
    await env.kubectl(['create', '-f', file]);
    expect(await env.kubectl(['delete', 'configmap', 'cfg'])).toMatchObject({
      code: 0,
      stdout: 'configmap "cfg" deleted\n',
    });
    const gone = await env.kubectl(['get', 'configmap', 'cfg']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('Error from server (NotFound): configmaps "cfg" not found');
  });
});
