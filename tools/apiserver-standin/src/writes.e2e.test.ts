/**
 * Writes over HTTP, with client-node 1.4.0 where the apps use it and raw fetch where a test
 * needs an exact header: optimistic concurrency (409), status isolation and every patch type
 * (KUBE-API.md §5 items 4, 5 and 6).
 */

import {
  ApiException,
  type CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type V1Service,
} from '@kubernetes/client-node';
import { beforeEach, describe, expect, it } from 'vitest';
import { standinPerTest } from './e2e-http.js';

let core: CoreV1Api;
/** A raw request; the body is sent as is when a string, else as JSON. */
const call = standinPerTest((_standin, c) => {
  core = c;
});

/** The Status inside a client-node ApiException (its body is JSON text). */
async function failure(
  promise: Promise<unknown>,
): Promise<{ code: number; status: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiException) {
      return { code: err.code, status: JSON.parse(err.body as string) };
    }
    throw err;
  }
  throw new Error('expected the call to fail');
}

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

describe('optimistic concurrency', () => {
  it('answers a stale PUT with 409 Conflict in kube words, on the object and on /status', async () => {
    const created = await core.createNamespacedService({
      namespace: 'default',
      body: webService(),
    });
    const fresh = { ...created, metadata: { ...created.metadata, labels: { app: 'v2' } } };
    await core.replaceNamespacedService({ name: 'web', namespace: 'default', body: fresh });
    const stale = await failure(
      core.replaceNamespacedService({ name: 'web', namespace: 'default', body: created }),
    );
    expect(stale.code).toBe(409);
    expect(stale.status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Conflict',
      code: 409,
      message:
        'Operation cannot be fulfilled on services "web": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'web', kind: 'services' },
    });
    const staleStatus = await failure(
      core.replaceNamespacedServiceStatus({ name: 'web', namespace: 'default', body: created }),
    );
    expect(staleStatus.code).toBe(409);
  });

  it('answers a PATCH carrying a stale resourceVersion with 409', async () => {
    const created = await core.createNamespacedService({
      namespace: 'default',
      body: webService(),
    });
    await core.patchNamespacedService(
      { name: 'web', namespace: 'default', body: { metadata: { labels: { x: '1' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const stale = await failure(
      core.patchNamespacedService(
        {
          name: 'web',
          namespace: 'default',
          body: {
            metadata: { resourceVersion: created.metadata!.resourceVersion, labels: { x: '2' } },
          },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    expect(stale.code).toBe(409);
  });
});

describe('status isolation', () => {
  it('keeps status out of main-resource writes and everything else out of /status writes', async () => {
    const created = await core.createNamespacedService({
      namespace: 'default',
      body: webService(),
    });
    const ingress = { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } };
    const main = await core.replaceNamespacedService({
      name: 'web',
      namespace: 'default',
      body: { ...created, status: ingress },
    });
    expect(main.status?.loadBalancer?.ingress).toBeUndefined();
    const status = await core.replaceNamespacedServiceStatus({
      name: 'web',
      namespace: 'default',
      body: {
        ...main,
        metadata: { ...main.metadata, labels: { app: 'changed' } },
        spec: { ...main.spec, type: 'ClusterIP' },
        status: ingress,
      },
    });
    expect(status.status?.loadBalancer?.ingress).toEqual([{ ip: '192.0.2.10' }]);
    expect(status.metadata?.labels).toEqual({ app: 'web' });
    expect(status.spec?.type).toBe('LoadBalancer');
  });
});

describe('PATCH', () => {
  beforeEach(async () => {
    await core.createNamespacedService({ namespace: 'default', body: webService() });
  });

  it('applies a JSON patch (client-node default) and refuses a non-array one with 400', async () => {
    const patched = await core.patchNamespacedService({
      name: 'web',
      namespace: 'default',
      body: [{ op: 'replace', path: '/metadata/labels/app', value: 'json' }],
    });
    expect(patched.metadata?.labels).toEqual({ app: 'json' });
    // The client-node bug KUBE-API.md finding 4 describes: a merge body sent as JSON patch.
    const refused = await failure(
      core.patchNamespacedServiceStatus({
        name: 'web',
        namespace: 'default',
        body: { status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } } },
      }),
    );
    expect(refused.code).toBe(400);
    expect(refused.status.reason).toBe('BadRequest');
  });

  it('applies a merge patch to /status when the Content-Type says so', async () => {
    const patched = await core.patchNamespacedServiceStatus(
      {
        name: 'web',
        namespace: 'default',
        body: { status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.status?.loadBalancer?.ingress).toEqual([{ ip: '192.0.2.1' }]);
  });

  it("applies kubectl's strategic merge patch by merge key, keeping name and protocol", async () => {
    const reply = await call('PATCH', `${SVC}/web`, {
      contentType: 'application/strategic-merge-patch+json',
      body: {
        spec: { '$setElementOrder/ports': [{ port: 80 }], ports: [{ port: 80, targetPort: 9090 }] },
      },
    });
    expect(reply.status).toBe(200);
    const spec = reply.body.spec as Record<string, unknown>;
    expect(spec.ports).toEqual([
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 9090, nodePort: expect.any(Number) },
    ]);
    expect(Object.keys(spec).some((k) => k.startsWith('$'))).toBe(false);
    const deleted = await call('PATCH', `${SVC}/web`, {
      contentType: 'application/strategic-merge-patch+json',
      body: {
        spec: {
          ports: [
            { port: 80, $patch: 'delete' },
            { port: 443, name: 'https' },
          ],
        },
      },
    });
    expect((deleted.body.spec as { ports: { port: number }[] }).ports.map((p) => p.port)).toEqual([
      443,
    ]);
  });

  it('creates with server-side apply (201), refuses a conflicting manager (409), takes force', async () => {
    const applied = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'default' },
      data: { a: '1' },
    };
    const path = '/api/v1/namespaces/default/configmaps/cfg';
    const first = await call('PATCH', `${path}?fieldManager=alice`, {
      contentType: 'application/apply-patch+yaml',
      body: applied,
    });
    expect(first.status).toBe(201);
    expect(
      (first.body.metadata as { managedFields: { manager: string; operation: string }[] })
        .managedFields,
    ).toEqual([expect.objectContaining({ manager: 'alice', operation: 'Apply' })]);
    const clash = { ...applied, data: { a: '2' } };
    const conflict = await call('PATCH', `${path}?fieldManager=bob`, {
      contentType: 'application/apply-patch+yaml',
      body: clash,
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ reason: 'Conflict', code: 409 });
    expect(String(conflict.body.message)).toMatch(
      /^Apply failed with 1 conflict: conflict with "alice"/,
    );
    const forced = await call('PATCH', `${path}?fieldManager=bob&force=true`, {
      contentType: 'application/apply-patch+yaml',
      body: clash,
    });
    expect(forced.status).toBe(200);
    expect(forced.body.data).toEqual({ a: '2' });
  });

  it('requires a fieldManager for apply and refuses force on other patches (422)', async () => {
    const noManager = await call('PATCH', `${SVC}/web`, {
      contentType: 'application/apply-patch+yaml',
      body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } },
    });
    expect(noManager.status).toBe(422);
    expect(noManager.body.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
    const force = await call('PATCH', `${SVC}/web?force=true`, {
      contentType: 'application/merge-patch+json',
      body: {},
    });
    expect(force.status).toBe(422);
  });

  it('records a managedFields Update entry for the patching manager', async () => {
    const reply = await call('PATCH', `${SVC}/web?fieldManager=kubectl-label`, {
      contentType: 'application/merge-patch+json',
      body: { metadata: { labels: { tier: 'front' } } },
    });
    const managers = (
      reply.body.metadata as { managedFields: { manager: string; operation: string }[] }
    ).managedFields;
    expect(managers).toContainEqual(
      expect.objectContaining({ manager: 'kubectl-label', operation: 'Update' }),
    );
  });
});
