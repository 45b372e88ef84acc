/**
 * Strategic merge patch (`application/strategic-merge-patch+json`) as
 * k8s.io/apimachinery/pkg/util/strategicpatch applies it on the server: maps merge, null
 * deletes, lists replace unless the field's Go tag says `patchStrategy:"merge"`, in which case
 * lists of maps merge by `patchMergeKey` and lists of primitives merge as ordered sets.
 * Directives: `$patch: replace|delete` in maps, `$patch: replace|delete` items in lists,
 * `$retainKeys`, `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`.
 *
 * One deliberate difference: where Go copies a patch value into the object as it is (the key
 * is new), this code still applies the directives inside it, so no literal `$patch` or
 * `$setElementOrder` key is ever stored (the real server drops those while decoding into the
 * Go type, or stores them for maps such as labels).
 */

import type { KubeObject } from '../../types.js';
import { asObject, jsonTypeName } from '../json-patch.js';
import type { FieldMeta, PatchMeta } from '../meta/field-meta.js';
import { patchStrategiesOf, smpFieldOf } from '../meta/field-meta.js';
import { patchBadRequest } from '../patch-errors.js';
import { deepClone, isObject, type JsonObject, kindOf } from '../util/json.js';
import {
  applyRetainKeysDirective,
  DELETE_FROM_PRIMITIVE_LIST,
  deleteFromSlice,
  extractKey,
  mergePatchIntoOriginal,
  sliceElementKind,
} from './directives.js';
import { badPatchType, noMergeKey, patchFailed } from './errors.js';
import {
  DIRECTIVE_MARKER,
  normalizeElementOrder,
  partitionByPresence,
  scalarIdentity,
} from './order.js';

/**
 * Applies a strategic merge patch to a copy of `current`; neither argument is changed.
 *
 * @param meta The kind's patch metadata (`patchMetaFor`).
 * @throws ApiError 400 for a body that is not an object or a malformed directive, 422 for
 *   lists of lists.
 */
export function applyStrategicMergePatch(
  current: KubeObject,
  body: unknown,
  meta: PatchMeta,
): KubeObject {
  // Go decodes `null` into a nil map: an empty patch.
  if (body === null) return deepClone(current);
  if (!isObject(body)) {
    throw patchBadRequest(
      `json: cannot unmarshal ${jsonTypeName(body)} into Go value of type map[string]interface {}`,
    );
  }
  return asObject(mergeMap(deepClone(current) as JsonObject, deepClone(body), meta.root));
}

/** Merges `patch` into `original` (both are consumed). */
export function mergeMap(
  original: JsonObject | undefined,
  patch: JsonObject,
  type: FieldMeta | undefined,
): JsonObject {
  if (Object.hasOwn(patch, DIRECTIVE_MARKER)) return mapDirective(patch, type);
  const target = original ?? {};
  applyRetainKeysDirective(target, patch);
  mergePatchIntoOriginal(target, patch, type, mergeListField);
  for (const [rawKey, patchValue] of Object.entries(patch)) {
    const isDeleteList = rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    const key = isDeleteList ? extractKey(rawKey, DELETE_FROM_PRIMITIVE_LIST) : rawKey;
    const field = smpFieldOf(type, key);
    if (patchValue === null) {
      delete target[key];
      continue;
    }
    if (!Object.hasOwn(target, key)) {
      // Go would store the deletion list itself as the list here; deleting from nothing is
      // nothing.
      if (!isDeleteList) target[key] = settle(patchValue, field);
      continue;
    }
    target[key] = mergeValue(target[key], patchValue, field, isDeleteList);
  }
  return target;
}

function mergeValue(
  original: unknown,
  patch: unknown,
  field: FieldMeta | undefined,
  isDeleteList: boolean,
): unknown {
  if (kindOf(original) !== kindOf(patch)) return isDeleteList ? original : settle(patch, field);
  if (isObject(original) && isObject(patch)) {
    if (patchStrategiesOf(field).includes('replace')) return settle(patch, field);
    return mergeMap(original, patch, field);
  }
  if (Array.isArray(original) && Array.isArray(patch)) {
    return mergeListField(original, patch, field, isDeleteList);
  }
  return patch;
}

/** `$patch` in a map: `replace` takes the rest of the map as the value, `delete` empties it. */
function mapDirective(patch: JsonObject, type: FieldMeta | undefined): JsonObject {
  const directive = patch[DIRECTIVE_MARKER];
  if (directive === 'replace') {
    const { [DIRECTIVE_MARKER]: _, ...rest } = patch;
    return mergeMap({}, rest, type);
  }
  if (directive === 'delete') return {};
  throw badPatchType(directive, patch);
}

/** A list field: merged when its strategy says so, else the patch's list replaces it. */
function mergeListField(
  original: unknown[],
  patch: unknown[],
  field: FieldMeta | undefined,
  isDeleteList: boolean,
): unknown[] {
  if (patchStrategiesOf(field).includes('merge')) {
    return mergeSlice(original, patch, field?.items, field?.patchMergeKey ?? '', isDeleteList);
  }
  if (isDeleteList) return deleteFromSlice(original, patch);
  return settleList(patch, field?.items);
}

/** strategicpatch `mergeSlice`: a merge-strategy list. */
function mergeSlice(
  original: unknown[],
  patch: unknown[],
  itemType: FieldMeta | undefined,
  mergeKey: string,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  if (kind === 'scalar') {
    if (isDeleteList) return deleteFromSlice(original, patch);
    const merged = dedupe([...original, ...patch]);
    const [inPatch, serverOnly] = partitionByPresence(merged, patch, '');
    return normalizeElementOrder(inPatch, serverOnly, patch, original, '', kind);
  }
  if (mergeKey === '') throw patchFailed('cannot merge lists without merge key for type struct');
  const [base, items] = applyListDirectives(original, patch, mergeKey, itemType);
  const merged = mergeByKey(base, items, mergeKey, itemType);
  const [inPatch, serverOnly] = partitionByPresence(merged, items, mergeKey);
  return normalizeElementOrder(inPatch, serverOnly, items, base, mergeKey, kind);
}

/** `$patch: delete|replace` items; returns the base list and the remaining patch items. */
function applyListDirectives(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
  itemType: FieldMeta | undefined,
): [unknown[], JsonObject[]] {
  const items: JsonObject[] = [];
  let base = original;
  let replace = false;
  for (const item of patch as JsonObject[]) {
    if (!Object.hasOwn(item, DIRECTIVE_MARKER)) {
      items.push(item);
      continue;
    }
    const directive = item[DIRECTIVE_MARKER];
    if (directive === 'delete') {
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      base = base.filter((entry) => !(isObject(entry) && entry[mergeKey] === item[mergeKey]));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw patchFailed('merging lists cannot yet be specified in the patch');
    } else {
      throw badPatchType(directive, item);
    }
  }
  if (replace) return [items.map((item) => mergeMap({}, item, itemType)), []];
  return [base, items];
}

/** Merges each patch item into the item with the same merge-key value, or appends it. */
function mergeByKey(
  base: unknown[],
  items: JsonObject[],
  mergeKey: string,
  itemType: FieldMeta | undefined,
): unknown[] {
  const out = [...base];
  for (const item of items) {
    if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    const at = out.findIndex(
      (entry) =>
        isObject(entry) && Object.hasOwn(entry, mergeKey) && entry[mergeKey] === item[mergeKey],
    );
    if (at >= 0) out[at] = mergeMap(out[at] as JsonObject, item, itemType);
    else out.push(mergeMap({}, item, itemType));
  }
  return out;
}

function dedupe(list: readonly unknown[]): unknown[] {
  const seen = new Set<unknown>();
  return list.filter((item) => {
    const id = scalarIdentity(item);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** A patch value taken whole (its key is new): apply the directives inside it. */
function settle(value: unknown, field: FieldMeta | undefined): unknown {
  if (isObject(value)) return mergeMap({}, value, field);
  if (Array.isArray(value)) return mergeListField([], value, field, false);
  return value;
}

/** A replacing list: items that are objects get their directives applied. */
function settleList(list: unknown[], itemType: FieldMeta | undefined): unknown[] {
  return list.map((item) => (isObject(item) ? mergeMap({}, item, itemType) : item));
}
