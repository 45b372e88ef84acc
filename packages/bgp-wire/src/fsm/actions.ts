/**
 * The FSM's outputs, as data. A driver executes them in order: in particular a `send` of a
 * NOTIFICATION comes before the `close` that follows it, and must be flushed before closing.
 */

import type { BgpMessageError } from '../codec/errors.js';
import type {
  KeepaliveMessage,
  NotificationMessage,
  OpenMessage,
  RouteRefreshMessage,
  UpdateMessage,
} from '../codec/types.js';
import type { FsmEventType } from './events.js';
import type { NegotiatedSession } from './negotiate.js';
import type { FsmReason, FsmStateName, TimerName } from './state.js';

/** Messages the FSM itself sends. UPDATEs and ROUTE-REFRESH come from the speaker, not the FSM. */
export type FsmOutboundMessage = OpenMessage | KeepaliveMessage | NotificationMessage;

/** Why an event changed nothing. Countable, like MetalLB's drop reasons. */
export type IgnoreReason =
  /** A timer event for a timer the FSM had already stopped (it fired while the stop was in flight). */
  | 'stale-timer'
  /** A start event while the session is already started (RFC 4271 §8.2.2: ignored). */
  | 'already-started'
  /** A stop or message event in Idle (RFC 4271 §8.2.2: ignored). */
  | 'idle'
  /** A connection event that belongs to a second connection, tracked by collision detection (§6.8). */
  | 'second-connection'
  /** Event 14/15 (TrackTcpState): nothing to do for this state. */
  | 'not-tracked';

/** Typed session events for the layers above (speaker, metrics, logs). */
export type SessionEvent =
  | {
      readonly type: 'stateChange';
      readonly from: FsmStateName;
      readonly to: FsmStateName;
      readonly reason: FsmReason;
    }
  /** OpenConfirm -> Established: build the codec context from `negotiated`. */
  | {
      readonly type: 'established';
      readonly peerOpen: OpenMessage;
      readonly negotiated: NegotiatedSession;
    }
  /** An UPDATE for the Adj-RIB-In; `update.error` set means RFC 7606 withdraw/discard applies. */
  | { readonly type: 'update'; readonly update: UpdateMessage }
  /**
   * An UPDATE that failed to decode with a non-reset RFC 7606 action: the session stays up
   * and the layer above decides (e.g. disable the AFI/SAFI).
   */
  | { readonly type: 'updateError'; readonly error: BgpMessageError }
  | { readonly type: 'routeRefresh'; readonly message: RouteRefreshMessage }
  | { readonly type: 'notificationSent'; readonly notification: NotificationMessage }
  | { readonly type: 'notificationReceived'; readonly notification: NotificationMessage }
  /** An automatic start that waits for the IdleHoldTimer (DampPeerOscillations). */
  | { readonly type: 'startDeferred'; readonly mode: 'active' | 'passive' }
  | { readonly type: 'ignored'; readonly event: FsmEventType; readonly reason: IgnoreReason };

/** The `type` of a {@link SessionEvent}. */
export type SessionEventType = SessionEvent['type'];

/**
 * What the driver must do.
 * - `connect`: initiate a TCP connection to the peer (RFC 4271 "initiates a TCP connection").
 * - `listen`: accept this peer's incoming connections, until `releaseResources`.
 * - `send`: write a message on this FSM's connection.
 * - `close`: drop this FSM's TCP connection, if any (idempotent).
 * - `startTimer`: (re)start a timer; a running timer of that name is cancelled first. When it
 *   fires, feed the matching `*_Expires` event. `ms` already includes RFC 4271 §10 jitter.
 * - `stopTimer`: cancel a timer.
 * - `releaseResources`: stop accepting connections for this peer and drop session state; from
 *   Established this is RFC 4271's "deletes all routes associated with this connection".
 * - `emit`: publish a {@link SessionEvent}.
 */
export type FsmAction =
  | { readonly type: 'connect' }
  | { readonly type: 'listen' }
  | { readonly type: 'send'; readonly message: FsmOutboundMessage }
  | { readonly type: 'close' }
  | { readonly type: 'startTimer'; readonly timer: TimerName; readonly ms: number }
  | { readonly type: 'stopTimer'; readonly timer: TimerName }
  | { readonly type: 'releaseResources' }
  | { readonly type: 'emit'; readonly event: SessionEvent };

/** The `type` of an {@link FsmAction}. */
export type FsmActionType = FsmAction['type'];
