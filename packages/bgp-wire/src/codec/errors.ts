/**
 * The package's errors. Codecs throw `BgpMessageError`, which carries exactly what the wire
 * needs (RFC 4271 §4.5 code/subcode/data) plus the RFC 7606 handling action; the session layer
 * turns it into a NOTIFICATION or a withdraw. Nothing else may escape a decoder: any other
 * exception is a bug, hunted by the property tests.
 */

const BGP_ERROR_BRAND = Symbol.for('@baremetal-lb/bgp-wire.BgpError');

/**
 * RFC 7606 §2 error handling approaches, weakest last. When one message has several faults,
 * the strongest action wins (RFC 7606 §3).
 */
export type ErrorAction =
  | 'session-reset'
  | 'afi-safi-disable'
  | 'treat-as-withdraw'
  | 'attribute-discard';

const ACTION_RANK: Record<ErrorAction, number> = {
  'session-reset': 4,
  'afi-safi-disable': 3,
  'treat-as-withdraw': 2,
  'attribute-discard': 1,
};

/** True when `a` calls for a stronger response than `b`. */
export function isStrongerAction(a: ErrorAction, b: ErrorAction): boolean {
  return ACTION_RANK[a] > ACTION_RANK[b];
}

/** Stable machine-readable codes for every error this package throws. */
export type BgpErrorCode =
  | 'BGP_ERR_CONNECTION_NOT_SYNCHRONIZED'
  | 'BGP_ERR_BAD_MESSAGE_LENGTH'
  | 'BGP_ERR_BAD_MESSAGE_TYPE'
  | 'BGP_ERR_BAD_OPEN'
  | 'BGP_ERR_BAD_UPDATE'
  | 'BGP_ERR_BAD_NOTIFICATION'
  | 'BGP_ERR_BAD_ROUTE_REFRESH'
  | 'BGP_ERR_BAD_KEEPALIVE'
  | 'BGP_ERR_ENCODE'
  | 'BGP_ERR_INVALID_ARGUMENT';

/**
 * Base class of every error thrown by @baremetal-lb/bgp-wire. `instanceof` holds across two
 * installed copies of the package (a `Symbol.for` brand, as undici does).
 */
export class BgpError extends Error {
  readonly code: BgpErrorCode;

  constructor(code: BgpErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BgpError';
    this.code = code;
  }

  get [BGP_ERROR_BRAND](): true {
    return true;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[BGP_ERROR_BRAND] === true &&
      // A subclass matches by name, so it too holds across two installed copies.
      (this === BgpError ||
        (value as Error).name === this.name ||
        Function.prototype[Symbol.hasInstance].call(this, value))
    );
  }
}

export interface BgpMessageErrorOptions {
  code: BgpErrorCode;
  /** RFC 4271 §4.5 Error Code. */
  errorCode: number;
  /** RFC 4271 §4.5 Error Subcode (0 when unspecific). */
  errorSubcode: number;
  /** The NOTIFICATION's Data field; a view, copy it before keeping it. */
  data?: Uint8Array;
  action: ErrorAction;
  /** The attribute type code, when the fault is in one path attribute. */
  attributeType?: number;
  /** For 'afi-safi-disable': which family to disable. */
  afi?: number;
  safi?: number;
  cause?: unknown;
}

/**
 * A protocol fault in received bytes, carrying what the NOTIFICATION (or the RFC 7606 action)
 * needs. Messages say what and where: "UPDATE: ORIGIN length 2, expected 1".
 */
export class BgpMessageError extends BgpError {
  readonly errorCode: number;
  readonly errorSubcode: number;
  readonly data: Uint8Array;
  readonly action: ErrorAction;
  readonly attributeType: number | undefined;
  readonly afi: number | undefined;
  readonly safi: number | undefined;

  constructor(message: string, options: BgpMessageErrorOptions) {
    super(options.code, message, { cause: options.cause });
    this.name = 'BgpMessageError';
    this.errorCode = options.errorCode;
    this.errorSubcode = options.errorSubcode;
    this.data = options.data ?? new Uint8Array(0);
    this.action = options.action;
    this.attributeType = options.attributeType;
    this.afi = options.afi;
    this.safi = options.safi;
  }

  /** Plain-JSON form, as `bgp-wire decode` prints it. */
  toJSON(): {
    errorCode: number;
    errorSubcode: number;
    action: ErrorAction;
    message: string;
    data: string;
  } {
    return {
      errorCode: this.errorCode,
      errorSubcode: this.errorSubcode,
      action: this.action,
      message: this.message,
      data: Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength).toString(
        'hex',
      ),
    };
  }
}

/** Of two errors, the one whose action is stronger (the first on a tie). */
export function strongerError(a: BgpMessageError | undefined, b: BgpMessageError): BgpMessageError {
  if (a === undefined) return b;
  return isStrongerAction(b.action, a.action) ? b : a;
}

/** Thrown by encoders for values that cannot go on the wire (caller's bug, not a peer's). */
export class BgpEncodeError extends BgpError {
  constructor(message: string) {
    super('BGP_ERR_ENCODE', message);
    this.name = 'BgpEncodeError';
  }
}
