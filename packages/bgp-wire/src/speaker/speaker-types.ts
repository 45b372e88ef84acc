/**
 * The options and typed events of `BgpSpeaker`.
 */

import type { Clock } from '../clock.js';
import type { NotificationMessage, UpdateMessage } from '../codec/types.js';
import type { NegotiatedSession } from '../fsm/negotiate.js';
import type { FsmReasonType, FsmStateName } from '../fsm/state.js';
import type { Logger } from '../session/logger.js';
import type { BgpListener } from '../transport/listener.js';
import type { NativeNetLoader } from '../transport/native-net.js';
import type { ConnectFunction } from '../transport/tcp.js';
import type { SpeakerMetrics } from './metrics.js';

/** Options for `new BgpSpeaker`. */
export interface BgpSpeakerOptions {
  /** Our AS (4-octet capable). */
  readonly localAs: number;
  /** Our BGP Identifier, a dotted quad. */
  readonly routerId: string;
  /**
   * Accept connections: bind `{ port, host? }` (host default `::`, dual stack), use a
   * `BgpListener` you made (not closed by the speaker), or `false` (default): active
   * peers only; passive peers then need `acceptConnection`.
   */
  readonly listen?: { readonly port: number; readonly host?: string } | BgpListener | false;
  /** Default `systemClock`. */
  readonly clock?: Clock;
  /** pino-compatible; default silent. */
  readonly logger?: Logger;
  readonly metrics?: SpeakerMetrics;
  /** Opens outgoing connections. Default `openTcpConnection`. */
  readonly connect?: ConnectFunction;
  /** Jitter source in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Loads `@baremetal-lb/native-net`; default dynamic import. */
  readonly loadNativeNet?: NativeNetLoader;
}

/** `announce` / `withdraw` scope. */
export interface RouteScope {
  /** Only these peers (addresses). Default: every peer, including peers added later. */
  readonly peers?: readonly string[];
}

/** Options for `drain`. */
export interface DrainOptions {
  /** How long peers get to move traffic away after the GRACEFUL_SHUTDOWN re-advertisement. */
  readonly waitMs: number;
  /** RFC 9003 Shutdown Communication in the final Cease. */
  readonly shutdownMessage?: string;
}

/** One peer's status. */
export interface PeerStatus {
  readonly address: string;
  readonly peerAs: number;
  readonly state: FsmStateName;
  /** Prefixes we want this peer to have. */
  readonly announced: number;
  /** The last transport error toward this peer, if any (a refused or reset connection). */
  readonly lastError: string | undefined;
}

/** `state`: a peer's session changed RFC 4271 state. */
export interface SpeakerStateEvent {
  readonly peer: string;
  readonly state: FsmStateName;
  readonly prevState: FsmStateName;
  readonly reason: FsmReasonType;
}

/** `established`: a peer's session came up. */
export interface SpeakerEstablishedEvent {
  readonly peer: string;
  readonly peerAs: number;
  readonly localAddress: string;
  readonly negotiated: NegotiatedSession;
}

/** `down`: a peer's session left Established. */
export interface SpeakerDownEvent {
  readonly peer: string;
  readonly reason: FsmReasonType;
  /** The NOTIFICATION that ended the session, either way, if any. */
  readonly notification: NotificationMessage | undefined;
  /** The transport error, for `tcp-failed`. */
  readonly error: Error | undefined;
}

/** `update`: an UPDATE from a peer. */
export interface SpeakerUpdateEvent {
  readonly peer: string;
  /** Decoded; byte fields are views valid only during the listener call: copy to keep. */
  readonly update: UpdateMessage;
}

/** `notification`: a NOTIFICATION sent to or received from a peer. */
export interface SpeakerNotificationEvent {
  readonly peer: string;
  readonly direction: 'sent' | 'received';
  readonly notification: NotificationMessage;
  /** "Cease / Administrative Shutdown". */
  readonly description: string;
}

/** `routeRefresh`: a ROUTE-REFRESH from a peer (answered automatically). */
export interface SpeakerRouteRefreshEvent {
  readonly peer: string;
  readonly afi: number;
  readonly safi: number;
  readonly subtype: number;
}

/** `peerError`: a peer that cannot run. */
export interface SpeakerPeerErrorEvent {
  readonly peer: string;
  readonly error: Error;
}

/**
 * Typed events of `BgpSpeaker` (an `EventEmitter<BgpSpeakerEvents>`).
 * - `state`: every RFC 4271 state change of a peer's session.
 * - `established` / `down`: the session came up / left Established, with the reason.
 * - `update`: an UPDATE from a peer (RFC 7606 outcome in `update.error`).
 * - `notification`: a NOTIFICATION sent or received.
 * - `routeRefresh`: a ROUTE-REFRESH received (answered automatically).
 * - `peerError`: a peer that cannot run (missing native capability, listener failure).
 */
export interface BgpSpeakerEvents {
  state: [SpeakerStateEvent];
  established: [SpeakerEstablishedEvent];
  down: [SpeakerDownEvent];
  update: [SpeakerUpdateEvent];
  notification: [SpeakerNotificationEvent];
  routeRefresh: [SpeakerRouteRefreshEvent];
  peerError: [SpeakerPeerErrorEvent];
}
