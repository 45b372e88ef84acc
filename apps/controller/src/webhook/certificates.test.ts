import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Standin, startStandin } from '@baremetal-lb/apiserver-standin';
import {
  AdmissionregistrationV1Api,
  ApiextensionsV1Api,
  CoreV1Api,
  KubeConfig,
  type V1CustomResourceDefinition,
  type V1ValidatingWebhookConfiguration,
} from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  certificateProblem,
  generateWebhookCertificate,
  serviceDnsNames,
} from './cert-generation.js';
import { type EnsureCertificateOptions, ensureWebhookCertificate } from './certificates.js';

const REPO = join(import.meta.dirname, '../../../..');
const NS = 'metallb-system';
const lines: string[] = [];
const log = {
  info: (o: object) => lines.push(JSON.stringify(o)),
  warn: (o: object) => lines.push(JSON.stringify(o)),
  error: () => {},
};
const options: EnsureCertificateOptions = {
  namespace: NS,
  secretName: 'metallb-webhook-cert',
  serviceName: 'metallb-webhook-service',
  webhookConfigurationName: 'metallb-webhook-configuration',
  conversionCrds: ['bgppeers.metallb.io'],
  log,
};
const names = { dnsNames: serviceDnsNames('metallb-webhook-service', NS), ips: [] };

let standin: Standin;
let kc: KubeConfig;

async function yamlDocs(path: string): Promise<Record<string, unknown>[]> {
  return parseAllDocuments(await readFile(join(REPO, path), 'utf8')).map((d) => d.toJSON());
}

async function installWebhookObjects(): Promise<void> {
  const [crd] = await yamlDocs('deploy/crds/bgppeers.yaml');
  await kc
    .makeApiClient(ApiextensionsV1Api)
    .createCustomResourceDefinition({ body: crd as unknown as V1CustomResourceDefinition });
  const webhooks = (await yamlDocs('deploy/controller/webhook.yaml')).find(
    (d) => d.kind === 'ValidatingWebhookConfiguration',
  );
  await kc.makeApiClient(AdmissionregistrationV1Api).createValidatingWebhookConfiguration({
    body: webhooks as unknown as V1ValidatingWebhookConfiguration,
  });
}

beforeEach(async () => {
  lines.length = 0;
  standin = await startStandin({ log: () => {} });
  kc = new KubeConfig();
  kc.loadFromString(standin.kubeconfig);
  await kc
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name: NS } } })
    .catch((err: { code?: number }) => {
      if (err.code !== 409) throw err;
    });
});

afterEach(async () => {
  await standin?.close();
});

describe('ensureWebhookCertificate', () => {
  it('creates a TLS Secret and sets caBundle on every webhook and on the conversion CRD', async () => {
    await installWebhookObjects();
    const pems = await ensureWebhookCertificate(kc, options);
    expect(certificateProblem(pems, names)).toBeUndefined();
    const secret = await kc
      .makeApiClient(CoreV1Api)
      .readNamespacedSecret({ name: options.secretName, namespace: NS });
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(Buffer.from(secret.data?.['tls.crt'] ?? '', 'base64').toString()).toBe(pems.certPem);
    const caBundle = Buffer.from(pems.caPem).toString('base64');
    const vwc = await kc
      .makeApiClient(AdmissionregistrationV1Api)
      .readValidatingWebhookConfiguration({ name: options.webhookConfigurationName });
    expect(vwc.webhooks?.map((w) => w.clientConfig.caBundle)).toEqual(Array(6).fill(caBundle));
    const crd = await kc
      .makeApiClient(ApiextensionsV1Api)
      .readCustomResourceDefinition({ name: 'bgppeers.metallb.io' });
    expect(crd.spec.conversion?.webhook?.clientConfig?.caBundle).toBe(caBundle);
  });

  it('reuses the stored certificate on a second call', async () => {
    const first = await ensureWebhookCertificate(kc, options);
    const second = await ensureWebhookCertificate(kc, options);
    expect(second).toEqual(first);
  });

  it('gives two racing replicas the same certificate', async () => {
    const [a, b] = await Promise.all([
      ensureWebhookCertificate(kc, options),
      ensureWebhookCertificate(kc, options),
    ]);
    expect(a.certPem).toBe(b.certPem);
    expect(a.caPem).toBe(b.caPem);
  });

  it('fills a chart-made empty Opaque Secret, keeping its type', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedSecret({
      namespace: NS,
      body: { metadata: { name: options.secretName }, type: 'Opaque' },
    });
    const pems = await ensureWebhookCertificate(kc, options);
    const secret = await core.readNamespacedSecret({ name: options.secretName, namespace: NS });
    expect(secret.type).toBe('Opaque');
    expect(Buffer.from(secret.data?.['ca.crt'] ?? '', 'base64').toString()).toBe(pems.caPem);
  });

  it('replaces a certificate missing a required name or about to expire', async () => {
    const first = await ensureWebhookCertificate(kc, options);
    const wider = await ensureWebhookCertificate(kc, { ...options, extraIps: ['127.0.0.1'] });
    expect(wider.certPem).not.toBe(first.certPem);
    expect(certificateProblem(wider, { ...names, ips: ['127.0.0.1'] })).toBeUndefined();
    const later = () => new Date(Date.now() + (10 * 365 - 20) * 86_400_000);
    const renewed = await ensureWebhookCertificate(kc, {
      ...options,
      extraIps: ['127.0.0.1'],
      now: later,
    });
    expect(renewed.certPem).not.toBe(wider.certPem);
  });

  it('logs and goes on when the webhook configuration and CRD are absent', async () => {
    await ensureWebhookCertificate(kc, options);
    expect(lines.join('\n')).toContain('webhookConfigMissing');
    expect(lines.join('\n')).toContain('crdMissing');
  });
});

describe('certificateProblem', () => {
  it('accepts a fresh certificate and names what is wrong with others', async () => {
    const pems = await generateWebhookCertificate({ dnsNames: ['a.example'], ips: ['::1'] });
    expect(certificateProblem(pems, { dnsNames: ['a.example'], ips: ['::1'] })).toBeUndefined();
    expect(certificateProblem(pems, { dnsNames: ['b.example'], ips: [] })).toBe(
      'not valid for b.example',
    );
    expect(certificateProblem({ ...pems, keyPem: undefined }, { dnsNames: [], ips: [] })).toMatch(
      /missing/,
    );
    const other = await generateWebhookCertificate({ dnsNames: ['a.example'], ips: [] });
    expect(certificateProblem({ ...pems, caPem: other.caPem }, { dnsNames: [], ips: [] })).toMatch(
      /not signed/,
    );
    expect(
      certificateProblem({ ...pems, keyPem: other.keyPem }, { dnsNames: [], ips: [] }),
    ).toMatch(/key/);
    expect(certificateProblem({ ...pems, certPem: 'junk' }, { dnsNames: [], ips: [] })).toMatch(
      /unreadable/,
    );
  });
});
