import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../errors.js';
import type { KubeObject } from '../../types.js';
import { applyMergePatch } from '../merge-patch.js';
import { patchMetaFor } from '../meta/builtin-meta.js';
import type { PatchMeta } from '../meta/field-meta.js';
import { applyStrategicMergePatch } from './merge.js';

const SERVICE = patchMetaFor('', 'Service')!;
const DEPLOYMENT = patchMetaFor('apps', 'Deployment')!;
const NODE = patchMetaFor('', 'Node')!;

function service(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec,
  };
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

describe('applyStrategicMergePatch golden cases', () => {
  it('applies the kubectl client-side-apply patch for a changed targetPort (KUBE-API.md finding 10)', () => {
    const live = service({
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
      selector: { app: 'web' },
    });
    const patch = {
      spec: { '$setElementOrder/ports': [{ port: 80 }], ports: [{ port: 80, targetPort: 9090 }] },
    };
    const out = applyStrategicMergePatch(live, patch, SERVICE);
    expect(out.spec).toEqual({
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 9090 }],
      selector: { app: 'web' },
    });
    expect(JSON.stringify(out)).not.toContain('$setElementOrder');
    expect(live.spec).toEqual({
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
      selector: { app: 'web' },
    });
  });

  const twoPorts = () =>
    service({
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 },
        { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
      ],
    });

  const cases: {
    name: string;
    live: KubeObject;
    patch: unknown;
    meta: PatchMeta;
    want: unknown;
  }[] = [
    {
      name: '$patch: delete removes the Service port with that merge key',
      live: twoPorts(),
      patch: { spec: { ports: [{ port: 80, $patch: 'delete' }] } },
      meta: SERVICE,
      want: { ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 }] },
    },
    {
      name: '$patch: replace in a list replaces the whole list',
      live: twoPorts(),
      patch: { spec: { ports: [{ $patch: 'replace' }, { port: 8080 }] } },
      meta: SERVICE,
      want: { ports: [{ port: 8080 }] },
    },
    {
      // The live list has no place for a new item, and patch items win ties: it goes first,
      // as on a real server (kubectl adds $setElementOrder to say otherwise).
      name: 'a new merge-key item goes before the live ones',
      live: twoPorts(),
      patch: { spec: { ports: [{ port: 9000, name: 'metrics' }] } },
      meta: SERVICE,
      want: {
        ports: [
          { port: 9000, name: 'metrics' },
          { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 },
          { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
        ],
      },
    },
    {
      name: '$setElementOrder places a new item where the patch says',
      live: twoPorts(),
      patch: {
        spec: {
          '$setElementOrder/ports': [{ port: 80 }, { port: 443 }, { port: 9000 }],
          ports: [{ port: 9000, name: 'metrics' }],
        },
      },
      meta: SERVICE,
      want: {
        ports: [
          { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 },
          { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
          { port: 9000, name: 'metrics' },
        ],
      },
    },
    {
      name: '$setElementOrder reorders a merged list',
      live: twoPorts(),
      patch: { spec: { '$setElementOrder/ports': [{ port: 443 }, { port: 80 }] } },
      meta: SERVICE,
      want: {
        ports: [
          { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
          { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 },
        ],
      },
    },
    {
      name: 'a list without a merge strategy is replaced',
      live: service({ externalIPs: ['192.0.2.1', '192.0.2.2'] }),
      patch: { spec: { externalIPs: ['192.0.2.3'] } },
      meta: SERVICE,
      want: { externalIPs: ['192.0.2.3'] },
    },
    {
      name: 'null deletes a map key and a field',
      live: service({ selector: { app: 'web', tier: 'front' }, sessionAffinity: 'None' }),
      patch: { spec: { selector: { tier: null }, sessionAffinity: null } },
      meta: SERVICE,
      want: { selector: { app: 'web' } },
    },
    {
      name: '$patch: replace on a map replaces it',
      live: service({ selector: { app: 'web', tier: 'front' } }),
      patch: { spec: { selector: { $patch: 'replace', app: 'api' } } },
      meta: SERVICE,
      want: { selector: { app: 'api' } },
    },
    {
      name: '$patch: delete on a map empties it',
      live: service({ selector: { app: 'web' }, type: 'ClusterIP' }),
      patch: { spec: { selector: { $patch: 'delete' } } },
      meta: SERVICE,
      want: { selector: {}, type: 'ClusterIP' },
    },
    {
      name: 'directives inside a new key are applied, never stored',
      live: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } },
      patch: { spec: { '$setElementOrder/ports': [{ port: 80 }], ports: [{ port: 80 }] } },
      meta: SERVICE,
      want: { ports: [{ port: 80 }] },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      expect(applyStrategicMergePatch(c.live, c.patch, c.meta).spec).toEqual(c.want);
    });
  }

  it('merges finalizers as an ordered set, patch order first', () => {
    const live: KubeObject = { metadata: { name: 'x', finalizers: ['a', 'b'] } };
    const out = applyStrategicMergePatch(live, { metadata: { finalizers: ['c', 'a'] } }, SERVICE);
    expect(out.metadata.finalizers).toEqual(['c', 'a', 'b']);
  });

  it('orders a merged primitive list by $setElementOrder', () => {
    const live: KubeObject = { metadata: { name: 'x', finalizers: ['a', 'b'] } };
    const patch = {
      metadata: { '$setElementOrder/finalizers': ['b', 'a', 'c'], finalizers: ['c'] },
    };
    expect(applyStrategicMergePatch(live, patch, SERVICE).metadata.finalizers).toEqual([
      'b',
      'a',
      'c',
    ]);
  });

  it('applies the kubectl patch that drops a port', () => {
    const patch = {
      spec: { '$setElementOrder/ports': [{ port: 443 }], ports: [{ $patch: 'delete', port: 80 }] },
    };
    expect(applyStrategicMergePatch(twoPorts(), patch, SERVICE).spec).toEqual({
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 }],
    });
  });

  it('applies the kubectl patch that adds a port after the others', () => {
    const live = service({
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
    });
    const patch = {
      spec: {
        '$setElementOrder/ports': [{ port: 80 }, { port: 443 }],
        ports: [{ name: 'https', port: 443, targetPort: 8443 }],
      },
    };
    expect(applyStrategicMergePatch(live, patch, SERVICE).spec).toEqual({
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 },
        { name: 'https', port: 443, targetPort: 8443 },
      ],
    });
  });

  it('removes values named by $deleteFromPrimitiveList', () => {
    const live: KubeObject = { metadata: { name: 'x', finalizers: ['a', 'b', 'c'] } };
    const patch = { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'] } };
    expect(applyStrategicMergePatch(live, patch, SERVICE).metadata.finalizers).toEqual(['a', 'c']);
  });

  it('clears the keys $retainKeys does not list (Deployment strategy)', () => {
    const live: KubeObject = {
      metadata: { name: 'd' },
      spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } }, replicas: 2 },
    };
    const patch = { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } };
    expect(applyStrategicMergePatch(live, patch, DEPLOYMENT).spec).toEqual({
      strategy: { type: 'Recreate' },
      replicas: 2,
    });
  });

  it('merges containers by name and their env by name', () => {
    const live: KubeObject = {
      metadata: { name: 'd' },
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }] },
              { name: 'side', image: 'side:1' },
            ],
          },
        },
      },
    };
    const patch = {
      spec: {
        template: { spec: { containers: [{ name: 'app', env: [{ name: 'B', value: '2' }] }] } },
      },
    };
    const out = applyStrategicMergePatch(live, patch, DEPLOYMENT);
    expect(out.spec).toEqual({
      template: {
        spec: {
          containers: [
            {
              name: 'app',
              image: 'app:1',
              env: [
                { name: 'B', value: '2' },
                { name: 'A', value: '1' },
              ],
            },
            { name: 'side', image: 'side:1' },
          ],
        },
      },
    });
  });

  it('merges Node addresses and conditions by type', () => {
    const live: KubeObject = {
      metadata: { name: 'n1' },
      status: {
        addresses: [
          { type: 'InternalIP', address: '10.0.0.1' },
          { type: 'Hostname', address: 'n1' },
        ],
        conditions: [{ type: 'Ready', status: 'False' }],
      },
    };
    const patch = {
      status: {
        addresses: [{ type: 'InternalIP', address: '10.0.0.2' }],
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'MemoryPressure', status: 'False' },
        ],
      },
    };
    expect(applyStrategicMergePatch(live, patch, NODE).status).toEqual({
      addresses: [
        { type: 'InternalIP', address: '10.0.0.2' },
        { type: 'Hostname', address: 'n1' },
      ],
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'MemoryPressure', status: 'False' },
      ],
    });
  });

  it('replaces every list of a kind without merge keys (ClusterRole rules)', () => {
    const role = patchMetaFor('rbac.authorization.k8s.io', 'ClusterRole')!;
    const live: KubeObject = {
      metadata: { name: 'r' },
      rules: [{ verbs: ['get'] }, { verbs: ['list'] }],
    };
    const out = applyStrategicMergePatch(live, { rules: [{ verbs: ['watch'] }] }, role);
    expect(out.rules).toEqual([{ verbs: ['watch'] }]);
  });

  it('treats a null body as an empty patch', () => {
    const live = twoPorts();
    expect(applyStrategicMergePatch(live, null, SERVICE)).toEqual(live);
  });
});

describe('applyStrategicMergePatch errors', () => {
  const live = () => service({ ports: [{ port: 80, protocol: 'TCP' }], selector: { a: 'b' } });

  const cases: { name: string; patch: unknown; code: number; message: string }[] = [
    {
      name: 'a body that is not an object',
      patch: [{ op: 'add' }],
      code: 400,
      message: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
    },
    {
      name: 'an unknown $patch in a map',
      patch: { spec: { selector: { $patch: 'foo', a: 'c' } } },
      code: 400,
      message: 'unknown patch type: foo in map: map[$patch:foo a:c]',
    },
    {
      name: '$patch: merge in a list',
      patch: { spec: { ports: [{ port: 80, $patch: 'merge' }] } },
      code: 400,
      message: 'merging lists cannot yet be specified in the patch',
    },
    {
      name: 'a merge-list item without its merge key',
      patch: { spec: { ports: [{ targetPort: 1 }] } },
      code: 400,
      message: 'map: map[targetPort:1] does not contain declared merge key: port',
    },
    {
      name: '$retainKeys that is not a list',
      patch: { spec: { $retainKeys: 'ports' } },
      code: 400,
      message: 'invalid patch format of retainKeys',
    },
    {
      name: '$retainKeys that leaves out a key the patch sets',
      patch: { spec: { $retainKeys: ['type'], selector: { a: 'c' } } },
      code: 400,
      message: 'invalid patch format of retainKeys',
    },
    {
      name: '$setElementOrder without a list name',
      patch: { spec: { $setElementOrder: [{ port: 80 }] } },
      code: 400,
      message: 'invalid patch format of setElementOrder list',
    },
    {
      name: '$deleteFromPrimitiveList without a list name',
      patch: { metadata: { $deleteFromPrimitiveList: ['a'] } },
      code: 400,
      message: 'invalid patch format of primitive list',
    },
    {
      name: 'a patch list out of $setElementOrder order',
      patch: {
        spec: {
          '$setElementOrder/ports': [{ port: 80 }],
          ports: [{ port: 81 }],
        },
      },
      code: 400,
      message:
        "The order in patch list:\n[map[port:81]]\n doesn't match $setElementOrder list:\n[map[port:80]]\n",
    },
    {
      name: 'a merge list of lists',
      patch: { metadata: { finalizers: [['a']] } },
      code: 422,
      message: 'the server rejected our request due to an error in our request',
    },
  ];

  for (const c of cases) {
    it(`refuses ${c.name}`, () => {
      const err = errorOf(() => applyStrategicMergePatch(live(), c.patch, SERVICE));
      expect(err.code).toBe(c.code);
      expect(err.message).toBe(c.message);
    });
  }
});

describe('applyStrategicMergePatch properties', () => {
  const key = fc.stringMatching(/^[a-z]{1,6}$/);
  const scalar = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean());
  const { doc } = fc.letrec((tie) => ({
    doc: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, scalar, tie('doc')), { maxKeys: 4 }),
  }));
  const { patch } = fc.letrec((tie) => ({
    patch: fc.dictionary(
      key,
      fc.oneof({ depthSize: 'small' }, scalar, fc.constant(null), tie('patch')),
      {
        maxKeys: 4,
      },
    ),
  }));

  it('equals a JSON merge patch for maps without lists or directives', () => {
    const meta: PatchMeta = { root: {}, builtin: false, statusSubresource: false };
    fc.assert(
      fc.property(doc, patch, (current, body) => {
        const object = { ...current, metadata: { name: 'x' } } as KubeObject;
        const smp = applyStrategicMergePatch(object, body, meta);
        const merge = applyMergePatch(object, body);
        expect(smp).toEqual(merge);
      }),
      { numRuns: 300 },
    );
  });
});
