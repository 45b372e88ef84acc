/**
 * Legacy (unaggregated) discovery: `GET /api` (APIVersions), `GET /apis` (APIGroupList),
 * `GET /apis/<group>` (APIGroup) and `GET /api/v1`, `GET /apis/<group>/<version>`
 * (APIResourceList). client-node's KubernetesObjectApi reads the per-version lists to map
 * kinds to plurals, and kubectl falls back to all of them when aggregated discovery is not
 * offered. Shapes and field order are kube-apiserver's; note that the core `/api/v1` list
 * carries no `apiVersion`, as on a real server.
 */

import type { ResourceRegistry } from '../resources/registry.js';
import type { ResourceType } from '../types.js';
import {
  groupVersionOf,
  type ServedGroup,
  servedGroup,
  servedGroups,
  servedVersion,
  storageVersionHash,
} from './groups.js';
import { memoize } from './memo.js';

/** The verbs every `/status` subresource lists. */
export const STATUS_VERBS: readonly string[] = ['get', 'patch', 'update'];

/**
 * `GET /api`: the core group's versions and the address clients should use.
 * @param serverAddress `host:port` of this server as the client reached it.
 */
export function legacyCoreVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupForDiscovery(group: ServedGroup): Record<string, unknown> {
  const versions = group.versions.map((v) => ({
    groupVersion: groupVersionOf(group.name, v.version),
    version: v.version,
  }));
  return { name: group.name, versions, preferredVersion: versions[0] };
}

/** `GET /apis`: every named group, its versions, and its preferred (highest priority) one. */
export function legacyGroupList(registry: ResourceRegistry): Record<string, unknown> {
  return memoize(registry, 'legacy:/apis', () => ({
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: servedGroups(registry)
      .filter((g) => g.name !== '')
      .map(groupForDiscovery),
  }));
}

/** `GET /apis/<group>`: one APIGroup, or undefined when the group is not served. */
export function apiGroup(
  registry: ResourceRegistry,
  group: string,
): Record<string, unknown> | undefined {
  if (group === '') return undefined;
  return memoize(registry, `legacy:/apis/${group}`, () => {
    const served = servedGroup(registry, group);
    return served && { kind: 'APIGroup', apiVersion: 'v1', ...groupForDiscovery(served) };
  });
}

/** One `APIResourceList.resources[]` entry, fields in `metav1.APIResource` order. */
function resourceEntry(registry: ResourceRegistry, rt: ResourceType): Record<string, unknown> {
  const hash = storageVersionHash(registry, rt);
  return {
    name: rt.plural,
    singularName: rt.singular,
    namespaced: rt.namespaced,
    kind: rt.kind,
    verbs: [...rt.verbs],
    ...(rt.shortNames.length > 0 && { shortNames: [...rt.shortNames] }),
    ...(rt.categories.length > 0 && { categories: [...rt.categories] }),
    ...(hash !== undefined && { storageVersionHash: hash }),
  };
}

function statusEntry(rt: ResourceType): Record<string, unknown> {
  return {
    name: `${rt.plural}/status`,
    singularName: '',
    namespaced: rt.namespaced,
    kind: rt.kind,
    verbs: [...STATUS_VERBS],
  };
}

/**
 * `GET /api/v1` or `GET /apis/<group>/<version>`: the version's resources and their `/status`
 * subresources, sorted by name; undefined when the group version is not served.
 */
export function apiResourceList(
  registry: ResourceRegistry,
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  return memoize(registry, `legacy:${group}/${version}`, () => {
    const served = servedVersion(registry, group, version);
    if (!served) return undefined;
    const resources = served.resources.flatMap((rt) =>
      rt.hasStatus ? [resourceEntry(registry, rt), statusEntry(rt)] : [resourceEntry(registry, rt)],
    );
    // Sorted by full name, as the real installer sorts its paths: a subresource does not always
    // follow its parent ("foo" < "foo-bar" < "foo/status").
    resources.sort((a, b) => ((a.name as string) < (b.name as string) ? -1 : 1));
    return {
      kind: 'APIResourceList',
      ...(group !== '' && { apiVersion: 'v1' }),
      groupVersion: groupVersionOf(group, version),
      resources,
    };
  });
}
