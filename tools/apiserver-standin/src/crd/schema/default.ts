/**
 * Structural defaulting, as the apiserver applies `default`s to a custom resource after
 * pruning: a property with a `default` that is absent (or null and not nullable) gets a deep
 * copy of it, but only where its parent object exists; defaults apply inside array items and
 * `additionalProperties` values too, and recursively inside what was just defaulted.
 */

import type { JsonSchemaProps } from '../../types.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNullableNull(value: unknown, s: JsonSchemaProps | undefined): boolean {
  return value === null && s !== undefined && !s.nullable;
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

/** Applies the schema's defaults to `x` in place. */
export function applyDefaults(x: unknown, s: JsonSchemaProps | undefined): void {
  if (s === undefined) return;
  if (Array.isArray(x)) {
    const items = s.items;
    x.forEach((v, i) => {
      if (items?.default !== undefined && isNonNullableNull(v, items)) x[i] = copy(items.default);
      applyDefaults(x[i], items);
    });
    return;
  }
  if (!isObject(x)) return;
  for (const [k, prop] of Object.entries(s.properties ?? {})) {
    if (prop.default === undefined) continue;
    if (!(k in x) || isNonNullableNull(x[k], prop)) x[k] = copy(prop.default);
  }
  const extra = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
  for (const k of Object.keys(x)) {
    const prop = s.properties?.[k];
    if (prop !== undefined) applyDefaults(x[k], prop);
    else if (extra !== undefined) {
      if (extra.default !== undefined && isNonNullableNull(x[k], extra)) x[k] = copy(extra.default);
      applyDefaults(x[k], extra);
    }
  }
}
