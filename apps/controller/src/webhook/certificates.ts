/**
 * The webhook's certificate in the cluster, as MetalLB's cert rotator keeps it: a Secret
 * (tls.crt, tls.key, ca.crt) shared by every controller replica, and the CA published as
 * caBundle in the ValidatingWebhookConfiguration and in the conversion webhook of each CRD
 * that converts (bgppeers.metallb.io). Replicas that start together race to create the
 * Secret; the loser's 409 makes it re-read and serve the winner's certificate, so all
 * replicas present certificates the one caBundle trusts.
 */
import {
  AdmissionregistrationV1Api,
  ApiextensionsV1Api,
  CoreV1Api,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Secret,
} from '@kubernetes/client-node';
import {
  type CertificateNames,
  certificateProblem,
  generateWebhookCertificate,
  serviceDnsNames,
  type WebhookCertificate,
} from './cert-generation.js';
import type { WebhookLog } from './server.js';

/** Options of {@link ensureWebhookCertificate}; MetalLB's names are the usual values. */
export interface EnsureCertificateOptions {
  readonly namespace: string;
  /** MetalLB: `metallb-webhook-cert`. */
  readonly secretName: string;
  /** MetalLB: `metallb-webhook-service`. */
  readonly serviceName: string;
  /** MetalLB: `metallb-webhook-configuration`. */
  readonly webhookConfigurationName: string;
  /** CRDs whose Webhook conversion gets the caBundle; MetalLB: `['bgppeers.metallb.io']`. */
  readonly conversionCrds: readonly string[];
  readonly extraDnsNames?: readonly string[];
  readonly extraIps?: readonly string[];
  readonly log: WebhookLog;
  /** The clock expiry is judged by; default the system clock. */
  readonly now?: () => Date;
}

const ATTEMPTS = 5;
const jsonPatch = () => setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);

function statusOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function pemsOf(secret: V1Secret): Partial<WebhookCertificate> {
  const get = (key: string) => {
    const v = secret.data?.[key];
    return v === undefined ? undefined : Buffer.from(v, 'base64').toString('utf8');
  };
  return { certPem: get('tls.crt'), keyPem: get('tls.key'), caPem: get('ca.crt') };
}

function dataOf(pems: WebhookCertificate): Record<string, string> {
  return { 'tls.crt': b64(pems.certPem), 'tls.key': b64(pems.keyPem), 'ca.crt': b64(pems.caPem) };
}

async function readSecret(
  core: CoreV1Api,
  o: EnsureCertificateOptions,
): Promise<V1Secret | undefined> {
  try {
    return await core.readNamespacedSecret({ name: o.secretName, namespace: o.namespace });
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

/** The usable certificate in the Secret, creating or replacing it when there is none. */
async function ensureSecret(
  core: CoreV1Api,
  o: EnsureCertificateOptions,
  names: CertificateNames,
): Promise<WebhookCertificate> {
  const now = o.now ?? (() => new Date());
  let fresh: WebhookCertificate | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const secret = await readSecret(core, o);
    if (secret !== undefined) {
      const pems = pemsOf(secret);
      const problem = certificateProblem(pems, names, now());
      if (problem === undefined) return pems as WebhookCertificate;
      o.log.info(
        { event: 'webhookCertRenew', secret: o.secretName, reason: problem },
        'renewing webhook certificate',
      );
    }
    fresh ??= await generateWebhookCertificate(names, now());
    try {
      if (secret === undefined) {
        await core.createNamespacedSecret({
          namespace: o.namespace,
          body: {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: o.secretName, namespace: o.namespace },
            type: 'kubernetes.io/tls',
            data: dataOf(fresh),
          },
        });
      } else {
        // The type of a Secret is immutable (a chart may have made it Opaque): keep it.
        await core.replaceNamespacedSecret({
          name: o.secretName,
          namespace: o.namespace,
          body: { ...secret, data: { ...secret.data, ...dataOf(fresh) } },
        });
      }
      o.log.info(
        { event: 'webhookCertIssued', secret: o.secretName },
        'stored new webhook certificate',
      );
      return fresh;
    } catch (err) {
      // Another replica wrote first: read again and use its certificate.
      if (statusOf(err) !== 409) throw err;
    }
  }
  throw new Error(
    `webhook certificate Secret ${o.namespace}/${o.secretName} kept changing; gave up after ${ATTEMPTS} attempts`,
  );
}

/** Sets caBundle on every webhook of the ValidatingWebhookConfiguration, if it exists. */
async function patchValidatingWebhooks(
  kc: KubeConfig,
  o: EnsureCertificateOptions,
  caBundle: string,
): Promise<void> {
  const api = kc.makeApiClient(AdmissionregistrationV1Api);
  const name = o.webhookConfigurationName;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    let config: Awaited<ReturnType<typeof api.readValidatingWebhookConfiguration>>;
    try {
      config = await api.readValidatingWebhookConfiguration({ name });
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
      o.log.info(
        { event: 'webhookConfigMissing', name },
        'no ValidatingWebhookConfiguration to patch',
      );
      return;
    }
    const body = (config.webhooks ?? []).flatMap((w, i) =>
      w.clientConfig?.caBundle === caBundle
        ? []
        : [
            // `test` makes the patch fail (422) if the list changed since the read.
            { op: 'test', path: `/webhooks/${i}/name`, value: w.name },
            { op: 'add', path: `/webhooks/${i}/clientConfig/caBundle`, value: caBundle },
          ],
    );
    if (body.length === 0) return;
    try {
      await api.patchValidatingWebhookConfiguration({ name, body }, jsonPatch());
      o.log.info({ event: 'caBundlePatched', name }, 'patched webhook caBundle');
      return;
    } catch (err) {
      if (statusOf(err) !== 422 && statusOf(err) !== 409) throw err;
    }
  }
  throw new Error(`ValidatingWebhookConfiguration ${name} kept changing; caBundle not set`);
}

/** Sets caBundle on the conversion webhook of one CRD, when its strategy is Webhook. */
async function patchConversionCrd(
  kc: KubeConfig,
  o: EnsureCertificateOptions,
  name: string,
  caBundle: string,
): Promise<void> {
  const api = kc.makeApiClient(ApiextensionsV1Api);
  let crd: Awaited<ReturnType<typeof api.readCustomResourceDefinition>>;
  try {
    crd = await api.readCustomResourceDefinition({ name });
  } catch (err) {
    if (statusOf(err) !== 404) throw err;
    o.log.warn({ event: 'crdMissing', name }, 'CRD not found; conversion caBundle not set');
    return;
  }
  const conversion = crd.spec.conversion;
  if (conversion?.strategy !== 'Webhook' || conversion.webhook?.clientConfig === undefined) {
    o.log.info({ event: 'crdNoConversionWebhook', name }, 'CRD has no conversion webhook');
    return;
  }
  if (conversion.webhook.clientConfig.caBundle === caBundle) return;
  const body = [
    { op: 'test', path: '/spec/conversion/strategy', value: 'Webhook' },
    { op: 'add', path: '/spec/conversion/webhook/clientConfig/caBundle', value: caBundle },
  ];
  await api.patchCustomResourceDefinition({ name, body }, jsonPatch());
  o.log.info({ event: 'caBundlePatched', name }, 'patched conversion webhook caBundle');
}

/**
 * Makes sure a usable webhook certificate exists in the Secret and that the API server
 * trusts its CA, and returns it.
 *
 * When to use: once at controller start, before `startWebhookServer`. Gotchas: the
 * certificate covers `<svc>`, `<svc>.<ns>`, `<svc>.<ns>.svc`,
 * `<svc>.<ns>.svc.cluster.local` plus the extras; a stored one missing any of them, or
 * expiring within 30 days, is replaced. A missing ValidatingWebhookConfiguration or CRD is
 * logged and skipped (the chart may not have applied it yet).
 *
 * @example
 * const tls = await ensureWebhookCertificate(kc, {
 *   namespace: 'metallb-system', secretName: 'metallb-webhook-cert',
 *   serviceName: 'metallb-webhook-service',
 *   webhookConfigurationName: 'metallb-webhook-configuration',
 *   conversionCrds: ['bgppeers.metallb.io'], log,
 * });
 */
export async function ensureWebhookCertificate(
  kc: KubeConfig,
  options: EnsureCertificateOptions,
): Promise<WebhookCertificate> {
  const names: CertificateNames = {
    dnsNames: [
      ...serviceDnsNames(options.serviceName, options.namespace),
      ...(options.extraDnsNames ?? []),
    ],
    ips: [...(options.extraIps ?? [])],
  };
  const pems = await ensureSecret(kc.makeApiClient(CoreV1Api), options, names);
  const caBundle = b64(pems.caPem);
  await patchValidatingWebhooks(kc, options, caBundle);
  for (const crd of options.conversionCrds) await patchConversionCrd(kc, options, crd, caBundle);
  return pems;
}
