/**
 * Transitions shared by several states: the RFC 4271 §8.2.2 text repeats them per state
 * ("sends the NOTIFICATION ..., sets the ConnectRetryTimer to zero, releases all BGP resources,
 * drops the TCP connection, increments the ConnectRetryCounter by 1, (optionally) performs peer
 * oscillation damping ..., and changes its state to Idle"); here each is written once.
 */

import { CeaseSubcode } from '../codec/constants.js';
import type { BgpMessageError } from '../codec/errors.js';
import type { KeepaliveMessage, NotificationMessage, OpenMessage } from '../codec/types.js';
import type { CeaseOptions, FsmEvent } from './events.js';
import { type NegotiatedSession, negotiate } from './negotiate.js';
import {
  ceaseNotification,
  collisionNotification,
  fsmErrorNotification,
  holdTimerExpiredNotification,
  notificationFromError,
} from './notifications.js';
import { buildLocalOpen } from './open.js';
import type { FsmReason, FsmReasonType, StartMode } from './state.js';
import { idleHoldTimeMs, LARGE_HOLD_TIME_SEC } from './timers.js';
import type { FsmStepResult, Transition } from './transition.js';

const KEEPALIVE: KeepaliveMessage = Object.freeze({ type: 'keepalive' });

/** What happens to ConnectRetryCounter and damping on the way to Idle. */
export interface IdleEntry {
  /** `reset` on ManualStop, `increment` on failures, `keep` where §8.2.2 says neither. */
  readonly counter: 'reset' | 'increment' | 'keep';
  /** RFC 4271 "(optionally) performs peer oscillation damping". */
  readonly damp: boolean;
}

/** A failure: ConnectRetryCounter + 1 and damping. */
export const FAILURE: IdleEntry = { counter: 'increment', damp: true };
/** Where §8.2.2 neither counts nor damps (e.g. a version-error NOTIFICATION during DelayOpen). */
export const NO_PENALTY: IdleEntry = { counter: 'keep', damp: false };

/** DampPeerOscillations: count the failure and hold Idle for the backoff (see `DampConfig`). */
function applyDamping(t: Transition): void {
  const damp = t.ctx.dampPeerOscillations;
  if (!damp) return;
  let failures = t.dampFailures;
  const from = t.from;
  if (
    from.name === 'established' &&
    t.ctx.now() - from.establishedAtMs >= damp.stableTimeSec * 1000
  ) {
    failures = 0; // a stable session forgets earlier flaps
  }
  t.dampFailures = failures + 1;
  t.startTimer('idleHold', idleHoldTimeMs(t.dampFailures, damp));
}

/**
 * To Idle: NOTIFICATION first when the reason carries one, then every timer stopped, resources
 * released, TCP dropped (RFC 4271 §8.2.2, each state's "changes its state to Idle").
 */
export function goIdle(t: Transition, reason: FsmReason, entry: IdleEntry): FsmStepResult {
  if (reason.notificationSent) t.send(reason.notificationSent);
  t.stopAllTimers();
  t.releaseResources();
  t.close();
  if (entry.counter === 'reset') {
    t.connectRetryCounter = 0;
    t.dampFailures = 0; // an operator's stop also clears the damping history
  } else if (entry.counter === 'increment') {
    t.connectRetryCounter += 1;
  }
  if (entry.damp) applyDamping(t);
  t.moveTo({ name: 'idle' }, reason);
  return t.done();
}

/**
 * Idle -> Connect (active) or Active (passive): RFC 4271 §8.2.2 Idle, events 1 and 3-7:
 * ConnectRetryCounter to zero, ConnectRetryTimer started, listen, and connect unless passive.
 */
export function start(t: Transition, mode: StartMode, reason: FsmReasonType): FsmStepResult {
  t.stopTimer('idleHold');
  t.connectRetryCounter = 0;
  t.isPassive = mode === 'passive';
  t.startTimer('connectRetry', t.ctx.connectRetryTimeSec * 1000);
  t.listen();
  if (mode === 'active') t.connect();
  t.moveTo({ name: mode === 'active' ? 'connect' : 'active' }, { type: reason });
  return t.done();
}

/** Connect/Active -> OpenSent: OPEN sent, HoldTimer set to the large value (§8.2.2). */
export function sendOpen(t: Transition, reason: FsmReasonType): FsmStepResult {
  t.stopTimer('connectRetry');
  t.stopTimer('delayOpen');
  t.send(buildLocalOpen(t.ctx));
  t.startTimer('hold', LARGE_HOLD_TIME_SEC * 1000);
  t.moveTo({ name: 'opensent' }, { type: reason });
  return t.done();
}

/** Starts or restarts the KeepaliveTimer and HoldTimer, or stops both for hold time 0 (§4.2). */
function armSessionTimers(t: Transition, n: NegotiatedSession): void {
  if (n.holdTimeSec === 0) {
    t.stopTimer('keepalive');
    t.stopTimer('hold');
    return;
  }
  t.startTimer('keepalive', n.keepaliveTimeSec * 1000);
  t.startTimer('hold', n.holdTimeSec * 1000);
}

/**
 * An acceptable OPEN: KEEPALIVE sent (after our OPEN when DelayOpen held it back, event 20),
 * timers set to the negotiated values, -> OpenConfirm (§8.2.2 OpenSent event 19).
 */
export function enterOpenConfirm(
  t: Transition,
  peerOpen: OpenMessage,
  sendOurOpen: boolean,
): FsmStepResult {
  t.stopTimer('connectRetry');
  t.stopTimer('delayOpen');
  const localOpen = buildLocalOpen(t.ctx);
  if (sendOurOpen) t.send(localOpen);
  t.send(KEEPALIVE);
  const negotiated = negotiate(localOpen, peerOpen);
  armSessionTimers(t, negotiated);
  t.moveTo({ name: 'openconfirm', peerOpen, negotiated }, { type: 'open-received' });
  return t.done();
}

/**
 * Whether this state may send a NOTIFICATION: once our OPEN is out, or before it with DelayOpen
 * running and SendNOTIFICATIONwithoutOPEN set (RFC 4271 §8.1.1, §8.2.2 Connect/Active).
 */
export function mayNotify(t: Transition): boolean {
  const name = t.from.name;
  if (name === 'opensent' || name === 'openconfirm' || name === 'established') return true;
  return t.isRunning('delayOpen') && t.ctx.sendNotificationWithoutOpen;
}

function withNotification(t: Transition, type: FsmReasonType, n: NotificationMessage): FsmReason {
  return mayNotify(t) ? { type, notificationSent: n } : { type };
}

/** Event 2: Cease (Administrative Shutdown unless told otherwise), counters reset, -> Idle. */
export function manualStop(t: Transition, cease: CeaseOptions | undefined): FsmStepResult {
  const n = ceaseNotification(cease, CeaseSubcode.ADMINISTRATIVE_SHUTDOWN);
  return goIdle(t, withNotification(t, 'manual-stop', n), { counter: 'reset', damp: false });
}

/** Event 8: Cease, counter incremented, damping, -> Idle. */
export function automaticStop(t: Transition, cease: CeaseOptions | undefined): FsmStepResult {
  // RFC 4486 leaves no subcode for a generic automatic stop: 0 unless the caller names one.
  const n = ceaseNotification(cease, 0);
  return goIdle(t, withNotification(t, 'automatic-stop', n), FAILURE);
}

/** Event 10: NOTIFICATION Hold Timer Expired (RFC 4271 §6.5), -> Idle. */
export function holdTimerExpired(t: Transition): FsmStepResult {
  return goIdle(
    t,
    withNotification(t, 'hold-timer-expired', holdTimerExpiredNotification()),
    FAILURE,
  );
}

/** Event 23: Cease / Connection Collision Resolution (§6.8, RFC 4486), -> Idle. */
export function collisionDump(t: Transition): FsmStepResult {
  return goIdle(t, withNotification(t, 'collision', collisionNotification()), FAILURE);
}

/** Events 21/22/28 and failed OPEN checks: the error's own NOTIFICATION (§6.1-§6.3), -> Idle. */
export function messageError(
  t: Transition,
  type: 'header-error' | 'open-error' | 'update-error',
  error: BgpMessageError,
): FsmStepResult {
  return goIdle(t, withNotification(t, type, notificationFromError(error)), FAILURE);
}

/** An event the state does not expect: FSM Error (§6.6, RFC 6608 subcodes), -> Idle. */
export function unexpected(t: Transition, event: FsmEvent): FsmStepResult {
  const n = fsmErrorNotification(t.from.name, event);
  return goIdle(t, withNotification(t, 'fsm-error', n), FAILURE);
}

/**
 * Events 24/25: the peer's NOTIFICATION, reported up, -> Idle. Never answered with one of our
 * own: the peer closes the connection right after sending it (RFC 4271 §4.5).
 */
export function notificationReceived(
  t: Transition,
  notification: NotificationMessage,
  entry: IdleEntry = FAILURE,
): FsmStepResult {
  t.emit({ type: 'notificationReceived', notification });
  return goIdle(t, { type: 'notification-received', notificationReceived: notification }, entry);
}

/** Event 11 (OpenConfirm, Established): KEEPALIVE sent, KeepaliveTimer restarted (§8.2.2). */
export function keepaliveTimerExpired(t: Transition, n: NegotiatedSession): FsmStepResult {
  t.send(KEEPALIVE);
  if (n.holdTimeSec > 0) t.startTimer('keepalive', n.keepaliveTimeSec * 1000);
  return t.done();
}

/** RFC 4271 §8.2.2 Established: KEEPALIVE/UPDATE received restarts the HoldTimer if non-zero. */
export function restartHoldTimer(t: Transition, n: NegotiatedSession): void {
  if (n.holdTimeSec > 0) t.startTimer('hold', n.holdTimeSec * 1000);
}
