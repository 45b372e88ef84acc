/**
 * A serving certificate for `--tls`: a throwaway CA and a leaf it signs, both EC P-256 (fast to
 * make, accepted by Go's crypto/tls and Node alike). The leaf names every address a client may
 * dial (localhost, 127.0.0.1, ::1 and the listen host) as subjectAltNames, because Go ignores
 * the CN. The CA's PEM goes into the kubeconfig as `certificate-authority-data`.
 */

import { isIP } from 'node:net';
import { generate } from 'selfsigned';

/** PEM texts for an HTTPS listener and the kubeconfig that trusts it. */
export interface ServingCertificate {
  /** The CA certificate (what clients trust). */
  readonly caPem: string;
  /** The server's certificate, signed by the CA. */
  readonly certPem: string;
  /** The server's private key. */
  readonly keyPem: string;
}

/** Builds a fresh CA and a serving certificate for `hosts` (plus the loopback names). */
export async function generateServingCertificate(
  hosts: readonly string[] = [],
): Promise<ServingCertificate> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 365 * 24 * 3600 * 1000);
  const ca = await generate([{ name: 'commonName', value: 'apiserver-standin-ca' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
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
  });
  const names = new Set(['localhost', '127.0.0.1', '::1', ...hosts]);
  names.delete('');
  names.delete('0.0.0.0');
  names.delete('::');
  const altNames = [...names].map((n) =>
    isIP(n) === 0 ? { type: 2 as const, value: n } : { type: 7 as const, ip: n },
  );
  const leaf = await generate([{ name: 'commonName', value: 'apiserver-standin' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { caPem: ca.cert, certPem: leaf.cert, keyPem: leaf.private };
}
