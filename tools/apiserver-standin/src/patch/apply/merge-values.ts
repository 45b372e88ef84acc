/**
 * The value side of server-side apply (structured-merge-diff `TypedValue.Merge` and
 * `RemoveItems`): the applied configuration merged over the live object, and fields taken out
 * of an object again when their last owner stops applying them.
 */

import type { FieldMeta, PatchMeta } from '../meta/field-meta.js';
import { childOf, isAtomicObject } from '../meta/field-meta.js';
import { isObject, type JsonObject } from '../util/json.js';
import type { FieldSet } from './field-set.js';
import { fieldElement, type PathElement, serializePathElement } from './path-element.js';
import { isAssociative, listItemElement, shapeOf } from './typed.js';

/**
 * Merges `rhs` (the applied configuration) over `lhs` (the live object): the applied value
 * wins on every leaf; maps merge key by key; associative lists merge item by item, in an order
 * that keeps the applied items' order and the live-only items where they were.
 */
export function mergeValues(meta: PatchMeta, lhs: unknown, rhs: unknown): unknown {
  return mergeAt(meta, lhs, rhs, meta.root);
}

function mergeAt(
  meta: PatchMeta,
  lhs: unknown,
  rhs: unknown,
  node: FieldMeta | undefined,
): unknown {
  if (rhs === undefined) return lhs;
  if (lhs === undefined) return rhs;
  const shape = shapeOf(rhs, node);
  if (shape !== shapeOf(lhs, node) || shape === 'scalar') return rhs;
  if (shape === 'list') {
    const l = Array.isArray(lhs) ? lhs : [];
    const r = Array.isArray(rhs) ? rhs : [];
    if (!isAssociative(node) || (l.length === 0 && r.length === 0)) return rhs;
    const merged = mergeItems(meta, l, r, node);
    return merged.length > 0 ? merged : undefined;
  }
  const l = isObject(lhs) ? lhs : {};
  const r = isObject(rhs) ? rhs : {};
  const empty = Object.keys(l).length === 0 && Object.keys(r).length === 0;
  if (isAtomicObject(node) || empty) return rhs;
  const out: JsonObject = {};
  for (const key of new Set([...Object.keys(l), ...Object.keys(r)])) {
    const value = mergeAt(meta, l[key], r[key], childOf(meta, node, key).node);
    if (value !== undefined) out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

interface Entry {
  readonly id: string;
  readonly item: unknown;
}

function entries(node: FieldMeta | undefined, items: readonly unknown[]): Entry[] {
  const out: Entry[] = [];
  for (const item of items) {
    try {
      out.push({ id: serializePathElement(listItemElement(node, item)), item });
    } catch {
      // Items that cannot be named were refused before merging (validateTyped).
    }
  }
  return out;
}

/**
 * structured-merge-diff's list merge: walk both lists, emitting a shared item when both
 * sides reach it in the applied order, live-only items where they stand, and applied-only
 * items as they come.
 */
function mergeItems(
  meta: PatchMeta,
  lhs: readonly unknown[],
  rhs: readonly unknown[],
  node: FieldMeta | undefined,
): unknown[] {
  const left = entries(node, lhs);
  const right = entries(node, rhs);
  const leftById = new Map<string, unknown>();
  for (const { id, item } of left) leftById.set(id, leftById.has(id) ? null : item);
  const rightById = new Map(right.map(({ id, item }) => [id, item]));
  const shared = right.filter(({ id }) => leftById.has(id)).map(({ id }) => id);
  let nextShared = shared.shift();
  const emitted = new Set<string>();
  const out: unknown[] = [];
  const emit = (l: unknown, r: unknown) => {
    const value = mergeAt(meta, l, r, node?.items);
    if (value !== undefined) out.push(value);
  };
  let li = 0;
  let ri = 0;
  while (li < left.length || ri < right.length) {
    if (li < left.length && ri < right.length) {
      const lid = left[li]!.id;
      if (lid === right[ri]!.id) {
        emitted.add(lid);
        emit(leftById.get(lid), rightById.get(lid));
        li++;
        ri++;
        nextShared = shared.shift();
        continue;
      }
      if (rightById.has(lid) && nextShared !== undefined && nextShared !== lid) {
        li++;
        continue;
      }
    }
    if (li < left.length) {
      const lid = left[li]!.id;
      if (!rightById.has(lid)) {
        emit(left[li]!.item, undefined);
        li++;
        continue;
      }
      if (emitted.has(lid)) li++;
    }
    if (ri < right.length) {
      const rid = right[ri]!.id;
      emitted.add(rid);
      emit(leftById.get(rid), rightById.get(rid));
      ri++;
      if (nextShared === rid) nextShared = shared.shift();
    }
  }
  return out;
}

/**
 * `value` without the fields in `toRemove` (structured-merge-diff `RemoveItems`). A map or
 * list that loses its last entry this way is dropped from its parent (the Go code leaves a
 * null there, which the typed round trip of a built-in object turns into "absent").
 */
export function removeItems(meta: PatchMeta, value: unknown, toRemove: FieldSet): unknown {
  return removeAt(meta, value, toRemove, meta.root) ?? {};
}

function removeAt(
  meta: PatchMeta,
  value: unknown,
  toRemove: FieldSet,
  node: FieldMeta | undefined,
): unknown {
  const shape = shapeOf(value, node);
  if (shape === 'list' && Array.isArray(value) && value.length > 0 && isAssociative(node)) {
    const items: unknown[] = [];
    for (const item of value) {
      let pe: PathElement;
      try {
        pe = listItemElement(node, item);
      } catch {
        items.push(item);
        continue;
      }
      if (toRemove.hasMember(pe)) continue;
      const below = toRemove.withPrefix(pe);
      const kept = below.isEmpty() ? item : removeAt(meta, item, below, node?.items);
      if (kept !== undefined) items.push(kept);
    }
    return items.length > 0 ? items : undefined;
  }
  if (
    shape === 'map' &&
    isObject(value) &&
    Object.keys(value).length > 0 &&
    !isAtomicObject(node)
  ) {
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) {
      const pe = fieldElement(key);
      if (toRemove.hasMember(pe)) continue;
      const below = toRemove.withPrefix(pe);
      const kept = below.isEmpty()
        ? child
        : removeAt(meta, child, below, childOf(meta, node, key).node);
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value;
}
