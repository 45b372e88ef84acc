import { vi } from 'vitest';

// managedFields are patch/'s business; here we check the store asks for them at the right time.
const recordUpdate = vi.hoisted(() =>
  vi.fn(
    (_old: unknown, updated: { metadata: Record<string, unknown> }, opts: { manager: string }) => ({
      ...updated,
      metadata: {
        ...updated.metadata,
        managedFields: [{ manager: opts.manager, operation: 'Update' }],
      },
    }),
  ),
);
vi.mock('../patch/index.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../patch/index.js')>()),
  recordUpdate,
}));

import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import type { AdmissionAttributes, KubeObject, StoreEvent } from '../types.js';
import type { ResourceStore } from './resource-store.js';
import {
  CONFIGMAPS,
  DEPLOYMENTS,
  GADGETS,
  LEASES,
  NAMESPACES,
  openStore,
  SERVICES,
  WIDGETS_V1,
  WIDGETS_V2,
} from './test-support.js';

let store: ResourceStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function open(options: Parameters<typeof openStore>[0] = {}): Promise<ResourceStore> {
  store = await openStore(options);
  return store;
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the write to be refused');
}

function events(s: ResourceStore): StoreEvent[] {
  const seen: StoreEvent[] = [];
  s.onChange((e) => seen.push(e));
  return seen;
}

const cm = (name: string, data: Record<string, string> = {}): KubeObject => ({
  metadata: { name },
  data,
});

describe('create', () => {
  it('sets uid, creationTimestamp, resourceVersion and generation, ignoring client values', async () => {
    const s = await open({ now: () => new Date('2026-11-25T03:00:00.123Z') });
    const before = s.resourceVersion;
    const created = await s.create(WIDGETS_V1, 'default', {
      metadata: {
        name: 'w',
        uid: 'mine',
        resourceVersion: '999',
        creationTimestamp: '2001-01-01T00:00:00Z',
      },
      spec: { size: 1 },
    });
    expect(created.apiVersion).toBe('example.com/v1');
    expect(created.kind).toBe('Widget');
    expect(created.metadata.uid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(created.metadata.creationTimestamp).toBe('2026-11-25T03:00:00Z');
    expect(created.metadata.resourceVersion).toBe(String(before + 1));
    expect(created.metadata.generation).toBe(1);
    expect(created.metadata.namespace).toBe('default');
    expect(s.get(WIDGETS_V1, 'default', 'w')).toEqual(created);
  });

  it('appends five random characters to generateName', async () => {
    const s = await open();
    const created = await s.create(CONFIGMAPS, 'default', { metadata: { generateName: 'web-' } });
    expect(created.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('refuses a duplicate with 409 AlreadyExists', async () => {
    const s = await open();
    await s.create(CONFIGMAPS, 'default', cm('a'));
    const error = await refusal(s.create(CONFIGMAPS, 'default', cm('a')));
    expect(error.toStatus()).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
      message: 'configmaps "a" already exists',
      details: { name: 'a', kind: 'configmaps' },
    });
    // The core group is left out of details, as kube's omitempty does.
    expect((error.toStatus().details as Record<string, unknown>).group).toBeUndefined();
  });

  it('refuses a namespaced object in a missing namespace with 404', async () => {
    const s = await open();
    const error = await refusal(s.create(CONFIGMAPS, 'nope', cm('a')));
    expect([error.code, error.reason, error.message]).toEqual([
      404,
      'NotFound',
      'namespaces "nope" not found',
    ]);
  });

  it('requires a name or generateName (422)', async () => {
    const s = await open();
    const error = await refusal(s.create(CONFIGMAPS, 'default', { metadata: {} }));
    expect(error.code).toBe(422);
    expect(error.message).toBe(
      'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
    );
    expect(error.details?.causes).toEqual([
      {
        reason: 'FieldValueRequired',
        field: 'metadata.name',
        message: 'Required value: name or generateName is required',
      },
    ]);
  });

  it('refuses a body namespace that differs from the URL (400)', async () => {
    const s = await open();
    const error = await refusal(
      s.create(CONFIGMAPS, 'default', { metadata: { name: 'a', namespace: 'other' } }),
    );
    expect([error.code, error.message]).toEqual([
      400,
      'the namespace of the provided object does not match the namespace sent on the request',
    ]);
  });

  it('gives Namespaces phase Active, the kubernetes finalizer and the name label', async () => {
    const s = await open();
    const ns = await s.create(NAMESPACES, undefined, { metadata: { name: 'team-a' } });
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.status).toEqual({ phase: 'Active' });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team-a' });
  });

  it('drops the namespace of cluster-scoped objects and the status of kinds with /status', async () => {
    const s = await open();
    const gadget = await s.create(GADGETS, undefined, { metadata: { name: 'g', namespace: 'x' } });
    expect(gadget.metadata.namespace).toBeUndefined();
    const svc = await s.create(SERVICES, 'default', {
      metadata: { name: 'web' },
      status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } },
    });
    expect(svc.status).toBeUndefined();
  });
});

describe('update (PUT)', () => {
  it("refuses a stale resourceVersion with 409 and kube's message", async () => {
    const s = await open();
    const svc = await s.create(SERVICES, 'default', {
      metadata: { name: 'web' },
      spec: { ports: [] },
    });
    await s.update(SERVICES, 'default', 'web', { ...svc, spec: { ports: [{ port: 80 }] } });
    const error = await refusal(
      s.update(SERVICES, 'default', 'web', { ...svc, spec: { ports: [{ port: 81 }] } }),
    );
    expect(error.toStatus()).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on services "web": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('takes a PUT without resourceVersion unconditionally for core kinds only', async () => {
    const s = await open();
    await s.create(CONFIGMAPS, 'default', cm('a', { k: '1' }));
    const updated = await s.update(CONFIGMAPS, 'default', 'a', cm('a', { k: '2' }));
    expect(updated.data).toEqual({ k: '2' });

    await s.create(WIDGETS_V1, 'default', { metadata: { name: 'w' }, spec: {} });
    const error = await refusal(
      s.update(WIDGETS_V1, 'default', 'w', { metadata: { name: 'w' }, spec: { a: 1 } }),
    );
    expect(error.code).toBe(422);
    expect(error.message).toBe(
      'Widget.example.com "w" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
    );
    await s.create(LEASES, 'default', { metadata: { name: 'l' }, spec: {} });
    expect(
      (await refusal(s.update(LEASES, 'default', 'l', { metadata: { name: 'l' }, spec: {} }))).code,
    ).toBe(422);
  });

  it('refuses a changed uid (422) and a body name that differs from the URL (400)', async () => {
    const s = await open();
    const a = await s.create(CONFIGMAPS, 'default', cm('a'));
    const uid = await refusal(
      s.update(CONFIGMAPS, 'default', 'a', { ...a, metadata: { ...a.metadata, uid: 'other' } }),
    );
    expect(uid.code).toBe(422);
    expect(uid.message).toBe(
      'ConfigMap "a" is invalid: metadata.uid: Invalid value: "other": field is immutable',
    );
    const name = await refusal(s.update(CONFIGMAPS, 'default', 'a', cm('b')));
    expect([name.code, name.message]).toEqual([
      400,
      'the name of the object (b) does not match the name on the URL (a)',
    ]);
  });

  it('answers 404 for a missing object, but creates Leases (create-on-update)', async () => {
    const s = await open();
    expect((await refusal(s.update(CONFIGMAPS, 'default', 'nope', cm('nope')))).code).toBe(404);
    const result = await s.replace(LEASES, 'default', 'lock', {
      metadata: { name: 'lock' },
      spec: { holderIdentity: 'a' },
    });
    expect(result.created).toBe(true);
    expect(result.object.metadata.uid).toBeDefined();
  });

  it('keeps creationTimestamp and uid, and stores nothing for an identical write', async () => {
    const s = await open();
    const a = await s.create(CONFIGMAPS, 'default', cm('a', { k: 'v' }));
    const seen = events(s);
    const rv = s.resourceVersion;
    const same = await s.update(CONFIGMAPS, 'default', 'a', {
      ...a,
      metadata: { ...a.metadata, creationTimestamp: '2000-01-01T00:00:00.000Z' },
    });
    expect(same).toEqual(a);
    expect(s.resourceVersion).toBe(rv);
    expect(seen).toEqual([]);
  });

  it('gives every write the next resourceVersion', async () => {
    const s = await open();
    const rvs: number[] = [];
    let object = await s.create(CONFIGMAPS, 'default', cm('a'));
    rvs.push(Number(object.metadata.resourceVersion));
    for (let i = 0; i < 5; i++) {
      object = await s.update(CONFIGMAPS, 'default', 'a', { ...object, data: { i: String(i) } });
      rvs.push(Number(object.metadata.resourceVersion));
    }
    rvs.push(Number((await s.delete(CONFIGMAPS, 'default', 'a')).metadata.resourceVersion));
    expect(rvs).toEqual(rvs.map((_, i) => rvs[0]! + i));
    expect(s.resourceVersion).toBe(rvs.at(-1));
  });
});

describe('status subresource', () => {
  it('keeps the stored status on main-resource writes, and everything else on status writes', async () => {
    const s = await open();
    const w = await s.create(WIDGETS_V1, 'default', { metadata: { name: 'w' }, spec: { size: 1 } });
    const withStatus = await s.update(
      WIDGETS_V1,
      'default',
      'w',
      {
        ...w,
        metadata: { ...w.metadata, labels: { sneaky: 'yes' } },
        spec: { size: 99 },
        status: { ready: true },
      },
      { subresource: 'status' },
    );
    expect(withStatus.status).toEqual({ ready: true });
    expect(withStatus.spec).toEqual({ size: 1 });
    expect(withStatus.metadata.labels).toBeUndefined();
    expect(withStatus.metadata.generation).toBe(1);

    const main = await s.update(WIDGETS_V1, 'default', 'w', {
      ...withStatus,
      spec: { size: 2 },
      status: { ready: false },
    });
    expect(main.status).toEqual({ ready: true });
    expect(main.spec).toEqual({ size: 2 });
  });

  it('has no /status for kinds without one (404)', async () => {
    const s = await open();
    const a = await s.create(CONFIGMAPS, 'default', cm('a'));
    expect(
      (await refusal(s.update(CONFIGMAPS, 'default', 'a', a, { subresource: 'status' }))).code,
    ).toBe(404);
  });
});

describe('generation', () => {
  it('bumps on spec changes only, never on metadata or status writes', async () => {
    const s = await open();
    let d = await s.create(DEPLOYMENTS, 'default', {
      metadata: { name: 'd' },
      spec: { replicas: 1 },
    });
    expect(d.metadata.generation).toBe(1);
    d = await s.update(DEPLOYMENTS, 'default', 'd', {
      ...d,
      metadata: { ...d.metadata, labels: { a: 'b' } },
    });
    expect(d.metadata.generation).toBe(1);
    d = await s.update(
      DEPLOYMENTS,
      'default',
      'd',
      { ...d, status: { replicas: 1 } },
      { subresource: 'status' },
    );
    expect(d.metadata.generation).toBe(1);
    d = await s.update(DEPLOYMENTS, 'default', 'd', { ...d, spec: { replicas: 3 } });
    expect(d.metadata.generation).toBe(2);
    d = await s.update(DEPLOYMENTS, 'default', 'd', {
      ...d,
      metadata: { ...d.metadata, generation: 40 },
    });
    expect(d.metadata.generation).toBe(2);
  });

  it('is not set on kinds that do not track it', async () => {
    const s = await open();
    expect((await s.create(CONFIGMAPS, 'default', cm('a'))).metadata.generation).toBeUndefined();
  });
});

describe('modify (PATCH)', () => {
  it('hands compute the current object and refuses a stale resourceVersion in its result', async () => {
    const s = await open();
    const a = await s.create(CONFIGMAPS, 'default', cm('a', { n: '1' }));
    const { object, created } = await s.modify(CONFIGMAPS, 'default', 'a', (current) => {
      expect(current).toEqual(a);
      return { ...current!, data: { n: '2' } };
    });
    expect([object.data, created]).toEqual([{ n: '2' }, false]);
    const error = await refusal(
      s.modify(CONFIGMAPS, 'default', 'a', (current) => ({
        ...current!,
        metadata: { ...current!.metadata, resourceVersion: a.metadata.resourceVersion },
      })),
    );
    expect(error.code).toBe(409);
  });

  it('creates when asked to and the object is absent (apply)', async () => {
    const s = await open();
    const { object, created } = await s.modify(
      CONFIGMAPS,
      'default',
      'new',
      (current) => {
        expect(current).toBeUndefined();
        return { metadata: { name: 'new' }, data: { a: 'b' } };
      },
      { createIfMissing: true },
    );
    expect(created).toBe(true);
    expect(object.metadata.uid).toBeDefined();
    expect((await refusal(s.modify(CONFIGMAPS, 'default', 'absent', (c) => c!))).code).toBe(404);
  });

  it('replans when the object changes during admission (no lost update)', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let first = true;
    const s = await open({
      hooks: {
        admit: async (attrs) => {
          if (attrs.operation === 'UPDATE' && first) {
            first = false;
            await gate;
          }
        },
      },
    });
    await s.create(CONFIGMAPS, 'default', cm('counter', { n: '0' }));
    const increment = (current: KubeObject | undefined): KubeObject => ({
      ...current!,
      data: { n: String(Number((current!.data as Record<string, string>).n) + 1) },
    });
    const slow = s.modify(CONFIGMAPS, 'default', 'counter', increment);
    await s.modify(CONFIGMAPS, 'default', 'counter', increment);
    release();
    await slow;
    expect(s.get(CONFIGMAPS, 'default', 'counter').data).toEqual({ n: '2' });
  });

  it('lets exactly one of two racing conditional updates win', async () => {
    const s = await open({
      hooks: { admit: () => new Promise((resolve) => setTimeout(resolve, 5)) },
    });
    const lease = await s.create(LEASES, 'default', { metadata: { name: 'l' }, spec: {} });
    const attempts = ['a', 'b'].map((holder) =>
      s.update(LEASES, 'default', 'l', { ...lease, spec: { holderIdentity: holder } }).then(
        () => 'won',
        (error: ApiError) => error.code,
      ),
    );
    expect((await Promise.all(attempts)).sort()).toEqual([409, 'won']);
  });
});

describe('delete', () => {
  it('answers the last state with the deletion resourceVersion, then 404', async () => {
    const s = await open();
    const a = await s.create(CONFIGMAPS, 'default', cm('a'));
    const deleted = await s.delete(CONFIGMAPS, 'default', 'a');
    expect(deleted.data).toEqual(a.data);
    expect(Number(deleted.metadata.resourceVersion)).toBe(Number(a.metadata.resourceVersion) + 1);
    expect((await refusal(s.delete(CONFIGMAPS, 'default', 'a'))).message).toBe(
      'configmaps "a" not found',
    );
  });

  it('checks preconditions and DeleteOptions', async () => {
    const s = await open();
    const a = await s.create(CONFIGMAPS, 'default', cm('a'));
    const uid = await refusal(
      s.delete(CONFIGMAPS, 'default', 'a', { preconditions: { uid: 'x' } }),
    );
    expect(uid.message).toBe(
      `Operation cannot be fulfilled on configmaps "a": Precondition failed: UID in precondition: x, UID in object meta: ${a.metadata.uid}`,
    );
    const rv = await refusal(
      s.delete(CONFIGMAPS, 'default', 'a', { preconditions: { resourceVersion: '1' } }),
    );
    expect([rv.code, rv.reason]).toEqual([409, 'Conflict']);
    const policy = await refusal(
      s.delete(CONFIGMAPS, 'default', 'a', { propagationPolicy: 'Later' }),
    );
    expect(policy.code).toBe(422);
    await s.delete(CONFIGMAPS, 'default', 'a', {
      preconditions: { uid: a.metadata.uid!, resourceVersion: a.metadata.resourceVersion! },
      propagationPolicy: 'Background',
    });
  });

  it('waits for finalizers: deletionTimestamp first, gone when the last one is removed', async () => {
    const s = await open({ now: () => new Date('2026-11-25T03:00:00Z') });
    await s.create(WIDGETS_V1, 'default', {
      metadata: { name: 'w', finalizers: ['example.com/cleanup'] },
      spec: {},
    });
    const seen = events(s);
    const marked = await s.delete(WIDGETS_V1, 'default', 'w');
    expect(marked.metadata.deletionTimestamp).toBe('2026-11-25T03:00:00Z');
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(0);
    expect(marked.metadata.generation).toBe(2);
    expect(await s.delete(WIDGETS_V1, 'default', 'w')).toEqual(marked);

    const added = await refusal(
      s.update(WIDGETS_V1, 'default', 'w', {
        ...marked,
        metadata: { ...marked.metadata, finalizers: ['example.com/cleanup', 'more'] },
      }),
    );
    expect(added.code).toBe(422);

    const last = await s.update(WIDGETS_V1, 'default', 'w', {
      ...marked,
      metadata: { ...marked.metadata, finalizers: [] },
    });
    expect(last.metadata.finalizers).toEqual([]);
    expect(seen.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED']);
    expect(
      (await refusal(Promise.resolve().then(() => s.get(WIDGETS_V1, 'default', 'w')))).code,
    ).toBe(404);
  });

  it('deletes a namespace with its contents, each with a DELETED event', async () => {
    const s = await open();
    await s.create(NAMESPACES, undefined, { metadata: { name: 'team' } });
    await s.create(CONFIGMAPS, 'team', cm('a'));
    await s.create(SERVICES, 'team', { metadata: { name: 'web' } });
    await s.create(CONFIGMAPS, 'default', cm('keep'));
    const seen = events(s);
    const ns = await s.delete(NAMESPACES, undefined, 'team');
    expect((ns.status as { phase: string }).phase).toBe('Terminating');
    expect(
      seen.map((e) => `${e.type} ${e.object.metadata.namespace ?? ''}/${e.object.metadata.name}`),
    ).toEqual(['MODIFIED /team', 'DELETED team/a', 'DELETED team/web', 'DELETED /team']);
    expect(s.list(CONFIGMAPS, {}).items).toHaveLength(1);
  });

  it('keeps a namespace Terminating while a finalizer holds its contents', async () => {
    const s = await open();
    await s.create(NAMESPACES, undefined, { metadata: { name: 'team' } });
    await s.create(CONFIGMAPS, 'team', { metadata: { name: 'held', finalizers: ['x/y'] } });
    await s.delete(NAMESPACES, undefined, 'team');
    expect(s.get(NAMESPACES, undefined, 'team').metadata.deletionTimestamp).toBeDefined();
    const forbidden = await refusal(s.create(CONFIGMAPS, 'team', cm('late')));
    expect(forbidden.code).toBe(403);
    expect(forbidden.message).toBe(
      'configmaps "late" is forbidden: unable to create new content in namespace team because it is being terminated',
    );
    const held = s.get(CONFIGMAPS, 'team', 'held');
    await s.update(CONFIGMAPS, 'team', 'held', {
      ...held,
      metadata: { ...held.metadata, finalizers: [] },
    });
    expect(
      (await refusal(Promise.resolve().then(() => s.get(NAMESPACES, undefined, 'team')))).code,
    ).toBe(404);
  });
});

describe('dryRun', () => {
  it('admits and answers what would be stored, storing nothing', async () => {
    const admitted: AdmissionAttributes[] = [];
    const s = await open({ hooks: { admit: async (attrs) => void admitted.push(attrs) } });
    const a = await s.create(CONFIGMAPS, 'default', cm('a', { k: '1' }));
    const rv = s.resourceVersion;
    const seen = events(s);
    const created = await s.create(CONFIGMAPS, 'default', cm('b'), { dryRun: true });
    expect(created.metadata.uid).toBeDefined();
    const updated = await s.update(
      CONFIGMAPS,
      'default',
      'a',
      { ...a, data: { k: '2' } },
      { dryRun: true },
    );
    expect(updated.data).toEqual({ k: '2' });
    await s.delete(CONFIGMAPS, 'default', 'a', { dryRun: true });
    expect(s.resourceVersion).toBe(rv);
    expect(seen).toEqual([]);
    expect(s.get(CONFIGMAPS, 'default', 'a').data).toEqual({ k: '1' });
    expect(admitted.slice(-3).map((x) => [x.operation, x.dryRun])).toEqual([
      ['CREATE', true],
      ['UPDATE', true],
      ['DELETE', true],
    ]);
  });
});

describe('hooks', () => {
  it('validate sees server-set fields, may default, and may refuse', async () => {
    const s = await open({
      hooks: {
        validate: (rt, object, old, opts) => {
          expect(opts.fieldValidation).toBe('Warn');
          expect(object.metadata.uid).toBeDefined();
          if ((object.spec as { bad?: boolean } | undefined)?.bad)
            throw new ApiError(422, 'Invalid', 'bad spec');
          return {
            ...object,
            spec: { size: 1, ...(object.spec as object) },
            seenOld: old !== undefined,
            kindSeen: rt.kind,
          };
        },
      },
    });
    const w = await s.create(WIDGETS_V1, 'default', { metadata: { name: 'w' }, spec: {} });
    expect(w).toMatchObject({ spec: { size: 1 }, seenOld: false, kindSeen: 'Widget' });
    expect(
      (
        await refusal(
          s.create(WIDGETS_V1, 'default', { metadata: { name: 'x' }, spec: { bad: true } }),
        )
      ).message,
    ).toBe('bad spec');
  });

  it('a refusing admit stores nothing', async () => {
    const s = await open({
      hooks: {
        admit: async (attrs) => {
          if (attrs.rt.plural === 'configmaps')
            throw new ApiError(403, 'Forbidden', 'denied by webhook');
        },
      },
    });
    expect((await refusal(s.create(CONFIGMAPS, 'default', cm('a')))).message).toBe(
      'denied by webhook',
    );
    expect(s.list(CONFIGMAPS, {}).items).toEqual([]);
  });
});

describe('managedFields', () => {
  it('records an Update entry for fieldManager on create and PUT, not on PATCH', async () => {
    const s = await open({ now: () => new Date('2026-11-25T03:00:00.500Z') });
    recordUpdate.mockClear();
    const created = await s.create(
      SERVICES,
      'default',
      { metadata: { name: 'web' } },
      { fieldManager: 'kubectl-create' },
    );
    expect(created.metadata.managedFields).toEqual([
      { manager: 'kubectl-create', operation: 'Update' },
    ]);
    expect(recordUpdate).toHaveBeenLastCalledWith(
      undefined,
      expect.objectContaining({ kind: 'Service' }),
      {
        manager: 'kubectl-create',
        apiVersion: 'v1',
        now: '2026-11-25T03:00:00Z',
        hasStatusSubresource: true,
      },
    );
    await s.update(
      SERVICES,
      'default',
      'web',
      { ...created, status: { a: 1 } },
      { fieldManager: 'ctl', subresource: 'status' },
    );
    expect(recordUpdate.mock.lastCall?.[2]).toEqual({
      manager: 'ctl',
      apiVersion: 'v1',
      now: '2026-11-25T03:00:00Z',
      subresource: 'status',
      hasStatusSubresource: true,
    });
    expect(recordUpdate.mock.lastCall?.[0]).toMatchObject({ metadata: { name: 'web' } });
    const calls = recordUpdate.mock.calls.length;
    await s.modify(SERVICES, 'default', 'web', (c) => ({ ...c!, spec: { x: 1 } }), {
      fieldManager: 'kubectl-patch',
    });
    await s.create(SERVICES, 'default', { metadata: { name: 'quiet' } });
    expect(recordUpdate.mock.calls.length).toBe(calls);
  });

  it('treats a write that only moves managedFields timestamps as no change', async () => {
    const s = await open();
    const entry = {
      manager: 'm',
      operation: 'Update' as const,
      apiVersion: 'v1',
      fieldsType: 'FieldsV1' as const,
      fieldsV1: {},
    };
    const a = await s.modify(
      CONFIGMAPS,
      'default',
      'a',
      () => ({
        metadata: { name: 'a', managedFields: [{ ...entry, time: '2026-01-01T00:00:00Z' }] },
      }),
      { createIfMissing: true },
    );
    const rv = s.resourceVersion;
    const again = await s.modify(CONFIGMAPS, 'default', 'a', (c) => ({
      ...c!,
      metadata: { ...c!.metadata, managedFields: [{ ...entry, time: '2026-06-01T00:00:00Z' }] },
    }));
    expect(s.resourceVersion).toBe(rv);
    expect(again.object).toEqual(a.object);
  });
});

describe('versions and lists', () => {
  it('serves one stored object under each version of a CRD', async () => {
    const s = await open();
    await s.create(WIDGETS_V1, 'default', { metadata: { name: 'w' }, spec: {} });
    expect(s.get(WIDGETS_V2, 'default', 'w').apiVersion).toBe('example.com/v2');
    expect((s.list(WIDGETS_V2, {}).items as KubeObject[])[0]).toMatchObject({
      apiVersion: 'example.com/v2',
      kind: 'Widget',
    });
  });

  it('leaves apiVersion/kind out of built-in list items, as typed lists do', async () => {
    const s = await open();
    await s.create(CONFIGMAPS, 'default', cm('a'));
    const list = s.list(CONFIGMAPS, { namespace: 'default' });
    expect(list).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMapList',
      metadata: { resourceVersion: String(s.resourceVersion) },
    });
    expect((list.items as KubeObject[])[0]).not.toHaveProperty('kind');
  });
});
