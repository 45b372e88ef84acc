/**
 * The transition builder every state handler writes into: it collects actions in order and
 * keeps the FSM's view of its timers in step with the `startTimer`/`stopTimer` actions it
 * emits, so the returned state always says which timers the driver has running. Local to one
 * `step` call: `step` stays pure.
 */

import type { FsmAction, FsmOutboundMessage, IgnoreReason, SessionEvent } from './actions.js';
import type { FsmContext } from './context.js';
import type { FsmEvent } from './events.js';
import type { FsmReason, FsmState, FsmStateData, TimerName } from './state.js';
import { TIMER_NAMES } from './state.js';
import { JITTERED_TIMERS, jitter } from './timers.js';

/** What `step` returns. */
export interface FsmStepResult {
  readonly state: FsmState;
  readonly actions: FsmAction[];
}

/** Builder for one step's result (internal to the FSM). */
export class Transition {
  readonly from: FsmState;
  readonly ctx: FsmContext;
  connectRetryCounter: number;
  dampFailures: number;
  isPassive: boolean;
  readonly #actions: FsmAction[] = [];
  readonly #timers: Record<TimerName, boolean>;
  #target: { data: FsmStateData; reason: FsmReason } | undefined;

  constructor(from: FsmState, ctx: FsmContext) {
    this.from = from;
    this.ctx = ctx;
    this.connectRetryCounter = from.connectRetryCounter;
    this.dampFailures = from.dampFailures;
    this.isPassive = from.isPassive;
    this.#timers = { ...from.timers };
  }

  isRunning(timer: TimerName): boolean {
    return this.#timers[timer];
  }

  /** The timer fired (its expiry event is being handled): no longer running, no action needed. */
  timerFired(timer: TimerName): void {
    this.#timers[timer] = false;
  }

  /** (Re)starts a timer; RFC 4271 §10 jitter is applied to the timers that take it. */
  startTimer(timer: TimerName, baseMs: number): void {
    const ms = JITTERED_TIMERS.has(timer) ? jitter(baseMs, () => this.ctx.random()) : baseMs;
    this.#actions.push({ type: 'startTimer', timer, ms });
    this.#timers[timer] = true;
  }

  /** Stops a timer if running (RFC 4271's "sets the timer to zero"). */
  stopTimer(timer: TimerName): void {
    if (!this.#timers[timer]) return;
    this.#actions.push({ type: 'stopTimer', timer });
    this.#timers[timer] = false;
  }

  stopAllTimers(): void {
    for (const timer of TIMER_NAMES) this.stopTimer(timer);
  }

  send(message: FsmOutboundMessage): void {
    this.#actions.push({ type: 'send', message });
    if (message.type === 'notification')
      this.emit({ type: 'notificationSent', notification: message });
  }

  emit(event: SessionEvent): void {
    this.#actions.push({ type: 'emit', event });
  }

  connect(): void {
    this.#actions.push({ type: 'connect' });
  }

  listen(): void {
    this.#actions.push({ type: 'listen' });
  }

  close(): void {
    this.#actions.push({ type: 'close' });
  }

  releaseResources(): void {
    this.#actions.push({ type: 'releaseResources' });
  }

  /**
   * Chooses the next state. A change of state name emits `stateChange` here, so session
   * events emitted afterwards (e.g. `established`) follow it.
   */
  moveTo(data: FsmStateData, reason: FsmReason): void {
    this.#target = { data, reason };
    if (data.name !== this.from.name) {
      this.emit({ type: 'stateChange', from: this.from.name, to: data.name, reason });
    }
  }

  /** The event changes nothing but is reported, so it can be counted. */
  ignore(event: FsmEvent, reason: IgnoreReason): FsmStepResult {
    this.emit({ type: 'ignored', event: event.type, reason });
    return this.done();
  }

  done(): FsmStepResult {
    const common = {
      connectRetryCounter: this.connectRetryCounter,
      dampFailures: this.dampFailures,
      isPassive: this.isPassive,
      timers: Object.freeze({ ...this.#timers }),
    };
    const state: FsmState = this.#target
      ? ({ ...this.#target.data, ...common, reason: this.#target.reason } as FsmState)
      : { ...this.from, ...common };
    return { state, actions: this.#actions };
  }
}
