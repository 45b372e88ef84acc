/**
 * Where items go in a merged list. Strategic merge patch keeps the order the patch asks for
 * (its list, or its `$setElementOrder/<list>`) and slots the items only the server has back in
 * their live order, as strategicpatch's `normalizeElementOrder` / `mergeSortedSlice` do (see
 * the "preserve order in strategic merge patch" design proposal).
 */

import { isObject, type JsonObject } from '../util/json.js';
import { badArgType, noMergeKey } from './errors.js';

/** `$patch`. */
export const DIRECTIVE_MARKER = '$patch';

/** 'object' for lists of maps, 'scalar' for lists of primitives. */
export type ItemKind = 'object' | 'scalar';

/** The identity of a list item: its merge-key value for maps, itself for primitives. */
function identity(item: unknown, mergeKey: string, kind: ItemKind): unknown {
  if (kind === 'object') return isObject(item) ? item[mergeKey] : undefined;
  return item;
}

/** Index of `item` in `list` by identity, or -1. */
export function indexOfItem(
  list: readonly unknown[],
  item: unknown,
  mergeKey: string,
  kind: ItemKind,
): number {
  const wanted = identity(item, mergeKey, kind);
  return list.findIndex((candidate) => identity(candidate, mergeKey, kind) === wanted);
}

/** Every item of every list must be a map carrying the merge key. */
export function validateMergeKeyInLists(mergeKey: string, ...lists: readonly unknown[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isObject(item)) throw badArgType('map', item);
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    }
  }
}

/** Splits `$patch: delete` items from the others. */
export function extractToDeleteItems(list: readonly unknown[]): [JsonObject[], JsonObject[]] {
  const keep: JsonObject[] = [];
  const toDelete: JsonObject[] = [];
  for (const item of list) {
    if (!isObject(item)) throw badArgType('map', item);
    if (item[DIRECTIVE_MARKER] === 'delete') toDelete.push(item);
    else keep.push(item);
  }
  return [keep, toDelete];
}

/** Sorts `toSort` by position in `order` (stable); `$patch: delete` items go last. */
export function normalizeSliceOrder(
  toSort: readonly unknown[],
  order: readonly unknown[],
  mergeKey: string,
  kind: ItemKind,
): unknown[] {
  let items: unknown[] = [...toSort];
  let toDelete: unknown[] = [];
  if (kind === 'object') {
    validateMergeKeyInLists(mergeKey, items, [...order]);
    [items, toDelete] = extractToDeleteItems(items);
  }
  const found = items.map((item, at) => ({
    item,
    at,
    rank: indexOfItem(order, item, mergeKey, kind),
  }));
  // Items the order does not name cannot happen for well-formed patches; they keep their
  // relative place ahead of the ranked ones (Go's comparator calls them "less" both ways).
  found.sort((a, b) => {
    if (a.rank >= 0 && b.rank >= 0) return a.rank - b.rank || a.at - b.at;
    if (a.rank < 0 && b.rank < 0) return a.at - b.at;
    return a.rank < 0 ? -1 : 1;
  });
  return [...found.map((entry) => entry.item), ...toDelete];
}

/**
 * Interleaves server-only items (`left`) into the patch items (`right`): a server-only item
 * goes before the next patch item only when the live list has it earlier.
 */
export function mergeSortedSlice(
  left: readonly unknown[],
  right: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: ItemKind,
): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexOfItem(serverOrder, left[i], mergeKey, kind);
      const ri = indexOfItem(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** Orders the merged list: patch items by `patchOrder`, server-only items by `serverOrder`. */
export function normalizeElementOrder(
  patchItems: readonly unknown[],
  serverOnly: readonly unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: ItemKind,
): unknown[] {
  const patch = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const server = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(server, patch, serverOrder, mergeKey, kind);
}

/** Splits `list` into the items `partitionBy` names and the others. */
export function partitionByPresence(
  list: readonly unknown[],
  partitionBy: readonly unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  const present: unknown[] = [];
  const absent: unknown[] = [];
  if (mergeKey === '') {
    const names = new Set(partitionBy.map(scalarIdentity));
    for (const item of list) (names.has(scalarIdentity(item)) ? present : absent).push(item);
    return [present, absent];
  }
  for (const item of list) {
    if (!isObject(item)) throw badArgType('map', item);
    if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    const named = partitionBy.some((other) => {
      if (!isObject(other)) throw badArgType('map', other);
      return Object.hasOwn(other, mergeKey) && other[mergeKey] === item[mergeKey];
    });
    (named ? present : absent).push(item);
  }
  return [present, absent];
}

/** Identity of a primitive for set membership (objects compare by their JSON). */
export function scalarIdentity(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
}
