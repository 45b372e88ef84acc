/** KEEPALIVE (RFC 4271 §4.4): a header and nothing else, 19 bytes. */
import { ErrorCode, HEADER_LENGTH, HeaderErrorSubcode, MessageType } from './constants.js';
import { BgpEncodeError, BgpMessageError } from './errors.js';
import { writeHeader } from './header.js';
import type { KeepaliveMessage } from './types.js';

/**
 * Decodes a KEEPALIVE body, which must be empty.
 *
 * @throws BgpMessageError Bad Message Length (RFC 4271 §6.1) for a non-empty body; only a
 * direct call gets here, as readHeader already demands a length of exactly 19.
 */
export function decodeKeepaliveBody(body: Uint8Array): KeepaliveMessage {
  if (body.length !== 0) {
    const length = HEADER_LENGTH + body.length;
    throw new BgpMessageError(`KEEPALIVE: length ${length}, expected ${HEADER_LENGTH}`, {
      code: 'BGP_ERR_BAD_MESSAGE_LENGTH',
      errorCode: ErrorCode.MESSAGE_HEADER_ERROR,
      errorSubcode: HeaderErrorSubcode.BAD_MESSAGE_LENGTH,
      data: new Uint8Array([length >>> 8, length & 0xff]),
      action: 'session-reset',
    });
  }
  return { type: 'keepalive' };
}

/** Bytes of a KEEPALIVE: 19. */
export function encodedKeepaliveLength(): number {
  return HEADER_LENGTH;
}

/**
 * Writes a KEEPALIVE at `offset`; returns the bytes written (19).
 *
 * @throws BgpEncodeError when `out` has no room.
 */
export function encodeKeepaliveInto(out: Uint8Array, offset: number): number {
  if (out.length - offset < HEADER_LENGTH) {
    throw new BgpEncodeError(`KEEPALIVE needs 19 bytes, ${out.length - offset} left in buffer`);
  }
  writeHeader(out, offset, HEADER_LENGTH, MessageType.KEEPALIVE);
  return HEADER_LENGTH;
}

/** A KEEPALIVE in a new buffer. */
export function encodeKeepalive(): Uint8Array {
  const out = new Uint8Array(HEADER_LENGTH);
  encodeKeepaliveInto(out, 0);
  return out;
}
