/**
 * The registry's types arranged as discovery lists them: groups in the order kube-aggregator
 * gives them, each group's versions highest priority first (the first is the preferred one),
 * each version's resources sorted by name. Every discovery document is a rendering of this.
 */

import { createHash } from 'node:crypto';
import type { ResourceRegistry } from '../resources/registry.js';
import { compareVersionPriority } from '../resources/version-priority.js';
import type { ResourceType } from '../types.js';
import { memoize } from './memo.js';

/**
 * `GroupPriorityMinimum` of the built-in groups (kube-apiserver's
 * `DefaultGenericAPIServicePriorities`). Groups are listed highest first, ties by name, so
 * `/apis` starts apps, events.k8s.io, ... as on a real cluster.
 */
const GROUP_PRIORITY: Readonly<Record<string, number>> = {
  'apiregistration.k8s.io': 18000,
  apps: 17800,
  'events.k8s.io': 17750,
  'authentication.k8s.io': 17700,
  'authorization.k8s.io': 17600,
  autoscaling: 17500,
  batch: 17400,
  'certificates.k8s.io': 17300,
  'networking.k8s.io': 17200,
  policy: 17100,
  'rbac.authorization.k8s.io': 17000,
  'storage.k8s.io': 16800,
  'admissionregistration.k8s.io': 16700,
  'apiextensions.k8s.io': 16700,
  'scheduling.k8s.io': 16600,
  'coordination.k8s.io': 16500,
  'node.k8s.io': 16300,
  'discovery.k8s.io': 16200,
  'flowcontrol.apiserver.k8s.io': 16100,
};

/** What the CRD registration controller gives every CRD group's APIService. */
const CRD_GROUP_PRIORITY = 1000;

/** One served group version and its resources, sorted by plural. */
export interface ServedVersion {
  readonly version: string;
  readonly resources: readonly ResourceType[];
}

/** One served group ('' is the core group) and its versions, preferred first. */
export interface ServedGroup {
  readonly name: string;
  readonly versions: readonly ServedVersion[];
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareGroups(a: string, b: string): number {
  const pa = GROUP_PRIORITY[a] ?? CRD_GROUP_PRIORITY;
  const pb = GROUP_PRIORITY[b] ?? CRD_GROUP_PRIORITY;
  return pa !== pb ? pb - pa : byCodeUnits(a, b);
}

/** Every served group: the core group first, then the named groups in discovery order. */
export function servedGroups(registry: ResourceRegistry): readonly ServedGroup[] {
  return memoize(registry, 'groups', () => computeServedGroups(registry), false);
}

function computeServedGroups(registry: ResourceRegistry): ServedGroup[] {
  const byGroup = new Map<string, Map<string, ResourceType[]>>();
  for (const rt of registry.all()) {
    let versions = byGroup.get(rt.group);
    if (!versions) {
      versions = new Map();
      byGroup.set(rt.group, versions);
    }
    const resources = versions.get(rt.version);
    if (resources) resources.push(rt);
    else versions.set(rt.version, [rt]);
  }
  const names = [...byGroup.keys()].sort((a, b) =>
    a === '' ? -1 : b === '' ? 1 : compareGroups(a, b),
  );
  return names.map((name) => {
    const versions = byGroup.get(name)!;
    const ordered = [...versions.keys()].sort((a, b) => compareVersionPriority(b, a));
    return {
      name,
      versions: ordered.map((version) => ({
        version,
        resources: versions.get(version)!.sort((a, b) => byCodeUnits(a.plural, b.plural)),
      })),
    };
  });
}

/** The served group `name`, or undefined. */
export function servedGroup(registry: ResourceRegistry, name: string): ServedGroup | undefined {
  return servedGroups(registry).find((g) => g.name === name);
}

/** The resources of one served group version, or undefined when it is not served. */
export function servedVersion(
  registry: ResourceRegistry,
  group: string,
  version: string,
): ServedVersion | undefined {
  return servedGroup(registry, group)?.versions.find((v) => v.version === version);
}

/** `<group>/<version>`, or just the version for the core group. */
export function groupVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/**
 * Built-in resources whose objects a real apiserver stores in another version than the one
 * served: CRDs are still encoded as apiextensions.k8s.io/v1beta1 in etcd, so kube reports
 * `jfWCUB31mvA=` for them.
 */
const STORAGE_VERSION: Readonly<Record<string, string>> = {
  'apiextensions.k8s.io/customresourcedefinitions': 'v1beta1',
};

/**
 * `storageVersionHash` as apiserver computes it (`discovery.StorageVersionHash`): the first
 * 8 bytes of SHA-256 over `<group>/<version>/<kind>` of the version objects are stored in,
 * base64. Built-in types are stored as the first type registered for their storage key (core
 * v1 Events for events.k8s.io too, so both report `r2yiGXH7wu8=`). A ResourceType does not say
 * which CRD version is the storage one, so CRD resources get none (the field is optional).
 */
export function storageVersionHash(
  registry: ResourceRegistry,
  rt: ResourceType,
): string | undefined {
  if (!rt.builtin) return undefined;
  const stored = registry.byStorage(rt.storage)[0] ?? rt;
  const version = STORAGE_VERSION[rt.storage] ?? stored.version;
  const gvk = `${stored.group}/${version}/${stored.kind}`;
  return createHash('sha256').update(gvk).digest().subarray(0, 8).toString('base64');
}
