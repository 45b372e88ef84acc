/**
 * RFC 4271 §8.2.2 OpenConfirm: OPENs exchanged, our KEEPALIVE sent; waiting for the peer's.
 *
 * One FSM per connection: the RFC's "BGPOpen in OpenConfirm" means an OPEN on the *other*
 * connection, which the driver settles with `resolveCollision` and, when this connection loses,
 * feeds OpenCollisionDump here. An OPEN on this connection is a second OPEN from the peer: an
 * unexpected message (RFC 6608 subcode 2).
 */

import {
  automaticStop,
  collisionDump,
  FAILURE,
  goIdle,
  holdTimerExpired,
  keepaliveTimerExpired,
  manualStop,
  messageError,
  NO_PENALTY,
  notificationReceived,
  restartHoldTimer,
  unexpected,
} from '../common.js';
import { assertNever, type FsmEvent } from '../events.js';
import type { OpenConfirmState } from '../state.js';
import type { FsmStepResult, Transition } from '../transition.js';

/** Event 26: the session is up (§8.2.2 OpenConfirm: "restarts the HoldTimer ... Established"). */
function keepaliveReceived(state: OpenConfirmState, t: Transition): FsmStepResult {
  restartHoldTimer(t, state.negotiated);
  const { peerOpen, negotiated } = state;
  t.moveTo(
    { name: 'established', peerOpen, negotiated, establishedAtMs: t.ctx.now() },
    { type: 'keepalive-received' },
  );
  t.emit({ type: 'established', peerOpen, negotiated });
  return t.done();
}

/** The OpenConfirm row of the transition table. */
export function openConfirmStep(
  state: OpenConfirmState,
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
      // §8.2.2 OpenConfirm event 24: Idle without counting or damping.
      return notificationReceived(t, event.notification, NO_PENALTY);
    case 'NotifMsg':
      return notificationReceived(t, event.notification);
    case 'BGPHeaderErr':
      return messageError(t, 'header-error', event.error);
    case 'BGPOpenMsgErr':
      return messageError(t, 'open-error', event.error);
    case 'OpenCollisionDump':
      return collisionDump(t);
    case 'KeepAliveMsg':
      return keepaliveReceived(state, t);
    case 'ConnectRetryTimer_Expires':
    case 'DelayOpenTimer_Expires':
    case 'IdleHoldTimer_Expires':
    case 'BGPOpen':
    case 'BGPOpen_with_DelayOpenTimer_running':
    case 'UpdateMsg':
    case 'UpdateMsgErr':
    case 'RouteRefreshMsg':
      // §8.2.2 OpenConfirm "any other event": FSM Error; RFC 6608 subcode 2 for messages.
      return unexpected(t, event);
    default:
      return assertNever(event);
  }
}
