/**
 * The stand-in over HTTPS (--tls): kubectl (Go's crypto/tls) and client-node (Node's) both
 * trust it through the CA the kubeconfig carries, with no insecure-skip-tls-verify.
 */

import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KubectlEnv, kubectlEnv } from './harness.js';

let env: KubectlEnv;

beforeEach(async () => {
  env = await kubectlEnv({ tls: true });
});

afterEach(async () => {
  await env.close();
});

describe('over HTTPS', () => {
  it('serves kubectl, which verifies the certificate against the kubeconfig CA', async () => {
    expect(env.standin.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const namespaces = await env.kubectl(['get', 'namespaces', '-o', 'name']);
    expect(namespaces).toMatchObject({ code: 0, stderr: '' });
    expect(namespaces.stdout.split('\n')).toContain('namespace/kube-system');
  });

  it('serves client-node with the same kubeconfig', async () => {
    const kc = new KubeConfig();
    kc.loadFromString(env.standin.kubeconfig);
    expect(kc.getCurrentCluster()?.skipTLSVerify).toBe(false);
    const list = await kc.makeApiClient(CoreV1Api).listNamespace();
    expect(list.items.map((n) => n.metadata?.name)).toContain('default');
  });
});
