/**
 * Peer settings as library users write them, checked and completed with defaults into what a
 * `BgpSession` runs with. Defaults follow RFC 4271 §10 (hold 90 s, connect retry 120 s) and
 * the FSM's damping (restart backoff 5 s doubling to 120 s).
 */

import { BgpError } from '../codec/errors.js';
import type { AddPathDirection } from '../codec/types.js';
import { DEFAULT_DAMP_CONFIG } from '../fsm/context.js';
import type { FamilyName, GracefulRestartOptions } from '../session/capabilities.js';
import type { BgpSessionConfig } from '../session/session-types.js';
import { canonicalAddress, familyOfText } from './prefix.js';
import type { PeerAttributeSettings } from './resolve-attributes.js';

/** One BGP peer. */
export interface PeerOptions {
  /** The peer's address (IPv4 or IPv6); also the peer's name in events and metrics. */
  readonly address: string;
  readonly peerAs: number;
  /** The peer's TCP port. Default 179. */
  readonly port?: number;
  /** Source address of our connections. */
  readonly localAddress?: string;
  /** RFC 2385 TCP-MD5 key (needs `@baremetal-lb/native-net`). */
  readonly password?: string;
  /** Hold time we offer. Default 90; 0 or >= 3 (RFC 4271 §4.2). */
  readonly holdTimeSec?: number;
  /**
   * Keepalive interval. The FSM sends KEEPALIVEs every third of the negotiated hold time
   * (RFC 4271 §10), so only that value (or none) is accepted for now.
   */
  readonly keepaliveSec?: number;
  /** Wait for the peer to connect; never connect. Default false. */
  readonly passive?: boolean;
  /** eBGP multihop: TTL of our packets (needs native-net). */
  readonly ttl?: number;
  /** GTSM (RFC 5082): send with TTL 255, accept only TTL >= 254 (needs native-net). */
  readonly gtsm?: boolean;
  /** Families to negotiate. Default both. */
  readonly families?: readonly FamilyName[];
  /** Graceful restart as the restarting speaker (RFC 4724). Default off. */
  readonly gracefulRestart?: GracefulRestartOptions;
  /** ADD-PATH (RFC 7911) for every family. Default off. */
  readonly addPath?: AddPathDirection;
  /** Advertise RFC 8654 extended messages. Default false. */
  readonly extendedMessages?: boolean;
  /** Seconds between connection attempts (RFC 4271 ConnectRetryTime). Default 120. */
  readonly connectRetrySec?: number;
  /** Restart backoff after failures: first delay, cap, and stable time that resets it. */
  readonly backoff?: {
    readonly initialSec?: number;
    readonly maxSec?: number;
    readonly stableSec?: number;
  };
  /** Keep the routes the peer sends, readable with `speaker.adjRibIn()`. Default false. */
  readonly keepAdjRibIn?: boolean;
  /** Next hop for IPv4 routes instead of our local address. */
  readonly nextHopIpv4?: string;
  /** Next hop(s) for IPv6 routes: global, then optionally link-local. */
  readonly nextHopIpv6?: readonly string[];
}

/** A peer ready to run. */
export interface ResolvedPeer {
  readonly key: string;
  readonly session: BgpSessionConfig;
  readonly attributes: PeerAttributeSettings;
}

function invalid(address: string, what: string): BgpError {
  return new BgpError('BGP_ERR_INVALID_ARGUMENT', `peer ${address}: ${what}`);
}

function intIn(address: string, name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(address, `${name} ${value}, expected an integer ${min}..${max}`);
  }
  return value;
}

/** Speaker-wide settings a peer inherits. */
export interface SpeakerSettings {
  readonly localAs: number;
  readonly routerId: string;
}

/**
 * Checks `options` and fills in defaults.
 *
 * @throws BgpError BGP_ERR_INVALID_ARGUMENT naming the peer and the setting.
 */
export function resolvePeer(options: PeerOptions, speaker: SpeakerSettings): ResolvedPeer {
  const key = canonicalAddress(options.address, 'peer address');
  const hold = intIn(key, 'holdTimeSec', options.holdTimeSec ?? 90, 0, 65535);
  if (hold === 1 || hold === 2) throw invalid(key, 'holdTimeSec must be 0 or >= 3');
  if (options.keepaliveSec !== undefined && options.keepaliveSec !== Math.floor(hold / 3)) {
    throw invalid(key, `keepaliveSec must be holdTimeSec / 3 (${Math.floor(hold / 3)})`);
  }
  const families = [...new Set<FamilyName>(options.families ?? ['ipv4', 'ipv6'])];
  if (families.length === 0 || families.some((f) => f !== 'ipv4' && f !== 'ipv6')) {
    throw invalid(key, `families ${JSON.stringify(options.families)}: ipv4 and/or ipv6`);
  }
  const gr = options.gracefulRestart;
  if (gr) intIn(key, 'gracefulRestart.restartTimeSec', gr.restartTimeSec, 0, 4095);
  const localAddress =
    options.localAddress === undefined
      ? undefined
      : canonicalAddress(options.localAddress, 'localAddress');
  if (localAddress !== undefined && familyOfText(localAddress) !== familyOfText(key)) {
    throw invalid(key, `localAddress ${localAddress} is of the other family`);
  }
  const backoff = {
    idleHoldTimeSec: options.backoff?.initialSec ?? DEFAULT_DAMP_CONFIG.idleHoldTimeSec,
    maxIdleHoldTimeSec: options.backoff?.maxSec ?? DEFAULT_DAMP_CONFIG.maxIdleHoldTimeSec,
    stableTimeSec: options.backoff?.stableSec ?? DEFAULT_DAMP_CONFIG.stableTimeSec,
  };
  const connectRetry = intIn(key, 'connectRetrySec', options.connectRetrySec ?? 120, 1, 65535);
  const session: BgpSessionConfig = {
    peerAddress: key,
    peerPort: intIn(key, 'port', options.port ?? 179, 1, 65535),
    localAddress,
    localAs: speaker.localAs,
    peerAs: intIn(key, 'peerAs', options.peerAs, 1, 0xffffffff),
    routerId: speaker.routerId,
    holdTimeSec: hold,
    connectRetryTimeSec: connectRetry,
    connectTimeoutMs: Math.min(connectRetry, 30) * 1000,
    backoff,
    passive: options.passive ?? false,
    families,
    gracefulRestart: gr,
    addPath: options.addPath,
    extendedMessages: options.extendedMessages,
    md5Key: options.password,
    ...ttlSettings(key, options),
    keepAdjRibIn: options.keepAdjRibIn ?? false,
  };
  return { key, session, attributes: attributeSettings(key, options, speaker.localAs) };
}

/** RFC 5082 GTSM: TTL 255 out, >= 254 in (one hop). Multihop: the TTL given. */
function ttlSettings(key: string, o: PeerOptions): { ttl?: number; minTtl?: number } {
  if (o.gtsm && o.ttl !== undefined) throw invalid(key, 'gtsm and ttl exclude each other');
  if (o.gtsm) return { ttl: 255, minTtl: 254 };
  if (o.ttl !== undefined) return { ttl: intIn(key, 'ttl', o.ttl, 1, 255) };
  return {};
}

function attributeSettings(key: string, o: PeerOptions, localAs: number): PeerAttributeSettings {
  const v4 =
    o.nextHopIpv4 === undefined ? undefined : canonicalAddress(o.nextHopIpv4, 'nextHopIpv4');
  if (v4 !== undefined && familyOfText(v4) !== 'ipv4') throw invalid(key, 'nextHopIpv4 is IPv6');
  const v6 = o.nextHopIpv6?.map((a) => canonicalAddress(a, 'nextHopIpv6'));
  if (v6 && (v6.length < 1 || v6.length > 2 || v6.some((a) => familyOfText(a) !== 'ipv6'))) {
    throw invalid(key, 'nextHopIpv6: one or two IPv6 addresses');
  }
  return { localAs, nextHopIpv4: v4, nextHopIpv6: v6 };
}
