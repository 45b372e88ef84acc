/**
 * A minimal FSM driver for tests: executes `step`'s actions against a `ManualClock` (timers
 * feed their expiry events back when the clock is advanced) and records what was sent,
 * emitted and done. Not exported from the package.
 */

import { ManualClock, type Timer } from '../../clock.js';
import { BgpMessageError } from '../../codec/errors.js';
import type { Capability, NotificationMessage, OpenMessage } from '../../codec/types.js';
import type { FsmAction, FsmOutboundMessage, SessionEvent } from '../actions.js';
import { createFsmContext, type FsmContext, type FsmContextOptions } from '../context.js';
import type { FsmEvent } from '../events.js';
import {
  type FsmState,
  type FsmStateName,
  initialFsmState,
  TIMER_NAMES,
  type TimerName,
} from '../state.js';
import { step } from '../step.js';
import { TIMER_EXPIRY_EVENT, timerOfEvent } from '../timers.js';

export const LOCAL_AS = 64512;
export const PEER_AS = 64513;
export const LOCAL_ID = '192.0.2.1';
export const PEER_ID = '192.0.2.2';

/** The random value the harness feeds by default: jitter factor 0.875. */
export const DEFAULT_RANDOM = 0.5;

export type HarnessOptions = Partial<Omit<FsmContextOptions, 'now'>> & { startMs?: number };

/** A peer OPEN that the default harness context accepts (hold time 90 s). */
export function peerOpen(overrides: Partial<OpenMessage> = {}, caps?: Capability[]): OpenMessage {
  return {
    type: 'open',
    version: 4,
    myAs: PEER_AS,
    holdTimeSec: 90,
    bgpIdentifier: PEER_ID,
    capabilities: caps ?? [{ type: 'four-octet-as', asn: PEER_AS }],
    ...overrides,
  };
}

export function notification(errorCode: number, errorSubcode = 0): NotificationMessage {
  return { type: 'notification', errorCode, errorSubcode, data: new Uint8Array(0) };
}

export class FsmHarness {
  readonly clock: ManualClock;
  readonly ctx: FsmContext;
  state: FsmState = initialFsmState();
  /** Every action executed, in order. */
  readonly actions: FsmAction[] = [];
  /** Called after every step, including those fed by fired timers. */
  onStep:
    | ((before: FsmState, event: FsmEvent, after: FsmState, actions: FsmAction[]) => void)
    | undefined;
  readonly #timers = new Map<TimerName, Timer>();

  constructor(options: HarnessOptions = {}) {
    const { startMs, ...rest } = options;
    this.clock = new ManualClock(startMs ?? 0);
    this.ctx = createFsmContext({
      localAs: LOCAL_AS,
      bgpIdentifier: LOCAL_ID,
      peerAs: PEER_AS,
      random: () => DEFAULT_RANDOM,
      ...rest,
      now: () => this.clock.now(),
    });
  }

  get name(): FsmStateName {
    return this.state.name;
  }

  /**
   * Feeds an event and executes the resulting actions; returns them. A timer expiry fed by
   * hand stands for that timer firing now, so the harness drops its own copy of the timer.
   */
  feed(event: FsmEvent): FsmAction[] {
    const fired = timerOfEvent(event.type);
    if (fired) {
      this.#timers.get(fired)?.cancel();
      this.#timers.delete(fired);
    }
    const before = this.state;
    const result = step(before, event, this.ctx);
    this.state = result.state;
    for (const action of result.actions) this.#execute(action);
    this.onStep?.(before, event, result.state, result.actions);
    return result.actions;
  }

  /** Advances the clock; fired timers feed their expiry events. */
  advance(ms: number): void {
    this.clock.advance(ms);
  }

  /** Timers the harness really has scheduled, in TIMER_NAMES order. */
  runningTimers(): TimerName[] {
    return TIMER_NAMES.filter((t) => this.#timers.has(t));
  }

  sent(): FsmOutboundMessage[] {
    return this.actions.flatMap((a) => (a.type === 'send' ? [a.message] : []));
  }

  emitted(): SessionEvent[] {
    return this.actions.flatMap((a) => (a.type === 'emit' ? [a.event] : []));
  }

  /** Drives Idle -> Established over an outgoing connection. */
  establish(open: OpenMessage = peerOpen()): void {
    this.feed({ type: 'ManualStart' });
    this.feed({ type: 'Tcp_CR_Acked' });
    this.feed({ type: 'BGPOpen', open });
    this.feed({ type: 'KeepAliveMsg' });
  }

  /** Drives Idle -> OpenSent over an outgoing connection (waiting out DelayOpen if set). */
  toOpenSent(): void {
    this.feed({ type: 'ManualStart' });
    this.feed({ type: 'Tcp_CR_Acked' });
    if (this.state.timers.delayOpen) this.advance(this.ctx.delayOpenTimeSec * 1000);
  }

  /** Drives Idle -> OpenConfirm over an outgoing connection. */
  toOpenConfirm(open: OpenMessage = peerOpen()): void {
    this.toOpenSent();
    this.feed({ type: 'BGPOpen', open });
  }

  #execute(action: FsmAction): void {
    this.actions.push(action);
    if (action.type === 'startTimer') {
      this.#timers.get(action.timer)?.cancel();
      const timer = this.clock.setTimer(action.ms, () => {
        this.#timers.delete(action.timer);
        this.feed({ type: TIMER_EXPIRY_EVENT[action.timer] });
      });
      this.#timers.set(action.timer, timer);
    } else if (action.type === 'stopTimer') {
      this.#timers.get(action.timer)?.cancel();
      this.#timers.delete(action.timer);
    }
  }
}

/** Actions minus `emit`, for asserting the wire/timer side of a transition. */
export function effects(actions: FsmAction[]): FsmAction[] {
  return actions.filter((a) => a.type !== 'emit');
}

/** The NOTIFICATIONs among actions. */
export function notificationsSent(actions: FsmAction[]): NotificationMessage[] {
  return actions.flatMap((a) =>
    a.type === 'send' && a.message.type === 'notification' ? [a.message] : [],
  );
}

/** A decoder-style error for tests. */
export function messageError(
  errorCode: number,
  errorSubcode: number,
  action: BgpMessageError['action'] = 'session-reset',
  data: Uint8Array = new Uint8Array(0),
): BgpMessageError {
  return new BgpMessageError('test fault', {
    code:
      errorCode === 3
        ? 'BGP_ERR_BAD_UPDATE'
        : errorCode === 2
          ? 'BGP_ERR_BAD_OPEN'
          : 'BGP_ERR_BAD_MESSAGE_LENGTH',
    errorCode,
    errorSubcode,
    data,
    action,
  });
}
