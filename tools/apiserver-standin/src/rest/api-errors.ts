/**
 * API errors the verbs need beyond the shared helpers in ../errors.ts, each with the real
 * server's code, reason and wording.
 */
import { ApiError, invalid, qualifiedResource } from '../errors.js';
import type { ResourceType } from '../types.js';

/** 403: creating in a namespace that is being deleted (NamespaceLifecycle admission). */
export function namespaceTerminating(rt: ResourceType, name: string, namespace: string): ApiError {
  const what = qualifiedResource(rt.group, rt.plural);
  return new ApiError(
    403,
    'Forbidden',
    `${what} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
    { name, group: rt.group, kind: rt.plural },
  );
}

/** 504: a read at a resourceVersion the store has not reached (`storage.NewTooLargeResourceVersionError`). */
export function tooLargeResourceVersion(requested: number, current: number): ApiError {
  return new ApiError(
    504,
    'Timeout',
    `Timeout: Too large resource version: ${requested}, current: ${current}`,
    {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    },
  );
}

/** 422 on the request's ListOptions (kube validates them as an object of kind ListOptions). */
export function invalidListOptions(field: string, message: string): ApiError {
  return invalid('ListOptions', 'meta.k8s.io', '', [
    { field, message: `Forbidden: ${message}`, reason: 'FieldValueForbidden' },
  ]);
}

/** 422 on DeleteOptions.propagationPolicy. */
export function unsupportedPropagationPolicy(value: string): ApiError {
  return invalid('DeleteOptions', 'meta.k8s.io', '', [
    {
      field: 'propagationPolicy',
      message: `Unsupported value: ${JSON.stringify(value)}: supported values: "Foreground", "Background", "Orphan"`,
      reason: 'FieldValueNotSupported',
    },
  ]);
}

/** 404 for a subresource the resource does not have. */
export function noSuchSubresource(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}

/** 400 for a resourceVersion that is not a decimal counter. */
export function invalidResourceVersion(value: string): ApiError {
  return new ApiError(
    400,
    'BadRequest',
    `invalid resource version: strconv.ParseUint: parsing ${JSON.stringify(value)}: invalid syntax`,
  );
}

/** Parses a decimal resourceVersion ("" and "0" are the caller's business). */
export function parseResourceVersion(value: string): number {
  if (!/^\d+$/.test(value)) throw invalidResourceVersion(value);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw invalidResourceVersion(value);
  return n;
}
