/**
 * The CRD lifecycle over HTTP (KUBE-API.md §5 item 9): a CRD becomes Established, appears in
 * discovery and /openapi/v3, its objects are validated against its schema and served at every
 * served version; deleting it deletes its objects (DELETED to their watchers) and the resource
 * then 404s.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiException, CustomObjectsApi, KubeConfig, Watch } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Standin, startStandin } from './index.js';

/** JSON from the server, read freely in assertions. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary API JSON
type Json = any;

let standin: Standin;
let kc: KubeConfig;
let custom: CustomObjectsApi;

beforeEach(async () => {
  standin = await startStandin();
  kc = new KubeConfig();
  kc.loadFromString(standin.kubeconfig);
  custom = kc.makeApiClient(CustomObjectsApi);
});

afterEach(async () => {
  await standin.close();
});

/** A small namespaced CRD: two served versions, a status subresource, a defaulted field. */
const WIDGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: {
      plural: 'widgets',
      singular: 'widget',
      kind: 'Widget',
      listKind: 'WidgetList',
      shortNames: ['wd'],
    },
    versions: ['v1', 'v1beta1'].map((name) => ({
      name,
      served: true,
      storage: name === 'v1',
      subresources: { status: {} },
      additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            spec: {
              type: 'object',
              required: ['size'],
              properties: {
                size: { type: 'integer', minimum: 1 },
                color: { type: 'string', default: 'blue', enum: ['blue', 'red'] },
              },
            },
            status: { type: 'object', properties: { ready: { type: 'boolean' } } },
          },
        },
      },
    })),
  },
};

async function call(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
) {
  const res = await fetch(`${standin.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': contentType },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, Json> };
}

const WIDGETS = '/apis/example.com/v1/namespaces/default/widgets';

function widget(name: string, spec: Record<string, unknown> = { size: 3 }) {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name }, spec };
}

describe('CRD lifecycle', () => {
  it('establishes a created CRD and serves it in discovery and openapi', async () => {
    expect(
      (await call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', WIDGET_CRD))
        .status,
    ).toBe(201);
    const crd = await call(
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com',
    );
    expect(crd.body.status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Established', status: 'True' }),
        expect.objectContaining({ type: 'NamesAccepted', status: 'True' }),
      ]),
    );
    expect(crd.body.status.acceptedNames).toMatchObject({ kind: 'Widget', plural: 'widgets' });
    expect(crd.body.status.storedVersions).toEqual(['v1']);
    const groups = await call('GET', '/apis');
    expect(groups.body.groups.map((g: { name: string }) => g.name)).toContain('example.com');
    const resources = await call('GET', '/apis/example.com/v1');
    expect(resources.body.resources.map((r: { name: string }) => r.name)).toEqual([
      'widgets',
      'widgets/status',
    ]);
    const openapi = await call('GET', '/openapi/v3');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['apis/example.com/v1', 'apis/example.com/v1beta1']),
    );
  });

  it('refuses an invalid CRD with 422', async () => {
    const bad = { ...WIDGET_CRD, metadata: { name: 'wrong.example.com' } };
    const reply = await call(
      'POST',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      bad,
    );
    expect(reply.status).toBe(422);
    expect(reply.body.reason).toBe('Invalid');
  });

  it('serves custom objects: defaults, schema checks, versions, status, patch types', async () => {
    await call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', WIDGET_CRD);
    const created = (await custom.createNamespacedCustomObject({
      group: 'example.com',
      version: 'v1',
      namespace: 'default',
      plural: 'widgets',
      body: widget('w1'),
    })) as Record<string, Json>;
    expect(created.spec).toEqual({ size: 3, color: 'blue' });
    expect(created.metadata.generation).toBe(1);
    const viaBeta = await call('GET', '/apis/example.com/v1beta1/namespaces/default/widgets/w1');
    expect(viaBeta.body.apiVersion).toBe('example.com/v1beta1');
    const invalid = await call('POST', WIDGETS, widget('w2', { size: 0 }));
    expect(invalid.status).toBe(422);
    expect(invalid.body.details.causes).toEqual([expect.objectContaining({ field: 'spec.size' })]);
    const strict = await call(
      'POST',
      `${WIDGETS}?fieldValidation=Strict`,
      widget('w3', { size: 1, shape: 'round' }),
    );
    expect(strict.status).toBe(400);
    expect(strict.body.message).toContain('unknown field "spec.shape"');
    const smp = await call(
      'PATCH',
      `${WIDGETS}/w1`,
      { spec: { size: 4 } },
      'application/strategic-merge-patch+json',
    );
    expect(smp).toMatchObject({ status: 415, body: { reason: 'UnsupportedMediaType' } });
    expect(smp.body.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
    const merged = await call(
      'PATCH',
      `${WIDGETS}/w1`,
      { spec: { size: 4 } },
      'application/merge-patch+json',
    );
    expect(merged.body.metadata.generation).toBe(2);
    const status = await call(
      'PATCH',
      `${WIDGETS}/w1/status`,
      { status: { ready: true } },
      'application/merge-patch+json',
    );
    expect(status.body.status).toEqual({ ready: true });
    expect(status.body.metadata.generation).toBe(2);
    const noRv = await call('PUT', `${WIDGETS}/w1`, widget('w1', { size: 5 }));
    expect(noRv.status).toBe(422);
  });

  it('deletes the objects of a deleted CRD, telling their watchers, and stops serving it', async () => {
    await call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', WIDGET_CRD);
    for (const name of ['a', 'b']) await call('POST', WIDGETS, widget(name));
    const events: string[] = [];
    let controller: AbortController | undefined;
    const ended = new Promise<void>((resolve) => {
      void new Watch(kc)
        .watch(
          WIDGETS,
          { resourceVersion: '0' },
          (type, obj) => events.push(`${type} ${obj.metadata.name}`),
          () => resolve(),
        )
        .then((c) => {
          controller = c;
        });
    });
    const deadline = Date.now() + 10_000;
    while (events.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const deleted = await call(
      'DELETE',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com',
    );
    expect(deleted.status).toBe(200);
    while (events.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    controller?.abort();
    await ended;
    expect(events).toEqual(['ADDED a', 'ADDED b', 'DELETED a', 'DELETED b']);
    const gone = await call('GET', WIDGETS);
    expect(gone).toMatchObject({
      status: 404,
      body: { message: 'the server could not find the requested resource' },
    });
    try {
      await custom.listNamespacedCustomObject({
        group: 'example.com',
        version: 'v1',
        namespace: 'default',
        plural: 'widgets',
      });
      expect.unreachable('the resource should be gone');
    } catch (err) {
      expect((err as ApiException<string>).code).toBe(404);
    }
    const apis = await call('GET', '/apis');
    expect(apis.body.groups.map((g: { name: string }) => g.name)).not.toContain('example.com');
  });

  it('serves the CRDs of a --data-dir again after a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'standin-crd-'));
    try {
      await standin.close();
      standin = await startStandin({ dataDir });
      await call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', WIDGET_CRD);
      await call('POST', WIDGETS, widget('kept'));
      await standin.close();
      standin = await startStandin({ dataDir });
      const kept = await call('GET', `${WIDGETS}/kept`);
      expect(kept).toMatchObject({ status: 200, body: { spec: { size: 3, color: 'blue' } } });
      const resources = await call('GET', '/apis/example.com/v1');
      expect(resources.status).toBe(200);
    } finally {
      await standin.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
