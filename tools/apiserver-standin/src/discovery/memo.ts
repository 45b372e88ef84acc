/**
 * Discovery and OpenAPI documents change only when the registry's set of types does, while
 * kubectl fetches them on every command: each is computed once per registry generation, frozen
 * (callers serialise it, never edit it) and kept until the generation moves on.
 */

import { createHash } from 'node:crypto';
import type { ResourceRegistry } from '../resources/registry.js';

interface Cache {
  generation: number;
  readonly entries: Map<string, unknown>;
}

const caches = new WeakMap<ResourceRegistry, Cache>();

/** Freezes a JSON value and everything in it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * `compute()`'s result, cached under `key` until `registry.generation` changes. Frozen deeply
 * unless `freeze` is false (for values that hold the registry's ResourceTypes, whose schemas
 * belong to crd/).
 */
export function memoize<T>(
  registry: ResourceRegistry,
  key: string,
  compute: () => T,
  freeze = true,
): T {
  let cache = caches.get(registry);
  if (!cache) {
    cache = { generation: registry.generation, entries: new Map() };
    caches.set(registry, cache);
  } else if (cache.generation !== registry.generation) {
    cache.generation = registry.generation;
    cache.entries.clear();
  }
  if (cache.entries.has(key)) return cache.entries.get(key) as T;
  const computed = compute();
  const value = freeze ? deepFreeze(computed) : computed;
  cache.entries.set(key, value);
  return value;
}

/**
 * The ETag kube-openapi and aggregated discovery use: SHA-512 of the serialised document,
 * uppercase hex. Hashes `JSON.stringify(doc)`, the bytes the HTTP layer sends.
 */
export function etagOf(doc: unknown): string {
  return createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
}
