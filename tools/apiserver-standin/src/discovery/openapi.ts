/**
 * OpenAPI v3: `GET /openapi/v3` lists one document per served group version, each at
 * `/openapi/v3/<api/v1 | apis/G/V>?hash=<ETag>`; the document has the path items of every kind
 * in that group version (openapi-paths.ts). That is what kubectl 1.32 needs to send
 * `fieldValidation=Strict` (KUBE-API.md §2.3).
 *
 * Built-in kinds publish no schemas. CRD kinds publish their `openAPIV3Schema` in
 * `components.schemas` under kube's names (`io.metallb.v1beta1.IPAddressPool` and its List),
 * with `apiVersion`, `kind` and `metadata` added and the `x-kubernetes-group-version-kind` list
 * kubectl matches schemas by, so `kubectl explain` and client-side validation can use them.
 */

import type { ResourceRegistry } from '../resources/registry.js';
import type { JsonSchemaProps, ResourceType } from '../types.js';
import { servedGroups, servedVersion } from './groups.js';
import { etagOf, memoize } from './memo.js';
import { pathItemsOf, schemaNameOf } from './openapi-paths.js';
import { versionInfo } from './version-info.js';

type Json = Record<string, unknown>;

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const LIST_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';

const API_VERSION_PROP: Json = {
  description:
    'APIVersion defines the versioned schema of this representation of an object. Servers ' +
    'should convert recognized schemas to the latest internal value, and may reject ' +
    'unrecognized values.',
  type: 'string',
};
const KIND_PROP: Json = {
  description:
    'Kind is a string value representing the REST resource this object represents. Servers ' +
    'may infer this from the endpoint the client submits requests to. In CamelCase.',
  type: 'string',
};

function stringProps(names: readonly string[]): Json {
  return Object.fromEntries(names.map((name) => [name, { type: 'string' }]));
}

/** The parts of ObjectMeta and ListMeta a CRD document refers to. */
const META_SCHEMAS: Json = {
  [OBJECT_META]: {
    description: 'ObjectMeta is metadata that all persisted resources must have.',
    type: 'object',
    properties: {
      ...stringProps(['name', 'generateName', 'namespace', 'uid', 'resourceVersion']),
      generation: { type: 'integer', format: 'int64' },
      creationTimestamp: { type: 'string', format: 'date-time' },
      deletionTimestamp: { type: 'string', format: 'date-time' },
      deletionGracePeriodSeconds: { type: 'integer', format: 'int64' },
      labels: { type: 'object', additionalProperties: { type: 'string', default: '' } },
      annotations: { type: 'object', additionalProperties: { type: 'string', default: '' } },
      finalizers: {
        type: 'array',
        items: { type: 'string', default: '' },
        'x-kubernetes-list-type': 'set',
      },
      ownerReferences: { type: 'array', items: { type: 'object' } },
      managedFields: { type: 'array', items: { type: 'object' } },
    },
  },
  [LIST_META]: {
    description: 'ListMeta describes metadata that synthetic resources must have.',
    type: 'object',
    properties: {
      ...stringProps(['continue', 'resourceVersion', 'selfLink']),
      remainingItemCount: { type: 'integer', format: 'int64' },
    },
  },
};

function ref(name: string): string {
  return `#/components/schemas/${name}`;
}

/** A CRD version's schema as the CRD OpenAPI builder publishes it. */
function kindSchema(rt: ResourceType): Json {
  const schema: JsonSchemaProps = rt.schema
    ? structuredClone(rt.schema)
    : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  return {
    ...schema,
    properties: {
      ...schema.properties,
      apiVersion: API_VERSION_PROP,
      kind: KIND_PROP,
      metadata: {
        allOf: [{ $ref: ref(OBJECT_META) }],
        default: {},
        description: "Standard object's metadata.",
      },
    },
    'x-kubernetes-group-version-kind': [{ group: rt.group, kind: rt.kind, version: rt.version }],
  };
}

function listSchema(rt: ResourceType, itemName: string): Json {
  return {
    description: `${rt.listKind} is a list of ${rt.kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: API_VERSION_PROP,
      items: { type: 'array', items: { $ref: ref(itemName) } },
      kind: KIND_PROP,
      metadata: { allOf: [{ $ref: ref(LIST_META) }], default: {} },
    },
    'x-kubernetes-group-version-kind': [
      { group: rt.group, kind: rt.listKind, version: rt.version },
    ],
  };
}

/** `api/v1` -> ['', 'v1']; `apis/G/V` -> [G, V]; anything else undefined. */
function parseGvPath(gvPath: string): [group: string, version: string] | undefined {
  const path = gvPath
    .split('?')[0]!
    .replace(/^\/+/, '')
    .replace(/^openapi\/v3\//, '');
  const parts = path.split('/');
  if (parts.length === 2 && parts[0] === 'api' && parts[1]) return ['', parts[1]];
  if (parts.length === 3 && parts[0] === 'apis' && parts[1] && parts[2])
    return [parts[1], parts[2]];
  return undefined;
}

function buildDocument(
  registry: ResourceRegistry,
  group: string,
  version: string,
): Json | undefined {
  const served = servedVersion(registry, group, version);
  if (!served) return undefined;
  const paths: Json = {};
  const schemas: Json = {};
  for (const rt of served.resources) {
    let schemaRef: string | undefined;
    if (!rt.builtin) {
      const name = schemaNameOf(rt.group, rt.version, rt.kind);
      schemas[name] = kindSchema(rt);
      schemas[`${name}List`] = listSchema(rt, name);
      schemaRef = ref(name);
    }
    Object.assign(paths, pathItemsOf(rt, schemaRef));
  }
  const custom = Object.keys(schemas).length > 0;
  const builtinOnly = served.resources.every((rt) => rt.builtin);
  return {
    openapi: '3.0.0',
    info: builtinOnly
      ? { title: 'Kubernetes', version: versionInfo().gitVersion }
      : { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' },
    paths,
    components: { schemas: custom ? { ...META_SCHEMAS, ...schemas } : {} },
  };
}

/**
 * `GET /openapi/v3/<gvPath>`: the document of one served group version (`api/v1`,
 * `apis/metallb.io/v1beta1`; a leading `/`, `/openapi/v3/` or `?hash=` is ignored), or
 * undefined when it is not served. Cached and frozen until the registry changes.
 */
export function openapiV3Document(registry: ResourceRegistry, gvPath: string): Json | undefined {
  const gv = parseGvPath(gvPath);
  if (!gv) return undefined;
  return memoize(registry, `openapi:${gv[0]}/${gv[1]}`, () =>
    buildDocument(registry, gv[0], gv[1]),
  );
}

/**
 * The `hash` of a group version's document (its ETag: SHA-512 of `JSON.stringify(doc)`,
 * uppercase hex), or undefined when it is not served. The HTTP layer can compare it with a
 * request's `?hash=` and send it as the ETag.
 */
export function openapiV3Hash(registry: ResourceRegistry, gvPath: string): string | undefined {
  const gv = parseGvPath(gvPath);
  if (!gv) return undefined;
  return memoize(registry, `openapi-hash:${gv[0]}/${gv[1]}`, () => {
    const doc = openapiV3Document(registry, gvPath);
    return doc && etagOf(doc);
  });
}

/** `GET /openapi/v3`: `{paths: {"api/v1": {serverRelativeURL}, "apis/G/V": ...}}`. */
export function openapiV3Root(registry: ResourceRegistry): Json {
  return memoize(registry, 'openapi-root', () => {
    const paths: Json = {};
    for (const group of servedGroups(registry)) {
      for (const { version } of group.versions) {
        const key = group.name === '' ? `api/${version}` : `apis/${group.name}/${version}`;
        paths[key] = {
          serverRelativeURL: `/openapi/v3/${key}?hash=${openapiV3Hash(registry, key)}`,
        };
      }
    }
    return { paths };
  });
}
