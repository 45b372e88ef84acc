/**
 * What `step` knows beyond the state: the session's configuration (RFC 4271 §8.1.1 session
 * attributes) and its two impure inputs, `now()` and `random()`, injected so the step
 * function stays pure and tests are deterministic.
 */

import { BgpError } from '../codec/errors.js';
import type { Capability } from '../codec/types.js';
import { parseBgpIdentifier } from './identifier.js';

/**
 * DampPeerOscillations (RFC 4271 §8.1.1) as an IdleHoldTimer with exponential backoff, in the
 * spirit of BIRD's `bgp_update_startup_delay`. After the n-th consecutive failure the session
 * stays in Idle for `min(idleHoldTimeSec * 2^(n-1), maxIdleHoldTimeSec)` before an automatic
 * start (events 6/7) may proceed: 5, 10, 20, 40, 80, 120, 120 ... seconds by default. A
 * session that stayed Established for at least `stableTimeSec` forgets earlier failures
 * (BIRD's "error forget time", whose default is also 300 s).
 */
export interface DampConfig {
  /** First backoff, seconds. Default 5. */
  readonly idleHoldTimeSec: number;
  /** Backoff cap, seconds. Default 120. */
  readonly maxIdleHoldTimeSec: number;
  /** Established this long resets the failure count, seconds. Default 300. */
  readonly stableTimeSec: number;
}

/** 5 s doubling to 120 s, forgotten after 300 s Established. */
export const DEFAULT_DAMP_CONFIG: DampConfig = Object.freeze({
  idleHoldTimeSec: 5,
  maxIdleHoldTimeSec: 120,
  stableTimeSec: 300,
});

/** RFC 4271 §10 suggested HoldTime. */
export const DEFAULT_HOLD_TIME_SEC = 90;
/** RFC 4271 §10 suggested ConnectRetryTime. */
export const DEFAULT_CONNECT_RETRY_TIME_SEC = 120;

/** Everything `step` reads besides the state and the event. */
export interface FsmContext {
  /** Our AS number (4-octet capable; the OPEN carries AS_TRANS when it needs 4 octets). */
  readonly localAs: number;
  /** Our BGP Identifier, dotted quad. */
  readonly bgpIdentifier: string;
  /** The AS the peer must announce (RFC 4271 §6.2 Bad Peer AS otherwise). */
  readonly peerAs: number;
  /** Hold Time we propose, seconds: 0 or >= 3 (RFC 4271 §4.2). */
  readonly holdTimeSec: number;
  /** ConnectRetryTime, seconds (RFC 4271 §10 suggests 120). */
  readonly connectRetryTimeSec: number;
  /** DelayOpenTime, seconds; 0 disables DelayOpen (RFC 4271 §8.1.1). */
  readonly delayOpenTimeSec: number;
  /** Capabilities we advertise; `buildLocalOpen` adds four-octet-as when absent. */
  readonly capabilities: readonly Capability[];
  /** RFC 4271 §8.1.1 SendNOTIFICATIONwithoutOPEN (only matters with DelayOpen). */
  readonly sendNotificationWithoutOpen: boolean;
  /** DampPeerOscillations; undefined disables it. */
  readonly dampPeerOscillations: DampConfig | undefined;
  /** A number in [0, 1): the jitter source (RFC 4271 §10). */
  random(): number;
  /** Milliseconds, any origin (a `Clock`'s `now`). */
  now(): number;
}

/** Options for {@link createFsmContext}: the required settings, the rest defaulted. */
export interface FsmContextOptions {
  readonly localAs: number;
  readonly bgpIdentifier: string;
  readonly peerAs: number;
  /** Default 90. */
  readonly holdTimeSec?: number;
  /** Default 120. */
  readonly connectRetryTimeSec?: number;
  /** Default 0 (DelayOpen off). */
  readonly delayOpenTimeSec?: number;
  /** Default none besides the four-octet-as capability `buildLocalOpen` adds. */
  readonly capabilities?: readonly Capability[];
  /** Default false. */
  readonly sendNotificationWithoutOpen?: boolean;
  /** true for {@link DEFAULT_DAMP_CONFIG}, or some of its numbers. Default off. */
  readonly dampPeerOscillations?: boolean | Partial<DampConfig>;
  random(): number;
  now(): number;
}

function invalid(message: string): BgpError {
  return new BgpError('BGP_ERR_INVALID_ARGUMENT', `FSM context: ${message}`);
}

function checkUint(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw invalid(`${name} ${value}, expected an integer 0..${max}`);
  }
}

function resolveDamp(option: FsmContextOptions['dampPeerOscillations']): DampConfig | undefined {
  if (option === undefined || option === false) return undefined;
  const damp = { ...DEFAULT_DAMP_CONFIG, ...(option === true ? {} : option) };
  checkUint('idleHoldTimeSec', damp.idleHoldTimeSec, 65535);
  checkUint('maxIdleHoldTimeSec', damp.maxIdleHoldTimeSec, 65535);
  checkUint('stableTimeSec', damp.stableTimeSec, 2 ** 31);
  if (damp.maxIdleHoldTimeSec < damp.idleHoldTimeSec) {
    throw invalid('maxIdleHoldTimeSec below idleHoldTimeSec');
  }
  return Object.freeze(damp);
}

/**
 * Builds a validated {@link FsmContext}.
 *
 * **When to use:** once per configured peer; pass the result to every `step` call.
 *
 * **Gotchas:** throws `BgpError` `BGP_ERR_INVALID_ARGUMENT` on settings the RFC forbids
 * (hold time 1 or 2, RFC 4271 §4.2) or that cannot go on the wire (AS 0, identifier 0.0.0.0).
 *
 * @example
 * ```ts
 * const clock = new ManualClock();
 * const ctx = createFsmContext({
 *   localAs: 64512, bgpIdentifier: '192.0.2.1', peerAs: 64513,
 *   random: Math.random, now: () => clock.now(),
 * });
 * const { state, actions } = step(initialFsmState(), { type: 'ManualStart' }, ctx);
 * ```
 */
export function createFsmContext(options: FsmContextOptions): FsmContext {
  const holdTimeSec = options.holdTimeSec ?? DEFAULT_HOLD_TIME_SEC;
  const connectRetryTimeSec = options.connectRetryTimeSec ?? DEFAULT_CONNECT_RETRY_TIME_SEC;
  const delayOpenTimeSec = options.delayOpenTimeSec ?? 0;
  checkUint('localAs', options.localAs, 0xffff_ffff);
  checkUint('peerAs', options.peerAs, 0xffff_ffff);
  // RFC 7607: AS 0 must not be used in an OPEN.
  if (options.localAs === 0 || options.peerAs === 0) throw invalid('AS 0 is reserved (RFC 7607)');
  checkUint('holdTimeSec', holdTimeSec, 65535);
  // RFC 4271 §4.2: "MUST be either zero or at least three seconds".
  if (holdTimeSec === 1 || holdTimeSec === 2)
    throw invalid(`holdTimeSec ${holdTimeSec}, expected 0 or >= 3`);
  checkUint('connectRetryTimeSec', connectRetryTimeSec, 65535);
  if (connectRetryTimeSec === 0) throw invalid('connectRetryTimeSec must be positive');
  checkUint('delayOpenTimeSec', delayOpenTimeSec, 65535);
  const id = parseBgpIdentifier(options.bgpIdentifier);
  if (id === undefined || id === 0) throw invalid(`bgpIdentifier ${options.bgpIdentifier}`);
  return {
    localAs: options.localAs,
    bgpIdentifier: options.bgpIdentifier,
    peerAs: options.peerAs,
    holdTimeSec,
    connectRetryTimeSec,
    delayOpenTimeSec,
    capabilities: options.capabilities ?? [],
    sendNotificationWithoutOpen: options.sendNotificationWithoutOpen ?? false,
    dampPeerOscillations: resolveDamp(options.dampPeerOscillations),
    random: options.random,
    now: options.now,
  };
}
