/**
 * The `x-kubernetes-list-type` invariants the apiserver enforces on custom resources: a `set`
 * holds no value twice, a `map` holds objects whose `x-kubernetes-list-map-keys` are unique.
 * Each repeat is reported once, at the index of its second occurrence, as
 * `Duplicate value: ...` (the value printed as Go's `%#v`).
 */

import type { StatusCause } from '../../errors.js';
import type { JsonSchemaProps } from '../../types.js';
import { child, duplicate, index, invalidValue, key } from '../field-errors.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Go's json.Marshal sorts map keys: the canonical text of a compound value. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Indices of second occurrences (a value seen three times is reported once). */
function nonUniqueIndices(values: readonly unknown[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  values.forEach((v, i) => {
    const text = typeof v === 'object' && v !== null ? `c${canonical(v)}` : `s${canonical(v)}`;
    const times = seen.get(text) ?? 0;
    if (times === 1) out.push(i);
    seen.set(text, times + 1);
  });
  return out;
}

const UNSPECIFIED = Symbol('unspecified key');

function validateListMap(path: string, s: JsonSchemaProps, list: unknown[]): StatusCause[] {
  for (const [i, x] of list.entries()) {
    if (x !== null && !isObject(x)) {
      return [invalidValue(index(path, i), x, 'must be an object for an array of list-type map')];
    }
  }
  if (list.length <= 1) return [];
  const mapKeys = s['x-kubernetes-list-map-keys'] ?? [];
  if (mapKeys.length === 1) {
    const field = mapKeys[0]!;
    const keys = list.map((x) => (isObject(x) && field in x ? x[field] : UNSPECIFIED));
    // Items without the key are all "unspecified": equal to each other, to nothing else.
    const comparable = keys.map((k) => (k === UNSPECIFIED ? { '\u0000unspecified': true } : k));
    return nonUniqueIndices(comparable).map((i) =>
      duplicate(index(path, i), keys[i] === UNSPECIFIED ? {} : { [field]: keys[i] }),
    );
  }
  const keys = list.map((x) => {
    const k: Record<string, unknown> = {};
    if (isObject(x)) for (const f of mapKeys) if (f in x) k[f] = x[f];
    return k;
  });
  return nonUniqueIndices(keys).map((i) => duplicate(index(path, i), keys[i]));
}

function validateArray(path: string, s: JsonSchemaProps, list: unknown[]): StatusCause[] {
  const errs: StatusCause[] = [];
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set') {
    for (const i of nonUniqueIndices(list)) errs.push(duplicate(index(path, i), list[i]));
  } else if (listType === 'map') {
    errs.push(...validateListMap(path, s, list));
  }
  if (s.items) {
    const items = s.items;
    for (const [i, v] of list.entries()) errs.push(...validateValue(index(path, i), items, v));
  }
  return errs;
}

function validateValue(path: string, s: JsonSchemaProps, value: unknown): StatusCause[] {
  if (Array.isArray(value)) return validateArray(path, s, value);
  if (isObject(value)) return validateListSetsAndMaps(path, s, value);
  return [];
}

/** `ValidateListSetsAndMaps`: every set/map list invariant broken anywhere in `object`. */
export function validateListSetsAndMaps(
  path: string | undefined,
  s: JsonSchemaProps,
  object: Record<string, unknown>,
): StatusCause[] {
  const errs: StatusCause[] = [];
  const extra = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
  if (extra) {
    for (const [k, v] of Object.entries(object))
      errs.push(...validateValue(key(path, k), extra, v));
  }
  if (s.properties) {
    for (const [k, v] of Object.entries(object)) {
      const sub = s.properties[k];
      if (sub) errs.push(...validateValue(child(path, k), sub, v));
    }
  }
  return errs;
}
