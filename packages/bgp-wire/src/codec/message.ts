/**
 * Whole messages: the header check, then dispatch on the type to the body codecs
 * (open.ts, update.ts, notification.ts, keepalive.ts, route-refresh.ts).
 */
import { ErrorCode, HEADER_LENGTH, HeaderErrorSubcode, MessageType } from './constants.js';
import { type CodecContext, DEFAULT_CONTEXT, maxMessageLength } from './context.js';
import { BgpEncodeError, BgpMessageError } from './errors.js';
import { readHeader } from './header.js';
import { decodeKeepaliveBody, encodedKeepaliveLength, encodeKeepaliveInto } from './keepalive.js';
import {
  decodeNotificationBody,
  encodedNotificationLength,
  encodeNotificationInto,
} from './notification.js';
import { decodeOpenBody, encodedOpenLength, encodeOpenInto } from './open.js';
import {
  decodeRouteRefreshBody,
  encodedRouteRefreshLength,
  encodeRouteRefreshInto,
} from './route-refresh.js';
import type { BgpMessage } from './types.js';
import { decodeUpdateBody, encodedUpdateLength, encodeUpdateInto } from './update.js';

/**
 * Decodes one whole message (header included), as `MessageFramer` yields them. Byte fields in
 * the result are views into `message`: copy what you keep.
 *
 * **Gotchas:** an UPDATE may decode *with* an `error` (RFC 7606 treat-as-withdraw or
 * attribute-discard): check it. Everything else that is wrong throws.
 *
 * @example
 * ```ts
 * const msg = decodeMessage(bytes, makeContext({ extendedMessages: true }));
 * if (msg.type === 'open') console.log(fourOctetAsOf(msg));
 * ```
 * @throws BgpMessageError carrying the NOTIFICATION code, subcode and data to send, and the
 * action; nothing else escapes.
 */
export function decodeMessage(
  message: Uint8Array,
  ctx: CodecContext = DEFAULT_CONTEXT,
): BgpMessage {
  const { length, type } = readHeader(message, 0, ctx);
  if (length !== message.length) {
    // The caller handed more or less than one message: the header's length is what is wrong
    // from the message's point of view (RFC 4271 §6.1).
    throw new BgpMessageError(`header: length ${length}, but ${message.length} bytes given`, {
      code: 'BGP_ERR_BAD_MESSAGE_LENGTH',
      errorCode: ErrorCode.MESSAGE_HEADER_ERROR,
      errorSubcode: HeaderErrorSubcode.BAD_MESSAGE_LENGTH,
      data: message.subarray(16, 18),
      action: 'session-reset',
    });
  }
  const body = message.subarray(HEADER_LENGTH);
  switch (type) {
    case MessageType.OPEN:
      return decodeOpenBody(body);
    case MessageType.UPDATE:
      return decodeUpdateBody(body, ctx);
    case MessageType.NOTIFICATION:
      return decodeNotificationBody(body);
    case MessageType.KEEPALIVE:
      return decodeKeepaliveBody(body);
    default:
      // readHeader admits no other type.
      return decodeRouteRefreshBody(body);
  }
}

/** Bytes `encodeMessageInto` writes for `msg`, header included. */
export function encodedMessageLength(msg: BgpMessage, ctx: CodecContext = DEFAULT_CONTEXT): number {
  switch (msg.type) {
    case 'open':
      return encodedOpenLength(msg);
    case 'update':
      return encodedUpdateLength(msg, ctx);
    case 'notification':
      return encodedNotificationLength(msg);
    case 'keepalive':
      return encodedKeepaliveLength();
    case 'route-refresh':
      return encodedRouteRefreshLength();
    default:
      return unknownType(msg);
  }
}

/**
 * Writes `msg` (header included) into `out` at `offset`, e.g. behind other messages in one
 * socket write; returns the bytes written (= `encodedMessageLength`).
 *
 * @throws BgpEncodeError for values that cannot go on the wire, a message over the session's
 * limit (4096 bytes, 65535 with RFC 8654 extended messages), or too small an `out`.
 */
export function encodeMessageInto(
  msg: BgpMessage,
  ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  switch (msg.type) {
    case 'open':
      return encodeOpenInto(msg, out, offset);
    case 'update':
      return encodeUpdateInto(msg, ctx, out, offset);
    case 'notification': {
      const length = encodedNotificationLength(msg);
      // RFC 8654 §4: NOTIFICATIONs may be extended once extended messages are negotiated.
      if (length > maxMessageLength(ctx)) {
        throw new BgpEncodeError(
          `NOTIFICATION would be ${length} bytes, at most ${maxMessageLength(ctx)}`,
        );
      }
      return encodeNotificationInto(msg, out, offset);
    }
    case 'keepalive':
      return encodeKeepaliveInto(out, offset);
    case 'route-refresh':
      return encodeRouteRefreshInto(msg, out, offset);
    default:
      return unknownType(msg);
  }
}

/** `msg` (header included) in a new buffer. */
export function encodeMessage(msg: BgpMessage, ctx: CodecContext = DEFAULT_CONTEXT): Uint8Array {
  const out = new Uint8Array(encodedMessageLength(msg, ctx));
  encodeMessageInto(msg, ctx, out, 0);
  return out;
}

function unknownType(msg: never): never {
  throw new BgpEncodeError(`unknown message type "${(msg as { type: unknown }).type}"`);
}
