/**
 * patchStatus against the API stand-in: the request is a real JSON merge patch (client-node's
 * default Content-Type, JSON Patch, is refused for the same body), it merges into the
 * existing status, honours a resourceVersion precondition, and works for custom objects.
 */

import {
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { isApiStatus } from '../errors.js';
import { type StandinHandle, startInProcess, waitFor } from '../testing/standin.js';
import { patchStatus } from './patch-status.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

const NS = 'default';

describe('patchStatus against the stand-in', () => {
  let standin: StandinHandle;
  let kc: KubeConfig;
  let core: CoreV1Api;

  async function setup(): Promise<void> {
    ({ standin, kc } = await startInProcess());
    cleanups.push(() => standin.close());
    core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedService({
      namespace: NS,
      body: { metadata: { name: 'web' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } },
    });
  }

  it('merge-patches a Service status, keeping the fields it does not name', async () => {
    await setup();
    await patchStatus(core, 'Service', NS, 'web', {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Ok',
          message: '',
          lastTransitionTime: '2025-01-01T00:00:00Z',
        },
      ],
    });
    const patched = await patchStatus(core, 'Service', NS, 'web', {
      loadBalancer: { ingress: [{ ip: '192.0.2.10' }] },
    });
    expect(patched.status?.loadBalancer?.ingress).toEqual([{ ip: '192.0.2.10' }]);
    expect(patched.status?.conditions?.[0]?.type).toBe('Ready');
    // The main resource's spec is untouched.
    expect(patched.spec?.ports?.[0]?.port).toBe(80);
    // null deletes a key (RFC 7386).
    const cleared = await patchStatus(core, 'Service', NS, 'web', { conditions: null });
    expect(cleared.status?.conditions).toBeUndefined();
    expect(cleared.status?.loadBalancer?.ingress).toEqual([{ ip: '192.0.2.10' }]);
  });

  it('is needed: client-node without it sends the same body as JSON Patch, which is refused', async () => {
    await setup();
    const err = await core
      .patchNamespacedServiceStatus({
        name: 'web',
        namespace: NS,
        body: { status: { loadBalancer: {} } },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isApiStatus(err, 400)).toBe(true);
  });

  it('answers 409 when the object moved past the given resourceVersion', async () => {
    await setup();
    const svc = await core.readNamespacedService({ name: 'web', namespace: NS });
    const rv = svc.metadata!.resourceVersion!;
    await patchStatus(
      core,
      'Service',
      NS,
      'web',
      { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } },
      { resourceVersion: rv },
    );
    const stale = await patchStatus(
      core,
      'Service',
      NS,
      'web',
      { loadBalancer: {} },
      { resourceVersion: rv },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isApiStatus(stale, 409)).toBe(true);
  });

  it('merge-patches the status of a custom object', async () => {
    await setup();
    const crd: V1CustomResourceDefinition = {
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            subresources: { status: {} },
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: { type: 'object', properties: { size: { type: 'integer' } } },
                  status: {
                    type: 'object',
                    properties: { ready: { type: 'boolean' }, observed: { type: 'integer' } },
                  },
                },
              },
            },
          },
        ],
      },
    };
    await kc.makeApiClient(ApiextensionsV1Api).createCustomResourceDefinition({ body: crd });
    const custom = kc.makeApiClient(CustomObjectsApi);
    const ref = { group: 'example.com', version: 'v1', plural: 'widgets' };
    await waitFor('the CRD to be served', async () =>
      custom
        .createNamespacedCustomObject({
          ...ref,
          namespace: NS,
          body: {
            apiVersion: 'example.com/v1',
            kind: 'Widget',
            metadata: { name: 'w' },
            spec: { size: 3 },
          },
        })
        .then(
          () => true,
          () => false,
        ),
    );
    await patchStatus(custom, ref, NS, 'w', { ready: true });
    const patched = await patchStatus(custom, ref, NS, 'w', { observed: 3 });
    expect(patched.status).toEqual({ ready: true, observed: 3 });
    expect((patched.spec as { size: number }).size).toBe(3);
  });
});
