/**
 * Errors this package raises, and one reader for the many shapes an API failure arrives in:
 * client-node's `ApiException` (`.code`, `.body` as JSON text), its `Watch` (`.statusCode`),
 * a watch `ERROR` event (a `Status` object), and our own {@link KubeApiError}.
 */

const BRAND = Symbol.for('baremetal-lb.k8s-watch.K8sWatchError');

/** Stable machine-readable codes of {@link K8sWatchError}. */
export type K8sWatchErrorCode =
  | 'K8S_WATCH_API'
  | 'K8S_WATCH_BAD_RESPONSE'
  | 'K8S_WATCH_CONFIG'
  | 'K8S_WATCH_STOPPED'
  | 'K8S_WATCH_HANDLER';

/**
 * Base class of this package's errors. `instanceof` holds across two installed copies of the
 * package (a `Symbol.for` brand, not the prototype chain).
 *
 * @example
 * ```ts
 * informer.on('error', (err) => {
 *   if (err instanceof K8sWatchError && err.code === 'K8S_WATCH_HANDLER') log.error({ err }, 'handler bug');
 * });
 * ```
 */
export class K8sWatchError extends Error {
  readonly code: K8sWatchErrorCode;

  constructor(code: K8sWatchErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'K8sWatchError';
    this.code = code;
  }

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
}

/** A Kubernetes `Status` body, as far as this package reads it. */
export interface KubeStatus {
  kind?: string;
  status?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: Record<string, unknown>;
}

/**
 * The API server answered with an error `Status` (or an HTTP error without one).
 *
 * @example
 * ```ts
 * try {
 *   await requestJson(kc, { method: 'GET', path: '/api/v1/namespaces/default/services/web' });
 * } catch (err) {
 *   if (err instanceof KubeApiError && err.reason === 'NotFound') return undefined;
 *   throw err;
 * }
 * ```
 */
export class KubeApiError extends K8sWatchError {
  /** HTTP status code (410 for an expired watch, 409 for a conflict...). */
  readonly statusCode: number;
  /** `Status.reason` ("Expired", "Conflict", "NotFound"...) when the server sent one. */
  readonly reason: string | undefined;
  readonly status: KubeStatus | undefined;

  constructor(statusCode: number, status: KubeStatus | undefined, what: string) {
    super(
      'K8S_WATCH_API',
      `${what}: ${statusCode} ${status?.reason ?? ''} ${status?.message ?? ''}`.trim(),
    );
    this.name = 'KubeApiError';
    this.statusCode = statusCode;
    this.reason = status?.reason;
    this.status = status;
  }
}

function parseStatus(body: unknown): KubeStatus | undefined {
  if (typeof body === 'string') {
    try {
      return parseStatus(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  if (typeof body === 'object' && body !== null) return body as KubeStatus;
  return undefined;
}

/**
 * The HTTP status and `Status` body of a failed API call, whatever raised it; `undefined` for
 * failures that never got an answer (connection refused, reset, abort).
 *
 * @example
 * ```ts
 * try {
 *   await coordination.replaceNamespacedLease({ name, namespace, body });
 * } catch (err) {
 *   if (apiStatusOf(err)?.code === 409) return false; // lost the race
 *   throw err;
 * }
 * ```
 */
export function apiStatusOf(
  err: unknown,
): { code: number; status: KubeStatus | undefined } | undefined {
  if (err instanceof KubeApiError) return { code: err.statusCode, status: err.status };
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; statusCode?: unknown; body?: unknown };
  // client-node ApiException: numeric `.code` (HTTP status), `.body` JSON text.
  if (typeof e.code === 'number' && e.code >= 100 && e.code < 600) {
    return { code: e.code, status: parseStatus(e.body) };
  }
  // client-node Watch: `.statusCode` on a plain Error.
  if (typeof e.statusCode === 'number') return { code: e.statusCode, status: undefined };
  return undefined;
}

/**
 * True if `err` is an API answer with HTTP status `code`.
 *
 * @example
 * ```ts
 * if (isApiStatus(err, 409)) queue.addRateLimited(key); // someone wrote first: re-read, retry
 * ```
 */
export function isApiStatus(err: unknown, code: number): boolean {
  return apiStatusOf(err)?.code === code;
}

/** A short description of any thrown value, for logs and wrapped messages. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
