/**
 * The FSM's state: the RFC 4271 §8 state name plus the session attributes of §8.1.1 that the
 * step function needs (ConnectRetryCounter, which timers run, the peer's OPEN and what was
 * negotiated) and why the state was entered. Plain readonly data: log it, snapshot it,
 * compare it in tests.
 */

import type { NotificationMessage, OpenMessage } from '../codec/types.js';
import type { NegotiatedSession } from './negotiate.js';

/** RFC 4271 §8.2.2 states. */
export type FsmStateName =
  | 'idle'
  | 'connect'
  | 'active'
  | 'opensent'
  | 'openconfirm'
  | 'established';

/** Every state name, in RFC order. */
export const FSM_STATE_NAMES = [
  'idle',
  'connect',
  'active',
  'opensent',
  'openconfirm',
  'established',
] as const satisfies readonly FsmStateName[];

/** RFC 4271 §8.1.1 / §10 timers. */
export type TimerName = 'connectRetry' | 'hold' | 'keepalive' | 'delayOpen' | 'idleHold';

/** Every timer name. */
export const TIMER_NAMES = [
  'connectRetry',
  'hold',
  'keepalive',
  'delayOpen',
  'idleHold',
] as const satisfies readonly TimerName[];

/** Which timers the FSM has started and not yet stopped or seen expire. */
export type TimerFlags = Readonly<Record<TimerName, boolean>>;

/**
 * Why a state was entered (GoBGP's fsmStateReason). Stable strings: log them, count them.
 * - `initial`: the state a new FSM starts in.
 * - `manual-start` / `automatic-start`: RFC events 1, 3-7 in Idle.
 * - `idle-hold-expired`: a start deferred by peer oscillation damping ran (event 13).
 * - `manual-stop` / `automatic-stop`: events 2 and 8 (a Cease NOTIFICATION went out when an OPEN had).
 * - `connect-retry-expired`: event 9 moved Active to Connect.
 * - `tcp-connected`: events 16/17 (OPEN sent).
 * - `tcp-failed`: event 18.
 * - `delay-open-expired`: event 12 (OPEN sent).
 * - `open-received`: an acceptable OPEN (events 19/20).
 * - `keepalive-received`: event 26 in OpenConfirm (to Established).
 * - `hold-timer-expired`: event 10 (NOTIFICATION Hold Timer Expired sent).
 * - `notification-received`: events 24/25.
 * - `header-error` / `open-error` / `update-error`: events 21, 22 (or an OPEN that failed
 *   `validatePeerOpen`), 28 with a session-reset action; the matching NOTIFICATION was sent.
 * - `fsm-error`: an event the state does not expect (RFC 4271 §6.6, RFC 6608 subcodes).
 * - `collision`: event 23, Cease / Connection Collision Resolution (RFC 4271 §6.8, RFC 4486).
 */
export type FsmReasonType =
  | 'initial'
  | 'manual-start'
  | 'automatic-start'
  | 'idle-hold-expired'
  | 'manual-stop'
  | 'automatic-stop'
  | 'connect-retry-expired'
  | 'tcp-connected'
  | 'tcp-failed'
  | 'delay-open-expired'
  | 'open-received'
  | 'keepalive-received'
  | 'hold-timer-expired'
  | 'notification-received'
  | 'header-error'
  | 'open-error'
  | 'update-error'
  | 'fsm-error'
  | 'collision';

/** A transition's reason, with the NOTIFICATION behind it when there was one. */
export interface FsmReason {
  readonly type: FsmReasonType;
  /** The NOTIFICATION we sent on the way into this state. */
  readonly notificationSent?: NotificationMessage;
  /** The peer's NOTIFICATION that caused this transition. */
  readonly notificationReceived?: NotificationMessage;
}

/** Attributes every state carries. */
export interface FsmStateCommon {
  /** RFC 4271 §8.1.1 ConnectRetryCounter. */
  readonly connectRetryCounter: number;
  /** Why the current state was entered (unchanged by transitions that stay in the state). */
  readonly reason: FsmReason;
  /** Timers running, as the FSM has instructed its driver. */
  readonly timers: TimerFlags;
  /** RFC 4271 §8.1.1 PassiveTcpEstablishment, as chosen by the last start event. */
  readonly isPassive: boolean;
  /**
   * Consecutive session failures counted by DampPeerOscillations (0 when damping is off,
   * after ManualStop, or after an Established period longer than `stableTimeSec`).
   */
  readonly dampFailures: number;
}

/** How a deferred automatic start will connect. */
export type StartMode = 'active' | 'passive';

/** Idle: no connection; refusing the peer's (RFC 4271 §8.2.2). */
export interface IdleState extends FsmStateCommon {
  readonly name: 'idle';
  /** An automatic start waiting for the IdleHoldTimer (DampPeerOscillations). */
  readonly pendingStart?: StartMode;
}
/** Connect: our TCP connection is being set up. */
export interface ConnectState extends FsmStateCommon {
  readonly name: 'connect';
}
/** Active: listening for the peer's connection; retrying ours on ConnectRetryTimer. */
export interface ActiveState extends FsmStateCommon {
  readonly name: 'active';
}
/** OpenSent: our OPEN is out, waiting for the peer's. */
export interface OpenSentState extends FsmStateCommon {
  readonly name: 'opensent';
}
/** OpenConfirm: OPENs exchanged, waiting for the peer's KEEPALIVE. */
export interface OpenConfirmState extends FsmStateCommon {
  readonly name: 'openconfirm';
  readonly peerOpen: OpenMessage;
  /** Includes the negotiated hold time (`negotiated.holdTimeSec`). */
  readonly negotiated: NegotiatedSession;
}
/** Established: the session is up. */
export interface EstablishedState extends FsmStateCommon {
  readonly name: 'established';
  readonly peerOpen: OpenMessage;
  readonly negotiated: NegotiatedSession;
  /** `ctx.now()` when the session came up; used to reset damping after a stable period. */
  readonly establishedAtMs: number;
}

/** The FSM's state, discriminated by `name`. */
export type FsmState =
  | IdleState
  | ConnectState
  | ActiveState
  | OpenSentState
  | OpenConfirmState
  | EstablishedState;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A state without its common attributes: what a transition chooses. */
export type FsmStateData = DistributiveOmit<FsmState, keyof FsmStateCommon>;

/** No timer running. */
export const NO_TIMERS: TimerFlags = Object.freeze({
  connectRetry: false,
  hold: false,
  keepalive: false,
  delayOpen: false,
  idleHold: false,
});

/** The state a new session starts in: Idle, counters zero, nothing running (RFC 4271 §8.2.2). */
export function initialFsmState(): IdleState {
  return {
    name: 'idle',
    connectRetryCounter: 0,
    reason: { type: 'initial' },
    timers: NO_TIMERS,
    isPassive: false,
    dampFailures: 0,
  };
}

/** Names of the timers running in `state`, in {@link TIMER_NAMES} order. */
export function runningTimers(state: FsmState): TimerName[] {
  return TIMER_NAMES.filter((t) => state.timers[t]);
}
