/**
 * Pieces both field-manager entry points (apply.ts, record-update.ts) share: which fields
 * nobody owns (the `stripMetaManager` set), which fields a request may own (status vs main
 * resource), and reading and writing `metadata.managedFields` on an object.
 */

import type { KubeObject, ManagedFieldsEntry } from '../../types.js';
import { patchMetaFor } from '../meta/builtin-meta.js';
import type { PatchMeta } from '../meta/field-meta.js';
import { OBJECT_META } from '../meta/shapes.js';
import { deepClone, isObject } from '../util/json.js';
import { FieldSet } from './field-set.js';
import { fieldElement } from './path-element.js';
import type { FieldFilter, ManagedSets } from './updater.js';

const f = fieldElement;

/** Fields the apiserver never records as owned (`NewStripMetaManager`). */
const STRIPPED = FieldSet.of(
  [f('apiVersion')],
  [f('kind')],
  [f('metadata')],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation']
    .concat(['managedFields', 'resourceVersion'])
    .map((name) => [f('metadata'), f(name)]),
);

/** Removes the never-owned fields from one manager's set (dropping it when empty). */
export function stripMeta(sets: ManagedSets, manager: string): void {
  const owned = sets.get(manager);
  if (owned === undefined) return;
  const set = owned.set.difference(STRIPPED);
  if (set.isEmpty()) sets.delete(manager);
  else sets.set(manager, { ...owned, set });
}

/**
 * The fields a request may own: a `/status` write only `.status`; a main-resource write of a
 * kind with a status subresource everything but `.status` (the strategies' reset fields).
 */
export function fieldFilterFor(subresource: string | undefined, hasStatus: boolean): FieldFilter {
  const status = f('status');
  if (subresource === 'status') return (set) => set.onlyUnder(status);
  if (subresource === undefined && hasStatus) {
    const excluded = FieldSet.of([status]);
    return (set) => set.recursiveDifference(excluded);
  }
  return (set) => set;
}

/** A copy of `object` without `metadata.managedFields` (what ownership is computed on). */
export function withoutManagedFields(object: KubeObject): KubeObject {
  const copy = deepClone(object);
  if (isObject(copy.metadata)) delete copy.metadata.managedFields;
  else copy.metadata = {};
  return copy;
}

/** Writes the entries into `object.metadata.managedFields` (removing the field for none). */
export function setManagedFields(
  object: KubeObject,
  entries: ManagedFieldsEntry[] | undefined,
): void {
  if (!isObject(object.metadata)) object.metadata = {};
  if (entries === undefined) delete object.metadata.managedFields;
  else object.metadata.managedFields = entries;
}

/** `<group>` of an apiVersion (`''` for core `v1`). */
export function groupOf(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Metadata with only ObjectMeta known: structured-merge-diff's deduced type elsewhere. */
const DEDUCED: PatchMeta = {
  root: { fields: { metadata: OBJECT_META } },
  builtin: false,
  statusSubresource: false,
};

/** The patch metadata of an object's kind, from its own apiVersion and kind. */
export function metaOfObject(object: KubeObject): PatchMeta {
  return patchMetaFor(groupOf(object.apiVersion), String(object.kind ?? '')) ?? DEDUCED;
}

/** Go's `GroupVersionKind.String()`: `/v1, Kind=Service`, `apps/v1, Kind=Deployment`. */
export function gvkString(apiVersion: unknown, kind: unknown): string {
  let group = '';
  let version = '';
  if (typeof apiVersion === 'string' && apiVersion !== '') {
    const parts = apiVersion.split('/');
    if (parts.length === 1) version = parts[0]!;
    else if (parts.length === 2) [group, version] = parts as [string, string];
  }
  return `${group}/${version}, Kind=${typeof kind === 'string' ? kind : ''}`;
}
