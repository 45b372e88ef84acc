/**
 * URL path -> what is being asked for. Pure: no registry, no store. The resource grammar is the
 * apiserver's own (k8s.io/apiserver `RequestInfoFactory`):
 *
 *   /api/v1[/watch]/[namespaces/NS/]PLURAL[/NAME[/SUBRESOURCE]]
 *   /apis/GROUP/VERSION[/watch]/[namespaces/NS/]PLURAL[/NAME[/SUBRESOURCE]]
 *
 * `namespaces/NS/status` and `namespaces/NS/finalize` are the Namespace's own subresources, not
 * a resource called "status" inside NS. Whether PLURAL exists is the router's question.
 */

/** A request for objects of one resource. */
export interface ResourcePath {
  readonly type: 'resource';
  /** '' for the core group (/api/v1). */
  readonly group: string;
  readonly version: string;
  /** Set when the path went through `/namespaces/NS/`. */
  readonly namespace: string | undefined;
  readonly plural: string;
  readonly name: string | undefined;
  readonly subresource: string | undefined;
  /** The legacy `/watch/` prefix: a WATCH whatever the query says. */
  readonly watchPrefix: boolean;
}

/** Everything the server answers, by path. */
export type ApiPath =
  | { readonly type: 'version' }
  | { readonly type: 'health'; readonly check: 'healthz' | 'livez' | 'readyz' }
  | { readonly type: 'core-versions' }
  | { readonly type: 'group-list' }
  | { readonly type: 'group'; readonly group: string }
  | { readonly type: 'group-version'; readonly group: string; readonly version: string }
  | { readonly type: 'openapi-v3-root' }
  | { readonly type: 'openapi-v3-document'; readonly gvPath: string }
  | ResourcePath
  | { readonly type: 'not-found' };

const NOT_FOUND: ApiPath = { type: 'not-found' };

/** The Namespace object's own subresources (`RequestInfoFactory`'s namespaceSubresources). */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/**
 * Splits a path into decoded segments. A trailing slash is tolerated (`/api/v1/` is `/api/v1`),
 * an empty segment in the middle (`/api//v1`) is not: the path names nothing.
 */
export function pathSegments(pathname: string): string[] | undefined {
  const trimmed = pathname.replace(/^\/+/, '').replace(/\/$/, '');
  if (trimmed === '') return [];
  const raw = trimmed.split('/');
  const out: string[] = [];
  for (const part of raw) {
    if (part === '') return undefined;
    let decoded: string;
    try {
      // Most segments have no escapes: decodeURIComponent on every one showed in profiles.
      decoded = part.includes('%') ? decodeURIComponent(part) : part;
    } catch {
      return undefined;
    }
    // "." and ".." are never names (the real server rejects them as path traversal).
    if (decoded === '.' || decoded === '..' || decoded.includes('/')) return undefined;
    out.push(decoded);
  }
  return out;
}

/** Parses a request path (no query string). */
export function parseApiPath(pathname: string): ApiPath {
  const parts = pathSegments(pathname);
  if (parts === undefined || parts.length === 0) return NOT_FOUND;
  const [head, ...rest] = parts;
  switch (head) {
    case 'version':
      return rest.length === 0 ? { type: 'version' } : NOT_FOUND;
    case 'healthz':
    case 'livez':
    case 'readyz':
      // `/readyz/ping`, `/healthz/etcd`: individual checks, all of them pass here.
      return rest.length <= 1 ? { type: 'health', check: head } : NOT_FOUND;
    case 'openapi':
      return parseOpenApi(rest);
    case 'api':
      return parseCore(rest);
    case 'apis':
      return parseGroups(rest);
    default:
      return NOT_FOUND;
  }
}

function parseOpenApi(rest: string[]): ApiPath {
  if (rest[0] !== 'v3') return NOT_FOUND;
  if (rest.length === 1) return { type: 'openapi-v3-root' };
  const gv = rest.slice(1);
  // `api/v1` or `apis/GROUP/VERSION`, as the root document's paths name them.
  if ((gv[0] === 'api' && gv.length === 2) || (gv[0] === 'apis' && gv.length === 3)) {
    return { type: 'openapi-v3-document', gvPath: gv.join('/') };
  }
  return NOT_FOUND;
}

function parseCore(rest: string[]): ApiPath {
  if (rest.length === 0) return { type: 'core-versions' };
  const [version, ...tail] = rest;
  if (version !== 'v1') return NOT_FOUND;
  if (tail.length === 0) return { type: 'group-version', group: '', version };
  return parseResource('', version, tail);
}

function parseGroups(rest: string[]): ApiPath {
  if (rest.length === 0) return { type: 'group-list' };
  const [group, version, ...tail] = rest;
  if (version === undefined) return { type: 'group', group: group! };
  if (tail.length === 0) return { type: 'group-version', group: group!, version };
  return parseResource(group!, version, tail);
}

/** `tail` is what follows the GroupVersion: [watch/][namespaces/NS/]PLURAL[/NAME[/SUB]]. */
function parseResource(group: string, version: string, tail: string[]): ApiPath {
  let parts = tail;
  const watchPrefix = parts[0] === 'watch';
  if (watchPrefix) parts = parts.slice(1);
  if (parts.length === 0) return NOT_FOUND;
  let namespace: string | undefined;
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1];
    // `namespaces/NS/status` addresses the Namespace NS itself; anything else after NS is a
    // namespaced resource.
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]!)) {
      parts = parts.slice(2);
    } else {
      // The Namespace object: `namespaces/NS[/status|/finalize]`, not inside a namespace.
      if (parts.length > 3 || (watchPrefix && parts.length > 2)) return NOT_FOUND;
      return resource(group, version, undefined, 'namespaces', parts[1], parts[2], watchPrefix);
    }
  }
  if (parts.length > 3) return NOT_FOUND;
  const [plural, name, subresource] = parts;
  // A subresource on a watch path, or a namespaced `namespaces` resource, names nothing.
  if (watchPrefix && subresource !== undefined) return NOT_FOUND;
  return resource(group, version, namespace, plural!, name, subresource, watchPrefix);
}

function resource(
  group: string,
  version: string,
  namespace: string | undefined,
  plural: string,
  name: string | undefined,
  subresource: string | undefined,
  watchPrefix: boolean,
): ResourcePath {
  return { type: 'resource', group, version, namespace, plural, name, subresource, watchPrefix };
}
