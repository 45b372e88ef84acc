/**
 * Test fixtures for the rest/ tests: a few resource types shaped like the built-in kinds and
 * a custom resource, and a store opened with the `default` namespace in place. Not part of
 * the package's API.
 */
import type { ResourceType } from '../types.js';
import { ResourceStore, type ResourceStoreOptions } from './resource-store.js';

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

function builtin(
  group: string,
  kind: string,
  plural: string,
  extra: Partial<ResourceType> = {},
): ResourceType {
  return Object.freeze({
    group,
    version: 'v1',
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    shortNames: [],
    categories: [],
    namespaced: true,
    hasStatus: false,
    verbs: VERBS,
    storage: `${group || 'core'}/${plural}`,
    builtin: true,
    tracksGeneration: false,
    ...extra,
  });
}

export const NAMESPACES = builtin('', 'Namespace', 'namespaces', {
  namespaced: false,
  hasStatus: true,
});
export const CONFIGMAPS = builtin('', 'ConfigMap', 'configmaps');
export const SERVICES = builtin('', 'Service', 'services', { hasStatus: true });
export const EVENTS = builtin('', 'Event', 'events');
export const LEASES = builtin('coordination.k8s.io', 'Lease', 'leases');
export const DEPLOYMENTS = builtin('apps', 'Deployment', 'deployments', {
  hasStatus: true,
  tracksGeneration: true,
});

function widgets(version: string): ResourceType {
  return builtin('example.com', 'Widget', 'widgets', {
    version,
    hasStatus: true,
    builtin: false,
    tracksGeneration: true,
    storage: 'example.com/widgets',
  });
}

/** A custom resource served at two versions that share storage. */
export const WIDGETS_V1 = widgets('v1');
export const WIDGETS_V2 = widgets('v2');

/** A cluster-scoped custom resource without a status subresource. */
export const GADGETS = builtin('example.com', 'Gadget', 'gadgets', {
  namespaced: false,
  builtin: false,
  tracksGeneration: true,
  storage: 'example.com/gadgets',
});

/** A store with namespaces `default` and `other`; close it in afterEach. */
export async function openStore(
  options: Partial<ResourceStoreOptions> = {},
): Promise<ResourceStore> {
  const store = await ResourceStore.open({ watchHistory: 100, ...options });
  for (const name of ['default', 'other']) {
    try {
      store.get(NAMESPACES, undefined, name);
    } catch {
      await store.create(NAMESPACES, undefined, { metadata: { name } });
    }
  }
  return store;
}
