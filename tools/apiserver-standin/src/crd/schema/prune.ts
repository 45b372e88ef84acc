/**
 * Structural pruning, as the apiserver decodes a custom resource: drop every field the schema
 * does not declare, unless `x-kubernetes-preserve-unknown-fields` keeps it, and record where
 * each dropped field was (`spec.x`, `spec.list[0].y`) so `fieldValidation=Strict` can refuse
 * them. `apiVersion`, `kind` and `metadata` of the object (and of any
 * `x-kubernetes-embedded-resource`) are never pruned here; metadata is ObjectMeta's business.
 *
 * Then nulls: a null in a field that is not `nullable` and has no `default` is dropped, as the
 * apiserver does before defaulting. Both walk the object in place.
 */

import type { JsonSchemaProps } from '../../types.js';

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The structural schema for a map value that is not a declared property. */
function additionalSchema(s: JsonSchemaProps): JsonSchemaProps | undefined | false {
  const extra = s.additionalProperties;
  if (extra === undefined || extra === false) return false;
  // `additionalProperties: true` has no structural schema: its values are pruned as unknown.
  return extra === true ? undefined : extra;
}

class Pruner {
  readonly unknown: string[] = [];
  readonly #path: string[] = [];

  #record(field: string): void {
    this.unknown.push([...this.#path, ...(this.#path.length > 0 ? ['.'] : []), field].join(''));
  }

  #withKey<T>(field: string, fn: () => T): T {
    const depth = this.#path.length;
    if (depth > 0) this.#path.push('.');
    this.#path.push(field);
    try {
      return fn();
    } finally {
      this.#path.length = depth;
    }
  }

  #withIndex<T>(i: number, fn: () => T): T {
    const depth = this.#path.length;
    this.#path.push('[', String(i), ']');
    try {
      return fn();
    } finally {
      this.#path.length = depth;
    }
  }

  prune(x: Json, s: JsonSchemaProps | undefined, embedded: boolean): void {
    if (s?.['x-kubernetes-preserve-unknown-fields']) {
      this.#skipPrune(x, s);
      return;
    }
    if (Array.isArray(x)) {
      for (const [i, v] of x.entries()) this.#withIndex(i, () => this.prune(v, s?.items, false));
      return;
    }
    if (!isObject(x)) return;
    for (const [k, v] of Object.entries(x)) {
      if (s === undefined) {
        this.#record(k);
        delete x[k];
        continue;
      }
      if ((embedded || s['x-kubernetes-embedded-resource']) && META_FIELDS.has(k)) continue;
      const prop = s.properties?.[k];
      const extra = additionalSchema(s);
      if (prop !== undefined) this.#withKey(k, () => this.#pruneChild(v, prop));
      else if (extra !== false) this.#withKey(k, () => this.#pruneChild(v, extra));
      else {
        if (!META_FIELDS.has(k) || this.#path.length > 0) this.#record(k);
        delete x[k];
      }
    }
  }

  #pruneChild(v: Json, s: JsonSchemaProps | undefined): void {
    this.prune(v, s, false);
  }

  /** Under preserve-unknown-fields: unknown fields stay, declared ones are still walked. */
  #skipPrune(x: Json, s: JsonSchemaProps): void {
    if (Array.isArray(x)) {
      x.forEach((v, i) => {
        const items = s.items;
        if (items) this.#withIndex(i, () => this.#skipPrune(v, items));
      });
      return;
    }
    if (!isObject(x)) return;
    for (const [k, v] of Object.entries(x)) {
      if (s['x-kubernetes-embedded-resource'] && META_FIELDS.has(k)) continue;
      const prop = s.properties?.[k];
      const extra = additionalSchema(s);
      if (prop !== undefined) this.#withKey(k, () => this.prune(v, prop, false));
      else if (extra !== false) this.#withKey(k, () => this.prune(v, extra, false));
    }
  }
}

/**
 * Prunes a custom resource in place against its version's `openAPIV3Schema`.
 *
 * @returns the dropped fields' paths, sorted (Go's `sort.Strings`), for strict decoding.
 */
export function pruneUnknownFields(
  object: Record<string, Json>,
  schema: JsonSchemaProps,
): string[] {
  const pruner = new Pruner();
  // The resource root is always treated as an embedded resource (apiVersion/kind/metadata).
  pruner.prune(object, schema, true);
  return pruner.unknown.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function isNonNullableNullWithoutDefault(value: Json, s: JsonSchemaProps | undefined): boolean {
  return value === null && s !== undefined && !s.nullable && s.default === undefined;
}

function fieldSchema(field: string, s: JsonSchemaProps | undefined): JsonSchemaProps | undefined {
  if (s === undefined) return undefined;
  const prop = s.properties?.[field];
  if (prop !== undefined) return prop;
  const extra = s.additionalProperties;
  return typeof extra === 'object' ? extra : undefined;
}

/** `PruneNonNullableNullsWithoutDefaults`: drops `field: null` the schema does not allow. */
export function pruneNonNullableNulls(x: Json, s: JsonSchemaProps | undefined): void {
  if (Array.isArray(x)) {
    for (const v of x) pruneNonNullableNulls(v, s?.items);
    return;
  }
  if (!isObject(x)) return;
  for (const [k, v] of Object.entries(x)) {
    const sub = fieldSchema(k, s);
    if (isNonNullableNullWithoutDefault(v, sub)) delete x[k];
    else pruneNonNullableNulls(v, sub);
  }
}
