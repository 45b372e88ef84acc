/**
 * The request entry point: path -> endpoint -> verb handler, and the one place errors become
 * answers. A resource path is resolved against the registry (a CRD's resources appear and vanish
 * with it); scope, subresource and verb are checked the way the apiserver's routes check them:
 * an unknown resource, a cluster-scoped kind under /namespaces/NS, or a subresource the kind
 * lacks is a 404; a method the path does not take is a 405.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceType } from '../types.js';
import type { ApiContext, ResourceRequest } from './context.js';
import { methodNotAllowed, pathNotFound, serveNonResource } from './discovery-routes.js';
import { patchObject } from './patch.js';
import { isWatchRequest } from './query.js';
import { getObject, listObjects, watchObjects } from './read.js';
import { sendError } from './respond.js';
import { parseApiPath, type ResourcePath } from './route.js';
import { createObject, deleteCollection, deleteObject, updateObject } from './write.js';

/** Serves one request; never throws, never rejects. */
export async function handleRequest(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://standin.invalid');
    const path = parseApiPath(url.pathname);
    if (path.type === 'not-found') throw pathNotFound();
    if (path.type !== 'resource') {
      serveNonResource(ctx, req, res, path);
      return;
    }
    const rt = resolveResource(ctx, path);
    await serveResource({ ctx, req, res, rt, path, params: url.searchParams });
  } catch (err) {
    sendError(res, err, ctx.log);
  }
}

/** The type a resource path addresses, or the 404 the real server gives. */
function resolveResource(ctx: ApiContext, path: ResourcePath): ResourceType {
  const rt = ctx.registry.find(path.group, path.version, path.plural);
  if (rt === undefined) throw pathNotFound();
  // A cluster-scoped kind has no namespaced path; a namespaced kind has no un-namespaced
  // object path (only the all-namespaces list/watch).
  if (!rt.namespaced && path.namespace !== undefined) throw pathNotFound();
  if (rt.namespaced && path.namespace === undefined && path.name !== undefined) {
    throw pathNotFound();
  }
  if (path.subresource !== undefined && !(path.subresource === 'status' && rt.hasStatus)) {
    throw pathNotFound();
  }
  return rt;
}

/** The verb a request is, per the apiserver's RequestInfo rules; undefined: no such route. */
export function verbOf(
  method: string | undefined,
  path: ResourcePath,
  watch: boolean,
): string | undefined {
  const hasName = path.name !== undefined;
  const onStatus = path.subresource !== undefined;
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (path.watchPrefix) return 'watch';
      if (hasName) return 'get';
      return watch ? 'watch' : 'list';
    case 'POST':
      return hasName || path.watchPrefix ? undefined : 'create';
    case 'PUT':
      return hasName && !path.watchPrefix ? 'update' : undefined;
    case 'PATCH':
      return hasName && !path.watchPrefix ? 'patch' : undefined;
    case 'DELETE':
      if (path.watchPrefix || onStatus) return undefined;
      return hasName ? 'delete' : 'deletecollection';
    default:
      return undefined;
  }
}

async function serveResource(r: ResourceRequest): Promise<void> {
  const verb = verbOf(r.req.method, r.path, isWatchRequest(r.params));
  if (verb === undefined || !r.rt.verbs.includes(verb)) throw methodNotAllowed();
  switch (verb) {
    case 'get':
      return getObject(r);
    case 'list':
      return listObjects(r);
    case 'watch':
      return watchObjects(r);
    case 'create':
      return createObject(r);
    case 'update':
      return updateObject(r);
    case 'patch':
      return patchObject(r);
    case 'delete':
      return deleteObject(r);
    case 'deletecollection':
      return deleteCollection(r);
  }
}
