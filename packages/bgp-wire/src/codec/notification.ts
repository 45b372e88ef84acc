/**
 * NOTIFICATION (RFC 4271 §4.5): error code, subcode, data. For Cease / Administrative Shutdown
 * and Administrative Reset the data may carry an operator's Shutdown Communication (RFC 9003:
 * one length octet and up to 255 bytes of UTF-8; RFC 8203 allowed 128).
 */
import { checkUint } from './capabilities/codec.js';
import {
  CeaseSubcode,
  ErrorCode,
  HEADER_LENGTH,
  HeaderErrorSubcode,
  MAX_EXTENDED_MESSAGE_LENGTH,
  MessageType,
} from './constants.js';
import { BgpEncodeError, BgpMessageError } from './errors.js';
import { writeHeader } from './header.js';
import type { NotificationMessage } from './types.js';

/** Error code and subcode octets. */
const FIXED_BODY_LENGTH = 2;
/** RFC 9003 §2: the Shutdown Communication is at most 255 bytes. */
const MAX_SHUTDOWN_COMMUNICATION_LENGTH = 255;
// ignoreBOM keeps a leading U+FEFF in the text, so nothing the operator typed is dropped.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/**
 * Decodes a NOTIFICATION body (the bytes after the header). `data` is a view into `body`.
 * `shutdownCommunication` is set for Cease subcodes 2 and 4 when the data is exactly a length
 * octet and that many bytes of valid UTF-8 (RFC 9003 §2); otherwise the data is left as is, to
 * be logged as hex (RFC 9003 §4).
 *
 * A NOTIFICATION is never answered with one (RFC 4271 §6.4): the session is closing anyway.
 *
 * @throws BgpMessageError with code 'BGP_ERR_BAD_NOTIFICATION' for a body under 2 bytes; the
 * session layer closes without sending a NOTIFICATION.
 */
export function decodeNotificationBody(body: Uint8Array): NotificationMessage {
  if (body.length < FIXED_BODY_LENGTH) {
    // Only reachable by calling this directly: readHeader enforces the 21-byte minimum.
    const length = HEADER_LENGTH + body.length;
    throw new BgpMessageError(`NOTIFICATION: body of ${body.length} bytes, at least 2 expected`, {
      code: 'BGP_ERR_BAD_NOTIFICATION',
      errorCode: ErrorCode.MESSAGE_HEADER_ERROR,
      errorSubcode: HeaderErrorSubcode.BAD_MESSAGE_LENGTH,
      data: new Uint8Array([length >>> 8, length & 0xff]),
      action: 'session-reset',
    });
  }
  const errorCode = body[0];
  const errorSubcode = body[1];
  const data = body.subarray(FIXED_BODY_LENGTH);
  const message: NotificationMessage = { type: 'notification', errorCode, errorSubcode, data };
  if (carriesShutdownCommunication(errorCode, errorSubcode)) {
    const text = readShutdownCommunication(data);
    if (text !== undefined) message.shutdownCommunication = text;
  }
  return message;
}

/** RFC 9003 §2: only Administrative Shutdown and Administrative Reset carry one. */
function carriesShutdownCommunication(errorCode: number, errorSubcode: number): boolean {
  return (
    errorCode === ErrorCode.CEASE &&
    (errorSubcode === CeaseSubcode.ADMINISTRATIVE_SHUTDOWN ||
      errorSubcode === CeaseSubcode.ADMINISTRATIVE_RESET)
  );
}

/** The text, or undefined when the data is not a well-formed Shutdown Communication. */
function readShutdownCommunication(data: Uint8Array): string | undefined {
  // A length of 0 is well-formed: the operator gave no text (RFC 9003 §2).
  if (data.length === 0 || data.length !== 1 + data[0]) return undefined;
  try {
    return utf8.decode(data.subarray(1));
  } catch {
    // RFC 9003 §4: an invalid UTF-8 sequence is logged, not an error of the session.
    return undefined;
  }
}

/** Bytes of the whole NOTIFICATION `encodeNotificationInto` writes, header included. */
export function encodedNotificationLength(msg: NotificationMessage): number {
  return HEADER_LENGTH + FIXED_BODY_LENGTH + msg.data.length;
}

/**
 * Writes the whole NOTIFICATION (header included) at `offset`; returns the bytes written. The
 * data field is `msg.data` as is: `shutdownCommunication` is not encoded again (build messages
 * carrying one with `buildNotification`).
 *
 * @throws BgpEncodeError for out-of-range codes, an oversized message, too small an `out`, or a
 * `shutdownCommunication` with empty `data`.
 */
export function encodeNotificationInto(
  msg: NotificationMessage,
  out: Uint8Array,
  offset: number,
): number {
  const length = encodedNotificationLength(msg);
  if (length > MAX_EXTENDED_MESSAGE_LENGTH) {
    throw new BgpEncodeError(`NOTIFICATION would be ${length} bytes, at most 65535`);
  }
  if (out.length - offset < length) {
    throw new BgpEncodeError(`NOTIFICATION needs ${length} bytes, ${out.length - offset} left`);
  }
  checkUint(msg.errorCode, 0xff, 'NOTIFICATION error code');
  checkUint(msg.errorSubcode, 0xff, 'NOTIFICATION error subcode');
  if (msg.shutdownCommunication !== undefined && msg.data.length === 0) {
    // Would silently drop the operator's text: the data field is what goes on the wire.
    throw new BgpEncodeError('shutdownCommunication without data: build it with buildNotification');
  }
  writeHeader(out, offset, length, MessageType.NOTIFICATION);
  const at = offset + HEADER_LENGTH;
  out[at] = msg.errorCode;
  out[at + 1] = msg.errorSubcode;
  out.set(msg.data, at + FIXED_BODY_LENGTH);
  return length;
}

/** The whole NOTIFICATION in a new buffer. */
export function encodeNotification(msg: NotificationMessage): Uint8Array {
  const out = new Uint8Array(encodedNotificationLength(msg));
  encodeNotificationInto(msg, out, 0);
  return out;
}

export interface BuildNotificationOptions {
  errorCode: number;
  errorSubcode: number;
  /** The data field as is; not together with `shutdownCommunication`. */
  data?: Uint8Array;
  /** Cease subcodes 2 and 4 only: the operator's message, at most 255 bytes of UTF-8. */
  shutdownCommunication?: string;
}

/**
 * Builds a NOTIFICATION, encoding a Shutdown Communication into its data when given.
 *
 * @example
 * ```ts
 * const bye = buildNotification({
 *   errorCode: ErrorCode.CEASE,
 *   errorSubcode: CeaseSubcode.ADMINISTRATIVE_SHUTDOWN,
 *   shutdownCommunication: 'maintenance, back at 14:00 UTC',
 * });
 * describeNotification(bye); // 'Cease / Administrative Shutdown'
 * ```
 * @throws BgpEncodeError for a communication on another code, one over 255 bytes, or one
 * given together with `data`.
 */
export function buildNotification(options: BuildNotificationOptions): NotificationMessage {
  const { errorCode, errorSubcode, shutdownCommunication } = options;
  checkUint(errorCode, 0xff, 'NOTIFICATION error code');
  checkUint(errorSubcode, 0xff, 'NOTIFICATION error subcode');
  if (shutdownCommunication === undefined) {
    return {
      type: 'notification',
      errorCode,
      errorSubcode,
      data: options.data ?? new Uint8Array(0),
    };
  }
  if (!carriesShutdownCommunication(errorCode, errorSubcode)) {
    throw new BgpEncodeError(
      'a Shutdown Communication belongs to Cease / Administrative Shutdown or Reset only',
    );
  }
  if (options.data !== undefined) {
    throw new BgpEncodeError('give either data or shutdownCommunication, not both');
  }
  const length = Buffer.byteLength(shutdownCommunication, 'utf8');
  if (length > MAX_SHUTDOWN_COMMUNICATION_LENGTH) {
    throw new BgpEncodeError(`Shutdown Communication is ${length} bytes of UTF-8, at most 255`);
  }
  const data = new Uint8Array(1 + length);
  data[0] = length;
  encoder.encodeInto(shutdownCommunication, data.subarray(1));
  return { type: 'notification', errorCode, errorSubcode, data, shutdownCommunication };
}

const CODE_NAMES: Record<number, string> = {
  [ErrorCode.MESSAGE_HEADER_ERROR]: 'Message Header Error',
  [ErrorCode.OPEN_MESSAGE_ERROR]: 'OPEN Message Error',
  [ErrorCode.UPDATE_MESSAGE_ERROR]: 'UPDATE Message Error',
  [ErrorCode.HOLD_TIMER_EXPIRED]: 'Hold Timer Expired',
  [ErrorCode.FSM_ERROR]: 'Finite State Machine Error',
  [ErrorCode.CEASE]: 'Cease',
  [ErrorCode.ROUTE_REFRESH_MESSAGE_ERROR]: 'ROUTE-REFRESH Message Error',
};

/** IANA's subcode names per error code; index = subcode. */
const SUBCODE_NAMES: Record<number, readonly (string | undefined)[]> = {
  [ErrorCode.MESSAGE_HEADER_ERROR]: [
    undefined,
    'Connection Not Synchronized',
    'Bad Message Length',
    'Bad Message Type',
  ],
  [ErrorCode.OPEN_MESSAGE_ERROR]: [
    undefined,
    'Unsupported Version Number',
    'Bad Peer AS',
    'Bad BGP Identifier',
    'Unsupported Optional Parameter',
    'Authentication Failure (deprecated)',
    'Unacceptable Hold Time',
    'Unsupported Capability',
    undefined,
    undefined,
    undefined,
    'Role Mismatch',
  ],
  [ErrorCode.UPDATE_MESSAGE_ERROR]: [
    undefined,
    'Malformed Attribute List',
    'Unrecognized Well-known Attribute',
    'Missing Well-known Attribute',
    'Attribute Flags Error',
    'Attribute Length Error',
    'Invalid ORIGIN Attribute',
    'AS Routing Loop (deprecated)',
    'Invalid NEXT_HOP Attribute',
    'Optional Attribute Error',
    'Invalid Network Field',
    'Malformed AS_PATH',
  ],
  [ErrorCode.FSM_ERROR]: [
    'Unspecified Error',
    'Receive Unexpected Message in OpenSent State',
    'Receive Unexpected Message in OpenConfirm State',
    'Receive Unexpected Message in Established State',
  ],
  [ErrorCode.CEASE]: [
    undefined,
    'Maximum Number of Prefixes Reached',
    'Administrative Shutdown',
    'Peer De-configured',
    'Administrative Reset',
    'Connection Rejected',
    'Other Configuration Change',
    'Connection Collision Resolution',
    'Out of Resources',
    'Hard Reset',
    'BFD Down',
  ],
  [ErrorCode.ROUTE_REFRESH_MESSAGE_ERROR]: [undefined, 'Invalid Message Length'],
};

/**
 * A readable name for an error code and subcode, as IANA's registries name them:
 * "Cease / Administrative Shutdown", "Hold Timer Expired", "UPDATE Message Error / subcode 42".
 * Works on a NotificationMessage and on a BgpMessageError alike.
 */
export function describeNotification(n: { errorCode: number; errorSubcode: number }): string {
  const codeName = CODE_NAMES[n.errorCode];
  if (codeName === undefined) return `error code ${n.errorCode} / subcode ${n.errorSubcode}`;
  const subcodeName = SUBCODE_NAMES[n.errorCode]?.[n.errorSubcode];
  if (subcodeName !== undefined) return `${codeName} / ${subcodeName}`;
  // Subcode 0 is "Unspecific" where a code defines no name for it.
  return n.errorSubcode === 0 ? codeName : `${codeName} / subcode ${n.errorSubcode}`;
}
