/**
 * ROUTE-REFRESH (RFC 2918 §3, subtypes from RFC 7313 §3): AFI(2), Message Subtype(1) (RFC
 * 2918's Reserved octet), SAFI(1). 0 asks for a refresh, 1 and 2 mark the beginning and end of
 * one (BoRR, EoRR).
 */
import { readUint16, writeUint16 } from './bytes.js';
import { checkUint } from './capabilities/codec.js';
import { ErrorCode, HEADER_LENGTH, MessageType, RouteRefreshErrorSubcode } from './constants.js';
import { BgpEncodeError, BgpMessageError } from './errors.js';
import { writeHeader } from './header.js';
import type { RouteRefreshMessage } from './types.js';

const BODY_LENGTH = 4;
const MESSAGE_LENGTH = HEADER_LENGTH + BODY_LENGTH;

/**
 * Decodes a ROUTE-REFRESH body. Any subtype is returned as received: RFC 7313 §5 says a
 * message with a subtype other than 0, 1 or 2 MUST be ignored, which is the session's call,
 * not an error. Likewise, whether the AFI/SAFI was negotiated is for the session to judge.
 *
 * @throws BgpMessageError ROUTE-REFRESH Message Error / Invalid Message Length (RFC 7313 §5)
 * when the body is not 4 bytes. Through decodeMessage the header check reports that first, with
 * the whole message as data; a direct call can only give the body.
 */
export function decodeRouteRefreshBody(body: Uint8Array): RouteRefreshMessage {
  if (body.length !== BODY_LENGTH) {
    throw new BgpMessageError(
      `ROUTE-REFRESH: length ${HEADER_LENGTH + body.length}, expected ${MESSAGE_LENGTH}`,
      {
        code: 'BGP_ERR_BAD_ROUTE_REFRESH',
        errorCode: ErrorCode.ROUTE_REFRESH_MESSAGE_ERROR,
        errorSubcode: RouteRefreshErrorSubcode.INVALID_MESSAGE_LENGTH,
        data: body,
        action: 'session-reset',
      },
    );
  }
  return { type: 'route-refresh', afi: readUint16(body, 0), safi: body[3], subtype: body[2] };
}

/** Bytes of a ROUTE-REFRESH: 23. */
export function encodedRouteRefreshLength(): number {
  return MESSAGE_LENGTH;
}

/**
 * Writes the whole ROUTE-REFRESH (header included) at `offset`; returns the bytes written (23).
 *
 * @throws BgpEncodeError for out-of-range fields or when `out` has no room.
 */
export function encodeRouteRefreshInto(
  msg: RouteRefreshMessage,
  out: Uint8Array,
  offset: number,
): number {
  if (out.length - offset < MESSAGE_LENGTH) {
    throw new BgpEncodeError(`ROUTE-REFRESH needs 23 bytes, ${out.length - offset} left in buffer`);
  }
  checkUint(msg.afi, 0xffff, 'ROUTE-REFRESH AFI');
  checkUint(msg.safi, 0xff, 'ROUTE-REFRESH SAFI');
  checkUint(msg.subtype, 0xff, 'ROUTE-REFRESH subtype');
  writeHeader(out, offset, MESSAGE_LENGTH, MessageType.ROUTE_REFRESH);
  const at = offset + HEADER_LENGTH;
  writeUint16(out, at, msg.afi);
  out[at + 2] = msg.subtype;
  out[at + 3] = msg.safi;
  return MESSAGE_LENGTH;
}

/** The whole ROUTE-REFRESH in a new buffer. */
export function encodeRouteRefresh(msg: RouteRefreshMessage): Uint8Array {
  const out = new Uint8Array(MESSAGE_LENGTH);
  encodeRouteRefreshInto(msg, out, 0);
  return out;
}
