/**
 * What the apiserver does to a custom resource between decoding the request body and storing
 * it: strict field validation (unknown fields), pruning, defaulting, and validation against
 * the version's `openAPIV3Schema`, with the apiserver's status codes and wording.
 *
 * Not done: `x-kubernetes-validations` (CEL rules) are not evaluated, and validation
 * ratcheting (unchanged invalid fields passing on update) is not applied.
 */

import { badRequest, invalid, type StatusCause } from '../errors.js';
import { apiVersionOf, type KubeObject, type ResourceType } from '../types.js';
import { child, dedupeCauses, invalidValue } from './field-errors.js';
import { pruneUnknownMetadata, validateCustomResourceName } from './object-meta.js';
import { applyDefaults } from './schema/default.js';
import { causeOf } from './schema/field-causes.js';
import { validateListSetsAndMaps } from './schema/list-type.js';
import { validateAgainstSchema } from './schema/openapi-validate.js';
import { pruneNonNullableNulls, pruneUnknownFields } from './schema/prune.js';

/** How a write treats unknown fields (`?fieldValidation=`). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface CheckOptions {
  readonly fieldValidation: FieldValidation;
  /**
   * With `Warn`, receives one `unknown field "spec.x"` per dropped field, for the response's
   * `Warning` headers (the real server sends them as `299 - "unknown field ..."`).
   */
  readonly warnings?: string[];
}

function typeMetaCauses(rt: ResourceType, object: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const apiVersion = apiVersionOf(rt);
  if (object.kind !== rt.kind) {
    causes.push(invalidValue(child(undefined, 'kind'), object.kind ?? '', `must be ${rt.kind}`));
  }
  if (object.apiVersion !== apiVersion) {
    const value = object.apiVersion ?? '';
    causes.push(invalidValue(child(undefined, 'apiVersion'), value, `must be ${apiVersion}`));
  }
  return causes;
}

/** The unknown-field paths dropped from `object` (metadata first, then sorted schema paths). */
function pruneAll(rt: ResourceType, object: KubeObject): string[] {
  const unknown = pruneUnknownMetadata(object);
  if (rt.schema) {
    unknown.push(...pruneUnknownFields(object, rt.schema));
    pruneNonNullableNulls(object, rt.schema);
  }
  return unknown;
}

function validationCauses(rt: ResourceType, object: KubeObject): StatusCause[] {
  const typeMeta = typeMetaCauses(rt, object);
  if (typeMeta.length > 0) return typeMeta;
  const causes = validateCustomResourceName(object);
  if (rt.schema) {
    causes.push(...validateAgainstSchema(rt.schema, object).map(causeOf));
    causes.push(...validateListSetsAndMaps(undefined, rt.schema, object));
  }
  return causes;
}

/**
 * Checks a custom resource about to be created or updated, as the apiserver would.
 *
 * When to use: in the store's validate hook, for every CREATE/UPDATE of a type with
 * `builtin: false`, after the server has set its own metadata fields.
 *
 * Gotchas: returns a new object (the input is not modified); unknown metadata fields are
 * dropped as ObjectMeta decoding drops them; `apiVersion`/`kind` must already be the type's.
 *
 * @throws ApiError 400 BadRequest `strict decoding error: unknown field "spec.x", ...` when
 *   `fieldValidation` is Strict and the body has fields the schema does not declare.
 * @throws ApiError 422 Invalid with one cause per problem (`spec.port: Invalid value: ...`).
 *
 * @example
 * ```ts
 * const stored = checkCustomObject(rt, body, { fieldValidation: 'Strict' });
 * stored.spec.autoAssign; // true: the schema's default
 * ```
 */
export function checkCustomObject(
  rt: ResourceType,
  object: KubeObject,
  opts: CheckOptions,
): KubeObject {
  const out = structuredClone(object);
  const unknown = pruneAll(rt, out);
  if (unknown.length > 0 && opts.fieldValidation !== 'Ignore') {
    const problems = unknown.map((f) => `unknown field "${f}"`);
    if (opts.fieldValidation === 'Strict') {
      throw badRequest(`strict decoding error: ${problems.join(', ')}`);
    }
    opts.warnings?.push(...problems);
  }
  if (rt.schema) applyDefaults(out, rt.schema);
  const causes = validationCauses(rt, out);
  if (causes.length > 0) {
    const name = typeof out.metadata?.name === 'string' ? out.metadata.name : '';
    throw invalid(rt.kind, rt.group, name, dedupeCauses(causes));
  }
  return out;
}
