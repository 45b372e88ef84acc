import { describe, expect, it } from 'vitest';
import type { KubeObject, ManagedFieldsEntry } from '../../types.js';
import { patchMetaFromSchema } from '../meta/schema-meta.js';
import { recordUpdate } from './record-update.js';

const T0 = '2024-01-01T00:00:00Z';
const T1 = '2024-01-02T00:00:00Z';

function configMap(
  data: Record<string, string>,
  metadata: Record<string, unknown> = {},
): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', ...metadata }, data };
}

function stored(object: KubeObject): KubeObject {
  return { ...object, metadata: { ...object.metadata, uid: 'uid-1', resourceVersion: '1' } };
}

const byManager = (entries: ManagedFieldsEntry[] | undefined, manager: string) =>
  entries?.find((e) => e.manager === manager);

describe('recordUpdate', () => {
  it('records a create as an Update entry owning what was set', () => {
    const out = recordUpdate(undefined, configMap({ a: '1' }, { labels: { app: 'x' } }), {
      manager: 'kubectl-create',
      apiVersion: 'v1',
      now: T0,
    });
    expect(out.metadata.managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        time: T0,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:data': { '.': {}, 'f:a': {} },
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        },
      },
    ]);
  });

  it('does not mark the always-present spec of a built-in kind as added', () => {
    const svc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { ports: [{ port: 80, protocol: 'TCP' }], type: 'ClusterIP' },
    };
    const out = recordUpdate(undefined, svc, { manager: 'm', apiVersion: 'v1', now: T0 });
    expect(out.metadata.managedFields![0]?.fieldsV1).toEqual({
      'f:spec': {
        'f:ports': {
          '.': {},
          'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:protocol': {} },
        },
        'f:type': {},
      },
    });
  });

  it('moves a changed field to its new writer and merges into the writer entry', () => {
    const first = stored(
      recordUpdate(undefined, configMap({ a: '1', b: '2' }), {
        manager: 'one',
        apiVersion: 'v1',
        now: T0,
      }),
    );
    const second = recordUpdate(
      first,
      { ...first, data: { a: '1', b: '3' } },
      { manager: 'two', apiVersion: 'v1', now: T1 },
    );
    expect(byManager(second.metadata.managedFields, 'one')?.fieldsV1).toEqual({
      'f:data': { '.': {}, 'f:a': {} },
    });
    expect(byManager(second.metadata.managedFields, 'two')).toEqual({
      manager: 'two',
      operation: 'Update',
      apiVersion: 'v1',
      time: T1,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { 'f:b': {} } },
    });
    const third = recordUpdate(
      stored(second),
      { ...second, data: { a: '1', b: '3', c: '4' } },
      {
        manager: 'two',
        apiVersion: 'v1',
        now: T1,
      },
    );
    expect(byManager(third.metadata.managedFields, 'two')?.fieldsV1).toEqual({
      'f:data': { 'f:b': {}, 'f:c': {} },
    });
  });

  it('leaves the entries alone for a write that changes nothing', () => {
    const first = stored(
      recordUpdate(undefined, configMap({ a: '1' }), { manager: 'one', apiVersion: 'v1', now: T0 }),
    );
    const again = recordUpdate(first, first, { manager: 'two', apiVersion: 'v1', now: T1 });
    expect(again.metadata.managedFields).toEqual(first.metadata.managedFields);
  });

  it('removes deleted fields from every owner', () => {
    const first = stored(
      recordUpdate(undefined, configMap({ a: '1', b: '2' }), {
        manager: 'one',
        apiVersion: 'v1',
        now: T0,
      }),
    );
    const out = recordUpdate(
      first,
      { ...first, data: { a: '1' } },
      { manager: 'two', apiVersion: 'v1', now: T1 },
    );
    expect(out.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'one', fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } } }),
    ]);
  });

  it('keeps an untracked object untracked', () => {
    const untracked = stored(configMap({ a: '1' }));
    const out = recordUpdate(untracked, configMap({ a: '2' }), {
      manager: 'm',
      apiVersion: 'v1',
      now: T1,
    });
    expect(out.metadata.managedFields).toBeUndefined();
  });

  it('clears managedFields when the client sends [{}]', () => {
    const first = stored(
      recordUpdate(undefined, configMap({ a: '1' }), { manager: 'one', apiVersion: 'v1', now: T0 }),
    );
    const body = {
      ...first,
      metadata: { ...first.metadata, managedFields: [{}] as ManagedFieldsEntry[] },
    };
    expect(
      recordUpdate(first, body, { manager: 'two', apiVersion: 'v1', now: T1 }).metadata
        .managedFields,
    ).toBeUndefined();
  });

  it('records a /status write with its subresource, owning only status', () => {
    const svc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { type: 'LoadBalancer' },
    };
    const first = stored(
      recordUpdate(undefined, svc, { manager: 'kubectl', apiVersion: 'v1', now: T0 }),
    );
    const withStatus = { ...first, status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } } };
    const out = recordUpdate(first, withStatus, {
      manager: 'controller',
      apiVersion: 'v1',
      now: T1,
      subresource: 'status',
    });
    expect(byManager(out.metadata.managedFields, 'controller')).toEqual({
      manager: 'controller',
      operation: 'Update',
      apiVersion: 'v1',
      time: T1,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:status': { 'f:loadBalancer': { 'f:ingress': {} } } },
      subresource: 'status',
    });
  });

  it('never fails the write: an object it cannot track goes untracked', () => {
    const deployment: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { template: { spec: { containers: [{ image: 'no-name' }] } } },
    };
    const out = recordUpdate(undefined, deployment, {
      manager: 'm',
      apiVersion: 'apps/v1',
      now: T0,
    });
    expect(out.metadata.managedFields).toBeUndefined();
    expect(out.spec).toEqual(deployment.spec);
  });

  it('tracks duplicated list-map keys as whole items, as the real server does', () => {
    const svc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: {
        ports: [
          { port: 80, name: 'a' },
          { port: 80, name: 'b' },
        ],
      },
    };
    const out = recordUpdate(undefined, svc, { manager: 'm', apiVersion: 'v1', now: T0 });
    expect(out.metadata.managedFields![0]?.fieldsV1).toEqual({
      'f:spec': { 'f:ports': { '.': {}, 'k:{"port":80,"protocol":"TCP"}': {} } },
    });
  });

  it('caps Update entries at ten, merging the oldest into ancient-changes', () => {
    let object = stored(
      recordUpdate(undefined, configMap({ k0: '0' }), { manager: 'm0', apiVersion: 'v1', now: T0 }),
    );
    for (let i = 1; i <= 10; i++) {
      const now = `2024-01-01T00:00:${String(i).padStart(2, '0')}Z`;
      const data = { ...(object.data as Record<string, string>), [`k${i}`]: String(i) };
      object = stored(
        recordUpdate(object, { ...object, data }, { manager: `m${i}`, apiVersion: 'v1', now }),
      );
    }
    const managers = object.metadata.managedFields!.map((e) => e.manager);
    expect(managers).toHaveLength(10);
    expect(managers).toContain('ancient-changes');
    expect(managers).not.toContain('m0');
    expect(managers).not.toContain('m1');
    expect(byManager(object.metadata.managedFields, 'ancient-changes')?.fieldsV1).toEqual({
      'f:data': { '.': {}, 'f:k0': {}, 'f:k1': {} },
    });
  });

  it('uses a CRD schema for custom resources when given one', () => {
    const meta = patchMetaFromSchema({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            peers: {
              type: 'array',
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['name'],
              items: {
                type: 'object',
                properties: { name: { type: 'string' }, asn: { type: 'integer' } },
              },
            },
          },
        },
      },
    });
    const cr: KubeObject = {
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 't' },
      spec: { peers: [{ name: 'a', asn: 1 }] },
    };
    const out = recordUpdate(undefined, cr, {
      manager: 'm',
      apiVersion: 'example.com/v1',
      now: T0,
      meta,
    });
    expect(out.metadata.managedFields![0]?.fieldsV1).toEqual({
      'f:spec': {
        '.': {},
        'f:peers': { '.': {}, 'k:{"name":"a"}': { '.': {}, 'f:asn': {}, 'f:name': {} } },
      },
    });
  });
});
