/**
 * The package's error class. Decoders never throw (they return reasons, see result.ts); only
 * encoders and text parsers throw, and only on caller mistakes (a 5-byte MAC, "1.2.3" as IPv4).
 * `instanceof` holds across two installed copies of the package through a `Symbol.for` brand,
 * as undici's errors do.
 */

const BRAND = Symbol.for('@baremetal-lb/arp-ndp.ArpNdpError');

/** Stable codes of `ArpNdpError`. */
export type ArpNdpErrorCode =
  | 'ARP_NDP_ERR_BAD_ADDRESS_TEXT'
  | 'ARP_NDP_ERR_BAD_ADDRESS_LENGTH'
  | 'ARP_NDP_ERR_BAD_OPTION'
  | 'ARP_NDP_ERR_BUFFER_TOO_SMALL'
  | 'ARP_NDP_ERR_NOT_A_SOLICITATION';

/** Thrown by encoders and parsers on invalid input. Assert on `code`, not on the message. */
export class ArpNdpError extends Error {
  override readonly name = 'ArpNdpError';
  readonly [BRAND] = true;

  constructor(
    readonly code: ArpNdpErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && BRAND in value;
  }
}

/** Throws unless `bytes` has exactly `length` bytes; `what` names the field in the message. */
export function requireLength(bytes: Uint8Array, length: number, what: string): void {
  if (bytes.length !== length) {
    throw new ArpNdpError(
      'ARP_NDP_ERR_BAD_ADDRESS_LENGTH',
      `${what}: ${bytes.length} bytes, expected ${length}`,
    );
  }
}

/** Returns `out` (or a new buffer) after checking `needed` bytes fit at `offset`. */
export function outputBuffer(
  out: Uint8Array | undefined,
  offset: number,
  needed: number,
): Uint8Array {
  const buffer = out ?? new Uint8Array(offset + needed);
  if (offset < 0 || buffer.length - offset < needed) {
    throw new ArpNdpError(
      'ARP_NDP_ERR_BUFFER_TOO_SMALL',
      `output: ${needed} bytes do not fit at offset ${offset} of ${buffer.length}`,
    );
  }
  return buffer;
}
