/**
 * The responder's error class. The codec's `ArpNdpError` codes are a closed set for caller
 * mistakes in encoding; refusing an interface or failing to open a socket is a different kind
 * of failure, with its own stable codes. `instanceof` holds across copies (a `Symbol.for` brand).
 */

const BRAND = Symbol.for('@baremetal-lb/arp-ndp.ResponderError');

/** Stable codes of `ResponderError`. */
export type ResponderErrorCode =
  /** Every interface given was refused (down, NOARP, enslaved, missing, not Ethernet). */
  | 'ARP_NDP_ERR_NO_USABLE_INTERFACE'
  /** An AF_PACKET socket could not be opened (EPERM without CAP_NET_RAW, ...): see `cause`. */
  | 'ARP_NDP_ERR_SOCKET'
  /** `start()` after `stop()`, or an empty interface list. */
  | 'ARP_NDP_ERR_BAD_STATE';

/** Thrown by `Responder.start()`. Assert on `code`, not on the message. */
export class ResponderError extends Error {
  override readonly name = 'ResponderError';
  readonly [BRAND] = true;

  constructor(
    readonly code: ResponderErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && BRAND in value;
  }
}
