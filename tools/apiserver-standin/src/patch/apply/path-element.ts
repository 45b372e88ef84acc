/**
 * Path elements of server-side apply field paths, as sigs.k8s.io/structured-merge-diff's
 * `fieldpath` package has them: a field name (`f:spec`), the key of an associative list item
 * (`k:{"port":80,"protocol":"TCP"}`), a set member (`v:"finalizer"`) or a list index (`i:0`).
 * Each has one canonical serialized form (its FieldsV1 key), used as its identity here.
 */

import { compareGoStrings, goFloat, goJson, goJsonString, goQuote } from '../util/go-format.js';
import { isObject } from '../util/json.js';

/** One step of a field path. */
export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'key'; readonly fields: readonly (readonly [string, unknown])[] }
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'index'; readonly index: number };

/** A field path from the object root. */
export type Path = readonly PathElement[];

/** `f:<name>`. */
export function fieldElement(name: string): PathElement {
  return { kind: 'field', name };
}

/** `k:{...}`: the key fields get sorted by name, as `value.FieldList.Sort` does. */
export function keyElement(fields: readonly (readonly [string, unknown])[]): PathElement {
  const sorted = [...fields].sort(([a], [b]) => compareGoStrings(a, b));
  return { kind: 'key', fields: sorted };
}

/** The FieldsV1 key of a path element, which is also its identity. */
export function serializePathElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `f:${pe.name}`;
    case 'key':
      return `k:{${pe.fields.map(([name, value]) => `${goJsonString(name)}:${goJson(value)}`).join(',')}}`;
    case 'value':
      return `v:${goJson(pe.value)}`;
    case 'index':
      return `i:${pe.index}`;
  }
}

/**
 * Parses a FieldsV1 key. Returns undefined for an unknown element type (the real decoder skips
 * those so that a newer server's fields round-trip); throws on a malformed key.
 */
export function parsePathElement(text: string): PathElement | undefined {
  if (text.length < 2) throw new Error(`key must be 2 characters long: ${text}`);
  if (text[1] !== ':') throw new Error(`missing colon: ${text}`);
  const rest = text.slice(2);
  switch (text[0]) {
    case 'f':
      return fieldElement(rest);
    case 'v':
      return { kind: 'value', value: JSON.parse(rest) };
    case 'k': {
      const parsed: unknown = JSON.parse(rest);
      if (!isObject(parsed)) throw new Error(`key is not an object: ${text}`);
      return keyElement(Object.entries(parsed));
    }
    case 'i': {
      if (!/^-?\d+$/.test(rest)) throw new Error(`invalid index: ${text}`);
      return { kind: 'index', index: Number(rest) };
    }
    default:
      return undefined;
  }
}

const ELEMENT_RANK = { field: 0, key: 1, value: 2, index: 3 } as const;

/** structured-merge-diff's `PathElement.Compare`: fields, then keys, values, indexes. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return ELEMENT_RANK[a.kind] - ELEMENT_RANK[b.kind];
  switch (a.kind) {
    case 'field':
      return compareGoStrings(a.name, (b as typeof a).name);
    case 'key':
      return compareKeyFields(a.fields, (b as typeof a).fields);
    case 'value':
      return compareValues(a.value, (b as typeof a).value);
    case 'index':
      return a.index - (b as typeof a).index;
  }
}

function compareKeyFields(
  a: readonly (readonly [string, unknown])[],
  b: readonly (readonly [string, unknown])[],
): number {
  for (let i = 0; ; i++) {
    if (i >= a.length || i >= b.length) return a.length - b.length;
    const [an, av] = a[i]!;
    const [bn, bv] = b[i]!;
    const byName = compareGoStrings(an, bn);
    if (byName !== 0) return byName;
    const byValue = compareValues(av, bv);
    if (byValue !== 0) return byValue;
  }
}

const VALUE_RANK = { number: 0, string: 1, boolean: 2, list: 3, map: 4, null: 5 } as const;

function valueRank(value: unknown): number {
  if (Array.isArray(value)) return VALUE_RANK.list;
  if (isObject(value)) return VALUE_RANK.map;
  if (value === null || value === undefined) return VALUE_RANK.null;
  return VALUE_RANK[typeof value as 'number' | 'string' | 'boolean'] ?? VALUE_RANK.null;
}

/** structured-merge-diff's `value.Compare`: numbers, strings, bools, lists, maps, null. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') return compareGoStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).sort(compareGoStrings);
    const kb = Object.keys(b).sort(compareGoStrings);
    return compareKeyFields(
      ka.map((k) => [k, a[k]] as const),
      kb.map((k) => [k, b[k]] as const),
    );
  }
  return 0;
}

/** structured-merge-diff's `value.ToString`, used in path strings. */
export function valueToString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : goFloat(value);
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(valueToString).join(',')}]`;
  if (isObject(value)) {
    return Object.entries(value)
      .map(([k, v]) => `${k}=${valueToString(v)}`)
      .join('');
  }
  return '{{undefined}}';
}

/** `PathElement.String()`: `.name`, `[port=80,protocol="TCP"]`, `[="x"]`, `[0]`. */
export function pathElementToString(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map(([name, value]) => `${name}=${valueToString(value)}`).join(',')}]`;
    case 'value':
      return `[=${valueToString(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

/** `Path.String()`: `.spec.ports[port=80,protocol="TCP"].targetPort`. */
export function pathToString(path: Path): string {
  return path.map(pathElementToString).join('');
}
