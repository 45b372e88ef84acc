/**
 * End to end: the API stand-in with MetalLB's CRDs, our webhook server on a loopback port,
 * the ValidatingWebhookConfiguration from deploy/controller/webhook.yaml pointed at it by URL,
 * its caBundle written by ensureWebhookCertificate, and the real kubectl applying pools.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeObject } from '@baremetal-lb/config';
import {
  AdmissionregistrationV1Api,
  CustomObjectsApi,
  KubeConfig,
  type V1ValidatingWebhookConfiguration,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { type KubectlEnv, startKubectlEnv } from '../testing/kubectl.js';
import { ensureWebhookCertificate } from './certificates.js';
import { startWebhookServer, type WebhookServer } from './server.js';

const REPO = join(import.meta.dirname, '../../../..');
const NS = 'metallb-system';
const quiet = { info() {}, warn() {}, error() {} };

let env: KubectlEnv;
let server: WebhookServer | undefined;
let kc: KubeConfig;
let cache: KubeObject[] = [];

async function refreshCache(): Promise<void> {
  const list = (await kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
    group: 'metallb.io',
    version: 'v1beta1',
    namespace: NS,
    plural: 'ipaddresspools',
  })) as { items: KubeObject[] };
  cache = list.items.map((o) => ({
    apiVersion: 'metallb.io/v1beta1',
    kind: 'IPAddressPool',
    ...o,
  }));
}

async function apply(name: string, yaml: string) {
  await refreshCache();
  return env.kubectl(['apply', '-f', await env.manifest(name, yaml)]);
}

const poolYaml = (name: string, cidr: string, ns = NS) => `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  addresses:
    - ${cidr}
`;

beforeAll(async () => {
  env = await startKubectlEnv();
  kc = new KubeConfig();
  kc.loadFromString(env.standin.kubeconfig);
  const nsYaml = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${NS}\n`;
  const ns = await env.kubectl(['apply', '-f', await env.manifest('ns.yaml', nsYaml)]);
  expect(ns.code, ns.stderr).toBe(0);
  const crds = await env.kubectl(['apply', '-f', join(REPO, 'deploy/crds')]);
  expect(crds.code, crds.stderr).toBe(0);
  const certOptions = {
    namespace: NS,
    secretName: 'metallb-webhook-cert',
    serviceName: 'metallb-webhook-service',
    webhookConfigurationName: 'metallb-webhook-configuration',
    conversionCrds: ['bgppeers.metallb.io'],
    extraIps: ['127.0.0.1'],
    log: quiet,
  };
  const tls = await ensureWebhookCertificate(kc, certOptions);
  server = await startWebhookServer({
    port: 0,
    host: '127.0.0.1',
    tls,
    log: quiet,
    context: { namespace: NS, bgpMode: 'native', existing: () => cache },
  });
  const docs = parseAllDocuments(
    await readFile(join(REPO, 'deploy/controller/webhook.yaml'), 'utf8'),
  );
  const vwc = docs.map((d) => d.toJSON()).find((d) => d.kind === 'ValidatingWebhookConfiguration');
  for (const w of vwc.webhooks) {
    w.clientConfig = { url: `https://127.0.0.1:${server.port}${w.clientConfig.service.path}` };
  }
  await kc
    .makeApiClient(AdmissionregistrationV1Api)
    .createValidatingWebhookConfiguration({ body: vwc as V1ValidatingWebhookConfiguration });
  // A second call finds the stored certificate and now patches the caBundle in.
  const again = await ensureWebhookCertificate(kc, certOptions);
  expect(again.certPem).toBe(tls.certPem);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await env?.close();
});

describe('validating webhook behind kubectl', () => {
  it('admits a good pool and refuses an overlapping one, naming the object and field', async () => {
    const good = await apply('good.yaml', poolYaml('good', '10.0.0.0/8'));
    expect(good.code, good.stderr).toBe(0);
    const bad = await apply('bad.yaml', poolYaml('bad', '10.1.0.0/16'));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain(
      'admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request',
    );
    expect(bad.stderr).toContain(
      'IPAddressPool/bad spec.addresses[0]: CIDR "10.1.0.0/16" in pool "bad" overlaps with already defined CIDR "10.0.0.0/8"',
    );
  }, 60_000);

  it('refuses a pool outside MetalLB namespace with MetalLB text', async () => {
    const r = await apply('elsewhere.yaml', poolYaml('elsewhere', '192.0.2.0/24', 'default'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`resource must be created in ${NS} namespace`);
  }, 60_000);
});
