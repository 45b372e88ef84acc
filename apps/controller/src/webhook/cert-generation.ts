/**
 * The webhook's certificates without Kubernetes: a CA and a serving certificate signed by it
 * (`selfsigned`, EC P-256, SHA-256), and the check that a stored pair is still fit to serve.
 * MetalLB gets the same from open-policy-agent/cert-controller: a 10-year CA and serving
 * certificate for `<service>.<namespace>.svc`, renewed ahead of expiry.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

/** PEM texts of one serving certificate, its key, and the CA that signed it. */
export interface WebhookCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  readonly caPem: string;
}

/** What the serving certificate must be valid for. */
export interface CertificateNames {
  readonly dnsNames: readonly string[];
  readonly ips: readonly string[];
}

/** Renew when fewer days than this remain. */
export const RENEW_BEFORE_DAYS = 30;
const DAY_MS = 86_400_000;
const LIFETIME_MS = 10 * 365 * DAY_MS;

/** The DNS names a Service is reached by from the API server, most specific last. */
export function serviceDnsNames(service: string, namespace: string): string[] {
  return [
    service,
    `${service}.${namespace}`,
    `${service}.${namespace}.svc`,
    `${service}.${namespace}.svc.cluster.local`,
  ];
}

/**
 * A new CA and a serving certificate for `names`, both valid from one minute ago (clock skew)
 * for ten years.
 */
export async function generateWebhookCertificate(
  names: CertificateNames,
  now: Date = new Date(),
): Promise<WebhookCertificate> {
  const notBeforeDate = new Date(now.getTime() - 60_000);
  const notAfterDate = new Date(now.getTime() + LIFETIME_MS);
  const common = { keyType: 'ec', algorithm: 'sha256', notBeforeDate, notAfterDate } as const;
  const ca = await generate(
    [
      { name: 'commonName', value: 'metallb-webhook-ca' },
      { name: 'organizationName', value: 'metallb' },
    ],
    {
      ...common,
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        {
          name: 'keyUsage',
          keyCertSign: true,
          cRLSign: true,
          digitalSignature: true,
          critical: true,
        },
      ],
    },
  );
  const serving = await generate(
    [{ name: 'commonName', value: names.dnsNames[2] ?? names.dnsNames[0] ?? 'webhook' }],
    {
      ...common,
      ca: { key: ca.private, cert: ca.cert },
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            ...names.dnsNames.map((value) => ({ type: 2 as const, value })),
            ...names.ips.map((ip) => ({ type: 7 as const, ip })),
          ],
        },
      ],
    },
  );
  return { certPem: serving.cert, keyPem: serving.private, caPem: ca.cert };
}

/**
 * Why a stored certificate must be replaced, or undefined when it can serve: unparsable,
 * not yet valid, expiring within {@link RENEW_BEFORE_DAYS} days (itself or its CA), missing
 * one of `names`, not signed by the CA, or not matching the key.
 */
export function certificateProblem(
  pems: Partial<WebhookCertificate>,
  names: CertificateNames,
  now: Date = new Date(),
): string | undefined {
  if (!pems.certPem || !pems.keyPem || !pems.caPem) return 'certificate, key or CA missing';
  let cert: X509Certificate;
  let ca: X509Certificate;
  try {
    cert = new X509Certificate(pems.certPem);
    ca = new X509Certificate(pems.caPem);
    if (!cert.checkPrivateKey(createPrivateKey(pems.keyPem))) return 'key does not match';
  } catch (err) {
    return `unreadable: ${(err as Error).message}`;
  }
  if (!ca.ca || !cert.verify(ca.publicKey)) return 'certificate not signed by the CA';
  const horizon = now.getTime() + RENEW_BEFORE_DAYS * DAY_MS;
  for (const c of [cert, ca]) {
    if (Date.parse(c.validFrom) > now.getTime()) return 'not yet valid';
    if (Date.parse(c.validTo) < horizon) return `expires ${c.validTo}`;
  }
  for (const name of names.dnsNames) {
    if (cert.checkHost(name, { subject: 'never', wildcards: false }) === undefined) {
      return `not valid for ${name}`;
    }
  }
  for (const ip of names.ips) {
    if (cert.checkIP(ip) === undefined) return `not valid for ${ip}`;
  }
  return undefined;
}
