import { describe, expect, it } from 'vitest';
import type { ResourceType } from '../types.js';
import { BUILTIN_TYPES, storageKeyOf } from './builtin-types.js';

function type(group: string, plural: string): ResourceType {
  const found = BUILTIN_TYPES.find((rt) => rt.group === group && rt.plural === plural);
  if (!found) throw new Error(`no built-in ${group}/${plural}`);
  return found;
}

describe('BUILTIN_TYPES', () => {
  it('serves every kind MetalLB and its manifests use, once each', () => {
    const served = BUILTIN_TYPES.map((rt) => `${rt.group || 'core'}/${rt.version}/${rt.plural}`);
    expect(new Set(served).size).toBe(served.length);
    for (const expected of [
      'core/v1/namespaces',
      'core/v1/services',
      'core/v1/endpoints',
      'core/v1/configmaps',
      'core/v1/secrets',
      'core/v1/nodes',
      'core/v1/events',
      'core/v1/pods',
      'core/v1/serviceaccounts',
      'discovery.k8s.io/v1/endpointslices',
      'coordination.k8s.io/v1/leases',
      'events.k8s.io/v1/events',
      'apiextensions.k8s.io/v1/customresourcedefinitions',
      'admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
      'admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
      'apps/v1/deployments',
      'apps/v1/daemonsets',
      'rbac.authorization.k8s.io/v1/roles',
      'rbac.authorization.k8s.io/v1/rolebindings',
      'rbac.authorization.k8s.io/v1/clusterroles',
      'rbac.authorization.k8s.io/v1/clusterrolebindings',
    ]) {
      expect(served).toContain(expected);
    }
  });

  it('describes Service as kube 1.32 discovery does', () => {
    expect(type('', 'services')).toEqual({
      group: '',
      version: 'v1',
      kind: 'Service',
      listKind: 'ServiceList',
      plural: 'services',
      singular: 'service',
      shortNames: ['svc'],
      categories: ['all'],
      namespaced: true,
      hasStatus: true,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      storage: 'core/services',
      builtin: true,
      tracksGeneration: false,
    });
  });

  it('gives namespaces no deletecollection, and cluster scope', () => {
    const ns = type('', 'namespaces');
    expect(ns.verbs).not.toContain('deletecollection');
    expect(ns.namespaced).toBe(false);
    expect(ns.shortNames).toEqual(['ns']);
  });

  it('stores events.k8s.io Events with core Events', () => {
    expect(type('events.k8s.io', 'events').storage).toBe('core/events');
    expect(type('', 'events').storage).toBe('core/events');
    expect(type('events.k8s.io', 'events').kind).toBe('Event');
  });

  it('tracks generation only where the kube registry strategy sets it', () => {
    const tracking = BUILTIN_TYPES.filter((rt) => rt.tracksGeneration).map(
      (rt) => `${rt.group}/${rt.plural}`,
    );
    expect(tracking.sort()).toEqual([
      'admissionregistration.k8s.io/mutatingwebhookconfigurations',
      'admissionregistration.k8s.io/validatingwebhookconfigurations',
      'apiextensions.k8s.io/customresourcedefinitions',
      'apps/daemonsets',
      'apps/deployments',
      'discovery.k8s.io/endpointslices',
      'policy/poddisruptionbudgets',
    ]);
  });

  it('has a status subresource exactly where kube has one', () => {
    const withStatus = BUILTIN_TYPES.filter((rt) => rt.hasStatus).map((rt) => rt.plural);
    expect(withStatus.sort()).toEqual([
      'customresourcedefinitions',
      'daemonsets',
      'deployments',
      'namespaces',
      'nodes',
      'poddisruptionbudgets',
      'pods',
      'services',
    ]);
  });

  it('is frozen, so no caller can change what the server serves', () => {
    expect(Object.isFrozen(BUILTIN_TYPES)).toBe(true);
    expect(Object.isFrozen(BUILTIN_TYPES[0])).toBe(true);
    expect(Object.isFrozen(BUILTIN_TYPES[0]!.verbs)).toBe(true);
  });
});

describe('storageKeyOf', () => {
  it('names the core group "core"', () => {
    expect(storageKeyOf('', 'services')).toBe('core/services');
    expect(storageKeyOf('metallb.io', 'ipaddresspools')).toBe('metallb.io/ipaddresspools');
  });
});
