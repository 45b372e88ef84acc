/**
 * Patch metadata of a custom resource, from its CRD version's `openAPIV3Schema`: the
 * `x-kubernetes-list-type` / `-list-map-keys` / `-map-type` extensions and property defaults
 * that server-side apply needs. The apiserver adds the standard `apiVersion`, `kind` and
 * `metadata` (ObjectMeta) to every CRD schema; so does this.
 */

import type { JsonSchemaProps } from '../../types.js';
import type { FieldMeta, PatchMeta } from './field-meta.js';
import { OBJECT_META } from './shapes.js';

/**
 * Patch metadata for a custom resource version. With no schema every object is a granular
 * map and every list atomic (structured-merge-diff's "deduced" type).
 *
 * @param options.statusSubresource The CRD version declares `subresources.status`.
 */
export function patchMetaFromSchema(
  schema: JsonSchemaProps | undefined,
  options: { statusSubresource?: boolean } = {},
): PatchMeta {
  const root = schema === undefined ? {} : fromSchema(schema);
  const fields = { ...root.fields, apiVersion: {}, kind: {}, metadata: OBJECT_META };
  return {
    root: { ...root, fields },
    builtin: false,
    statusSubresource: options.statusSubresource ?? false,
  };
}

function fromSchema(schema: JsonSchemaProps): FieldMeta {
  const out: { -readonly [K in keyof FieldMeta]: FieldMeta[K] } = {};
  if (schema.default !== undefined) out.default = schema.default;
  if (schema.type === 'array' || schema.items !== undefined) {
    out.listType = schema['x-kubernetes-list-type'] ?? 'atomic';
    const keys = schema['x-kubernetes-list-map-keys'];
    if (out.listType === 'map' && keys !== undefined) out.listMapKeys = keys;
    if (schema.items !== undefined) out.items = fromSchema(schema.items);
    return out;
  }
  if (schema['x-kubernetes-map-type'] === 'atomic') out.mapType = 'atomic';
  if (schema.properties !== undefined) {
    const fields: Record<string, FieldMeta> = {};
    for (const [name, property] of Object.entries(schema.properties)) {
      fields[name] = fromSchema(property);
    }
    if (schema['x-kubernetes-embedded-resource'] === true) {
      fields.apiVersion ??= {};
      fields.kind ??= {};
      fields.metadata = OBJECT_META;
    }
    out.fields = fields;
  }
  const additional = schema.additionalProperties;
  if (typeof additional === 'object') out.values = fromSchema(additional);
  const isObject = schema.type === 'object' || schema.properties !== undefined;
  const open =
    schema['x-kubernetes-preserve-unknown-fields'] === true ||
    (additional !== undefined && additional !== false);
  if (isObject && !open) out.closed = true;
  return out;
}
