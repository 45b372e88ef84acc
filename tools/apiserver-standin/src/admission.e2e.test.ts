/**
 * A validating webhook behind a Service, wired as on a cluster: the configuration names the
 * Service, an EndpointSlice points it at a local HTTPS server, and the namespaceSelector
 * matches the namespace's labels in the store. A denial refuses the write with the webhook's
 * message; writes the webhook does not select go through untouched.
 */

import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Standin, startStandin } from './index.js';
import { generateServingCertificate } from './tls.js';

/** JSON from the server, read freely in assertions. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary API JSON
type Json = any;

let standin: Standin;
let webhook: Server;
let reviews: Record<string, Json>[];

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${standin.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, Json> };
}

beforeEach(async () => {
  reviews = [];
  const cert = await generateServingCertificate(['guard.webhooks.svc']);
  webhook = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    let text = '';
    req.on('data', (c) => {
      text += c;
    });
    req.on('end', () => {
      const review = JSON.parse(text);
      reviews.push(review);
      const denied = review.request.object?.metadata?.labels?.deny === 'true';
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          apiVersion: 'admission.k8s.io/v1',
          kind: 'AdmissionReview',
          response: {
            uid: review.request.uid,
            allowed: !denied,
            ...(denied && {
              status: { code: 403, message: 'configmaps labelled deny=true are refused' },
            }),
          },
        }),
      );
    });
  });
  webhook.listen(0, '127.0.0.1');
  await once(webhook, 'listening');
  const { port } = webhook.address() as AddressInfo;

  standin = await startStandin();
  for (const [name, labels] of [
    ['webhooks', {}],
    ['guarded', { guard: 'on' }],
  ] as const) {
    await call('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels },
    });
  }
  await call('POST', '/api/v1/namespaces/webhooks/services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'guard' },
    spec: { ports: [{ name: 'https', port: 443, targetPort: 9443 }] },
  });
  await call('POST', '/apis/discovery.k8s.io/v1/namespaces/webhooks/endpointslices', {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'guard-abcde', labels: { 'kubernetes.io/service-name': 'guard' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
    ports: [{ name: 'https', port, protocol: 'TCP' }],
  });
  const created = await call(
    'POST',
    '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'guard' },
      webhooks: [
        {
          name: 'guard.example.com',
          admissionReviewVersions: ['v1'],
          sideEffects: 'None',
          failurePolicy: 'Fail',
          clientConfig: {
            service: { namespace: 'webhooks', name: 'guard', path: '/validate' },
            caBundle: Buffer.from(cert.caPem).toString('base64'),
          },
          namespaceSelector: { matchLabels: { guard: 'on' } },
          rules: [
            {
              operations: ['CREATE', 'UPDATE'],
              apiGroups: [''],
              apiVersions: ['v1'],
              resources: ['configmaps'],
            },
          ],
        },
      ],
    },
  );
  expect(created.status).toBe(201);
});

afterEach(async () => {
  await standin.close();
  webhook.closeAllConnections();
  webhook.close();
});

const configMap = (name: string, labels: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
});

describe('validating admission webhooks', () => {
  it('refuses what the webhook denies, with its message', async () => {
    const refused = await call(
      'POST',
      '/api/v1/namespaces/guarded/configmaps',
      configMap('no', { deny: 'true' }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(
      'admission webhook "guard.example.com" denied the request: configmaps labelled deny=true are refused',
    );
    expect((await call('GET', '/api/v1/namespaces/guarded/configmaps/no')).status).toBe(404);
    const allowed = await call(
      'POST',
      '/api/v1/namespaces/guarded/configmaps',
      configMap('yes', {}),
    );
    expect(allowed.status).toBe(201);
    expect(reviews.map((r) => r.request.name)).toEqual(['no', 'yes']);
    expect(reviews[0]!.request).toMatchObject({
      operation: 'CREATE',
      namespace: 'guarded',
      kind: { kind: 'ConfigMap' },
    });
  });

  it('leaves alone the namespaces its namespaceSelector does not select', async () => {
    const reply = await call(
      'POST',
      '/api/v1/namespaces/default/configmaps',
      configMap('free', { deny: 'true' }),
    );
    expect(reply.status).toBe(201);
    expect(reviews).toEqual([]);
  });
});
