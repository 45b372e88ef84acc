/**
 * Transport failures as one typed error. A session turns them into FSM events
 * (TcpConnectionFails) and a `down` reason; nothing here is thrown at the process.
 */

import { BgpError } from '../codec/errors.js';

/**
 * Why a transport operation failed.
 * - `capability-unavailable`: the peer needs TCP-MD5, a TTL or GTSM, and the optional package
 *   `@baremetal-lb/native-net` cannot be loaded (not installed, not built, not Linux).
 * - `connect-timeout`: no connection within `timeoutMs` (also what a TCP-MD5 key mismatch
 *   looks like: the kernel drops unsigned segments silently).
 * - `connect-failed`: refused, unreachable, or any other socket error while connecting.
 * - `aborted`: the caller gave up on the attempt (the session stopped or retried).
 * - `listen-failed`: the listener could not bind, or a per-peer socket option failed on it.
 */
export type TransportFailure =
  | 'capability-unavailable'
  | 'connect-timeout'
  | 'connect-failed'
  | 'aborted'
  | 'listen-failed';

/** The socket option that needs `@baremetal-lb/native-net`. */
export type NativeCapability = 'tcp-md5' | 'ttl' | 'gtsm';

/** Options for {@link BgpTransportError}. */
export interface BgpTransportErrorOptions {
  readonly failure: TransportFailure;
  readonly capability?: NativeCapability;
  /** The OS error code when there was one (`ECONNREFUSED`, `ETIMEDOUT`, ...). */
  readonly syscallCode?: string;
  readonly cause?: unknown;
}

/**
 * A transport failure. `code` is `BGP_ERR_INVALID_ARGUMENT` (the codec's error code list has
 * no transport code yet); `failure` says what went wrong and `capability` which socket option
 * was missing.
 *
 * **Gotchas:** check `failure`, not the message text.
 */
export class BgpTransportError extends BgpError {
  readonly failure: TransportFailure;
  readonly capability: NativeCapability | undefined;
  readonly syscallCode: string | undefined;

  constructor(message: string, options: BgpTransportErrorOptions) {
    super('BGP_ERR_INVALID_ARGUMENT', message, { cause: options.cause });
    this.name = 'BgpTransportError';
    this.failure = options.failure;
    this.capability = options.capability;
    this.syscallCode = options.syscallCode;
  }
}

/** The `code` property of a Node system error, if any. */
export function syscallCodeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
