/**
 * The set of fields a value sets (structured-merge-diff `TypedValue.ToFieldSet`): what an
 * applier claims. Scalars, atomic lists and atomic maps are leaves; items of associative
 * lists are members and walked into; a struct field is a member only when its value is null
 * or `{}`, while a map entry (an undeclared key) always is.
 */

import type { FieldMeta, PatchMeta } from '../meta/field-meta.js';
import { childOf, isAtomicObject } from '../meta/field-meta.js';
import { isObject } from '../util/json.js';
import { FieldSet } from './field-set.js';
import { fieldElement, type Path, type PathElement, serializePathElement } from './path-element.js';
import { isAssociative, listItemElement, shapeOf } from './typed.js';

/** The fields `value` (an object of the kind `meta` describes) sets. */
export function toFieldSet(meta: PatchMeta, value: unknown): FieldSet {
  const set = new FieldSet();
  walk(meta, value, meta.root, [], set);
  return set;
}

function walk(
  meta: PatchMeta,
  value: unknown,
  node: FieldMeta | undefined,
  path: Path,
  set: FieldSet,
) {
  switch (shapeOf(value, node)) {
    case 'scalar':
      set.insert(path);
      return;
    case 'list':
      if (!isAssociative(node)) {
        set.insert(path);
        return;
      }
      walkItems(meta, Array.isArray(value) ? value : [], node, path, set);
      return;
    case 'map':
      if (isAtomicObject(node)) {
        set.insert(path);
        return;
      }
      if (!isObject(value)) return;
      for (const [key, child] of Object.entries(value)) {
        const type = childOf(meta, node, key);
        const childPath = [...path, fieldElement(key)];
        walk(meta, child, type.node, childPath, set);
        const isEmptyish = child === null || (isObject(child) && Object.keys(child).length === 0);
        if (isEmptyish || !type.declared) set.insert(childPath);
      }
  }
}

function walkItems(
  meta: PatchMeta,
  items: readonly unknown[],
  node: FieldMeta | undefined,
  path: Path,
  set: FieldSet,
) {
  const named: { item: unknown; pe: PathElement; id: string }[] = [];
  const counts = new Map<string, number>();
  for (const item of items) {
    let pe: PathElement;
    try {
      pe = listItemElement(node, item);
    } catch {
      continue; // Checked before walking (validateTyped); an unnamed item owns nothing.
    }
    const id = serializePathElement(pe);
    counts.set(id, (counts.get(id) ?? 0) + 1);
    named.push({ item, pe, id });
  }
  for (const { item, pe, id } of named) {
    const itemPath = [...path, pe];
    // A duplicated key (only live objects may have one) is owned as a whole.
    if ((counts.get(id) ?? 0) === 1) walk(meta, item, node?.items, itemPath, set);
    set.insert(itemPath);
  }
}
