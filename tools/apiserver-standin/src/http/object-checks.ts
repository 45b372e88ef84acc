/**
 * The checks the apiserver's REST handlers make on a decoded body before the registry sees it
 * (k8s.io/apiserver `handlers/create.go`, `update.go`, `patch.go`): the body's apiVersion and
 * kind against the URL's, its namespace against the request's
 * (`rest.EnsureObjectNamespaceMatchesRequestNamespace`), its name against the URL's
 * (`checkName`).
 */

import { badRequest } from '../errors.js';
import { apiVersionOf, type KubeObject, type ResourceType } from '../types.js';

/**
 * Gives a decoded body its type meta (missing apiVersion/kind default to the URL's, as the
 * decoder defaults them) and a metadata object; a different apiVersion or kind is a 400.
 */
export function asTypedObject(rt: ResourceType, body: Record<string, unknown>): KubeObject {
  const apiVersion = apiVersionOf(rt);
  if (body.apiVersion !== undefined && body.apiVersion !== '' && body.apiVersion !== apiVersion) {
    throw badRequest(
      `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${apiVersion})`,
    );
  }
  if (body.kind !== undefined && body.kind !== '' && body.kind !== rt.kind) {
    throw badRequest(
      `the kind in the data (${String(body.kind)}) does not match the expected kind (${rt.kind})`,
    );
  }
  const metadata = body.metadata ?? {};
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw badRequest(
      `json: cannot unmarshal ${Array.isArray(metadata) ? 'array' : typeof metadata} into Go struct field ${rt.kind}.metadata of type v1.ObjectMeta`,
    );
  }
  return { ...body, apiVersion, kind: rt.kind, metadata: { ...metadata } } as KubeObject;
}

/**
 * Puts the request's namespace on the object: an empty one takes the request's, a
 * cluster-scoped kind's is cleared, a different one is a 400.
 */
export function ensureNamespace(
  rt: ResourceType,
  object: KubeObject,
  requestNamespace: string | undefined,
): void {
  const expected = rt.namespaced ? (requestNamespace ?? '') : '';
  const actual = object.metadata.namespace ?? '';
  if (actual === expected) return;
  if (actual === '' || expected === '') {
    if (expected === '') delete object.metadata.namespace;
    else object.metadata.namespace = expected;
    return;
  }
  throw badRequest(
    'the namespace of the provided object does not match the namespace sent on the request',
  );
}

/** PUT and PATCH: the object must keep the URL's name. */
export function checkName(object: KubeObject, name: string): void {
  const actual = object.metadata.name ?? '';
  if (actual !== name) {
    throw badRequest(
      `the name of the object (${actual}) does not match the name on the URL (${name})`,
    );
  }
}
