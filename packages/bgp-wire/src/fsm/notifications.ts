/**
 * The NOTIFICATIONs the FSM sends (RFC 4271 §4.5, §6), built as codec objects.
 */

import { CeaseSubcode, ErrorCode, FsmErrorSubcode, MessageType } from '../codec/constants.js';
import type { BgpMessageError } from '../codec/errors.js';
import type { NotificationMessage } from '../codec/types.js';
import type { CeaseOptions, FsmEvent } from './events.js';
import type { FsmStateName } from './state.js';

const EMPTY = new Uint8Array(0);

/** RFC 9003 §2: at most 255 octets of UTF-8. */
const MAX_SHUTDOWN_COMMUNICATION_BYTES = 255;

/** Length octet + UTF-8, cut at a character boundary to fit (RFC 9003 §2). */
function shutdownCommunicationData(text: string): { data: Uint8Array; text: string } {
  const encoder = new TextEncoder();
  let bytes = encoder.encode(text);
  let kept = text;
  while (bytes.length > MAX_SHUTDOWN_COMMUNICATION_BYTES) {
    kept = Array.from(kept).slice(0, -1).join('');
    bytes = encoder.encode(kept);
  }
  const data = new Uint8Array(1 + bytes.length);
  data[0] = bytes.length;
  data.set(bytes, 1);
  return { data, text: kept };
}

/**
 * Cease (RFC 4486). The Shutdown Communication (RFC 9003) is attached only to Administrative
 * Shutdown and Administrative Reset, the two subcodes that define it.
 */
export function ceaseNotification(
  options: CeaseOptions | undefined,
  defaultSubcode: number,
): NotificationMessage {
  const errorSubcode = options?.subcode ?? defaultSubcode;
  const text = options?.shutdownCommunication;
  const carriesText =
    text !== undefined &&
    text !== '' &&
    (errorSubcode === CeaseSubcode.ADMINISTRATIVE_SHUTDOWN ||
      errorSubcode === CeaseSubcode.ADMINISTRATIVE_RESET);
  if (!carriesText)
    return { type: 'notification', errorCode: ErrorCode.CEASE, errorSubcode, data: EMPTY };
  const comm = shutdownCommunicationData(text);
  return {
    type: 'notification',
    errorCode: ErrorCode.CEASE,
    errorSubcode,
    data: comm.data,
    shutdownCommunication: comm.text,
  };
}

/** RFC 4271 §6.5: Hold Timer Expired, no subcode, no data. */
export function holdTimerExpiredNotification(): NotificationMessage {
  return {
    type: 'notification',
    errorCode: ErrorCode.HOLD_TIMER_EXPIRED,
    errorSubcode: 0,
    data: EMPTY,
  };
}

/** RFC 4486 §3: Cease / Connection Collision Resolution. */
export function collisionNotification(): NotificationMessage {
  return ceaseNotification(undefined, CeaseSubcode.CONNECTION_COLLISION_RESOLUTION);
}

/** The NOTIFICATION a decoder's error asks for (RFC 4271 §6.1-§6.3). */
export function notificationFromError(error: BgpMessageError): NotificationMessage {
  return {
    type: 'notification',
    errorCode: error.errorCode,
    errorSubcode: error.errorSubcode,
    data: error.data,
  };
}

/** The message type behind a message event, or undefined for non-message events. */
export function messageTypeOf(event: FsmEvent): number | undefined {
  switch (event.type) {
    case 'BGPOpen':
    case 'BGPOpen_with_DelayOpenTimer_running':
    case 'BGPOpenMsgErr':
      return MessageType.OPEN;
    case 'UpdateMsg':
    case 'UpdateMsgErr':
      return MessageType.UPDATE;
    case 'NotifMsg':
    case 'NotifMsgVerErr':
      return MessageType.NOTIFICATION;
    case 'KeepAliveMsg':
      return MessageType.KEEPALIVE;
    case 'RouteRefreshMsg':
      return MessageType.ROUTE_REFRESH;
    default:
      return undefined;
  }
}

const UNEXPECTED_MESSAGE_SUBCODE: Partial<Record<FsmStateName, number>> = {
  opensent: FsmErrorSubcode.UNEXPECTED_MESSAGE_IN_OPENSENT,
  openconfirm: FsmErrorSubcode.UNEXPECTED_MESSAGE_IN_OPENCONFIRM,
  established: FsmErrorSubcode.UNEXPECTED_MESSAGE_IN_ESTABLISHED,
};

/**
 * RFC 4271 §6.6 Finite State Machine Error. RFC 6608 §4: an unexpected message in OpenSent,
 * OpenConfirm or Established gets that state's subcode, and the Data field is the 1-octet type
 * of the unexpected message; any other unexpected event gets subcode 0 (Unspecified).
 */
export function fsmErrorNotification(state: FsmStateName, event: FsmEvent): NotificationMessage {
  const messageType = messageTypeOf(event);
  const subcode = UNEXPECTED_MESSAGE_SUBCODE[state];
  if (messageType === undefined || subcode === undefined) {
    return {
      type: 'notification',
      errorCode: ErrorCode.FSM_ERROR,
      errorSubcode: FsmErrorSubcode.UNSPECIFIED,
      data: EMPTY,
    };
  }
  return {
    type: 'notification',
    errorCode: ErrorCode.FSM_ERROR,
    errorSubcode: subcode,
    data: Uint8Array.of(messageType),
  };
}
