/**
 * The lab's one error class. Every failure the lab reports (a command that exits non-zero, a
 * bounded wait that ran out, an option a daemon cannot honour) is a `LabError` with a stable
 * `code`, so tests assert the code and never the wording.
 */

const LAB_ERROR_BRAND = Symbol.for('@baremetal-lb/lab.LabError');

/** Stable machine-readable codes for every error the lab throws. */
export type LabErrorCode =
  /** A command exited non-zero, was killed, or could not be spawned. */
  | 'LAB_ERR_COMMAND'
  /** A bounded wait reached its deadline. */
  | 'LAB_ERR_TIMEOUT'
  /** A daemon exited while we were waiting for it to come up. */
  | 'LAB_ERR_DAEMON_EXITED'
  /** The daemon (or its CLI) cannot do what the options ask. */
  | 'LAB_ERR_UNSUPPORTED'
  /** Options that make no sense (bad host name, IPv6 neighbour without an IPv6 address...). */
  | 'LAB_ERR_INVALID_ARGUMENT'
  /** The object was used in the wrong lifecycle state (not started, already closed). */
  | 'LAB_ERR_STATE'
  /** A daemon's CLI printed something its parser does not understand. */
  | 'LAB_ERR_PARSE';

/**
 * Base (and only) error class of @baremetal-lb/lab. `instanceof` holds across two copies of
 * the package through a `Symbol.for` brand, as undici's errors do.
 */
export class LabError extends Error {
  readonly code: LabErrorCode;

  constructor(code: LabErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LabError';
    this.code = code;
  }

  get [LAB_ERROR_BRAND](): true {
    return true;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[LAB_ERROR_BRAND] === true
    );
  }
}
