/**
 * The data a `BgpSession` is built from and the events it emits.
 */

import type { Clock } from '../clock.js';
import type { BgpMessageError } from '../codec/errors.js';
import type {
  AddPathDirection,
  BgpMessage,
  NotificationMessage,
  OpenMessage,
  RouteRefreshMessage,
  UpdateMessage,
} from '../codec/types.js';
import type { DampConfig } from '../fsm/context.js';
import type { NegotiatedSession } from '../fsm/negotiate.js';
import type { FsmReason, FsmStateName } from '../fsm/state.js';
import type { ConnectFunction } from '../transport/tcp.js';
import type { AdjRibOut } from './adj-rib-out.js';
import type { FamilyName, GracefulRestartOptions } from './capabilities.js';
import type { Logger } from './logger.js';
import type { ResolvedAttributes } from './update-sender.js';

/** One peer's settings, complete (the speaker fills in defaults). */
export interface BgpSessionConfig {
  readonly peerAddress: string;
  readonly peerPort: number;
  /** Source address for our connections. */
  readonly localAddress?: string;
  readonly localAs: number;
  readonly peerAs: number;
  /** Our BGP Identifier. */
  readonly routerId: string;
  readonly holdTimeSec: number;
  readonly connectRetryTimeSec: number;
  /** One connection attempt gives up after this long. */
  readonly connectTimeoutMs: number;
  /** Restart backoff after failures (RFC 4271 DampPeerOscillations). */
  readonly backoff: DampConfig;
  /** Only accept the peer's connections (RFC 4271 PassiveTcpEstablishment). */
  readonly passive: boolean;
  readonly families: readonly FamilyName[];
  readonly gracefulRestart?: GracefulRestartOptions;
  readonly addPath?: AddPathDirection;
  readonly extendedMessages?: boolean;
  /** RFC 2385 key. */
  readonly md5Key?: string;
  /** Outgoing TTL (eBGP multihop; 255 with GTSM). */
  readonly ttl?: number;
  /** Lowest incoming TTL accepted (GTSM, RFC 5082). */
  readonly minTtl?: number;
  /** Keep the routes the peer sends (Adj-RIB-In). */
  readonly keepAdjRibIn: boolean;
}

/** What a session knows about itself once Established, for resolving attributes. */
export interface SessionInfo {
  readonly negotiated: NegotiatedSession;
  readonly localAddress: string;
  readonly remoteAddress: string;
  /** RFC 8326: add GRACEFUL_SHUTDOWN to everything announced. */
  readonly gracefulShutdown: boolean;
}

/** What a session needs from outside. */
export interface BgpSessionDeps {
  readonly clock: Clock;
  readonly connect: ConnectFunction;
  /** Attribute set id -> this session's concrete attributes (next hop, AS path ...). */
  readonly resolve: (attrId: number, info: SessionInfo) => ResolvedAttributes | undefined;
  /** Reuse an Adj-RIB-Out (a re-configured peer keeps its routes). */
  readonly ribOut?: AdjRibOut;
  readonly logger?: Logger;
  /** Jitter source in [0, 1) (RFC 4271 §10). Default `Math.random`. */
  readonly random?: () => number;
}

/** A state change of the session (its main connection's FSM). */
export interface SessionStateChange {
  readonly from: FsmStateName;
  readonly to: FsmStateName;
  readonly reason: FsmReason;
}

/** The session came up. */
export interface SessionEstablished {
  readonly negotiated: NegotiatedSession;
  readonly peerOpen: OpenMessage;
  readonly localAddress: string;
  readonly remoteAddress: string;
}

/** The session left Established. */
export interface SessionDown {
  readonly reason: FsmReason;
  /** The transport error behind a `tcp-failed` reason, when there was one. */
  readonly error: Error | undefined;
}

/** A NOTIFICATION we sent or received. */
export interface SessionNotification {
  readonly direction: 'sent' | 'received';
  readonly notification: NotificationMessage;
}

/**
 * Events of a {@link BgpSession}, as `EventEmitter` argument tuples.
 * - `update`: the decoded UPDATE; byte fields are views valid only during the call.
 * - `updateError`: an UPDATE that could not be used (RFC 7606 AFI/SAFI disable); session kept.
 * - `counted`: messages written or read, by type, for metrics.
 * - `failed`: the peer cannot run here (a missing native capability); it stays Idle.
 */
export interface BgpSessionEvents {
  state: [SessionStateChange];
  established: [SessionEstablished];
  down: [SessionDown];
  update: [UpdateMessage];
  updateError: [BgpMessageError];
  notification: [SessionNotification];
  routeRefresh: [RouteRefreshMessage];
  counted: ['sent' | 'received', BgpMessage['type'], number];
  failed: [Error];
}
