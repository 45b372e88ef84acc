/**
 * The shape every capability codec has (one record per code, as BIRD's attribute table does for
 * attributes), and the error every one of them throws for a malformed value.
 */
import { ErrorCode } from '../constants.js';
import { BgpEncodeError, BgpMessageError } from '../errors.js';
import type { Capability } from '../types.js';

/** A capability the codec understands (RFC 5492 code registered in `table.ts`). */
export type KnownCapability = Exclude<Capability, { type: 'unknown' }>;
export type KnownCapabilityType = KnownCapability['type'];
export type CapabilityOf<T extends KnownCapabilityType> = Extract<Capability, { type: T }>;
export type UnknownCapability = Extract<Capability, { type: 'unknown' }>;

/**
 * Codec for one capability's value (the bytes after its code and length octets).
 * Decoders read exactly `length` bytes at `offset`; the caller has checked they are there.
 */
export interface CapabilityCodec<T extends KnownCapabilityType> {
  readonly type: T;
  readonly code: number;
  /** IANA's name, for messages. */
  readonly name: string;
  /**
   * @throws BgpMessageError (OPEN Message Error, see `malformedCapability`) on a bad value.
   * May return an `unknown` capability where the RFC says to treat it as not received.
   */
  decode(buf: Uint8Array, offset: number, length: number): CapabilityOf<T> | UnknownCapability;
  /** Length of the value alone. */
  encodedLength(cap: CapabilityOf<T>): number;
  /** Writes the value at `offset`; returns the bytes written (= `encodedLength`). */
  encode(cap: CapabilityOf<T>, out: Uint8Array, offset: number): number;
}

/**
 * A known capability with a value it cannot have. RFC 5492 gives no subcode for this; RFC 4271
 * §6.2 says a recognized but malformed optional parameter gets subcode 0 (Unspecific), and a
 * capability is part of one. The data is the capability as received (code, length, value).
 */
export function malformedCapability(
  name: string,
  buf: Uint8Array,
  offset: number,
  length: number,
  detail: string,
): BgpMessageError {
  return new BgpMessageError(`OPEN: ${name} capability: ${detail}`, {
    code: 'BGP_ERR_BAD_OPEN',
    errorCode: ErrorCode.OPEN_MESSAGE_ERROR,
    errorSubcode: 0,
    data: buf.subarray(offset - 2, offset + length),
    action: 'session-reset',
  });
}

/** Encoders refuse values that would be silently truncated on the wire (a caller's bug). */
export function checkUint(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new BgpEncodeError(`${what} ${value} is not an integer in 0..${max}`);
  }
}
