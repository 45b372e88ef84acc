import { describe, expect, it } from 'vitest';
import { patchMetaFor } from './builtin-meta.js';
import { patchMetaFromSchema } from './schema-meta.js';

describe('patchMetaFor', () => {
  const served: [string, string, boolean][] = [
    ['', 'Namespace', true],
    ['', 'Service', true],
    ['', 'Node', true],
    ['', 'Pod', true],
    ['', 'ConfigMap', false],
    ['', 'Secret', false],
    ['', 'Event', false],
    ['', 'Endpoints', false],
    ['', 'ServiceAccount', false],
    ['discovery.k8s.io', 'EndpointSlice', false],
    ['coordination.k8s.io', 'Lease', false],
    ['events.k8s.io', 'Event', false],
    ['apps', 'Deployment', true],
    ['apps', 'DaemonSet', true],
    ['rbac.authorization.k8s.io', 'ClusterRole', false],
    ['rbac.authorization.k8s.io', 'Role', false],
    ['rbac.authorization.k8s.io', 'ClusterRoleBinding', false],
    ['rbac.authorization.k8s.io', 'RoleBinding', false],
    ['apiextensions.k8s.io', 'CustomResourceDefinition', true],
    ['admissionregistration.k8s.io', 'ValidatingWebhookConfiguration', false],
  ];
  for (const [group, kind, status] of served) {
    it(`describes ${group || 'core'}/${kind}`, () => {
      const meta = patchMetaFor(group, kind);
      expect(meta?.builtin).toBe(true);
      expect(meta?.statusSubresource).toBe(status);
      expect(meta?.root.fields?.metadata?.fields?.ownerReferences?.patchMergeKey).toBe('uid');
    });
  }

  it('has no table for custom resources (strategic merge patch gets 415)', () => {
    expect(patchMetaFor('metallb.io', 'IPAddressPool')).toBeUndefined();
    expect(patchMetaFor('', 'IPAddressPool')).toBeUndefined();
  });

  it('carries the Service port merge key, list-map keys and protocol default', () => {
    const ports = patchMetaFor('', 'Service')!.root.fields!.spec!.fields!.ports!;
    expect(ports).toMatchObject({ patchStrategy: 'merge', patchMergeKey: 'port', listType: 'map' });
    expect(ports.listMapKeys).toEqual(['port', 'protocol']);
    expect(ports.items?.fields?.protocol?.default).toBe('TCP');
  });

  it('keeps EndpointSlice endpoints an atomic list with no merge key', () => {
    const meta = patchMetaFor('discovery.k8s.io', 'EndpointSlice')!;
    expect(meta.root.fields?.endpoints).toBeUndefined();
  });
});

describe('patchMetaFromSchema', () => {
  it('reads list types, map keys, map types and defaults', () => {
    const meta = patchMetaFromSchema(
      {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: {
              peers: {
                type: 'array',
                'x-kubernetes-list-type': 'map',
                'x-kubernetes-list-map-keys': ['name', 'port'],
                items: {
                  type: 'object',
                  properties: { name: { type: 'string' }, port: { type: 'integer', default: 179 } },
                },
              },
              tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
              plain: { type: 'array', items: { type: 'string' } },
              selector: {
                type: 'object',
                'x-kubernetes-map-type': 'atomic',
                additionalProperties: { type: 'string' },
              },
              extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        },
      },
      { statusSubresource: true },
    );
    const spec = meta.root.fields!.spec!;
    expect(meta.builtin).toBe(false);
    expect(meta.statusSubresource).toBe(true);
    expect(spec.closed).toBe(true);
    expect(spec.fields!.peers).toMatchObject({ listType: 'map', listMapKeys: ['name', 'port'] });
    expect(spec.fields!.peers!.items!.fields!.port!.default).toBe(179);
    expect(spec.fields!.tags!.listType).toBe('set');
    expect(spec.fields!.plain!.listType).toBe('atomic');
    expect(spec.fields!.selector!.mapType).toBe('atomic');
    expect(spec.fields!.extra!.closed).toBeUndefined();
    expect(meta.root.fields!.metadata!.fields!.finalizers!.listType).toBe('set');
  });
});
