/**
 * The RFC 4271 §8 finite state machine as one pure function. Files:
 * - `state.ts`, `events.ts`, `actions.ts`, `context.ts`: the data in and out;
 * - `states/*.ts`: the transition table, one switch per state (or pair of states);
 * - `common.ts`: transitions several states share (to Idle, send OPEN, ...);
 * - `transition.ts`: the builder that keeps timer bookkeeping and actions together;
 * - `timers.ts`: RFC 4271 §10 jitter, hold time negotiation, damping backoff;
 * - `open.ts`, `negotiate.ts`, `collision.ts`, `notifications.ts`: pure helpers.
 *
 * A driver owns the socket and a `Clock`; it feeds events, executes the actions in order
 * (`startTimer` -> `clock.setTimer(ms, () => feed(TIMER_EXPIRY_EVENT[timer]))`), and keeps the
 * returned state. One FSM per TCP connection; collisions (two connections) are the driver's,
 * decided by `resolveCollision`.
 */

import type { FsmContext } from './context.js';
import { assertNever, type FsmEvent, isVersionError } from './events.js';
import type { FsmState } from './state.js';
import { connectActiveStep } from './states/connect-active.js';
import { establishedStep } from './states/established.js';
import { idleStep } from './states/idle.js';
import { openConfirmStep } from './states/openconfirm.js';
import { openSentStep } from './states/opensent.js';
import { timerOfEvent } from './timers.js';
import { type FsmStepResult, Transition } from './transition.js';

/**
 * Events whose RFC number depends on state the FSM holds: an OPEN is event 20 exactly when the
 * DelayOpenTimer runs (§8.1.5), a NOTIFICATION is event 24 exactly when it reports a version
 * error. Drivers may feed either name; this picks the right one.
 */
function normalize(state: FsmState, event: FsmEvent): FsmEvent {
  switch (event.type) {
    case 'BGPOpen':
    case 'BGPOpen_with_DelayOpenTimer_running':
      return state.timers.delayOpen
        ? { type: 'BGPOpen_with_DelayOpenTimer_running', open: event.open }
        : { type: 'BGPOpen', open: event.open };
    case 'NotifMsg':
    case 'NotifMsgVerErr':
      return isVersionError(event.notification)
        ? { type: 'NotifMsgVerErr', notification: event.notification }
        : { type: 'NotifMsg', notification: event.notification };
    default:
      return event;
  }
}

/**
 * Feeds one event to the FSM: returns the next state and the actions to execute, in order.
 *
 * **When to use:** from a session driver, for every socket event, timer expiry and decoded
 * message; or directly in tests, with a context built by `createFsmContext`.
 *
 * **Gotchas:**
 * - Pure: no I/O, no clock, no `Math.random`; time and randomness come from `ctx.now()` and
 *   `ctx.random()`. The same inputs give the same output.
 * - A timer expiry for a timer the FSM has already stopped is ignored (`ignored`, reason
 *   `stale-timer`): a timer can fire while its `stopTimer` is still queued in the driver.
 * - Never throws for any state and event; unexpected events are FSM errors, not exceptions.
 *
 * @example
 * ```ts
 * let state: FsmState = initialFsmState();
 * const r = step(state, { type: 'ManualStart' }, ctx);
 * state = r.state; // connect
 * // r.actions: startTimer connectRetry, listen, connect, emit stateChange idle -> connect
 * ```
 */
export function step(state: FsmState, event: FsmEvent, ctx: FsmContext): FsmStepResult {
  const t = new Transition(state, ctx);
  const e = normalize(state, event);
  const timer = timerOfEvent(e.type);
  if (timer !== undefined) {
    if (!state.timers[timer]) return t.ignore(e, 'stale-timer');
    t.timerFired(timer);
  }
  switch (state.name) {
    case 'idle':
      return idleStep(state, e, t);
    case 'connect':
    case 'active':
      return connectActiveStep(state, e, t);
    case 'opensent':
      return openSentStep(state, e, t);
    case 'openconfirm':
      return openConfirmStep(state, e, t);
    case 'established':
      return establishedStep(state, e, t);
    default:
      return assertNever(state);
  }
}
