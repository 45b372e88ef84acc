import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { generateServingCertificate } from './tls.js';

describe('generateServingCertificate', () => {
  it('makes a CA-signed leaf naming the loopback addresses and the given host', async () => {
    const cert = await generateServingCertificate(['standin.test']);
    const leaf = new X509Certificate(cert.certPem);
    const ca = new X509Certificate(cert.caPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toContain('DNS:standin.test');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkHost('localhost')).toBe('localhost');
  });

  it('serves HTTPS that a client trusting only the CA accepts', async () => {
    const cert = await generateServingCertificate();
    const server = createServer({ cert: cert.certPem, key: cert.keyPem }, (_req, res) =>
      res.end('ok'),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const text = await new Promise<string>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/', ca: cert.caPem }, (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () => resolve(body));
        })
          .on('error', reject)
          .end();
      });
      expect(text).toBe('ok');
      // And one that trusts nothing refuses it: the check is real.
      const refused = await new Promise<Error>((resolve) => {
        request({ host: '127.0.0.1', port, path: '/' }, () => resolve(new Error('accepted')))
          .on('error', resolve)
          .end();
      });
      expect((refused as NodeJS.ErrnoException).code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
