import { describe, expect, it } from 'vitest';
import { ResourceRegistry } from '../resources/registry.js';
import { bgpPeerTypes, ipAddressPoolTypes } from './fixtures.js';
import { apiGroup, apiResourceList, legacyCoreVersions, legacyGroupList } from './legacy.js';
import { versionInfo } from './version-info.js';

type Entry = Record<string, unknown> & { name: string };

function resources(list: Record<string, unknown> | undefined): Entry[] {
  return (list?.resources ?? []) as Entry[];
}

function entry(list: Record<string, unknown> | undefined, name: string): Entry | undefined {
  return resources(list).find((r) => r.name === name);
}

function crdRegistry(): ResourceRegistry {
  const registry = new ResourceRegistry();
  registry.setCustomTypes('ipaddresspools.metallb.io', ipAddressPoolTypes());
  registry.setCustomTypes('bgppeers.metallb.io', bgpPeerTypes());
  return registry;
}

describe('versionInfo', () => {
  it('reports the Kubernetes v1.32.4 release kubectl dispatches on', () => {
    const info = versionInfo();
    expect(info).toMatchObject({
      major: '1',
      minor: '32',
      gitVersion: 'v1.32.4',
      gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
      gitTreeState: 'clean',
      buildDate: '2025-04-22T16:02:27Z',
      goVersion: 'go1.23.6',
      compiler: 'gc',
    });
    expect(info.platform).toMatch(/^[a-z0-9]+\/[a-z0-9]+$/);
  });
});

describe('legacyCoreVersions', () => {
  it('is the APIVersions of GET /api, with no apiVersion field', () => {
    expect(legacyCoreVersions('127.0.0.1:6443')).toEqual({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
    });
  });
});

describe('legacyGroupList', () => {
  it('lists built-in groups in kube-aggregator order, each preferring v1', () => {
    const list = legacyGroupList(new ResourceRegistry());
    expect(list.kind).toBe('APIGroupList');
    expect(list.apiVersion).toBe('v1');
    const groups = list.groups as Array<{ name: string; preferredVersion: unknown }>;
    expect(groups.map((g) => g.name)).toEqual([
      'apps',
      'events.k8s.io',
      'policy',
      'rbac.authorization.k8s.io',
      'admissionregistration.k8s.io',
      'apiextensions.k8s.io',
      'coordination.k8s.io',
      'discovery.k8s.io',
    ]);
    expect(groups[0]).toEqual({
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
  });

  it('adds a CRD group after the built-ins, preferring its highest priority version', () => {
    const list = legacyGroupList(crdRegistry());
    const groups = list.groups as Array<{ name: string }>;
    expect(groups.at(-1)).toEqual({
      name: 'metallb.io',
      versions: [
        { groupVersion: 'metallb.io/v1beta2', version: 'v1beta2' },
        { groupVersion: 'metallb.io/v1beta1', version: 'v1beta1' },
      ],
      preferredVersion: { groupVersion: 'metallb.io/v1beta2', version: 'v1beta2' },
    });
  });

  it('drops the CRD group once its last CRD is gone', () => {
    const registry = crdRegistry();
    registry.setCustomTypes('ipaddresspools.metallb.io', undefined);
    expect(JSON.stringify(legacyGroupList(registry))).toContain('metallb.io');
    registry.setCustomTypes('bgppeers.metallb.io', undefined);
    expect(JSON.stringify(legacyGroupList(registry))).not.toContain('metallb.io');
  });
});

describe('apiGroup', () => {
  it('is the APIGroup of GET /apis/<group>', () => {
    expect(apiGroup(crdRegistry(), 'metallb.io')).toMatchObject({
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'metallb.io',
      preferredVersion: { groupVersion: 'metallb.io/v1beta2', version: 'v1beta2' },
    });
    expect(apiGroup(new ResourceRegistry(), 'metallb.io')).toBeUndefined();
    expect(apiGroup(new ResourceRegistry(), '')).toBeUndefined();
  });
});

describe('apiResourceList', () => {
  it('lists services and services/status in /api/v1 as kube 1.32 does', () => {
    const list = apiResourceList(new ResourceRegistry(), '', 'v1');
    expect(list).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    // The real /api/v1 list carries no apiVersion (api/discovery/api__v1.json).
    expect(list).not.toHaveProperty('apiVersion');
    expect(entry(list, 'services')).toEqual({
      name: 'services',
      singularName: 'service',
      namespaced: true,
      kind: 'Service',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['svc'],
      categories: ['all'],
      storageVersionHash: '0/CO1lhkEBI=',
    });
    expect(entry(list, 'services/status')).toEqual({
      name: 'services/status',
      singularName: '',
      namespaced: true,
      kind: 'Service',
      verbs: ['get', 'patch', 'update'],
    });
    expect(entry(list, 'secrets')).not.toHaveProperty('shortNames');
    expect(entry(list, 'configmaps/status')).toBeUndefined();
  });

  it('sorts entries by name, subresources included', () => {
    const names = resources(apiResourceList(new ResourceRegistry(), '', 'v1')).map((r) => r.name);
    expect(names).toEqual([...names].sort());
    expect(names.indexOf('services/status')).toBe(names.indexOf('services') + 1);
    expect(names.indexOf('serviceaccounts')).toBeLessThan(names.indexOf('services'));
  });

  it('reports the storage version hashes kube-apiserver reports', () => {
    const core = apiResourceList(new ResourceRegistry(), '', 'v1');
    // Golden values from kubernetes/kubernetes api/discovery/*.json.
    const golden: Record<string, string> = {
      configmaps: 'qFsyl6wFWjQ=',
      endpoints: 'fWeeMqaN/OA=',
      events: 'r2yiGXH7wu8=',
      namespaces: 'Q3oi5N2YM8M=',
      nodes: 'XwShjMxG9Fs=',
      pods: 'xPOwRZ+Yhw8=',
      secrets: 'S6u1pOWzb84=',
      serviceaccounts: 'pbx9ZvyFpBE=',
      services: '0/CO1lhkEBI=',
    };
    for (const [name, hash] of Object.entries(golden)) {
      expect(entry(core, name)?.storageVersionHash, name).toBe(hash);
    }
    const events = apiResourceList(new ResourceRegistry(), 'events.k8s.io', 'v1');
    expect(entry(events, 'events')?.storageVersionHash).toBe('r2yiGXH7wu8=');
    const crds = apiResourceList(new ResourceRegistry(), 'apiextensions.k8s.io', 'v1');
    // CRDs are stored as apiextensions.k8s.io/v1beta1.
    expect(entry(crds, 'customresourcedefinitions')).toMatchObject({
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
      storageVersionHash: 'jfWCUB31mvA=',
    });
    const groups: Array<[string, string, string]> = [
      ['apps', 'daemonsets', 'dd7pWHUlMKQ='],
      ['apps', 'deployments', '8aSe+NMegvE='],
      ['rbac.authorization.k8s.io', 'clusterrolebindings', '48tpQ8gZHFc='],
      ['rbac.authorization.k8s.io', 'clusterroles', 'bYE5ZWDrJ44='],
      ['rbac.authorization.k8s.io', 'rolebindings', 'eGsCzGH6b1g='],
      ['rbac.authorization.k8s.io', 'roles', '7FuwZcIIItM='],
      ['coordination.k8s.io', 'leases', 'gqkMMb/YqFM='],
      ['policy', 'poddisruptionbudgets', 'EVWiDmWqyJw='],
      ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations', 'Sqi0GUgDaX0='],
      ['admissionregistration.k8s.io', 'validatingwebhookconfigurations', 'B0wHjQmsGNk='],
    ];
    for (const [group, name, hash] of groups) {
      const list = apiResourceList(new ResourceRegistry(), group, 'v1');
      expect(entry(list, name)?.storageVersionHash, name).toBe(hash);
    }
  });

  it('serves a named group version with apiVersion v1', () => {
    const list = apiResourceList(new ResourceRegistry(), 'coordination.k8s.io', 'v1');
    expect(list).toEqual({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: 'coordination.k8s.io/v1',
      resources: [
        {
          name: 'leases',
          singularName: 'lease',
          namespaced: true,
          kind: 'Lease',
          verbs: [
            'create',
            'delete',
            'deletecollection',
            'get',
            'list',
            'patch',
            'update',
            'watch',
          ],
          storageVersionHash: expect.any(String),
        },
      ],
    });
  });

  it('serves each CRD version, with its status subresource, until the CRD goes', () => {
    const registry = crdRegistry();
    const list = apiResourceList(registry, 'metallb.io', 'v1beta1');
    expect(resources(list).map((r) => r.name)).toEqual([
      'bgppeers',
      'bgppeers/status',
      'ipaddresspools',
      'ipaddresspools/status',
    ]);
    expect(entry(list, 'ipaddresspools')).toEqual({
      name: 'ipaddresspools',
      singularName: 'ipaddresspool',
      namespaced: true,
      kind: 'IPAddressPool',
      verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      shortNames: ['ipp'],
    });
    registry.setCustomTypes('ipaddresspools.metallb.io', undefined);
    expect(
      entry(apiResourceList(registry, 'metallb.io', 'v1beta1'), 'ipaddresspools'),
    ).toBeUndefined();
  });

  it('is undefined for a group version nobody serves', () => {
    const registry = new ResourceRegistry();
    expect(apiResourceList(registry, '', 'v2')).toBeUndefined();
    expect(apiResourceList(registry, 'metallb.io', 'v1beta1')).toBeUndefined();
  });
});
