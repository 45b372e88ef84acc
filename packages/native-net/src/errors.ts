/**
 * The one error class of native-net. System call failures keep Node's names for them
 * (`code: 'EPERM'`, `errno`, `syscall`), so `err.code === 'ECONNREFUSED'` reads the same as it
 * does for `net.connect`; failures of our own carry a `NATIVE_NET_ERR_*` code.
 */

const BRAND = Symbol.for('@baremetal-lb/native-net/NativeNetError');

/** Codes of our own; system errors use errno names (`'EPERM'`, `'ECONNREFUSED'`, ...). */
export const NativeNetErrorCodes = {
  /** The addon is not built or failed to load: see `unavailableReason()`. */
  UNAVAILABLE: 'NATIVE_NET_ERR_UNAVAILABLE',
  /** The socket or server has no file descriptor yet (not listening / not connected). */
  NO_FD: 'NATIVE_NET_ERR_NO_FD',
  /** An argument is out of range or of the wrong form (an address, a key, a TTL). */
  INVALID_ARG: 'NATIVE_NET_ERR_INVALID_ARG',
  /** `connectTcp` did not complete within `timeoutMs` (a peer dropping our SYNs looks so). */
  TIMEOUT: 'ETIMEDOUT',
  /** `connectTcp` was aborted through its `signal`; `cause` is the signal's reason. */
  ABORTED: 'ABORT_ERR',
} as const;

export type NativeNetErrorCode =
  | (typeof NativeNetErrorCodes)[keyof typeof NativeNetErrorCodes]
  // errno names from the kernel, as Node spells them
  | (string & {});

export interface NativeNetErrorOptions {
  code: NativeNetErrorCode;
  errno?: number;
  syscall?: string;
  cause?: unknown;
}

/**
 * Thrown by every native-net function.
 *
 * `instanceof NativeNetError` holds across two installed copies of the package (the class is
 * recognised by a `Symbol.for` brand, not by identity). Branch on `code`, never on `message`.
 */
export class NativeNetError extends Error {
  override readonly name = 'NativeNetError';
  readonly code: NativeNetErrorCode;
  readonly errno: number | undefined;
  readonly syscall: string | undefined;

  constructor(message: string, options: NativeNetErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.errno = options.errno;
    this.syscall = options.syscall;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && BRAND in value;
  }
}

interface SystemErrorShape {
  message: string;
  code?: unknown;
  errno?: unknown;
  syscall?: unknown;
}

/** Wraps what the addon threw (an Error with `code`/`errno`/`syscall`) in our class. */
export function fromNativeError(err: unknown): NativeNetError {
  if (err instanceof NativeNetError) return err;
  if (!(err instanceof Error)) {
    return new NativeNetError(`native-net: ${String(err)}`, { code: 'EUNKNOWN', cause: err });
  }
  const e = err as SystemErrorShape;
  return new NativeNetError(e.message, {
    code:
      typeof e.code === 'string' && e.code !== 'ERR_INVALID_ARG_TYPE'
        ? e.code
        : NativeNetErrorCodes.INVALID_ARG,
    errno: typeof e.errno === 'number' ? e.errno : undefined,
    syscall: typeof e.syscall === 'string' ? e.syscall : undefined,
    cause: err,
  });
}

export function invalidArg(message: string): NativeNetError {
  return new NativeNetError(`native-net: ${message}`, { code: NativeNetErrorCodes.INVALID_ARG });
}
