/**
 * RFC 4271 §8.2.2 Connect and Active: waiting for a TCP connection (Connect: ours is being
 * set up; Active: listening, retrying when the ConnectRetryTimer fires). The two states
 * answer most events alike, so they share one table; the rows that differ branch on the name.
 *
 * Deliberate deviations, both to keep a dead peer from becoming a tight reconnect loop:
 * - Connect, TcpConnectionFails without DelayOpen: the RFC goes to Idle; we go to Active with
 *   the ConnectRetryTimer restarted (as the RFC does when DelayOpen runs), so the next attempt
 *   waits ConnectRetryTime instead of following an immediate automatic restart.
 * - Active, ConnectRetryTimer_Expires with PassiveTcpEstablishment: no outgoing connection
 *   (§8.1.1: passive waits for the peer); the timer is restarted and the state kept.
 */

import {
  automaticStop,
  collisionDump,
  enterOpenConfirm,
  FAILURE,
  goIdle,
  manualStop,
  messageError,
  NO_PENALTY,
  notificationReceived,
  sendOpen,
  unexpected,
} from '../common.js';
import { assertNever, type FsmEvent } from '../events.js';
import { validatePeerOpen } from '../open.js';
import type { ActiveState, ConnectState } from '../state.js';
import type { FsmStepResult, Transition } from '../transition.js';

type ConnectOrActive = ConnectState | ActiveState;

/** Event 9. Connect: drop the attempt, try again. Active: try (unless passive), -> Connect. */
function connectRetryExpired(state: ConnectOrActive, t: Transition): FsmStepResult {
  if (state.name === 'connect') t.close();
  t.stopTimer('delayOpen');
  t.startTimer('connectRetry', t.ctx.connectRetryTimeSec * 1000);
  if (state.name === 'active' && state.isPassive) return t.done();
  t.connect();
  t.moveTo({ name: 'connect' }, { type: 'connect-retry-expired' });
  return t.done();
}

/** Events 16/17: with DelayOpen, wait for the peer's OPEN first; else send ours (§8.2.2). */
function tcpConnected(t: Transition): FsmStepResult {
  if (t.ctx.delayOpenTimeSec > 0) {
    t.stopTimer('connectRetry');
    t.startTimer('delayOpen', t.ctx.delayOpenTimeSec * 1000);
    return t.done();
  }
  return sendOpen(t, 'tcp-connected');
}

/** Event 18. Connect: -> Active, retry later (see the file comment). Active: -> Idle. */
function tcpFailed(state: ConnectOrActive, t: Transition): FsmStepResult {
  if (state.name === 'active') return goIdle(t, { type: 'tcp-failed' }, FAILURE);
  t.close();
  t.stopTimer('delayOpen');
  t.startTimer('connectRetry', t.ctx.connectRetryTimeSec * 1000);
  t.moveTo({ name: 'active' }, { type: 'tcp-failed' });
  return t.done();
}

/** Event 20: the peer's OPEN while ours waits; if acceptable, send OPEN + KEEPALIVE. */
function openWhileDelayed(
  t: Transition,
  event: FsmEvent & { type: 'BGPOpen_with_DelayOpenTimer_running' },
) {
  const error = validatePeerOpen(event.open, t.ctx);
  if (error) return messageError(t, 'open-error', error);
  return enterOpenConfirm(t, event.open, true);
}

/** The Connect and Active rows of the transition table. */
export function connectActiveStep(
  state: ConnectOrActive,
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
    case 'ConnectRetryTimer_Expires':
      return connectRetryExpired(state, t);
    case 'DelayOpenTimer_Expires':
      return sendOpen(t, 'delay-open-expired');
    case 'TcpConnection_Valid':
    case 'Tcp_CR_Invalid':
      return t.ignore(event, 'not-tracked');
    case 'Tcp_CR_Acked':
    case 'TcpConnectionConfirmed':
      return tcpConnected(t);
    case 'TcpConnectionFails':
      return tcpFailed(state, t);
    case 'BGPOpen_with_DelayOpenTimer_running':
      return openWhileDelayed(t, event);
    case 'BGPHeaderErr':
      return messageError(t, 'header-error', event.error);
    case 'BGPOpenMsgErr':
      return messageError(t, 'open-error', event.error);
    case 'NotifMsgVerErr':
      // §8.2.2: with DelayOpen running, neither counted nor damped.
      return notificationReceived(
        t,
        event.notification,
        t.isRunning('delayOpen') ? NO_PENALTY : FAILURE,
      );
    case 'NotifMsg':
      return notificationReceived(t, event.notification);
    case 'OpenCollisionDump':
      return collisionDump(t);
    case 'HoldTimer_Expires':
    case 'KeepaliveTimer_Expires':
    case 'IdleHoldTimer_Expires':
    case 'BGPOpen':
    case 'KeepAliveMsg':
    case 'UpdateMsg':
    case 'UpdateMsgErr':
    case 'RouteRefreshMsg':
      // §8.2.2 Connect/Active: "In response to any other event" -> Idle, counted and damped.
      return unexpected(t, event);
    default:
      return assertNever(event);
  }
}
