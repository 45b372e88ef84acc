/**
 * The API surface over HTTP beyond the write semantics: the Status bodies of failures
 * (KUBE-API.md §5 item 10), Table output for get, list and watch, YAML answers, generateName,
 * dryRun, deletecollection, a Lease race, create-on-update and the body size limit.
 */

import {
  type CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type V1Service,
} from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { standinPerTest } from './e2e-http.js';
import type { Standin } from './index.js';

let standin: Standin;
let core: CoreV1Api;
/** A raw request; the body is sent as is when a string, else as JSON. */
const call = standinPerTest((s, c) => {
  standin = s;
  core = c;
});

const SVC = '/api/v1/namespaces/default/services';

function webService(): V1Service {
  return {
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      type: 'LoadBalancer',
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
    },
  };
}

describe('Status bodies', () => {
  it('404 NotFound for a missing object, with details', async () => {
    const reply = await call('GET', `${SVC}/nope`);
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'services "nope" not found',
      reason: 'NotFound',
      details: expect.objectContaining({ name: 'nope', kind: 'services' }),
      code: 404,
    });
  });

  it('404 for an unknown resource and for a cluster-scoped kind under a namespace', async () => {
    for (const path of [
      '/api/v1/namespaces/default/gizmos',
      '/api/v1/namespaces/default/nodes',
      '/apis/nope.io/v1/x',
    ]) {
      const reply = await call('GET', path);
      expect(reply.status).toBe(404);
      expect(reply.body).toMatchObject({
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
      });
    }
  });

  it('409 AlreadyExists, 422 Invalid with causes, 405 MethodNotAllowed', async () => {
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    expect((await call('POST', '/api/v1/namespaces/default/configmaps', { body })).status).toBe(
      201,
    );
    const dup = await call('POST', '/api/v1/namespaces/default/configmaps', { body });
    expect(dup).toMatchObject({
      status: 409,
      body: { reason: 'AlreadyExists', message: 'configmaps "c" already exists' },
    });
    const nameless = await call('POST', '/api/v1/namespaces/default/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} },
    });
    expect(nameless.status).toBe(422);
    expect(nameless.body).toMatchObject({
      reason: 'Invalid',
      details: {
        causes: [expect.objectContaining({ field: 'metadata.name', reason: 'FieldValueRequired' })],
      },
    });
    const post = await call('POST', '/api/v1/namespaces/default/configmaps/c', { body });
    expect(post).toMatchObject({ status: 405, body: { reason: 'MethodNotAllowed' } });
  });

  it('404 for a namespaced create in a missing namespace', async () => {
    const reply = await call('POST', '/api/v1/namespaces/ghost/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
    });
    expect(reply).toMatchObject({
      status: 404,
      body: { reason: 'NotFound', message: 'namespaces "ghost" not found' },
    });
  });

  it('415 for protobuf bodies, 400 for malformed JSON, 410 for an expired continue', async () => {
    const proto = await call('POST', '/api/v1/namespaces', {
      contentType: 'application/vnd.kubernetes.protobuf',
      body: 'k8s\u0000',
    });
    expect(proto).toMatchObject({ status: 415, body: { reason: 'UnsupportedMediaType' } });
    const malformed = await call('POST', '/api/v1/namespaces', {
      contentType: 'application/json',
      body: '{"metadata":',
    });
    expect(malformed).toMatchObject({ status: 400, body: { reason: 'BadRequest' } });
    for (const name of ['a', 'b', 'c']) {
      await call('POST', '/api/v1/namespaces/default/configmaps', {
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } },
      });
    }
    const page = await call('GET', '/api/v1/namespaces/default/configmaps?limit=1');
    const token = (page.body.metadata as { continue: string }).continue;
    expect(token).toBeTruthy();
    // A write after the page, then a compaction past it: the page's snapshot is gone.
    await call('POST', '/api/v1/namespaces/default/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd' } },
    });
    standin.compactHistory();
    const expired = await call(
      'GET',
      `/api/v1/namespaces/default/configmaps?limit=1&continue=${encodeURIComponent(token)}`,
    );
    expect(expired).toMatchObject({ status: 410, body: { reason: 'Expired', code: 410 } });
  });
});

describe('Table output', () => {
  it("gives kubectl's Accept a Table with the Service columns", async () => {
    await core.createNamespacedService({ namespace: 'default', body: webService() });
    const reply = await call('GET', SVC, {
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    });
    expect(reply.body).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    const columns = (reply.body.columnDefinitions as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(expect.arrayContaining(['Name', 'Type', 'Cluster-IP', 'External-IP']));
    expect(reply.body.rows).toHaveLength(1);
  });

  it('sends one Table per watch event, the columns only in the first', async () => {
    await core.createNamespacedService({ namespace: 'default', body: webService() });
    const aborter = new AbortController();
    const res = await fetch(`${standin.url}${SVC}?watch=true&resourceVersion=0`, {
      headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
      signal: aborter.signal,
    });
    await core.patchNamespacedService(
      { name: 'web', namespace: 'default', body: { metadata: { labels: { v: '2' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    // Read until both events are in, then hang up (the stream itself never ends).
    let text = '';
    const decoder = new TextDecoder();
    const reader = res.body!.getReader();
    while (text.split('\n').length < 3) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    aborter.abort();
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['ADDED', 'MODIFIED']);
    expect(lines[0].object).toMatchObject({
      kind: 'Table',
      rows: [expect.objectContaining({ cells: expect.any(Array) })],
    });
    expect((lines[0].object.columnDefinitions as unknown[]).length).toBeGreaterThan(0);
    expect(lines[1].object.columnDefinitions).toBeNull();
  });
});

describe('more verbs', () => {
  it('answers YAML when asked', async () => {
    const res = await fetch(`${standin.url}/api/v1/namespaces/default`, {
      headers: { Accept: 'application/yaml' },
    });
    expect(res.headers.get('content-type')).toBe('application/yaml');
    expect(await res.text()).toMatch(/^apiVersion: v1\nkind: Namespace\n/);
  });

  it('generates names, and stores nothing on dryRun=All', async () => {
    const generated = await call('POST', '/api/v1/namespaces/default/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cfg-' } },
    });
    expect(generated.status).toBe(201);
    expect((generated.body.metadata as { name: string }).name).toMatch(/^cfg-[a-z0-9]{5}$/);
    const rv = standin.store.resourceVersion;
    const dry = await call('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry' } },
    });
    expect(dry.status).toBe(201);
    expect(standin.store.resourceVersion).toBe(rv);
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/dry')).status).toBe(404);
  });

  it('deletes a collection by label selector, answering the deleted list', async () => {
    for (const [name, tier] of [
      ['a', 'x'],
      ['b', 'x'],
      ['c', 'y'],
    ]) {
      await call('POST', '/api/v1/namespaces/default/configmaps', {
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { tier } } },
      });
    }
    const deleted = await call(
      'DELETE',
      '/api/v1/namespaces/default/configmaps?labelSelector=tier%3Dx',
    );
    expect(deleted.status).toBe(200);
    expect(deleted.body.kind).toBe('ConfigMapList');
    expect(
      (deleted.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name),
    ).toEqual(['a', 'b']);
    const left = await call('GET', '/api/v1/namespaces/default/configmaps');
    expect(
      (left.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name),
    ).toEqual(['c']);
  });

  it('lets exactly one of two racing Lease updates win', async () => {
    const path = '/apis/coordination.k8s.io/v1/namespaces/default/leases';
    const created = await call('POST', path, {
      body: {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: 'leader' },
        spec: {},
      },
    });
    const base = created.body;
    const claim = (holder: string) =>
      call('PUT', `${path}/leader`, { body: { ...base, spec: { holderIdentity: holder } } });
    const results = await Promise.all([claim('a'), claim('b')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!.body.spec as { holderIdentity: string };
    const stored = await call('GET', `${path}/leader`);
    expect((stored.body.spec as { holderIdentity: string }).holderIdentity).toBe(
      winner.holderIdentity,
    );
  });

  it('creates on PUT where the kind allows it (Endpoints), answering 201', async () => {
    const reply = await call('PUT', '/api/v1/namespaces/default/endpoints/web', {
      body: { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web' } },
    });
    expect(reply.status).toBe(201);
  });

  it('refuses an oversized body with 413', async () => {
    const reply = await call('POST', '/api/v1/namespaces/default/configmaps', {
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'big' },
        data: { x: 'y'.repeat(3 * 1024 * 1024) },
      },
    });
    expect(reply).toMatchObject({
      status: 413,
      body: { reason: 'RequestEntityTooLarge', code: 413 },
    });
  });
});
