/**
 * RFC 4271 §8.2.2 OpenSent: our OPEN is out, the HoldTimer runs at the large value; waiting
 * for the peer's OPEN.
 *
 * Deviation: a NOTIFICATION from the peer (event 25) is listed under "any other event" (send
 * FSM Error) in the RFC's OpenSent text; we treat it as OpenConfirm does, going to Idle without
 * answering, since the peer has closed the connection after sending it (§4.5).
 */

import {
  automaticStop,
  collisionDump,
  enterOpenConfirm,
  holdTimerExpired,
  manualStop,
  messageError,
  NO_PENALTY,
  notificationReceived,
  unexpected,
} from '../common.js';
import { assertNever, type FsmEvent } from '../events.js';
import { validatePeerOpen } from '../open.js';
import type { OpenSentState } from '../state.js';
import type { FsmStepResult, Transition } from '../transition.js';

/** Event 18: back to Active, listening, ConnectRetryTimer restarted (§8.2.2). */
function tcpFailed(t: Transition): FsmStepResult {
  t.close();
  t.stopTimer('hold');
  t.startTimer('connectRetry', t.ctx.connectRetryTimeSec * 1000);
  t.moveTo({ name: 'active' }, { type: 'tcp-failed' });
  return t.done();
}

/** Event 19: OPEN checked against the configuration (§6.2), then -> OpenConfirm. */
function openReceived(t: Transition, event: FsmEvent & { type: 'BGPOpen' }): FsmStepResult {
  const error = validatePeerOpen(event.open, t.ctx);
  if (error) return messageError(t, 'open-error', error);
  return enterOpenConfirm(t, event.open, false);
}

/** The OpenSent row of the transition table. */
export function openSentStep(_state: OpenSentState, event: FsmEvent, t: Transition): FsmStepResult {
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
    case 'TcpConnection_Valid':
    case 'Tcp_CR_Acked':
    case 'TcpConnectionConfirmed':
      // §8.2.2: "a second TCP connection may be in progress", tracked per §6.8 by the driver.
      return t.ignore(event, 'second-connection');
    case 'Tcp_CR_Invalid':
      return t.ignore(event, 'not-tracked');
    case 'TcpConnectionFails':
      return tcpFailed(t);
    case 'BGPOpen':
      return openReceived(t, event);
    case 'BGPHeaderErr':
      return messageError(t, 'header-error', event.error);
    case 'BGPOpenMsgErr':
      return messageError(t, 'open-error', event.error);
    case 'OpenCollisionDump':
      return collisionDump(t);
    case 'NotifMsgVerErr':
      // §8.2.2 OpenSent event 24: Idle, ConnectRetryCounter untouched, no damping.
      return notificationReceived(t, event.notification, NO_PENALTY);
    case 'NotifMsg':
      return notificationReceived(t, event.notification);
    case 'ConnectRetryTimer_Expires':
    case 'KeepaliveTimer_Expires':
    case 'DelayOpenTimer_Expires':
    case 'IdleHoldTimer_Expires':
    case 'BGPOpen_with_DelayOpenTimer_running':
    case 'KeepAliveMsg':
    case 'UpdateMsg':
    case 'UpdateMsgErr':
    case 'RouteRefreshMsg':
      // §8.2.2 OpenSent "any other event": FSM Error; RFC 6608 subcode 1 for messages.
      return unexpected(t, event);
    default:
      return assertNever(event);
  }
}
