/**
 * RFC 4271 §8.2.2 Established: UPDATEs flow up, KEEPALIVEs both ways, any received
 * KEEPALIVE or UPDATE restarts the HoldTimer.
 *
 * RFC 7606: an UPDATE whose faults call for treat-as-withdraw or attribute-discard arrives
 * decoded with `update.error` set and is delivered up like any other (the session withdraws
 * or uses what is left); only a session-reset fault sends a NOTIFICATION and ends the session.
 */

import type { BgpMessageError } from '../../codec/errors.js';
import type { UpdateMessage } from '../../codec/types.js';
import {
  automaticStop,
  collisionDump,
  FAILURE,
  goIdle,
  holdTimerExpired,
  keepaliveTimerExpired,
  manualStop,
  messageError,
  notificationReceived,
  restartHoldTimer,
  unexpected,
} from '../common.js';
import { assertNever, type FsmEvent } from '../events.js';
import type { EstablishedState } from '../state.js';
import type { FsmStepResult, Transition } from '../transition.js';

/** Event 27: deliver up, restart the HoldTimer (§8.2.2 Established). */
function updateReceived(state: EstablishedState, t: Transition, update: UpdateMessage) {
  // A decoder should throw rather than attach a session-reset error; if one arrives attached
  // anyway, it is still a session reset (RFC 7606 §3 keeps the strongest action).
  if (update.error?.action === 'session-reset')
    return messageError(t, 'update-error', update.error);
  restartHoldTimer(t, state.negotiated);
  t.emit({ type: 'update', update });
  return t.done();
}

/**
 * Event 28: session reset -> NOTIFICATION UPDATE Message Error (§6.3), Idle. A weaker action
 * on an UPDATE that could not be decoded at all is reported up and the session kept.
 */
function updateError(state: EstablishedState, t: Transition, error: BgpMessageError) {
  if (error.action === 'session-reset') return messageError(t, 'update-error', error);
  restartHoldTimer(t, state.negotiated);
  t.emit({ type: 'updateError', error });
  return t.done();
}

/** Event 26 and ROUTE-REFRESH: the peer is alive. */
function messageReceived(state: EstablishedState, t: Transition, event: FsmEvent): FsmStepResult {
  restartHoldTimer(t, state.negotiated);
  if (event.type === 'RouteRefreshMsg') t.emit({ type: 'routeRefresh', message: event.message });
  return t.done();
}

/** The Established row of the transition table. */
export function establishedStep(
  state: EstablishedState,
  event: FsmEvent,
  t: Transition,
): FsmStepResult {
  switch (event.type) {
    case 'ManualStart':
    case 'AutomaticStart':
    case 'ManualStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_DampPeerOscillations':
    case 'AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment':
      return t.ignore(event, 'already-started');
    case 'ManualStop':
      return manualStop(t, event.cease);
    case 'AutomaticStop':
      return automaticStop(t, event.cease);
    case 'HoldTimer_Expires':
      return holdTimerExpired(t);
    case 'KeepaliveTimer_Expires':
      return keepaliveTimerExpired(t, state.negotiated);
    case 'TcpConnection_Valid':
    case 'Tcp_CR_Acked':
    case 'TcpConnectionConfirmed':
      return t.ignore(event, 'second-connection');
    case 'Tcp_CR_Invalid':
      return t.ignore(event, 'not-tracked');
    case 'TcpConnectionFails':
      return goIdle(t, { type: 'tcp-failed' }, FAILURE);
    case 'NotifMsgVerErr':
    case 'NotifMsg':
      // §8.2.2 Established: events 24 and 25 alike, counted and damped.
      return notificationReceived(t, event.notification);
    case 'BGPHeaderErr':
      return messageError(t, 'header-error', event.error);
    case 'OpenCollisionDump':
      // Fed only when CollisionDetectEstablishedState let the new connection win (§6.8).
      return collisionDump(t);
    case 'KeepAliveMsg':
    case 'RouteRefreshMsg':
      return messageReceived(state, t, event);
    case 'UpdateMsg':
      return updateReceived(state, t, event.update);
    case 'UpdateMsgErr':
      return updateError(state, t, event.error);
    case 'ConnectRetryTimer_Expires':
    case 'DelayOpenTimer_Expires':
    case 'IdleHoldTimer_Expires':
    case 'BGPOpen':
    case 'BGPOpen_with_DelayOpenTimer_running':
    case 'BGPOpenMsgErr':
      // §8.2.2 Established "any other event (9, 12-13, 20-22)": FSM Error, RFC 6608 subcode 3.
      return unexpected(t, event);
    default:
      return assertNever(event);
  }
}
