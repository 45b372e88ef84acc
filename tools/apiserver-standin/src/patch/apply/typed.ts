/**
 * Reading a JSON value through a kind's PatchMeta, as structured-merge-diff's typed values
 * do: which shape a value has (map, list, scalar), how a list item is named in a field path
 * (`k:{...}` for associative lists, `v:...` for sets), and the checks a value must pass before
 * it is merged (`ObjectToTyped`): key fields present, no duplicate keys, no undeclared fields
 * where the schema is closed.
 */

import type { FieldMeta, PatchMeta } from '../meta/field-meta.js';
import { childOf, declaredShape, isAtomicObject, listTypeOf } from '../meta/field-meta.js';
import { goQuote } from '../util/go-format.js';
import { isObject } from '../util/json.js';
import {
  fieldElement,
  keyElement,
  type Path,
  type PathElement,
  pathElementToString,
  pathToString,
  serializePathElement,
} from './path-element.js';

/** How a value is walked. */
export type Shape = 'map' | 'list' | 'scalar';

/** The shape of `value` of type `node`; a null takes the shape its type declares. */
export function shapeOf(value: unknown, node: FieldMeta | undefined): Shape {
  if (Array.isArray(value)) return 'list';
  if (isObject(value)) return 'map';
  if (value === null) {
    const declared = declaredShape(node);
    if (declared === 'list' || declared === 'map') return declared;
  }
  return 'scalar';
}

/** Thrown when a value does not fit its type (structured-merge-diff `ValidationError`s). */
export class TypedError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(errors.length === 1 ? errors[0] : ['errors:', ...errors.map((e) => `  ${e}`)].join('\n'));
    this.name = 'TypedError';
  }
}

/**
 * The path element of an item of an associative list (`listType: set` or `map`). A map item
 * missing a key field uses the field's default; missing all of them is an error.
 */
export function listItemElement(listNode: FieldMeta | undefined, item: unknown): PathElement {
  const keys = listNode?.listMapKeys ?? [];
  if (listTypeOf(listNode) === 'map' && keys.length > 0) {
    if (item === null) throw new Error('associative list with keys may not have a null element');
    if (!isObject(item))
      throw new Error('associative list with keys may not have non-map elements');
    const fields: [string, unknown][] = [];
    for (const key of keys) {
      if (Object.hasOwn(item, key)) fields.push([key, item[key]]);
      else {
        const fallback = listNode?.items?.fields?.[key]?.default;
        if (fallback !== undefined) fields.push([key, fallback]);
      }
    }
    if (fields.length === 0) {
      throw new Error(
        `associative list with keys has an element that omits all key fields [${keys.map(goQuote).join(' ')}] (and doesn't have default values for any key fields)`,
      );
    }
    return keyElement(fields);
  }
  if (isObject(item))
    throw new Error("associative list without keys has an element that's a map type");
  if (Array.isArray(item))
    throw new Error('not supported: associative list with lists as elements');
  if (item === null)
    throw new Error("associative list without keys has an element that's an explicit null");
  return { kind: 'value', value: item };
}

/** True for a list whose items are named in paths (not atomic). */
export function isAssociative(listNode: FieldMeta | undefined): boolean {
  return listTypeOf(listNode) !== 'atomic';
}

/** Checks `value` against its type; throws TypedError listing every problem. */
export function validateTyped(
  meta: PatchMeta,
  value: unknown,
  options: { allowDuplicates: boolean; checkUndeclared: boolean },
): void {
  const errors: string[] = [];
  check(meta, value, meta.root, [], options, errors);
  if (errors.length > 0) throw new TypedError(errors);
}

function check(
  meta: PatchMeta,
  value: unknown,
  node: FieldMeta | undefined,
  path: Path,
  options: { allowDuplicates: boolean; checkUndeclared: boolean },
  errors: string[],
): void {
  const shape = shapeOf(value, node);
  if (shape === 'list' && Array.isArray(value) && isAssociative(node)) {
    const seen = new Set<string>();
    value.forEach((item, index) => {
      let pe: PathElement;
      try {
        pe = listItemElement(node, item);
      } catch (err) {
        errors.push(`${pathToString(path)}: element ${index}: ${(err as Error).message}`);
        return;
      }
      const id = serializePathElement(pe);
      if (seen.has(id) && !options.allowDuplicates) {
        errors.push(`${pathToString(path)}: duplicate entries for key ${pathElementToString(pe)}`);
        return;
      }
      seen.add(id);
      check(meta, item, node?.items, [...path, pe], options, errors);
    });
  } else if (shape === 'map' && isObject(value) && !isAtomicObject(node)) {
    for (const [key, child] of Object.entries(value)) {
      const type = childOf(meta, node, key);
      const childPath = [...path, fieldElement(key)];
      if (options.checkUndeclared && node?.closed && !type.declared) {
        errors.push(`${pathToString(childPath)}: field not declared in schema`);
        continue;
      }
      check(meta, child, type.node, childPath, options, errors);
    }
  }
}
