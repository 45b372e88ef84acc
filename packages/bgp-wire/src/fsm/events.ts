/**
 * The FSM's inputs: the RFC 4271 §8.1 events, as data. Names are the RFC's own (§8.1.2 to
 * §8.1.5), numbers in the comments are its event numbers. The driver turns socket activity,
 * timer expiries and decoded messages into these; {@link messageToEvent} and
 * {@link errorToEvent} do the message part.
 */

import { ErrorCode, OpenErrorSubcode } from '../codec/constants.js';
import type { BgpMessageError } from '../codec/errors.js';
import type {
  BgpMessage,
  NotificationMessage,
  OpenMessage,
  RouteRefreshMessage,
  UpdateMessage,
} from '../codec/types.js';

/** What a Cease NOTIFICATION sent on ManualStop/AutomaticStop says (RFC 4486, RFC 9003). */
export interface CeaseOptions {
  /** RFC 4486 Cease subcode; ManualStop defaults to Administrative Shutdown (2), AutomaticStop to 0. */
  readonly subcode?: number;
  /** RFC 9003 Shutdown Communication (subcodes 2 and 4 only), at most 255 UTF-8 bytes. */
  readonly shutdownCommunication?: string;
}

/** An RFC 4271 §8.1 event (plus `RouteRefreshMsg`, see below). */
export type FsmEvent =
  // §8.1.2 administrative events
  /** 1 */
  | { readonly type: 'ManualStart' }
  /** 2 */
  | { readonly type: 'ManualStop'; readonly cease?: CeaseOptions }
  /** 3 */
  | { readonly type: 'AutomaticStart' }
  /** 4 */
  | { readonly type: 'ManualStart_with_PassiveTcpEstablishment' }
  /** 5 */
  | { readonly type: 'AutomaticStart_with_PassiveTcpEstablishment' }
  /** 6 */
  | { readonly type: 'AutomaticStart_with_DampPeerOscillations' }
  /** 7 */
  | { readonly type: 'AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment' }
  /** 8 */
  | { readonly type: 'AutomaticStop'; readonly cease?: CeaseOptions }
  // §8.1.3 timer events
  /** 9 */
  | { readonly type: 'ConnectRetryTimer_Expires' }
  /** 10 */
  | { readonly type: 'HoldTimer_Expires' }
  /** 11 */
  | { readonly type: 'KeepaliveTimer_Expires' }
  /** 12 */
  | { readonly type: 'DelayOpenTimer_Expires' }
  /** 13 */
  | { readonly type: 'IdleHoldTimer_Expires' }
  // §8.1.4 TCP connection events
  /** 14 */
  | { readonly type: 'TcpConnection_Valid' }
  /** 15 */
  | { readonly type: 'Tcp_CR_Invalid' }
  /** 16: our outgoing connection was accepted by the peer. */
  | { readonly type: 'Tcp_CR_Acked' }
  /** 17: we accepted the peer's incoming connection. */
  | { readonly type: 'TcpConnectionConfirmed' }
  /** 18 */
  | { readonly type: 'TcpConnectionFails' }
  // §8.1.5 BGP message events
  /** 19 */
  | { readonly type: 'BGPOpen'; readonly open: OpenMessage }
  /**
   * 20. The FSM knows whether its DelayOpenTimer runs, so drivers may always feed `BGPOpen`:
   * `step` treats both names alike and picks 19 or 20 from its own timer state.
   */
  | { readonly type: 'BGPOpen_with_DelayOpenTimer_running'; readonly open: OpenMessage }
  /** 21 */
  | { readonly type: 'BGPHeaderErr'; readonly error: BgpMessageError }
  /** 22 */
  | { readonly type: 'BGPOpenMsgErr'; readonly error: BgpMessageError }
  /** 23: the driver's collision resolution (§6.8, `resolveCollision`) chose to drop this connection. */
  | { readonly type: 'OpenCollisionDump' }
  /** 24. `step` also recognises a version error fed as NotifMsg, and the reverse. */
  | { readonly type: 'NotifMsgVerErr'; readonly notification: NotificationMessage }
  /** 25 */
  | { readonly type: 'NotifMsg'; readonly notification: NotificationMessage }
  /** 26 */
  | { readonly type: 'KeepAliveMsg' }
  /** 27. `update.error` set (RFC 7606 treat-as-withdraw / attribute-discard) is still event 27. */
  | { readonly type: 'UpdateMsg'; readonly update: UpdateMessage }
  /** 28 */
  | { readonly type: 'UpdateMsgErr'; readonly error: BgpMessageError }
  /**
   * Not in RFC 4271: a ROUTE-REFRESH message (RFC 2918/7313). Delivered up in Established,
   * an unexpected message (RFC 6608) elsewhere.
   */
  | { readonly type: 'RouteRefreshMsg'; readonly message: RouteRefreshMessage };

/** The `type` of an {@link FsmEvent}: the RFC 4271 event name. */
export type FsmEventType = FsmEvent['type'];

/** Every event type, in RFC 4271 event-number order (RouteRefreshMsg last). */
export const FSM_EVENT_TYPES = [
  'ManualStart',
  'ManualStop',
  'AutomaticStart',
  'ManualStart_with_PassiveTcpEstablishment',
  'AutomaticStart_with_PassiveTcpEstablishment',
  'AutomaticStart_with_DampPeerOscillations',
  'AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment',
  'AutomaticStop',
  'ConnectRetryTimer_Expires',
  'HoldTimer_Expires',
  'KeepaliveTimer_Expires',
  'DelayOpenTimer_Expires',
  'IdleHoldTimer_Expires',
  'TcpConnection_Valid',
  'Tcp_CR_Invalid',
  'Tcp_CR_Acked',
  'TcpConnectionConfirmed',
  'TcpConnectionFails',
  'BGPOpen',
  'BGPOpen_with_DelayOpenTimer_running',
  'BGPHeaderErr',
  'BGPOpenMsgErr',
  'OpenCollisionDump',
  'NotifMsgVerErr',
  'NotifMsg',
  'KeepAliveMsg',
  'UpdateMsg',
  'UpdateMsgErr',
  'RouteRefreshMsg',
] as const satisfies readonly FsmEventType[];

// Compile-time check that the list above misses no event type.
type MissingEventTypes = Exclude<FsmEventType, (typeof FSM_EVENT_TYPES)[number]>;
const everyEventTypeListed: MissingEventTypes extends never ? true : never = true;
void everyEventTypeListed;

/** RFC 4271 §6.2: a NOTIFICATION reporting our OPEN's version as unsupported is event 24. */
export function isVersionError(n: NotificationMessage): boolean {
  return (
    n.errorCode === ErrorCode.OPEN_MESSAGE_ERROR &&
    n.errorSubcode === OpenErrorSubcode.UNSUPPORTED_VERSION_NUMBER
  );
}

/**
 * The event for a decoded message: OPEN -> BGPOpen, UPDATE -> UpdateMsg, NOTIFICATION ->
 * NotifMsg or NotifMsgVerErr, KEEPALIVE -> KeepAliveMsg, ROUTE-REFRESH -> RouteRefreshMsg.
 */
export function messageToEvent(message: BgpMessage): FsmEvent {
  switch (message.type) {
    case 'open':
      return { type: 'BGPOpen', open: message };
    case 'update':
      return { type: 'UpdateMsg', update: message };
    case 'notification':
      return isVersionError(message)
        ? { type: 'NotifMsgVerErr', notification: message }
        : { type: 'NotifMsg', notification: message };
    case 'keepalive':
      return { type: 'KeepAliveMsg' };
    case 'route-refresh':
      return { type: 'RouteRefreshMsg', message };
    default:
      return assertNever(message);
  }
}

/**
 * The event for a decoder's `BgpMessageError`, by its RFC 4271 §4.5 error code: OPEN Message
 * Error -> BGPOpenMsgErr (22), UPDATE Message Error -> UpdateMsgErr (28), anything else
 * (Message Header Error, RFC 7313 ROUTE-REFRESH Message Error) -> BGPHeaderErr (21), whose
 * handling sends the error's own NOTIFICATION.
 */
export function errorToEvent(error: BgpMessageError): FsmEvent {
  switch (error.errorCode) {
    case ErrorCode.OPEN_MESSAGE_ERROR:
      return { type: 'BGPOpenMsgErr', error };
    case ErrorCode.UPDATE_MESSAGE_ERROR:
      return { type: 'UpdateMsgErr', error };
    default:
      return { type: 'BGPHeaderErr', error };
  }
}

/** Exhaustiveness check for `switch` statements over unions. */
export function assertNever(value: never): never {
  throw new Error(`unreachable: ${JSON.stringify(value)}`);
}
