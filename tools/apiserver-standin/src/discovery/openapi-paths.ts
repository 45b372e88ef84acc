/**
 * OpenAPI v3 path items for one resource type, shaped like kube-apiserver's: the collection
 * path (list, create, deletecollection), the all-namespaces list, the object path (read,
 * replace, patch, delete) and `/status`, each operation tagged with `x-kubernetes-action` and
 * `x-kubernetes-group-version-kind` and listing its query parameters.
 *
 * What kubectl 1.32 reads here (KUBE-API.md §0.7, §2.3; cli-runtime
 * `query_param_verifier_v3.go`): before every write it looks for a PATCH operation carrying the
 * kind's GVK and a `fieldValidation` parameter; finding one, it sends `fieldValidation=Strict`
 * and leaves validation to the server. Without `/openapi/v3` it falls back to protobuf
 * `/openapi/v2`, which this server does not serve, and fails.
 *
 * Built-in kinds' PATCH operations deliberately have no `requestBody`. `kubectl apply` reads
 * one listing `application/strategic-merge-patch+json` as "build the patch from the schemas in
 * `components`", which this server does not publish for built-ins, and prints "warning: error
 * calculating patch from openapi v3 spec"; without one it builds the strategic merge patch from
 * its compiled-in types, as observed. CRD kinds do get a requestBody (without strategic merge
 * patch, as on a real server), and kubectl sends them JSON merge patches.
 */

import { apiVersionOf, type ResourceType } from '../types.js';

type Json = Record<string, unknown>;

function queryParam(name: string, type: string, description: string): Json {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}

const PRETTY = queryParam('pretty', 'string', "If 'true', then the output is pretty printed.");
const DRY_RUN = queryParam(
  'dryRun',
  'string',
  'When present, indicates that modifications should not be persisted. Valid values: All.',
);
const FIELD_MANAGER = queryParam(
  'fieldManager',
  'string',
  'fieldManager is a name associated with the actor or entity that is making these changes.',
);
const FIELD_VALIDATION = queryParam(
  'fieldValidation',
  'string',
  'fieldValidation instructs the server on how to handle objects in the request containing ' +
    'unknown or duplicate fields. Valid values: Ignore, Warn, Strict.',
);
const FORCE = queryParam(
  'force',
  'boolean',
  'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields ' +
    'owned by other people. Must be unset for non-apply patch requests.',
);
const LIST_PARAMS: readonly Json[] = [
  queryParam('allowWatchBookmarks', 'boolean', 'Requests watch events with type "BOOKMARK".'),
  queryParam('continue', 'string', 'The continue option from a previous paginated list.'),
  queryParam('fieldSelector', 'string', 'A selector to restrict the objects by their fields.'),
  queryParam('labelSelector', 'string', 'A selector to restrict the objects by their labels.'),
  queryParam('limit', 'integer', 'The maximum number of responses to return for a list call.'),
  queryParam(
    'resourceVersion',
    'string',
    'Sets a constraint on what resource versions a request may be served from.',
  ),
  queryParam(
    'resourceVersionMatch',
    'string',
    'Determines how resourceVersion is applied: Exact or NotOlderThan.',
  ),
  queryParam(
    'sendInitialEvents',
    'boolean',
    'Sends synthetic events for the current state first (watch-list).',
  ),
  queryParam('timeoutSeconds', 'integer', 'Timeout for the list/watch call.'),
  queryParam('watch', 'boolean', 'Watch for changes to the described resources.'),
];
const DELETE_PARAMS: readonly Json[] = [
  DRY_RUN,
  queryParam(
    'gracePeriodSeconds',
    'integer',
    'The duration in seconds before the object should be deleted.',
  ),
  queryParam(
    'propagationPolicy',
    'string',
    'Whether and how garbage collection will be performed: Orphan, Background or Foreground.',
  ),
];

function pathParam(name: string, description: string): Json {
  return {
    name,
    in: 'path',
    description,
    required: true,
    schema: { type: 'string', uniqueItems: true },
  };
}

const NAMESPACE = pathParam(
  'namespace',
  'object name and auth scope, such as for teams and projects',
);

/** `Core`, `Apps`, `RbacAuthorization`, `MetallbIo`: the group as operation ids spell it. */
function groupWord(group: string): string {
  if (group === '') return 'Core';
  const trimmed = group.endsWith('.k8s.io') ? group.slice(0, -'.k8s.io'.length) : group;
  return trimmed
    .split('.')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** The component schema name of a kind: `io.metallb.v1beta1.IPAddressPool`. */
export function schemaNameOf(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

/** Which flavour of an operation id: `readCoreV1NamespacedServiceStatus` and the like. */
type IdVariant = 'plain' | 'status' | 'collection' | 'allNamespaces';

interface OperationContext {
  readonly rt: ResourceType;
  readonly gvk: Json;
  readonly tags: readonly string[];
  /** `listCoreV1NamespacedService`, `deleteCoreV1CollectionNamespacedService` ... */
  readonly id: (verb: string, variant: IdVariant) => string;
  /** CRDs: `$ref` of the kind's schema in components; built-ins publish none. */
  readonly ref: string | undefined;
}

function contextOf(rt: ResourceType, ref: string | undefined): OperationContext {
  const group = groupWord(rt.group);
  const gv = `${group}${rt.version.charAt(0).toUpperCase()}${rt.version.slice(1)}`;
  const scope = rt.namespaced ? 'Namespaced' : '';
  return {
    rt,
    gvk: { group: rt.group, version: rt.version, kind: rt.kind },
    tags: [`${group.charAt(0).toLowerCase()}${group.slice(1)}_${rt.version}`],
    ref,
    id: (verb, variant) => {
      switch (variant) {
        case 'status':
          return `${verb}${gv}${scope}${rt.kind}Status`;
        case 'collection':
          return `${verb}${gv}Collection${scope}${rt.kind}`;
        case 'allNamespaces':
          return `${verb}${gv}${rt.kind}ForAllNamespaces`;
        default:
          return `${verb}${gv}${scope}${rt.kind}`;
      }
    },
  };
}

function jsonContent(ref: string | undefined, list = false): Json | undefined {
  if (!ref) return undefined;
  const schema = { $ref: list ? `${ref}List` : ref };
  return { 'application/json': { schema }, 'application/yaml': { schema } };
}

function responses(codes: Record<string, string>, content: Json | undefined): Json {
  const out: Json = {};
  for (const [code, description] of Object.entries(codes)) {
    out[code] = code.startsWith('2') && content ? { description, content } : { description };
  }
  return out;
}

interface OperationSpec {
  readonly action: string;
  readonly operationId: string;
  readonly description: string;
  readonly parameters?: readonly Json[];
  readonly requestBody?: Json | undefined;
  readonly responses: Json;
}

function operation(ctx: OperationContext, spec: OperationSpec): Json {
  return {
    tags: [...ctx.tags],
    description: spec.description,
    operationId: spec.operationId,
    ...(spec.parameters && { parameters: [...spec.parameters] }),
    ...(spec.requestBody && { requestBody: spec.requestBody }),
    responses: spec.responses,
    'x-kubernetes-action': spec.action,
    'x-kubernetes-group-version-kind': ctx.gvk,
  };
}

const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
];

function bodyOf(ctx: OperationContext, patch: boolean): Json | undefined {
  if (!ctx.ref) return undefined;
  if (!patch) return { content: { '*/*': { schema: { $ref: ctx.ref } } }, required: true };
  const schema = { type: 'object', description: 'A patch of the object.' };
  return { content: Object.fromEntries(PATCH_TYPES.map((t) => [t, { schema }])), required: true };
}

/** The object path's operations (`/status` when `status` is set). */
function objectOperations(ctx: OperationContext, status: boolean): Json {
  const { rt } = ctx;
  const what = status ? `status of the specified ${rt.kind}` : `the specified ${rt.kind}`;
  const variant: IdVariant = status ? 'status' : 'plain';
  const ok = jsonContent(ctx.ref);
  const can = (verb: string) => status || rt.verbs.includes(verb);
  const ops: Json = {};
  if (can('get')) {
    ops.get = operation(ctx, {
      action: 'get',
      operationId: ctx.id('read', variant),
      description: `read ${what}`,
      responses: responses({ 200: 'OK', 401: 'Unauthorized' }, ok),
    });
  }
  if (can('update')) {
    ops.put = operation(ctx, {
      action: 'put',
      operationId: ctx.id('replace', variant),
      description: `replace ${what}`,
      parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
      requestBody: bodyOf(ctx, false),
      responses: responses({ 200: 'OK', 201: 'Created', 401: 'Unauthorized' }, ok),
    });
  }
  if (!status && rt.verbs.includes('delete')) {
    ops.delete = operation(ctx, {
      action: 'delete',
      operationId: ctx.id('delete', variant),
      description: `delete a ${rt.kind}`,
      parameters: DELETE_PARAMS,
      responses: responses({ 200: 'OK', 202: 'Accepted', 401: 'Unauthorized' }, ok),
    });
  }
  if (can('patch')) {
    ops.patch = operation(ctx, {
      action: 'patch',
      operationId: ctx.id('patch', variant),
      description: `partially update ${what}`,
      parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE],
      requestBody: bodyOf(ctx, true),
      responses: responses({ 200: 'OK', 201: 'Created', 401: 'Unauthorized' }, ok),
    });
  }
  return ops;
}

function listOperation(ctx: OperationContext, variant: IdVariant): Json {
  return operation(ctx, {
    action: 'list',
    operationId: ctx.id('list', variant),
    description: `list or watch objects of kind ${ctx.rt.kind}`,
    parameters: LIST_PARAMS,
    responses: responses({ 200: 'OK', 401: 'Unauthorized' }, jsonContent(ctx.ref, true)),
  });
}

function collectionOperations(ctx: OperationContext): Json {
  const { rt } = ctx;
  const ops: Json = {};
  if (rt.verbs.includes('list')) ops.get = listOperation(ctx, 'plain');
  if (rt.verbs.includes('create')) {
    ops.post = operation(ctx, {
      action: 'post',
      operationId: ctx.id('create', 'plain'),
      description: `create a ${rt.kind}`,
      parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
      requestBody: bodyOf(ctx, false),
      responses: responses(
        { 200: 'OK', 201: 'Created', 202: 'Accepted', 401: 'Unauthorized' },
        jsonContent(ctx.ref),
      ),
    });
  }
  if (rt.verbs.includes('deletecollection')) {
    ops.delete = operation(ctx, {
      action: 'deletecollection',
      operationId: ctx.id('delete', 'collection'),
      description: `delete collection of ${rt.kind}`,
      parameters: [...LIST_PARAMS, ...DELETE_PARAMS],
      responses: responses({ 200: 'OK', 401: 'Unauthorized' }, undefined),
    });
  }
  return ops;
}

/**
 * Every path item of one resource type, keyed by path (`/api/v1/namespaces/{namespace}/services`
 * ...). `schemaRef` is the `$ref` of the kind's schema when the document publishes one.
 */
export function pathItemsOf(rt: ResourceType, schemaRef: string | undefined): Record<string, Json> {
  const ctx = contextOf(rt, schemaRef);
  const prefix = rt.group === '' ? '/api/v1' : `/apis/${apiVersionOf(rt)}`;
  const collection = rt.namespaced
    ? `${prefix}/namespaces/{namespace}/${rt.plural}`
    : `${prefix}/${rt.plural}`;
  const collectionParams = rt.namespaced ? [NAMESPACE, PRETTY] : [PRETTY];
  const objectParams = [pathParam('name', `name of the ${rt.kind}`), ...collectionParams];
  const items: Record<string, Json> = {
    [collection]: { ...collectionOperations(ctx), parameters: collectionParams },
    [`${collection}/{name}`]: { ...objectOperations(ctx, false), parameters: objectParams },
  };
  if (rt.hasStatus) {
    items[`${collection}/{name}/status`] = {
      ...objectOperations(ctx, true),
      parameters: objectParams,
    };
  }
  if (rt.namespaced && rt.verbs.includes('list')) {
    items[`${prefix}/${rt.plural}`] = {
      get: listOperation(ctx, 'allNamespaces'),
      parameters: [PRETTY],
    };
  }
  return items;
}
