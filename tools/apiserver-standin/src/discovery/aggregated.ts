/**
 * Aggregated discovery (KEP-3352): `GET /api` and `GET /apis` answered with one
 * `APIGroupDiscoveryList` holding every group, version and resource, so kubectl needs two
 * requests instead of one per group version. Served when the Accept header asks for it
 * (negotiate.ts) with Content-Type `AGGREGATED_V2`. v2 and v2beta1 have the same shape.
 *
 * As on kube-apiserver, a built-in resource's `responseKind` leaves group and version empty
 * (they are the resource's own), while CRD resources name them in full, as apiextensions does.
 */

import type { ResourceRegistry } from '../resources/registry.js';
import type { ResourceType } from '../types.js';
import { type ServedGroup, servedGroups } from './groups.js';
import { STATUS_VERBS } from './legacy.js';
import { memoize } from './memo.js';

function responseKind(rt: ResourceType): Record<string, string> {
  return rt.builtin
    ? { group: '', version: '', kind: rt.kind }
    : { group: rt.group, version: rt.version, kind: rt.kind };
}

/** One `APIResourceDiscovery`. */
function resourceDiscovery(rt: ResourceType): Record<string, unknown> {
  return {
    resource: rt.plural,
    responseKind: responseKind(rt),
    scope: rt.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: rt.singular,
    verbs: [...rt.verbs],
    ...(rt.shortNames.length > 0 && { shortNames: [...rt.shortNames] }),
    ...(rt.categories.length > 0 && { categories: [...rt.categories] }),
    ...(rt.hasStatus && {
      subresources: [
        { subresource: 'status', responseKind: responseKind(rt), verbs: [...STATUS_VERBS] },
      ],
    }),
  };
}

/** One `APIGroupDiscovery`: versions preferred first, each marked fresh. */
function groupDiscovery(group: ServedGroup): Record<string, unknown> {
  return {
    metadata: { ...(group.name !== '' && { name: group.name }), creationTimestamp: null },
    versions: group.versions.map((v) => ({
      version: v.version,
      resources: v.resources.map(resourceDiscovery),
      freshness: 'Current',
    })),
  };
}

/**
 * The `APIGroupDiscoveryList` for `/api` (the core group alone) or `/apis` (every named group,
 * in the order of the legacy `/apis` list), as apidiscovery.k8s.io `flavour`.
 */
export function aggregatedDiscovery(
  registry: ResourceRegistry,
  root: 'api' | 'apis',
  flavour: 'v2' | 'v2beta1',
): Record<string, unknown> {
  return memoize(registry, `aggregated:${root}:${flavour}`, () => ({
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${flavour}`,
    metadata: {},
    items: servedGroups(registry)
      .filter((g) => (root === 'api' ? g.name === '' : g.name !== ''))
      .map(groupDiscovery),
  }));
}
