/**
 * Checks of a CRD version's `openAPIV3Schema` that decide whether the apiserver can serve it:
 * structural-schema rules (a `type` at every level unless int-or-string or
 * preserve-unknown-fields, `items` for arrays, an object root, no `additionalProperties` at
 * the root, nothing but name/generateName under `metadata`), then the OpenAPI rules
 * (supported types, `properties` xor `additionalProperties`, the x-kubernetes-list-type and
 * map-type extensions). Messages and paths are apiextensions'.
 *
 * Not checked: that defaults validate and are pruned, CEL rules, and status-root restrictions.
 */

import type { StatusCause } from '../errors.js';
import type { JsonSchemaProps } from '../types.js';
import {
  child,
  forbidden,
  GoLiteral,
  index,
  invalidValue,
  key,
  notSupported,
  required,
} from './field-errors.js';
import { goStringSlice } from './go-format.js';

type Level = 'root' | 'item' | 'field';

const OPENAPI_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const META_FIELDS = ['apiVersion', 'kind', 'metadata'];

function structuralInvariants(s: JsonSchemaProps, level: Level, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  if (s.type === 'array' && !s.items)
    errs.push(required(child(path, 'items'), 'must be specified'));
  if (s.items) errs.push(...structuralInvariants(s.items, 'item', child(path, 'items')));
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    errs.push(...structuralInvariants(v, 'field', key(child(path, 'properties'), k)));
  }
  if (s.additionalProperties !== undefined) {
    const at = child(path, 'additionalProperties');
    if (level === 'root') errs.push(forbidden(at, 'must not be used at the root'));
    if (typeof s.additionalProperties === 'object') {
      errs.push(...structuralInvariants(s.additionalProperties, 'field', at));
    }
  }
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (intOrString && preserve) {
    const at = child(path, 'x-kubernetes-preserve-unknown-fields');
    errs.push(invalidValue(at, true, 'must be false if x-kubernetes-int-or-string is true'));
  }
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (embedded && s.type !== 'object') {
    const why = 'must be object if x-kubernetes-embedded-resource is true';
    errs.push(
      s.type ? invalidValue(child(path, 'type'), s.type, why) : required(child(path, 'type'), why),
    );
  } else if (!s.type && !intOrString && !preserve) {
    const where = {
      root: 'at the root',
      item: 'for specified array items',
      field: 'for specified object fields',
    };
    errs.push(required(child(path, 'type'), `must not be empty ${where[level]}`));
  }
  if (level === 'root' && s.type && s.type !== 'object') {
    errs.push(invalidValue(child(path, 'type'), s.type, 'must be object at the root'));
  }
  if (level === 'root' || embedded) {
    for (const meta of ['kind', 'apiVersion']) {
      const prop = s.properties?.[meta];
      if (prop && prop.type !== 'string') {
        const at = child(key(child(path, 'properties'), meta), 'type');
        errs.push(invalidValue(at, prop.type ?? '', 'must be string'));
      }
    }
  }
  const metadata = s.properties?.metadata;
  if (metadata)
    errs.push(
      ...metadataInvariants(metadata, level, key(child(path, 'properties'), 'metadata'), embedded),
    );
  return errs;
}

function metadataInvariants(
  m: JsonSchemaProps,
  level: Level,
  path: string,
  embedded: boolean,
): StatusCause[] {
  const errs: StatusCause[] = [];
  if ((level === 'root' || embedded) && m.type !== 'object') {
    errs.push(invalidValue(child(path, 'type'), m.type ?? '', 'must be object'));
  }
  if (level === 'root') {
    const props = Object.keys(m.properties ?? {});
    const onlyNames = props.every((p) => p === 'name' || p === 'generateName');
    const allowed = new Set(['type', 'properties', 'default', 'description']);
    const extra = Object.keys(m).some((k) => !allowed.has(k));
    if (!onlyNames || extra) {
      const why =
        'must not specify anything other than name and generateName, but metadata is implicitly specified';
      errs.push(forbidden(path, why));
    }
  }
  return errs;
}

function listExtensions(s: JsonSchemaProps, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  const listType = s['x-kubernetes-list-type'];
  const mapKeys = s['x-kubernetes-list-map-keys'] ?? [];
  if (listType !== undefined && s.type !== 'array') {
    const why = 'must be array if x-kubernetes-list-type is specified';
    errs.push(
      s.type ? invalidValue(child(path, 'type'), s.type, why) : required(child(path, 'type'), why),
    );
  }
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType)) {
    errs.push(
      notSupported(child(path, 'x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']),
    );
  }
  if (mapKeys.length > 0 && listType !== 'map') {
    const at = child(path, 'x-kubernetes-list-type');
    const why = 'must be map if x-kubernetes-list-map-keys is non-empty';
    errs.push(listType === undefined ? required(at, why) : invalidValue(at, listType, why));
  }
  if (listType === 'map') {
    if (mapKeys.length === 0) {
      const why = 'must not be empty if x-kubernetes-list-type is map';
      errs.push(required(child(path, 'x-kubernetes-list-map-keys'), why));
    }
    const items = s.items;
    if (!items)
      errs.push(
        required(child(path, 'items'), 'must have a schema if x-kubernetes-list-type is map'),
      );
    else if (items.type !== 'object') {
      const why = "must be object if parent array's x-kubernetes-list-type is map";
      errs.push(invalidValue(child(path, 'items', 'type'), items.type ?? '', why));
    } else {
      const literal = new GoLiteral(goStringSlice(mapKeys));
      mapKeys.forEach((k, i) => {
        if (!items.properties?.[k]) {
          const why = 'entries must all be names of item properties';
          errs.push(invalidValue(child(path, 'x-kubernetes-list-map-keys'), literal, why));
        } else if (!items.required?.includes(k) && items.properties[k]!.default === undefined) {
          const at = child(key(child(path, 'items', 'properties'), k), 'default');
          const why =
            'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property';
          errs.push(required(at, why));
        }
        if (mapKeys.indexOf(k) !== i) {
          const why = 'must not contain duplicate entries';
          errs.push(invalidValue(child(path, 'x-kubernetes-list-map-keys'), literal, why));
        }
      });
    }
  }
  const mapType = s['x-kubernetes-map-type'];
  if (mapType !== undefined && s.type !== 'object') {
    const why = 'must be object if x-kubernetes-map-type is specified';
    errs.push(
      s.type ? invalidValue(child(path, 'type'), s.type, why) : required(child(path, 'type'), why),
    );
  }
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular') {
    errs.push(notSupported(child(path, 'x-kubernetes-map-type'), mapType, ['atomic', 'granular']));
  }
  return errs;
}

function openApiRules(s: JsonSchemaProps, path: string, isRoot: boolean): StatusCause[] {
  const errs: StatusCause[] = [];
  if (s.type && s.type !== 'null' && !OPENAPI_TYPES.includes(s.type)) {
    errs.push(notSupported(child(path, 'type'), s.type, OPENAPI_TYPES));
  }
  if (s.type === 'null') {
    errs.push(
      forbidden(child(path, 'type'), 'type cannot be set to null, use nullable as an alternative'),
    );
  }
  for (const unsupported of [
    'patternProperties',
    'definitions',
    'dependencies',
    '$ref',
    'additionalItems',
  ]) {
    if (s[unsupported] !== undefined) {
      errs.push(forbidden(child(path, unsupported), `${unsupported} is not supported`));
    }
  }
  if (s.uniqueItems === true) {
    const why = 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic';
    errs.push(forbidden(child(path, 'uniqueItems'), why));
  }
  const extra = s.additionalProperties;
  if (extra !== undefined && Object.keys(s.properties ?? {}).length > 0 && extra !== true) {
    const why = 'additionalProperties and properties are mutual exclusive';
    errs.push(forbidden(child(path, 'additionalProperties'), why));
  }
  if (typeof extra === 'object')
    errs.push(...openApiRules(extra, child(path, 'additionalProperties'), false));
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    const at = key(child(path, 'properties'), k);
    if (isRoot && META_FIELDS.includes(k) && v.default !== undefined) {
      errs.push(forbidden(child(at, 'default'), `must not be set in top-level ${k}`));
    }
    errs.push(...openApiRules(v, at, false));
  }
  if (s.not) errs.push(...openApiRules(s.not, child(path, 'not'), false));
  for (const combo of ['allOf', 'oneOf', 'anyOf'] as const) {
    (s[combo] ?? []).forEach((sub, i) => {
      errs.push(...openApiRules(sub, index(child(path, combo), i), false));
    });
  }
  if (s.items) errs.push(...openApiRules(s.items, child(path, 'items'), false));
  if (s['x-kubernetes-preserve-unknown-fields'] === false) {
    const at = child(path, 'x-kubernetes-preserve-unknown-fields');
    errs.push(invalidValue(at, false, 'must be true or undefined'));
  }
  errs.push(...listExtensions(s, path));
  return errs;
}

/**
 * Every problem with one `openAPIV3Schema`, reported under `path` (e.g.
 * `spec.validation.openAPIV3Schema`): structural errors first (sorted, as the apiserver sorts
 * them), then the OpenAPI ones.
 */
export function validateCrdSchema(schema: JsonSchemaProps, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  if (schema.nullable === true) {
    errs.push(forbidden(child(path, 'nullable'), 'nullable cannot be true at the root'));
  }
  const structural = structuralInvariants(schema, 'root', path).sort((a, b) => {
    const x = `${a.field}: ${a.message}`;
    const y = `${b.field}: ${b.message}`;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  errs.push(...structural, ...openApiRules(schema, path, true));
  return errs;
}
