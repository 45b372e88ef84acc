/**
 * What changed between two versions of an object (structured-merge-diff `TypedValue.Compare`):
 * the fields added, modified and removed, as field sets. Leaves (scalars, atomic lists and
 * maps, and empty or null maps and lists) compare by value; a structure that appears or
 * disappears is reported together with everything under it.
 */

import type { FieldMeta, PatchMeta } from '../meta/field-meta.js';
import { childOf, isAtomicObject } from '../meta/field-meta.js';
import { deepEqual, isObject } from '../util/json.js';
import { FieldSet } from './field-set.js';
import { fieldElement, type Path, type PathElement, serializePathElement } from './path-element.js';
import { isAssociative, listItemElement, type Shape, shapeOf } from './typed.js';

/** The result of comparing an old object (lhs) with a new one (rhs). */
export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

/** Compares two objects of the kind `meta` describes. */
export function compareObjects(meta: PatchMeta, lhs: unknown, rhs: unknown): Comparison {
  const out = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareAt(meta, lhs, rhs, meta.root, [], out);
  return out;
}

/** Applies a filter (reset fields) to every set of a comparison. */
export function filterComparison(c: Comparison, filter: (set: FieldSet) => FieldSet): Comparison {
  return { added: filter(c.added), modified: filter(c.modified), removed: filter(c.removed) };
}

interface Walk {
  inLeaf: boolean;
}

function compareAt(
  meta: PatchMeta,
  lhs: unknown,
  rhs: unknown,
  node: FieldMeta | undefined,
  path: Path,
  out: Comparison,
): void {
  // A non-pointer Go struct is in every typed object: it is never added nor removed.
  if (node?.alwaysPresent) {
    if (lhs === undefined && isObject(rhs)) lhs = {};
    if (rhs === undefined && isObject(lhs)) rhs = {};
  }
  const walk: Walk = { inLeaf: false };
  const lShape = lhs === undefined ? undefined : shapeOf(lhs, node);
  const rShape = rhs === undefined ? undefined : shapeOf(rhs, node);
  if (rShape === undefined) handle(meta, lShape!, lhs, rhs, node, path, out, walk);
  else if (lShape === undefined || lShape === rShape) {
    handle(meta, rShape, lhs, rhs, node, path, out, walk);
  } else {
    handle(meta, lShape, lhs, rhs, node, path, out, { inLeaf: false });
    handle(meta, rShape, lhs, rhs, node, path, out, walk);
  }
  if (!walk.inLeaf) {
    if (lhs === undefined) out.added.insert(path);
    else if (rhs === undefined) out.removed.insert(path);
  }
}

function handle(
  meta: PatchMeta,
  shape: Shape,
  lhs: unknown,
  rhs: unknown,
  node: FieldMeta | undefined,
  path: Path,
  out: Comparison,
  walk: Walk,
): void {
  if (shape === 'scalar') {
    leaf(lhs, rhs, path, out, walk);
    return;
  }
  if (shape === 'list') {
    const l = Array.isArray(lhs) ? lhs : undefined;
    const r = Array.isArray(rhs) ? rhs : undefined;
    if (!isAssociative(node) || ((l?.length ?? 0) === 0 && (r?.length ?? 0) === 0)) {
      leaf(lhs, rhs, path, out, walk);
    } else {
      compareItems(meta, l ?? [], r ?? [], node, path, out);
    }
    return;
  }
  const l = isObject(lhs) ? lhs : undefined;
  const r = isObject(rhs) ? rhs : undefined;
  const empty = (m: object | undefined) => m === undefined || Object.keys(m).length === 0;
  if (isAtomicObject(node) || (empty(l) && empty(r))) {
    leaf(lhs, rhs, path, out, walk);
    return;
  }
  const keys = new Set([...Object.keys(l ?? {}), ...Object.keys(r ?? {})]);
  for (const key of keys) {
    const child = childOf(meta, node, key).node;
    compareAt(meta, l?.[key], r?.[key], child, [...path, fieldElement(key)], out);
  }
}

function leaf(lhs: unknown, rhs: unknown, path: Path, out: Comparison, walk: Walk): void {
  if (walk.inLeaf) return;
  walk.inLeaf = true;
  if (lhs === undefined) out.added.insert(path);
  else if (rhs === undefined) out.removed.insert(path);
  else if (!deepEqual(lhs, rhs)) out.modified.insert(path);
}

interface Named {
  readonly pe: PathElement;
  readonly values: unknown[];
}

function index(node: FieldMeta | undefined, items: readonly unknown[], order: Map<string, Named>) {
  for (const item of items) {
    let pe: PathElement;
    try {
      pe = listItemElement(node, item);
    } catch {
      continue;
    }
    const id = serializePathElement(pe);
    const named = order.get(id);
    if (named) named.values.push(item);
    else order.set(id, { pe, values: [item] });
  }
}

function compareItems(
  meta: PatchMeta,
  lhs: readonly unknown[],
  rhs: readonly unknown[],
  node: FieldMeta | undefined,
  path: Path,
  out: Comparison,
): void {
  const left = new Map<string, Named>();
  const right = new Map<string, Named>();
  index(node, lhs, left);
  index(node, rhs, right);
  const ids = new Set([...left.keys(), ...right.keys()]);
  for (const id of ids) {
    const l = left.get(id)?.values ?? [];
    const r = right.get(id)?.values ?? [];
    const pe = (left.get(id) ?? right.get(id))!.pe;
    const itemPath = [...path, pe];
    if (l.length <= 1 && r.length <= 1) {
      compareAt(meta, l[0], r[0], node?.items, itemPath, out);
    } else if (l.length >= 2 && r.length >= 2) {
      if (!deepEqual(l, r)) out.modified.insert(itemPath);
    } else if (l.length >= 2) {
      if (r.length !== 0) compareAt(meta, undefined, r[0], node?.items, itemPath, out);
      out.removed.insert(itemPath);
    } else {
      if (l.length !== 0) compareAt(meta, l[0], undefined, node?.items, itemPath, out);
      out.added.insert(itemPath);
    }
  }
}
