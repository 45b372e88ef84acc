/**
 * kubectl 1.32 patch against the stand-in: each --type (merge, json, strategic, the default),
 * a status patch through --subresource=status, and a patch that changes nothing.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, type KubectlEnv, kubectlEnv } from './harness.js';

let env: KubectlEnv;

beforeEach(async () => {
  env = await kubectlEnv();
  await api(env.standin, 'POST', '/api/v1/namespaces/default/services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: { type: 'LoadBalancer', ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  });
});

afterEach(async () => {
  await env.close();
});

const stored = async () =>
  (await api(env.standin, 'GET', '/api/v1/namespaces/default/services/web')).body;

describe('kubectl patch', () => {
  it('applies merge and json patches', async () => {
    expect(
      await env.kubectl([
        'patch',
        'service',
        'web',
        '--type=merge',
        '-p',
        '{"metadata":{"labels":{"a":"1"}}}',
      ]),
    ).toMatchObject({ code: 0, stdout: 'service/web patched\n' });
    expect(
      await env.kubectl([
        'patch',
        'service',
        'web',
        '--type=json',
        '-p',
        '[{"op":"add","path":"/metadata/labels/b","value":"2"}]',
      ]),
    ).toMatchObject({ code: 0, stdout: 'service/web patched\n' });
    expect((await stored()).metadata.labels).toEqual({ a: '1', b: '2' });
  });

  it('applies a strategic merge patch by merge key (the default type)', async () => {
    const patched = await env.kubectl([
      'patch',
      'service',
      'web',
      '-p',
      '{"spec":{"ports":[{"port":80,"targetPort":9999}]}}',
    ]);
    expect(patched).toMatchObject({ code: 0, stdout: 'service/web patched\n' });
    expect((await stored()).spec.ports).toEqual([
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 9999, nodePort: expect.any(Number) },
    ]);
  });

  it('patches /status with --subresource=status', async () => {
    const patched = await env.kubectl([
      'patch',
      'service',
      'web',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.40"}]}}}',
    ]);
    expect(patched).toMatchObject({ code: 0, stdout: 'service/web patched\n' });
    expect((await stored()).status.loadBalancer.ingress).toEqual([{ ip: '192.0.2.40' }]);
  });

  it('reports a patch that changes nothing', async () => {
    const noop = await env.kubectl([
      'patch',
      'service',
      'web',
      '--type=merge',
      '-p',
      '{"spec":{"type":"LoadBalancer"}}',
    ]);
    expect(noop).toMatchObject({ code: 0, stdout: 'service/web patched (no change)\n' });
  });

  it('answers a failing json patch test op with 422', async () => {
    const failed = await env.kubectl([
      'patch',
      'service',
      'web',
      '--type=json',
      '-p',
      '[{"op":"test","path":"/spec/type","value":"ClusterIP"}]',
    ]);
    // A failed test op is a 422 without causes, which kubectl words generically.
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain(
      'The request is invalid: the server rejected our request due to an error in our request',
    );
  });
});
