/**
 * The strategic merge patch directives other than `$patch`: `$retainKeys` (clear the keys a
 * `retainKeys` struct no longer lists), `$setElementOrder/<list>` (the order of a merged list)
 * and `$deleteFromPrimitiveList/<list>` (remove values from a merged list of primitives).
 */

import type { FieldMeta } from '../meta/field-meta.js';
import { patchStrategiesOf, smpFieldOf } from '../meta/field-meta.js';
import { goValue } from '../util/go-format.js';
import { isObject, type JsonObject } from '../util/json.js';
import {
  badArgType,
  badPrimitiveListFormat,
  badRetainKeysFormat,
  badSetElementOrderFormat,
  noListOfLists,
  noMergeKey,
  patchFailed,
} from './errors.js';
import {
  DIRECTIVE_MARKER,
  extractToDeleteItems,
  type ItemKind,
  normalizeElementOrder,
  partitionByPresence,
  scalarIdentity,
} from './order.js';

/** `$retainKeys: [...]`: the only keys the map keeps. */
export const RETAIN_KEYS = '$retainKeys';
/** `$setElementOrder/<list>: [...]`: the order of the merged list. */
export const SET_ELEMENT_ORDER = '$setElementOrder';
/** `$deleteFromPrimitiveList/<list>: [...]`: values to remove from a merged primitive list. */
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';

/** Merges two lists of one field (the strategy-aware list merge of merge.ts). */
export type ListMerger = (
  original: unknown[],
  patch: unknown[],
  field: FieldMeta | undefined,
  isDeleteList: boolean,
) => unknown[];

/** `$deleteFromPrimitiveList/finalizers` -> `finalizers`; anything malformed is a 400. */
export function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST) throw badPrimitiveListFormat();
    throw badSetElementOrderFormat();
  }
  return key.slice(slash + 1);
}

/**
 * `$retainKeys`: every other key the patch sets must be listed, and keys of `original` that
 * are not listed are cleared.
 */
export function applyRetainKeysDirective(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(retain)) throw badRetainKeysFormat();
  const kept = new Set(retain.map(scalarIdentity));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) continue;
    if (key.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!kept.has(key)) throw badRetainKeysFormat();
  }
  for (const key of Object.keys(original)) if (!kept.has(key)) delete original[key];
}

/** Removes the values of `toDelete` from a list of primitives. */
export function deleteFromSlice(current: readonly unknown[], toDelete: readonly unknown[]) {
  const gone = new Set(toDelete.map(scalarIdentity));
  return current.filter((item) => !gone.has(scalarIdentity(item)));
}

/** The element kind of lists that must hold one Go type; lists of lists are refused (422). */
export function sliceElementKind(...lists: readonly unknown[][]): ItemKind {
  let first: string | undefined;
  for (const list of lists) {
    for (const item of list) {
      const kind = goKind(item);
      if (first === undefined) {
        if (kind === 'slice') throw noListOfLists();
        first = kind;
      } else if (first !== kind) {
        throw patchFailed(`list element types are not identical: ${goValue(lists)}`);
      }
    }
  }
  if (first === undefined) throw patchFailed('no elements in any of the given slices');
  return first === 'map' ? 'object' : 'scalar';
}

function goKind(value: unknown): string {
  if (Array.isArray(value)) return 'slice';
  if (isObject(value)) return 'map';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  return value === null ? 'nil' : typeof value;
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return scalarIdentity(left) === scalarIdentity(right);
  if (!isObject(left)) throw badArgType('map', left);
  if (!isObject(right)) throw badArgType('map', right);
  if (!Object.hasOwn(left, mergeKey)) throw noMergeKey(left, mergeKey);
  if (!Object.hasOwn(right, mergeKey)) throw noMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

/**
 * The patch list must name its items in the `$setElementOrder` order (a subsequence), not
 * counting `$patch` items.
 */
function validatePatchWithSetOrderList(
  patchList: readonly unknown[],
  order: readonly unknown[],
  mergeKey: string,
): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey === '' ? patchList : extractToDeleteItems(patchList)[0];
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p];
    if (isObject(item) && Object.hasOwn(item, DIRECTIVE_MARKER)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(item, order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length && o >= order.length) {
    throw patchFailed(
      `The order in patch list:\n${goValue(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goValue(order)}\n`,
    );
  }
}

/**
 * Processes every `$setElementOrder/<list>` of `patch`: merges `<list>` into `original` (and
 * removes both keys from `patch`), then orders the result as the directive says.
 */
export function mergePatchIntoOriginal(
  original: JsonObject,
  patch: JsonObject,
  type: FieldMeta | undefined,
  mergeList: ListMerger,
): void {
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    delete patch[key];
    if (!Array.isArray(order)) throw badArgType('list', order);
    const listKey = extractKey(key, SET_ELEMENT_ORDER);
    const hasOriginal = Object.hasOwn(original, listKey);
    const hasPatch = Object.hasOwn(patch, listKey);
    const originalList = hasOriginal ? original[listKey] : undefined;
    const patchList = hasPatch ? patch[listKey] : undefined;
    if (hasOriginal && !Array.isArray(originalList)) throw badArgType('list', originalList);
    if (hasPatch && !Array.isArray(patchList)) throw badArgType('list', patchList);
    const field = smpFieldOf(type, listKey);
    const mergeKey = patchStrategiesOf(field).includes('merge') ? (field?.patchMergeKey ?? '') : '';
    const fromOriginal = (originalList as unknown[] | undefined) ?? [];
    const fromPatch = (patchList as unknown[] | undefined) ?? [];
    validatePatchWithSetOrderList(fromPatch, order, mergeKey);
    if (!hasOriginal && !hasPatch) continue;
    let merged: unknown[];
    if (!hasPatch) merged = fromOriginal;
    else if (!hasOriginal) merged = mergeList([], fromPatch, field, false);
    else merged = mergeList(fromOriginal, fromPatch, field, false);
    const [inOrder, serverOnly] = partitionByPresence(merged, order, mergeKey);
    const kind = sliceElementKind(fromOriginal, fromPatch);
    original[listKey] = normalizeElementOrder(
      inOrder,
      serverOnly,
      order,
      fromOriginal,
      mergeKey,
      kind,
    );
    delete patch[listKey];
  }
}
