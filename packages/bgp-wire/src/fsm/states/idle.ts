/**
 * RFC 4271 §8.2.2 Idle: refuse connections, wait for a start event. With DampPeerOscillations,
 * an automatic start (events 6/7) waits for the IdleHoldTimer that a failure started; the other
 * start events (1, 3-5) start at once and cancel it (an operator or a plain automatic start
 * overrides the backoff).
 */

import { start } from '../common.js';
import { assertNever, type FsmEvent } from '../events.js';
import type { IdleState, StartMode } from '../state.js';
import type { FsmStepResult, Transition } from '../transition.js';

/** Events 6/7: start now, or once the IdleHoldTimer expires (event 13). */
function dampedStart(state: IdleState, t: Transition, mode: StartMode): FsmStepResult {
  if (!t.ctx.dampPeerOscillations || !t.isRunning('idleHold')) {
    return start(t, mode, 'automatic-start');
  }
  t.emit({ type: 'startDeferred', mode });
  t.moveTo({ name: 'idle', pendingStart: mode }, state.reason);
  return t.done();
}

/** Event 13: the backoff is over; run the start it deferred, if any. */
function idleHoldExpired(state: IdleState, t: Transition): FsmStepResult {
  if (state.pendingStart) return start(t, state.pendingStart, 'idle-hold-expired');
  return t.done();
}

/**
 * Events 2/8 are ignored in Idle by the RFC, but a stop must also cancel a deferred start, or
 * the session would come up after the operator stopped it. ManualStop also ends the backoff.
 */
function stopInIdle(state: IdleState, event: FsmEvent, t: Transition): FsmStepResult {
  const isManual = event.type === 'ManualStop';
  const hasBackoff = t.isRunning('idleHold') || state.dampFailures > 0;
  if (!state.pendingStart && !(isManual && hasBackoff)) return t.ignore(event, 'idle');
  if (isManual) {
    t.stopTimer('idleHold');
    t.dampFailures = 0;
  }
  t.moveTo({ name: 'idle' }, state.reason);
  return t.done();
}

/** The Idle row of the transition table. */
export function idleStep(state: IdleState, event: FsmEvent, t: Transition): FsmStepResult {
  switch (event.type) {
    case 'ManualStart':
      return start(t, 'active', 'manual-start');
    case 'AutomaticStart':
      return start(t, 'active', 'automatic-start');
    case 'ManualStart_with_PassiveTcpEstablishment':
      return start(t, 'passive', 'manual-start');
    case 'AutomaticStart_with_PassiveTcpEstablishment':
      return start(t, 'passive', 'automatic-start');
    case 'AutomaticStart_with_DampPeerOscillations':
      return dampedStart(state, t, 'active');
    case 'AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment':
      return dampedStart(state, t, 'passive');
    case 'IdleHoldTimer_Expires':
      return idleHoldExpired(state, t);
    case 'ManualStop':
    case 'AutomaticStop':
      return stopInIdle(state, event, t);
    case 'Tcp_CR_Acked':
    case 'TcpConnectionConfirmed':
      // §8.2.2 Idle: "refuses all incoming BGP connections for this peer".
      t.close();
      return t.ignore(event, 'idle');
    case 'ConnectRetryTimer_Expires':
    case 'HoldTimer_Expires':
    case 'KeepaliveTimer_Expires':
    case 'DelayOpenTimer_Expires':
    case 'TcpConnection_Valid':
    case 'Tcp_CR_Invalid':
    case 'TcpConnectionFails':
    case 'BGPOpen':
    case 'BGPOpen_with_DelayOpenTimer_running':
    case 'BGPHeaderErr':
    case 'BGPOpenMsgErr':
    case 'OpenCollisionDump':
    case 'NotifMsgVerErr':
    case 'NotifMsg':
    case 'KeepAliveMsg':
    case 'UpdateMsg':
    case 'UpdateMsgErr':
    case 'RouteRefreshMsg':
      // §8.2.2 Idle: "Any other event (Events 9-12, 15-28) ... does not cause change".
      return t.ignore(event, 'idle');
    default:
      return assertNever(event);
  }
}
