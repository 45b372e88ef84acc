/**
 * The 19-byte message header (RFC 4271 §4.1) and its checks (RFC 4271 §6.1). Every message
 * passes through `readHeader` before anything reads its body, so the body decoders may rely on
 * the per-type minimum lengths enforced here.
 */
import { readUint16, writeUint16 } from './bytes.js';
import {
  ErrorCode,
  HEADER_LENGTH,
  HeaderErrorSubcode,
  MARKER_LENGTH,
  MAX_MESSAGE_LENGTH,
  MessageType,
  RouteRefreshErrorSubcode,
} from './constants.js';
import { type CodecContext, maxMessageLength } from './context.js';
import { BgpEncodeError, type BgpErrorCode, BgpMessageError } from './errors.js';

/** What the header says: the whole message's length (header included) and its type code. */
export interface MessageHeader {
  length: number;
  type: number;
}

/** OPEN body: version, My AS, Hold Time, BGP Identifier, Opt Parm Len (RFC 4271 §4.2). */
const MIN_OPEN_LENGTH = 29;
/** UPDATE body: the two 2-byte length fields (RFC 4271 §4.3). */
const MIN_UPDATE_LENGTH = 23;
/** NOTIFICATION body: error code and subcode (RFC 4271 §4.5). */
const MIN_NOTIFICATION_LENGTH = 21;
/** ROUTE-REFRESH body: AFI, subtype, SAFI (RFC 2918 §3). */
const ROUTE_REFRESH_LENGTH = 23;

/**
 * Writes a header: the all-ones marker, `length` (of the whole message) and `type`.
 * The caller guarantees 19 bytes of room at `offset`.
 */
export function writeHeader(out: Uint8Array, offset: number, length: number, type: number): void {
  if (length < HEADER_LENGTH || length > 0xffff) {
    throw new BgpEncodeError(`message length ${length} does not fit the header`);
  }
  out.fill(0xff, offset, offset + MARKER_LENGTH);
  writeUint16(out, offset + MARKER_LENGTH, length);
  out[offset + MARKER_LENGTH + 2] = type;
}

/**
 * Reads and checks the header at `offset` (RFC 4271 §6.1, RFC 7313 §5, RFC 8654 §4).
 * `buf` needs only the 19 header bytes; for a ROUTE-REFRESH with a bad length, the error's
 * data is as much of the message as `buf` holds (the framer waits for all of it).
 *
 * @throws BgpMessageError, always with action 'session-reset'.
 */
export function readHeader(buf: Uint8Array, offset: number, ctx: CodecContext): MessageHeader {
  checkHeader(buf, offset, buf.length, maxMessageLength(ctx));
  return { length: readUint16(buf, offset + MARKER_LENGTH), type: buf[offset + MARKER_LENGTH + 2] };
}

/**
 * The checks of `readHeader`, for callers that know the limit rather than a context (the framer
 * follows a limit negotiated mid-stream). Bytes at `end` and beyond are not part of the stream.
 *
 * @throws BgpMessageError, always with action 'session-reset'.
 */
export function checkHeader(buf: Uint8Array, offset: number, end: number, maxLength: number): void {
  if (end - offset < HEADER_LENGTH) {
    // Only a caller handing decodeMessage a truncated message gets here, never the framer.
    const data = end - offset >= 18 ? buf.subarray(offset + 16, offset + 18) : undefined;
    throw headerError(
      'BGP_ERR_BAD_MESSAGE_LENGTH',
      HeaderErrorSubcode.BAD_MESSAGE_LENGTH,
      `header: ${end - offset} bytes, a header needs ${HEADER_LENGTH}`,
      data,
    );
  }
  // RFC 4271 §6.1: the marker must be all ones, else Connection Not Synchronized.
  for (let i = offset; i < offset + MARKER_LENGTH; i++) {
    if (buf[i] !== 0xff) {
      throw headerError(
        'BGP_ERR_CONNECTION_NOT_SYNCHRONIZED',
        HeaderErrorSubcode.CONNECTION_NOT_SYNCHRONIZED,
        `header: marker byte ${i - offset} is 0x${buf[i].toString(16)}, expected 0xff`,
      );
    }
  }
  const length = readUint16(buf, offset + MARKER_LENGTH);
  const type = buf[offset + MARKER_LENGTH + 2];
  if (length < HEADER_LENGTH || length > maxLength) {
    throw headerError(
      'BGP_ERR_BAD_MESSAGE_LENGTH',
      HeaderErrorSubcode.BAD_MESSAGE_LENGTH,
      `header: length ${length}, expected ${HEADER_LENGTH}..${maxLength}`,
      lengthFieldOf(buf, offset),
    );
  }
  checkTypeLength(buf, offset, end, length, type);
}

/** RFC 4271 §6.1: the per-type length rules; an unknown type is Bad Message Type. */
function checkTypeLength(
  buf: Uint8Array,
  offset: number,
  end: number,
  length: number,
  type: number,
): void {
  let ok: boolean;
  switch (type) {
    case MessageType.OPEN:
      // RFC 8654 §4: OPEN stays within 4096 bytes even when extended messages are negotiated.
      ok = length >= MIN_OPEN_LENGTH && length <= MAX_MESSAGE_LENGTH;
      break;
    case MessageType.UPDATE:
      ok = length >= MIN_UPDATE_LENGTH;
      break;
    case MessageType.KEEPALIVE:
      ok = length === HEADER_LENGTH;
      break;
    case MessageType.NOTIFICATION:
      if (length >= MIN_NOTIFICATION_LENGTH) return;
      // RFC 4271 §6.4: a faulty NOTIFICATION is never answered with one; the distinct code
      // tells the session layer to close without sending.
      throw headerError(
        'BGP_ERR_BAD_NOTIFICATION',
        HeaderErrorSubcode.BAD_MESSAGE_LENGTH,
        `NOTIFICATION: length ${length}, expected at least ${MIN_NOTIFICATION_LENGTH}`,
        lengthFieldOf(buf, offset),
      );
    case MessageType.ROUTE_REFRESH:
      if (length === ROUTE_REFRESH_LENGTH) return;
      // RFC 7313 §5: not a header error; the data is the complete ROUTE-REFRESH message.
      throw new BgpMessageError(
        `ROUTE-REFRESH: length ${length}, expected ${ROUTE_REFRESH_LENGTH}`,
        {
          code: 'BGP_ERR_BAD_ROUTE_REFRESH',
          errorCode: ErrorCode.ROUTE_REFRESH_MESSAGE_ERROR,
          errorSubcode: RouteRefreshErrorSubcode.INVALID_MESSAGE_LENGTH,
          data: buf.subarray(offset, Math.min(offset + length, end)),
          action: 'session-reset',
        },
      );
    default:
      // RFC 4271 §6.1: Bad Message Type carries the erroneous Type field as data.
      throw headerError(
        'BGP_ERR_BAD_MESSAGE_TYPE',
        HeaderErrorSubcode.BAD_MESSAGE_TYPE,
        `header: unknown message type ${type}`,
        buf.subarray(offset + MARKER_LENGTH + 2, offset + HEADER_LENGTH),
      );
  }
  if (!ok) {
    throw headerError(
      'BGP_ERR_BAD_MESSAGE_LENGTH',
      HeaderErrorSubcode.BAD_MESSAGE_LENGTH,
      `header: length ${length} is not valid for message type ${type}`,
      lengthFieldOf(buf, offset),
    );
  }
}

/** RFC 4271 §6.1: Bad Message Length carries the erroneous Length field as data. */
function lengthFieldOf(buf: Uint8Array, offset: number): Uint8Array {
  return buf.subarray(offset + MARKER_LENGTH, offset + MARKER_LENGTH + 2);
}

function headerError(
  code: BgpErrorCode,
  subcode: number,
  message: string,
  data?: Uint8Array,
): BgpMessageError {
  return new BgpMessageError(message, {
    code,
    errorCode: ErrorCode.MESSAGE_HEADER_ERROR,
    errorSubcode: subcode,
    data,
    action: 'session-reset',
  });
}
