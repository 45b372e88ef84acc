/**
 * Timer arithmetic: RFC 4271 §10 jitter, §4.2 hold time negotiation, the §8.2.2 OpenSent hold
 * time, and the DampPeerOscillations backoff. Pure functions; the FSM applies them when it
 * emits `startTimer`.
 */

import type { DampConfig } from './context.js';
import type { FsmEventType } from './events.js';
import type { TimerName } from './state.js';

/**
 * RFC 4271 §8.2.2 (Connect, Active): after sending OPEN "sets the HoldTimer to a large value";
 * "A HoldTimer value of 4 minutes is suggested."
 */
export const LARGE_HOLD_TIME_SEC = 240;

/**
 * RFC 4271 §10: jitter applies to ConnectRetry and Keepalive (and MinASOriginationInterval /
 * MinRouteAdvertisementInterval, which live in the speaker, not here). The Hold, DelayOpen and
 * IdleHold timers are not jittered.
 */
export const JITTERED_TIMERS: ReadonlySet<TimerName> = new Set<TimerName>([
  'connectRetry',
  'keepalive',
]);

/**
 * RFC 4271 §10: "the base value ... SHOULD be multiplied by a random factor, which is uniformly
 * distributed in the range from 0.75 to 1.0". `random` is expected in [0, 1) like
 * `Math.random`; values outside are clamped so a faulty source cannot stretch a timer. The
 * result is rounded up to a whole millisecond and stays within [0.75 × ms, ms].
 * Like BIRD's `bgp_start_timer`, this one helper serves every jittered timer.
 */
export function jitter(ms: number, random: () => number): number {
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 1;
  return Math.min(ms, Math.ceil(ms * (0.75 + 0.25 * unit)));
}

/**
 * RFC 4271 §4.2: the negotiated Hold Time is the smaller of ours and the peer's; 0 means no
 * KEEPALIVEs and no hold timer.
 */
export function negotiateHoldTime(localSec: number, peerSec: number): number {
  return Math.min(localSec, peerSec);
}

/**
 * RFC 4271 §4.4 / §10: KEEPALIVEs every third of the Hold Time (whole seconds, as
 * implementations send them); 0 when the Hold Time is 0.
 */
export function keepaliveTimeSec(holdTimeSec: number): number {
  return Math.floor(holdTimeSec / 3);
}

/** Exponent cap: 2^30 times any sane base is far beyond any cap. */
const MAX_BACKOFF_EXPONENT = 30;

/**
 * The IdleHoldTimer after the `failures`-th consecutive failure (1-based):
 * `min(idleHoldTimeSec * 2^(failures-1), maxIdleHoldTimeSec)` seconds, in milliseconds.
 */
export function idleHoldTimeMs(failures: number, damp: DampConfig): number {
  const exponent = Math.min(Math.max(failures - 1, 0), MAX_BACKOFF_EXPONENT);
  return Math.min(damp.idleHoldTimeSec * 2 ** exponent, damp.maxIdleHoldTimeSec) * 1000;
}

/** The event a driver feeds when a timer fires. */
export const TIMER_EXPIRY_EVENT = {
  connectRetry: 'ConnectRetryTimer_Expires',
  hold: 'HoldTimer_Expires',
  keepalive: 'KeepaliveTimer_Expires',
  delayOpen: 'DelayOpenTimer_Expires',
  idleHold: 'IdleHoldTimer_Expires',
} as const satisfies Record<TimerName, FsmEventType>;

/** The timer behind an expiry event, or undefined for other events. */
export function timerOfEvent(type: FsmEventType): TimerName | undefined {
  switch (type) {
    case 'ConnectRetryTimer_Expires':
      return 'connectRetry';
    case 'HoldTimer_Expires':
      return 'hold';
    case 'KeepaliveTimer_Expires':
      return 'keepalive';
    case 'DelayOpenTimer_Expires':
      return 'delayOpen';
    case 'IdleHoldTimer_Expires':
      return 'idleHold';
    default:
      return undefined;
  }
}
