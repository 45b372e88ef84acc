/**
 * The capabilities a session advertises in its OPEN (RFC 5492), from the peer's settings:
 * multiprotocol per family (RFC 4760), route refresh and enhanced route refresh (RFC 2918,
 * RFC 7313), graceful restart as the restarting speaker (RFC 4724, N bit RFC 8538), ADD-PATH
 * (RFC 7911) and extended messages (RFC 8654). Four-octet AS (RFC 6793) is added by the FSM's
 * `buildLocalOpen`.
 */

import { Afi, Safi } from '../codec/constants.js';
import type { AddPathDirection, Capability } from '../codec/types.js';
import { createFsmContext, type FsmContext } from '../fsm/context.js';
import type { AfiSafi } from '../fsm/negotiate.js';
import type { BgpSessionConfig } from './session-types.js';

/** A unicast family by name. */
export type FamilyName = 'ipv4' | 'ipv6';

/**
 * Graceful Restart as the restarting speaker (RFC 4724).
 *
 * **Gotchas:** with the N bit negotiated (RFC 8538), a peer that helps keeps our routes, as
 * stale, for `restartTimeSec` after any Cease except Hard Reset, including the
 * Administrative Shutdown that `close()` sends: that is the point when this process is about
 * to restart, and a surprise when it is going away for good (set `notification: false`).
 */
export interface GracefulRestartOptions {
  /** Restart Time: how long the peer should keep our routes while we restart (0..4095 s). */
  readonly restartTimeSec: number;
  /** R bit (RFC 4724 §3): set when this process has just restarted. Cleared after Established. */
  readonly restarting?: boolean;
  /** F bit per family: our forwarding state survived the restart. Default false. */
  readonly forwardingPreserved?: boolean;
  /** N bit (RFC 8538): graceful restart also on NOTIFICATION. Default true. */
  readonly notification?: boolean;
}

/** What {@link buildCapabilities} reads. */
export interface CapabilityOptions {
  readonly families: readonly FamilyName[];
  readonly gracefulRestart?: GracefulRestartOptions;
  readonly addPath?: AddPathDirection;
  readonly extendedMessages?: boolean;
}

/** The AFI/SAFI of a unicast family. */
export function afiSafiOf(family: FamilyName): AfiSafi {
  return { afi: family === 'ipv4' ? Afi.IPV4 : Afi.IPV6, safi: Safi.UNICAST };
}

/** The family name of a unicast AFI/SAFI, or undefined for anything else. */
export function familyOf(f: AfiSafi): FamilyName | undefined {
  if (f.safi !== Safi.UNICAST) return undefined;
  return f.afi === Afi.IPV4 ? 'ipv4' : f.afi === Afi.IPV6 ? 'ipv6' : undefined;
}

/**
 * Our capabilities, in a stable order.
 *
 * @example
 * ```ts
 * buildCapabilities({ families: ['ipv4'], gracefulRestart: { restartTimeSec: 120 } });
 * // multiprotocol 1/1, route-refresh, enhanced-route-refresh, graceful-restart
 * ```
 */
export function buildCapabilities(options: CapabilityOptions): Capability[] {
  const families = options.families.map(afiSafiOf);
  const caps: Capability[] = families.map((f) => ({ type: 'multiprotocol', ...f }));
  caps.push({ type: 'route-refresh' }, { type: 'enhanced-route-refresh' });
  if (options.extendedMessages) caps.push({ type: 'extended-message' });
  const gr = options.gracefulRestart;
  if (gr) {
    caps.push({
      type: 'graceful-restart',
      restarting: gr.restarting ?? false,
      notification: gr.notification ?? true,
      restartTimeSec: gr.restartTimeSec,
      families: families.map((f) => ({
        ...f,
        forwardingPreserved: gr.forwardingPreserved ?? false,
      })),
    });
  }
  if (options.addPath) {
    const direction = options.addPath;
    caps.push({ type: 'add-path', families: families.map((f) => ({ ...f, direction })) });
  }
  return caps;
}

/**
 * The FSM context of a session: its settings, its capabilities (the Restart State bit as
 * told), restart backoff as RFC 4271 DampPeerOscillations, and the clock and jitter source.
 */
export function fsmContextFor(
  config: BgpSessionConfig,
  restarting: boolean,
  random: () => number,
  now: () => number,
): FsmContext {
  const gracefulRestart = config.gracefulRestart && { ...config.gracefulRestart, restarting };
  return createFsmContext({
    localAs: config.localAs,
    bgpIdentifier: config.routerId,
    peerAs: config.peerAs,
    holdTimeSec: config.holdTimeSec,
    connectRetryTimeSec: config.connectRetryTimeSec,
    capabilities: buildCapabilities({ ...config, gracefulRestart }),
    dampPeerOscillations: config.backoff,
    random,
    now,
  });
}
