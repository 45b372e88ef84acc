/**
 * API errors as the real server reports them: an HTTP code, a `reason`, a message, and the
 * `Status` body kubectl prints as `Error from server (Reason): message`.
 */

export type StatusReason =
  | 'BadRequest'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'NotAcceptable'
  | 'Expired'
  | 'Gone'
  | 'Forbidden'
  | 'InternalError'
  | 'Timeout'
  | 'RequestEntityTooLarge';

/** One `details.causes[]` entry (422 Invalid: which field, why). */
export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  /** The resource's plural ("services"), as the real server puts it. */
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

const BRAND = Symbol.for('baremetal-lb.apiserver-standin.ApiError');

/** A failed API call; `toStatus()` is the response body. */
export class ApiError extends Error {
  readonly code: number;
  readonly reason: StatusReason;
  readonly details: StatusDetails | undefined;

  constructor(code: number, reason: StatusReason, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  /** Holds across two installed copies of the package (a brand, not the prototype chain). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[BRAND] === true
    );
  }

  get [BRAND](): true {
    return true;
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details && { details: this.details }),
      code: this.code,
    };
  }
}

/** What a resource is called in messages: "services", "ipaddresspools.metallb.io". */
export function qualifiedResource(group: string, plural: string): string {
  return group === '' ? plural : `${plural}.${group}`;
}

export function notFound(group: string, plural: string, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedResource(group, plural)} "${name}" not found`, {
    name,
    ...(group !== '' && { group }),
    kind: plural,
  });
}

export function alreadyExists(group: string, plural: string, name: string): ApiError {
  const what = qualifiedResource(group, plural);
  return new ApiError(409, 'AlreadyExists', `${what} "${name}" already exists`, {
    name,
    ...(group !== '' && { group }),
    kind: plural,
  });
}

export function conflict(group: string, plural: string, name: string, why?: string): ApiError {
  const what = qualifiedResource(group, plural);
  const message = `Operation cannot be fulfilled on ${what} "${name}": ${
    why ??
    'the object has been modified; please apply your changes to the latest version and try again'
  }`;
  return new ApiError(409, 'Conflict', message, {
    name,
    ...(group !== '' && { group }),
    kind: plural,
  });
}

/** 422 Invalid: `<Kind>.<group> "<name>" is invalid: <field>: <message>, ...`. */
export function invalid(
  kind: string,
  group: string,
  name: string,
  causes: StatusCause[],
): ApiError {
  const what = group === '' ? kind : `${kind}.${group}`;
  const list = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const summary = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${what} "${name}" is invalid: ${summary}`, {
    name,
    ...(group !== '' && { group }),
    kind,
    causes: causes.map((c) => ({ reason: c.reason ?? 'FieldValueInvalid', ...c })),
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function gone(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}
