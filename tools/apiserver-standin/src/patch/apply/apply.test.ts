import { describe, expect, it } from 'vitest';
import { ApiError } from '../../errors.js';
import type { KubeObject } from '../../types.js';
import { patchMetaFor } from '../meta/builtin-meta.js';
import { patchMetaFromSchema } from '../meta/schema-meta.js';
import { type ServerSideApplyOptions, serverSideApply } from './apply.js';
import { recordUpdate } from './record-update.js';

const SERVICE = patchMetaFor('', 'Service')!;
const T0 = '2024-01-01T00:00:00Z';
const T1 = '2024-01-02T00:00:00Z';
const T2 = '2024-01-03T00:00:00Z';

function opts(
  manager: string,
  extra: Partial<ServerSideApplyOptions> = {},
): ServerSideApplyOptions {
  return { manager, force: false, apiVersion: 'v1', now: T1, meta: SERVICE, ...extra };
}

function svc(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', ...metadata }, spec };
}

/** A Service as the store holds it after `kubectl apply` created it client-side. */
function storedByClientSideApply(): KubeObject {
  const created = recordUpdate(
    undefined,
    svc(
      {
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
        selector: { app: 'web' },
      },
      { namespace: 'default', labels: { app: 'web' } },
    ),
    { manager: 'kubectl-client-side-apply', apiVersion: 'v1', now: T0 },
  );
  return { ...created, metadata: { ...created.metadata, uid: 'uid-1', resourceVersion: '7' } };
}

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

const PORT_80 = 'k:{"port":80,"protocol":"TCP"}';

describe('serverSideApply', () => {
  it('creates an object and records an Apply entry with keyed list items', () => {
    const out = serverSideApply(
      undefined,
      svc({ ports: [{ port: 80, targetPort: 8080 }] }, { labels: { app: 'web' } }),
      opts('kubectl'),
    );
    expect(out.spec).toEqual({ ports: [{ port: 80, targetPort: 8080 }] });
    expect(out.metadata.managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'v1',
        time: T1,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': { 'f:ports': { [PORT_80]: { '.': {}, 'f:port': {}, 'f:targetPort': {} } } },
        },
      },
    ]);
  });

  it('refuses to change a field another manager owns, with the real message', () => {
    const err = errorOf(() =>
      serverSideApply(
        storedByClientSideApply(),
        svc({ ports: [{ port: 80, targetPort: 9090 }] }),
        opts('ci'),
      ),
    );
    expect(err.code).toBe(409);
    expect(err.reason).toBe('Conflict');
    expect(err.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .spec.ports[port=80,protocol="TCP"].targetPort',
    );
    expect(err.toStatus().details).toEqual({
      causes: [
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "kubectl-client-side-apply" using v1',
          field: '.spec.ports[port=80,protocol="TCP"].targetPort',
        },
      ],
    });
  });

  it('lists several conflicts grouped by manager', () => {
    let stored = storedByClientSideApply();
    stored = serverSideApply(stored, svc({ type: 'ClusterIP' }), opts('helm'));
    const err = errorOf(() =>
      serverSideApply(
        stored,
        svc({ type: 'NodePort', selector: { app: 'api' }, ports: [{ port: 80, targetPort: 1 }] }),
        opts('ci'),
      ),
    );
    expect(err.message).toBe(
      [
        'Apply failed with 3 conflicts: conflicts with "helm":',
        '- .spec.type',
        'conflicts with "kubectl-client-side-apply" using v1:',
        '- .spec.selector',
        '- .spec.ports[port=80,protocol="TCP"].targetPort',
      ].join('\n'),
    );
  });

  it('takes ownership with force and leaves the old owner the rest', () => {
    const out = serverSideApply(
      storedByClientSideApply(),
      svc({ ports: [{ port: 80, targetPort: 9090 }] }),
      opts('ci', { force: true }),
    );
    expect(out.spec).toEqual({
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 9090 }],
      selector: { app: 'web' },
    });
    const [ci, csa] = out.metadata.managedFields!;
    expect(ci?.manager).toBe('ci');
    expect(ci?.fieldsV1).toEqual({
      'f:spec': { 'f:ports': { [PORT_80]: { '.': {}, 'f:port': {}, 'f:targetPort': {} } } },
    });
    expect(csa?.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:ports': {
          '.': {},
          [PORT_80]: { '.': {}, 'f:name': {}, 'f:port': {}, 'f:protocol': {} },
        },
        'f:selector': {},
      },
    });
  });

  it('shares ownership without conflict when the value is the same', () => {
    const out = serverSideApply(
      storedByClientSideApply(),
      svc({ selector: { app: 'web' } }),
      opts('ci'),
    );
    const managers = out.metadata.managedFields!.map((e) => e.manager);
    expect(managers).toEqual(['ci', 'kubectl-client-side-apply']);
    expect(out.metadata.managedFields![1]?.fieldsV1).toMatchObject({
      'f:spec': { 'f:selector': {} },
    });
  });

  it('removes fields the manager stops applying unless another manager owns them', () => {
    let stored = serverSideApply(
      undefined,
      svc({ type: 'ClusterIP' }, { labels: { a: '1', b: '2', shared: 's' } }),
      opts('one'),
    );
    stored = serverSideApply(stored, svc({}, { labels: { shared: 's' } }), opts('two'));
    const out = serverSideApply(stored, svc({}, { labels: { a: '1' } }), opts('one', { now: T2 }));
    expect(out.metadata.labels).toEqual({ a: '1', shared: 's' });
    expect(out.spec).toBeUndefined();
  });

  it('is idempotent: the same apply twice changes nothing, not even the time', () => {
    const config = svc({ ports: [{ port: 80, targetPort: 8080 }] }, { labels: { app: 'web' } });
    const first = serverSideApply(undefined, config, opts('kubectl'));
    const second = serverSideApply(first, config, opts('kubectl', { now: T2 }));
    expect(second).toEqual(first);
  });

  it('gives an untracked object to before-first-apply', () => {
    const stored = svc(
      { type: 'ClusterIP' },
      { namespace: 'default', uid: 'u', resourceVersion: '3' },
    );
    const err = errorOf(() => serverSideApply(stored, svc({ type: 'NodePort' }), opts('ci')));
    expect(err.message).toBe(
      'Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .spec.type',
    );
  });

  it('lets kubectl take over what its client-side apply last set', () => {
    const last = JSON.stringify(svc({ selector: { app: 'web' } }));
    let stored = recordUpdate(
      undefined,
      svc(
        { selector: { app: 'web' } },
        {
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': last },
        },
      ),
      { manager: 'kubectl-client-side-apply', apiVersion: 'v1', now: T0 },
    );
    stored = { ...stored, metadata: { ...stored.metadata, uid: 'u' } };
    const out = serverSideApply(stored, svc({ selector: { app: 'api' } }), opts('kubectl'));
    expect(out.spec).toEqual({ selector: { app: 'api' } });
    expect(out.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBe(
      '{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"app":"api"}}}\n',
    );
    // Another manager gets no such pass.
    expect(
      errorOf(() => serverSideApply(stored, svc({ selector: { app: 'x' } }), opts('ci'))).code,
    ).toBe(409);
  });

  it('applies to /status without touching anything else', () => {
    const stored = storedByClientSideApply();
    const out = serverSideApply(
      stored,
      svc({ type: 'LoadBalancer' }, {}),
      opts('controller', { subresource: 'status' }),
    );
    expect(out.spec).toEqual(stored.spec);
    const applied = serverSideApply(
      stored,
      {
        ...svc({ type: 'LoadBalancer' }),
        status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } },
      },
      opts('controller', { subresource: 'status' }),
    );
    expect(applied.spec).toEqual(stored.spec);
    expect(applied.status).toEqual({ loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } });
    expect(applied.metadata.managedFields![0]).toMatchObject({
      manager: 'controller',
      operation: 'Apply',
      subresource: 'status',
      fieldsV1: { 'f:status': { 'f:loadBalancer': { 'f:ingress': {} } } },
    });
  });

  it('keeps the stored status on a main-resource apply and does not own it', () => {
    const stored = { ...storedByClientSideApply(), status: { loadBalancer: {} } };
    const out = serverSideApply(
      stored,
      { ...svc({ type: 'ClusterIP' }), status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } },
      opts('ci'),
    );
    expect(out.status).toEqual({ loadBalancer: {} });
    expect(out.metadata.managedFields![0]?.fieldsV1).toEqual({ 'f:spec': { 'f:type': {} } });
  });

  it('names sets of primitives by value (finalizers)', () => {
    const out = serverSideApply(undefined, svc({}, { finalizers: ['a', 'b'] }), opts('ci'));
    expect(out.metadata.managedFields![0]?.fieldsV1).toEqual({
      'f:metadata': { 'f:finalizers': { 'v:"a"': {}, 'v:"b"': {} } },
      // An empty struct is a value of its own: applying `spec: {}` owns `spec`.
      'f:spec': {},
    });
  });

  const refusals: { name: string; applied: unknown; code: number; message: string }[] = [
    {
      name: 'no apiVersion or kind',
      applied: { metadata: { name: 'web' } },
      code: 400,
      message: 'invalid object type: /, Kind=',
    },
    {
      name: 'another kind',
      applied: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web' } },
      code: 400,
      message: 'invalid object type: /v1, Kind=ConfigMap',
    },
    {
      name: 'managedFields in the body',
      applied: { ...svc({}), metadata: { name: 'web', managedFields: [] } },
      code: 400,
      message: 'metadata.managedFields must be nil',
    },
    {
      name: 'a body that is not an object',
      applied: ['x'],
      code: 400,
      message:
        'error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
    },
    {
      name: 'duplicate list-map keys',
      applied: svc(
        { ports: [{ port: 80 }, { port: 80, protocol: 'TCP' }] },
        { namespace: 'default' },
      ),
      code: 500,
      message:
        'failed to create typed patch object (default/web; /v1, Kind=Service): .spec.ports: duplicate entries for key [port=80,protocol="TCP"]',
    },
  ];
  for (const r of refusals) {
    it(`refuses ${r.name}`, () => {
      const err = errorOf(() =>
        serverSideApply(undefined, r.applied as KubeObject, opts('ci', { kind: 'Service' })),
      );
      expect(err.code).toBe(r.code);
      expect(err.message).toBe(r.message);
    });
  }

  it('refuses fields a CRD schema does not declare', () => {
    const meta = patchMetaFromSchema({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: { addresses: { type: 'array', items: { type: 'string' } } },
        },
      },
    });
    const pool = {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'IPAddressPool',
      metadata: { name: 'p', namespace: 'm' },
    };
    const err = errorOf(() =>
      serverSideApply(
        undefined,
        { ...pool, spec: { bogus: true } },
        {
          ...opts('ci'),
          apiVersion: 'metallb.io/v1beta1',
          kind: 'IPAddressPool',
          meta,
        },
      ),
    );
    expect(err.code).toBe(500);
    expect(err.message).toBe(
      'failed to create typed patch object (m/p; metallb.io/v1beta1, Kind=IPAddressPool): .spec.bogus: field not declared in schema',
    );
  });

  it('treats custom resource objects without list types as atomic lists and granular maps', () => {
    const meta = patchMetaFromSchema(undefined);
    const pool = {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'IPAddressPool',
      metadata: { name: 'p' },
    };
    const out = serverSideApply(
      undefined,
      { ...pool, spec: { addresses: ['10.0.0.0/24'] } },
      {
        ...opts('ci'),
        apiVersion: 'metallb.io/v1beta1',
        meta,
      },
    );
    expect(out.metadata.managedFields![0]?.fieldsV1).toEqual({
      'f:spec': { '.': {}, 'f:addresses': {} },
    });
  });
});
