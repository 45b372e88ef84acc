/**
 * CRD conversion over HTTP: a CRD with conversion strategy Webhook keeps its objects in the
 * storage version, converting writes and reads of other versions through the webhook (a real
 * HTTPS server here); a webhook that cannot be reached fails the request with kube's 500; a
 * CRD with strategy None only relabels apiVersion and calls nothing.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestWebhookServer } from './admission/webhook-test-server.js';
import { conversionHandler, renameHost, thingsCrd } from './conversion/conversion-test-webhook.js';
import { rawCall } from './e2e-http.js';
import { type Standin, startStandin } from './index.js';

// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary API JSON
type Json = any;

let standin: Standin;
let webhook: TestWebhookServer;

beforeEach(async () => {
  standin = await startStandin();
  webhook = await TestWebhookServer.start();
  webhook.handler = conversionHandler(renameHost);
});

afterEach(async () => {
  await webhook.close();
  await standin.close();
});

const call = (
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> =>
  rawCall(standin.url, method, path, body === undefined ? {} : { body });

const v1 = '/apis/example.com/v1/namespaces/default/things';
const v2 = '/apis/example.com/v2/namespaces/default/things';

function webhookConversion(): Record<string, unknown> {
  return {
    strategy: 'Webhook',
    webhook: {
      clientConfig: {
        url: `https://127.0.0.1:${webhook.port}/convert`,
        caBundle: webhook.caBundle,
      },
      conversionReviewVersions: ['v1', 'v1beta1'],
    },
  };
}

async function createThing(name: string, host: string): Promise<Json> {
  const reply = await call('POST', v1, {
    apiVersion: 'example.com/v1',
    kind: 'Thing',
    metadata: { name, labels: { app: 'x' } },
    spec: { host, port: 179 },
  });
  expect(reply.status).toBe(201);
  return reply.body;
}

describe('conversion strategy Webhook', () => {
  beforeEach(async () => {
    expect(
      (
        await call(
          'POST',
          '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
          thingsCrd(webhookConversion()),
        )
      ).status,
    ).toBe(201);
  });

  it('stores a v1 create as v2 and reads it back through v1', async () => {
    const created = await createThing('a', '10.0.0.1');
    expect(created.apiVersion).toBe('example.com/v1');
    expect(created.spec).toEqual({ host: '10.0.0.1', port: 179 });
    const first = webhook.received[0]!.review as Json;
    expect(first.apiVersion).toBe('apiextensions.k8s.io/v1');
    expect(first.kind).toBe('ConversionReview');
    expect(first.request.desiredAPIVersion).toBe('example.com/v2');
    expect(first.request.objects).toHaveLength(1);
    expect(typeof first.request.uid).toBe('string');

    const asV2 = await call('GET', `${v2}/a`);
    expect(asV2.status).toBe(200);
    expect(asV2.body.apiVersion).toBe('example.com/v2');
    expect(asV2.body.spec).toEqual({ address: '10.0.0.1', port: 179 });

    const asV1 = await call('GET', `${v1}/a`);
    expect(asV1.body.apiVersion).toBe('example.com/v1');
    expect(asV1.body.spec).toEqual({ host: '10.0.0.1', port: 179 });
    expect(asV1.body.metadata.uid).toBe(asV2.body.metadata.uid);
  });

  it('converts a list in one ConversionReview', async () => {
    await createThing('a', '10.0.0.1');
    await createThing('b', '10.0.0.2');
    webhook.received = [];
    const list = await call('GET', v1);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: Json) => [i.apiVersion, i.spec.host])).toEqual([
      ['example.com/v1', '10.0.0.1'],
      ['example.com/v1', '10.0.0.2'],
    ]);
    expect(webhook.received).toHaveLength(1);
    expect((webhook.received[0]!.review as Json).request.objects).toHaveLength(2);
    webhook.received = [];
    expect((await call('GET', v2)).body.items[1].spec.address).toBe('10.0.0.2');
    expect(webhook.received).toHaveLength(0);
  });

  it('patches through v1: read, convert, patch, convert back', async () => {
    await createThing('a', '10.0.0.1');
    const patched: { status: number; body: Json } = await rawCall(standin.url, 'PATCH', `${v1}/a`, {
      body: { spec: { host: '10.0.0.9' } },
      contentType: 'application/merge-patch+json',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.spec).toEqual({ host: '10.0.0.9', port: 179 });
    expect((await call('GET', `${v2}/a`)).body.spec).toEqual({ address: '10.0.0.9', port: 179 });
  });

  it('converts watch events through v1, in order', async () => {
    await createThing('a', '10.0.0.1');
    await createThing('b', '10.0.0.2');
    const res = await fetch(`${standin.url}${v1}?watch=true&timeoutSeconds=1`);
    const events = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Json);
    expect(events.map((e) => [e.type, e.object.apiVersion, e.object.spec.host])).toEqual([
      ['ADDED', 'example.com/v1', '10.0.0.1'],
      ['ADDED', 'example.com/v1', '10.0.0.2'],
    ]);
  });

  it('fails with 500 and kube wording when the webhook is down', async () => {
    await createThing('a', '10.0.0.1');
    await webhook.close();
    const reply = await call('GET', `${v1}/a`);
    expect(reply.status).toBe(500);
    expect(reply.body.message).toMatch(
      /^conversion webhook for example\.com\/v2, Kind=Thing failed: Post "https:\/\/127\.0\.0\.1:\d+\/convert\?timeout=30s": dial tcp 127\.0\.0\.1:\d+: connect: connection refused$/,
    );
    webhook = await TestWebhookServer.start();
  });

  it('refuses a reply with another uid', async () => {
    webhook.handler = (review, _req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({ ...review, response: { uid: 'other', result: { status: 'Success' } } }),
      );
    };
    const reply = await call('POST', v1, {
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 'a' },
      spec: { host: 'h' },
    });
    expect(reply.status).toBe(500);
    expect(reply.body.message).toMatch(
      /^conversion webhook for example\.com\/v1, Kind=Thing failed: expected response\.uid="[^"]+", got "other"$/,
    );
    expect((await call('GET', `${v2}/a`)).status).toBe(404);
  });
});

describe('conversion strategy None', () => {
  it('relabels apiVersion and calls no webhook', async () => {
    expect(
      (await call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', thingsCrd()))
        .status,
    ).toBe(201);
    await createThing('a', '10.0.0.1');
    const asV2 = await call('GET', `${v2}/a`);
    expect(asV2.body.apiVersion).toBe('example.com/v2');
    expect(asV2.body.spec).toEqual({ host: '10.0.0.1', port: 179 });
    expect(webhook.received).toHaveLength(0);
  });
});
