/**
 * Building blocks for the built-in kinds' tables: the shapes that recur across core/v1,
 * apps/v1 and friends, as the Go struct tags and OpenAPI markers declare them.
 */

import type { FieldMeta } from './field-meta.js';

/** A `+structType=atomic` struct or `+mapType=atomic` map: one value for apply. */
export const ATOMIC_OBJECT: FieldMeta = { mapType: 'atomic' };

/** A `map[string]string` (labels, data): granular, its keys are map entries. */
export const STRING_MAP: FieldMeta = { values: {} };

/**
 * A list merged by `key` (SMP `patchStrategy:"merge" patchMergeKey:key`) that apply treats as
 * a map keyed by `listMapKeys` (usually the same key).
 */
export function mergeList(
  key: string,
  items?: FieldMeta,
  options: { listMapKeys?: readonly string[]; strategy?: string; listType?: 'map' | 'atomic' } = {},
): FieldMeta {
  const listType = options.listType ?? 'map';
  return {
    patchStrategy: options.strategy ?? 'merge',
    patchMergeKey: key,
    listType,
    ...(listType === 'map' && { listMapKeys: options.listMapKeys ?? [key] }),
    ...(items !== undefined && { items }),
  };
}

/** A list of scalars merged as a set by both SMP (`patchStrategy:"merge"`) and apply. */
export const MERGED_SET: FieldMeta = { patchStrategy: 'merge', listType: 'set' };

/** `[]metav1.Condition` and the per-kind condition lists: merged by `type`. */
export const CONDITIONS: FieldMeta = mergeList('type');

/** A `+listType=map` list that strategic merge patch replaces (no patch tags). */
export function applyOnlyMap(keys: readonly string[], items?: FieldMeta): FieldMeta {
  return { listType: 'map', listMapKeys: keys, ...(items !== undefined && { items }) };
}

/** metav1.LabelSelector (`+structType=atomic`). */
export const LABEL_SELECTOR: FieldMeta = ATOMIC_OBJECT;

/** metav1.ObjectMeta. */
export const OBJECT_META: FieldMeta = {
  alwaysPresent: true,
  fields: {
    labels: STRING_MAP,
    annotations: STRING_MAP,
    finalizers: MERGED_SET,
    ownerReferences: mergeList('uid', ATOMIC_OBJECT),
    managedFields: { listType: 'atomic' },
  },
};

/** A struct with these fields that every typed object carries (spec, status). */
export function struct(fields: Readonly<Record<string, FieldMeta>>): FieldMeta {
  return { alwaysPresent: true, fields };
}

/** The root of a built-in kind: metadata plus the given top-level fields. */
export function kindRoot(fields: Readonly<Record<string, FieldMeta>> = {}): FieldMeta {
  return { fields: { metadata: OBJECT_META, ...fields } };
}
