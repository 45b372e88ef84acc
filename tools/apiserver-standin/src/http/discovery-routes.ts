/**
 * The non-resource endpoints: /version, the health checks, discovery (/api, /apis, /apis/G,
 * /api/v1, /apis/G/V) and /openapi/v3. The documents themselves are discovery/'s; this file
 * picks the flavour the client asked for (aggregated v2 by Accept, else legacy) and labels the
 * answer with the Content-Type client-go decides by.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  aggregatedDiscovery,
  apiGroup,
  apiResourceList,
  discoveryContentType,
  legacyCoreVersions,
  legacyGroupList,
  negotiateDiscovery,
  openapiV3Document,
  openapiV3Hash,
  openapiV3Root,
  versionInfo,
} from '../discovery/index.js';
import { ApiError } from '../errors.js';
import type { ApiContext } from './context.js';
import { sendObject, sendText } from './respond.js';
import type { ApiPath } from './route.js';

/** 404 in the words the apiserver uses for a path it does not serve. */
export function pathNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** 405 for a method a path does not take. */
export function methodNotAllowed(): ApiError {
  return new ApiError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
    {},
  );
}

type NonResourcePath = Exclude<ApiPath, { type: 'resource' } | { type: 'not-found' }>;

/** Answers a GET of a non-resource path. */
export function serveNonResource(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: NonResourcePath,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed();
  if (path.type === 'health') {
    sendText(res, 200, 'ok');
  } else if (path.type === 'core-versions' || path.type === 'group-list') {
    serveRoot(ctx, req, res, path.type === 'core-versions' ? 'api' : 'apis');
  } else if (path.type === 'openapi-v3-document') {
    serveOpenApiDocument(ctx, req, res, path.gvPath);
  } else {
    sendObject(res, 200, documentOf(ctx, path));
  }
}

/** The JSON documents that need nothing from the request but their path. */
function documentOf(
  ctx: ApiContext,
  path: Extract<
    NonResourcePath,
    { type: 'version' | 'group' | 'group-version' | 'openapi-v3-root' }
  >,
): unknown {
  const { registry } = ctx;
  let doc: unknown;
  switch (path.type) {
    case 'version':
      doc = versionInfo();
      break;
    case 'group':
      doc = apiGroup(registry, path.group);
      break;
    case 'group-version':
      doc = apiResourceList(registry, path.group, path.version);
      break;
    case 'openapi-v3-root':
      doc = openapiV3Root(registry);
      break;
  }
  if (doc === undefined) throw pathNotFound();
  return doc;
}

/**
 * One group version's OpenAPI v3 document. As kube-openapi does, a `?hash=` of an older
 * document (a CRD changed since the client read the root) is redirected to the current one,
 * and the document's hash is its ETag.
 */
function serveOpenApiDocument(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  gvPath: string,
): void {
  const doc = openapiV3Document(ctx.registry, gvPath);
  const hash = openapiV3Hash(ctx.registry, gvPath);
  if (doc === undefined || hash === undefined) throw pathNotFound();
  const asked = new URL(req.url ?? '/', 'http://standin.invalid').searchParams.get('hash');
  if (asked !== null && asked !== hash) {
    res.writeHead(301, {
      Location: `/openapi/v3/${gvPath}?hash=${hash}`,
      'Cache-Control': 'no-cache, private',
      'Content-Length': 0,
    });
    res.end();
    return;
  }
  res.setHeader('ETag', `"${hash}"`);
  res.setHeader('Vary', 'Accept');
  sendObject(res, 200, doc, 'json', 'application/json');
}

/** /api and /apis: legacy APIVersions/APIGroupList, or the aggregated list when asked for. */
function serveRoot(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  root: 'api' | 'apis',
): void {
  // The answer depends on Accept: caches must not serve one flavour for another.
  res.setHeader('Vary', 'Accept');
  const flavour = negotiateDiscovery(req.headers.accept);
  if (flavour === 'legacy') {
    const body =
      root === 'api' ? legacyCoreVersions(ctx.serverAddress()) : legacyGroupList(ctx.registry);
    sendObject(res, 200, body);
    return;
  }
  const contentType = discoveryContentType(flavour);
  sendObject(res, 200, aggregatedDiscovery(ctx.registry, root, flavour), 'json', contentType);
}
