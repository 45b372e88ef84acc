import { describe, expect, it } from 'vitest';
import { ResourceRegistry } from '../resources/registry.js';
import { aggregatedDiscovery } from './aggregated.js';
import { bgpPeerTypes, ipAddressPoolTypes } from './fixtures.js';

interface Resource {
  resource: string;
  [key: string]: unknown;
}
interface Version {
  version: string;
  resources: Resource[];
  freshness: string;
}
interface Group {
  metadata: { name?: string };
  versions: Version[];
}

function items(doc: Record<string, unknown>): Group[] {
  return doc.items as Group[];
}

function resourceIn(doc: Record<string, unknown>, group: string, version: string, plural: string) {
  const g = items(doc).find((i) => (i.metadata.name ?? '') === group);
  return g?.versions
    .find((v) => v.version === version)
    ?.resources.find((r) => r.resource === plural);
}

describe('aggregatedDiscovery', () => {
  it('answers /api with the core group alone, Service as kube-apiserver describes it', () => {
    const doc = aggregatedDiscovery(new ResourceRegistry(), 'api', 'v2');
    expect(doc).toMatchObject({
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      metadata: {},
    });
    expect(items(doc)).toHaveLength(1);
    expect(items(doc)[0]!.metadata).toEqual({ creationTimestamp: null });
    expect(items(doc)[0]!.versions.map((v) => [v.version, v.freshness])).toEqual([
      ['v1', 'Current'],
    ]);
    expect(resourceIn(doc, '', 'v1', 'services')).toEqual({
      resource: 'services',
      responseKind: { group: '', version: '', kind: 'Service' },
      scope: 'Namespaced',
      singularResource: 'service',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['svc'],
      categories: ['all'],
      subresources: [
        {
          subresource: 'status',
          responseKind: { group: '', version: '', kind: 'Service' },
          verbs: ['get', 'patch', 'update'],
        },
      ],
    });
    expect(resourceIn(doc, '', 'v1', 'namespaces')).toMatchObject({ scope: 'Cluster' });
    expect(resourceIn(doc, '', 'v1', 'configmaps')).not.toHaveProperty('subresources');
  });

  it('answers /apis with the named groups only, in /apis order', () => {
    const doc = aggregatedDiscovery(new ResourceRegistry(), 'apis', 'v2');
    const names = items(doc).map((g) => g.metadata.name);
    expect(names[0]).toBe('apps');
    expect(names).not.toContain(undefined);
    expect(names).toContain('coordination.k8s.io');
    expect(resourceIn(doc, 'coordination.k8s.io', 'v1', 'leases')).toMatchObject({
      scope: 'Namespaced',
      singularResource: 'lease',
    });
  });

  it('contains a CRD group after setCustomTypes and drops it after removal', () => {
    const registry = new ResourceRegistry();
    registry.setCustomTypes('ipaddresspools.metallb.io', ipAddressPoolTypes());
    registry.setCustomTypes('bgppeers.metallb.io', bgpPeerTypes());
    const doc = aggregatedDiscovery(registry, 'apis', 'v2');
    const metallb = items(doc).find((g) => g.metadata.name === 'metallb.io');
    // Preferred (highest priority) version first.
    expect(metallb?.versions.map((v) => v.version)).toEqual(['v1beta2', 'v1beta1']);
    expect(resourceIn(doc, 'metallb.io', 'v1beta1', 'ipaddresspools')).toEqual({
      resource: 'ipaddresspools',
      responseKind: { group: 'metallb.io', version: 'v1beta1', kind: 'IPAddressPool' },
      scope: 'Namespaced',
      singularResource: 'ipaddresspool',
      verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      shortNames: ['ipp'],
      subresources: [
        {
          subresource: 'status',
          responseKind: { group: 'metallb.io', version: 'v1beta1', kind: 'IPAddressPool' },
          verbs: ['get', 'patch', 'update'],
        },
      ],
    });

    registry.setCustomTypes('ipaddresspools.metallb.io', undefined);
    registry.setCustomTypes('bgppeers.metallb.io', undefined);
    const after = aggregatedDiscovery(registry, 'apis', 'v2');
    expect(items(after).map((g) => g.metadata.name)).not.toContain('metallb.io');
  });

  it('speaks v2beta1 in the same shape', () => {
    const registry = new ResourceRegistry();
    const v2 = aggregatedDiscovery(registry, 'apis', 'v2');
    const v2beta1 = aggregatedDiscovery(registry, 'apis', 'v2beta1');
    expect(v2beta1.apiVersion).toBe('apidiscovery.k8s.io/v2beta1');
    expect(v2beta1.items).toEqual(v2.items);
  });

  it('hands out the same frozen document until the registry changes', () => {
    const registry = new ResourceRegistry();
    const first = aggregatedDiscovery(registry, 'apis', 'v2');
    expect(aggregatedDiscovery(registry, 'apis', 'v2')).toBe(first);
    expect(Object.isFrozen(first.items)).toBe(true);
    registry.setCustomTypes('ipaddresspools.metallb.io', ipAddressPoolTypes());
    expect(aggregatedDiscovery(registry, 'apis', 'v2')).not.toBe(first);
  });
});
