import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWebhookCertificate, type WebhookCertificate } from './cert-generation.js';
import { MAX_BODY_BYTES, startWebhookServer, type WebhookServer } from './server.js';
import { admissionReviewOf, context, conversionReviewOf, cr } from './test-reviews.js';
import type { AdmissionContext } from './types.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const quiet = { info() {}, warn() {}, error() {} };
let pems: WebhookCertificate;
let server: WebhookServer;
let existing: AdmissionContext['existing'] = () => [];

function post(
  path: string,
  body: string | Buffer,
  opts: { method?: string; type?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: opts.method ?? 'POST',
        ca: pems.caPem,
        servername: 'localhost',
        agent: false,
        headers: { 'Content-Type': opts.type ?? 'application/json' },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    // A server that answers before reading all of a big body may reset the upload: not an error here.
    req.on('error', (err) =>
      (err as NodeJS.ErrnoException).code === 'EPIPE' ? undefined : reject(err),
    );
    req.end(opts.method === 'GET' ? undefined : body);
  });
}

const goodPool = cr('IPAddressPool', 'p', { addresses: ['10.0.0.0/24'] });
const poolPath = '/validate-metallb-io-v1beta1-ipaddresspool';

beforeAll(async () => {
  pems = await generateWebhookCertificate({ dnsNames: ['localhost'], ips: ['127.0.0.1'] });
  server = await startWebhookServer({
    port: 0,
    host: '127.0.0.1',
    tls: pems,
    log: quiet,
    context: { ...context([]), existing: () => existing() },
  });
});

afterAll(async () => {
  await server?.close();
});

describe('startWebhookServer', () => {
  it('answers an AdmissionReview on its path with the review (query string ignored)', async () => {
    const r = await post(
      `${poolPath}?timeout=10s`,
      JSON.stringify(admissionReviewOf('CREATE', goodPool)),
    );
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r.body)).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'uid-1', allowed: true },
    });
  });

  it('returns a denial as HTTP 200 with allowed false', async () => {
    const bad = cr('IPAddressPool', 'p', { addresses: ['1.2.3.0/33'] });
    const r = await post(poolPath, JSON.stringify(admissionReviewOf('CREATE', bad)));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).response).toMatchObject({ allowed: false, status: { code: 403 } });
  });

  it('refuses a kind sent to another kind’s path inside the review', async () => {
    const r = await post(
      '/validate-metallb-io-v1beta2-bgppeer',
      JSON.stringify(admissionReviewOf('CREATE', goodPool)),
    );
    expect(JSON.parse(r.body).response).toMatchObject({ allowed: false, status: { code: 400 } });
  });

  it('serves /convert', async () => {
    const peer = cr('BGPPeer', 'x', { myASN: 1, peerASN: 2, peerAddress: '1.1.1.1' });
    const r = await post(
      '/convert',
      JSON.stringify(conversionReviewOf('metallb.io/v1beta2', [peer])),
    );
    expect(r.status).toBe(200);
    const reply = JSON.parse(r.body);
    expect(reply.response.result.status).toBe('Success');
    expect(reply.response.convertedObjects[0].apiVersion).toBe('metallb.io/v1beta2');
  });

  it('maps bad requests to 404, 405, 415, 400 and 413', async () => {
    const review = JSON.stringify(admissionReviewOf('CREATE', goodPool));
    expect((await post('/nope', review)).status).toBe(404);
    const get = await post(poolPath, '', { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await post(poolPath, review, { type: 'text/plain' })).status).toBe(415);
    expect((await post(poolPath, review, { type: 'application/json; charset=utf-8' })).status).toBe(
      200,
    );
    expect((await post(poolPath, '{not json')).status).toBe(400);
    expect((await post(poolPath, '[]')).status).toBe(400);
    expect(
      (
        await post(
          poolPath,
          JSON.stringify({ kind: 'AdmissionReview', apiVersion: 'admission.k8s.io/v1' }),
        )
      ).status,
    ).toBe(400);
    expect((await post('/convert', review)).status).toBe(400);
    expect((await post(poolPath, Buffer.alloc(MAX_BODY_BYTES + 1, 0x20))).status).toBe(413);
  });

  it('answers 500 when the cluster view fails, and keeps serving', async () => {
    existing = () => {
      throw new Error('cache not synced');
    };
    try {
      expect(
        (await post(poolPath, JSON.stringify(admissionReviewOf('CREATE', goodPool)))).status,
      ).toBe(500);
    } finally {
      existing = () => [];
    }
    expect(
      (await post(poolPath, JSON.stringify(admissionReviewOf('CREATE', goodPool)))).status,
    ).toBe(200);
  });

  it('closes idempotently', async () => {
    const other = await startWebhookServer({
      port: 0,
      host: '127.0.0.1',
      tls: pems,
      log: quiet,
      context: context([]),
    });
    expect(other.port).toBeGreaterThan(0);
    await Promise.all([other.close(), other.close()]);
    await other.close();
  });
});
