/**
 * JSON Merge Patch (RFC 7386), `application/merge-patch+json`: null deletes, objects merge,
 * everything else (lists included) replaces.
 *
 * The details follow evanphx/json-patch's `MergePatch`, which the apiserver uses: a value
 * patched onto a missing or non-object target has its null members pruned (objects inside
 * lists included), while a list patched over an object is taken as it is.
 */

import type { KubeObject } from '../types.js';
import { asObject, jsonTypeName } from './json-patch.js';
import { patchBadRequest } from './patch-errors.js';
import { deepClone, deepEqual, isObject, type JsonObject } from './util/json.js';

/**
 * Applies an RFC 7386 merge patch to a copy of `current`; neither argument is changed.
 *
 * @throws ApiError 400 when the body is not a JSON object.
 */
export function applyMergePatch(current: KubeObject, body: unknown): KubeObject {
  if (body === null) throw patchBadRequest('Invalid JSON Patch');
  if (!isObject(body)) {
    throw patchBadRequest(
      `error decoding patch: json: cannot unmarshal ${jsonTypeName(body)} into Go value of type map[string]interface {}`,
    );
  }
  const doc = deepClone(current) as JsonObject;
  mergeDocs(doc, deepClone(body));
  return asObject(doc);
}

/** Merges `patch` into `doc` in place (RFC 7386 section 2). */
export function mergeDocs(doc: JsonObject, patch: JsonObject): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete doc[key];
      continue;
    }
    const current = doc[key];
    if (current === undefined || current === null) {
      doc[key] = pruneNulls(value);
    } else {
      doc[key] = mergeValue(current, value);
    }
  }
}

function mergeValue(current: unknown, patch: unknown): unknown {
  if (!isObject(current)) return pruneNulls(patch);
  if (!isObject(patch)) return patch;
  mergeDocs(current, patch);
  return current;
}

/** Drops null members of objects, recursively, also inside lists. */
function pruneNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === null ? item : pruneNulls(item)));
  if (!isObject(value)) return value;
  for (const [key, item] of Object.entries(value)) {
    if (item === null) delete value[key];
    else pruneNulls(item);
  }
  return value;
}

/**
 * The merge patch that turns `from` into `to` (the inverse of {@link applyMergePatch} for
 * documents without nulls): what `kubectl patch --type=merge` users write by hand.
 */
export function createMergePatch(from: JsonObject, to: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const key of Object.keys(from)) if (!(key in to)) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    const before = from[key];
    if (isObject(before) && isObject(value)) {
      const inner = createMergePatch(before, value);
      if (Object.keys(inner).length > 0) patch[key] = inner;
    } else if (!deepEqual(before, value)) {
      patch[key] = deepClone(value);
    }
  }
  return patch;
}
