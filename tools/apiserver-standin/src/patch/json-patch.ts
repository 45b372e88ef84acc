/**
 * JSON Patch (RFC 6902), `application/json-patch+json`, on top of fast-json-patch.
 *
 * The apiserver first decodes the body strictly into `[]jsonPatchOp` (its default field
 * validation is Warn, which takes that path), so a body that is not an array, or an operation
 * whose `op`/`path`/`from` is not a string, is a 400 BadRequest with encoding/json's words. An
 * operation that does not apply (a failed `test`, a missing path, an unknown `op`) is a 422
 * whose message is the fixed generic sentence: the server drops the library's own error text.
 */

import jsonPatch, { type Operation } from 'fast-json-patch';
import type { KubeObject } from '../types.js';
import { patchBadRequest, patchedObjectInvalid, patchUnprocessable } from './patch-errors.js';
import { deepClone, isObject, type JsonObject } from './util/json.js';

const DECODE_TARGET = '[]handlers.jsonPatchOp';
const OPERATION_TARGET = 'handlers.jsonPatchOp';

/**
 * Applies an RFC 6902 patch to a copy of `current`; `current` is not changed.
 *
 * @throws ApiError 400 when the body is not a list of operations, 422 when an operation does
 *   not apply or the result is not an object.
 */
export function applyJsonPatch(current: KubeObject, body: unknown): KubeObject {
  // `null` decodes to an empty patch in Go: nothing to do.
  if (body === null) return deepClone(current);
  const operations = decodeOperations(body);
  let patched: unknown;
  try {
    patched = jsonPatch.applyPatch(
      deepClone(current) as JsonObject,
      operations,
      true,
      true,
    ).newDocument;
  } catch {
    throw patchUnprocessable();
  }
  return asObject(patched);
}

function decodeOperations(body: unknown): Operation[] {
  if (!Array.isArray(body)) throw decodeError(jsonTypeName(body), DECODE_TARGET);
  return body.map((item): Operation => {
    // A JSON null element decodes to an empty operation, which then fails to apply (422).
    if (item === null) return { op: 'unknown', path: '' } as unknown as Operation;
    if (!isObject(item)) throw decodeError(jsonTypeName(item), OPERATION_TARGET);
    for (const field of ['op', 'path', 'from']) {
      const value = item[field];
      if (value !== undefined && value !== null && typeof value !== 'string') {
        throw patchBadRequest(
          `error decoding patch: json: cannot unmarshal ${jsonTypeName(value)} into Go struct field jsonPatchOp.${field} of type string`,
        );
      }
    }
    const op = { ...item };
    // evanphx/json-patch treats a missing `value` as JSON null rather than refusing it.
    if (['add', 'replace', 'test'].includes(String(op.op)) && !('value' in op)) op.value = null;
    return op as unknown as Operation;
  });
}

function decodeError(found: string, target: string) {
  return patchBadRequest(
    `error decoding patch: json: cannot unmarshal ${found} into Go value of type ${target}`,
  );
}

/** encoding/json's name for the JSON type of a value in "cannot unmarshal X into ...". */
export function jsonTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'object':
      return 'object';
    case 'boolean':
      return 'bool';
    case 'number':
      return 'number';
    default:
      return 'string';
  }
}

/** The patched document must still decode into an object with object metadata. */
export function asObject(patched: unknown): KubeObject {
  if (!isObject(patched)) {
    throw patchedObjectInvalid(
      JSON.stringify(patched),
      `json: cannot unmarshal ${jsonTypeName(patched)} into Go value of type map[string]interface {}`,
    );
  }
  const metadata = patched.metadata;
  if (metadata === undefined || metadata === null) return { ...patched, metadata: {} };
  if (!isObject(metadata)) {
    throw patchedObjectInvalid(
      JSON.stringify(patched),
      `json: cannot unmarshal ${jsonTypeName(metadata)} into Go struct field Object.metadata of type v1.ObjectMeta`,
    );
  }
  return patched as KubeObject;
}
