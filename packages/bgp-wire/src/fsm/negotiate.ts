/**
 * Capability negotiation (RFC 5492): what both OPENs agree on, and the codec contexts the
 * session reads and writes with once Established.
 */

import { Afi, Safi } from '../codec/constants.js';
import type { CodecContext } from '../codec/context.js';
import type { AddPathDirection, Capability, OpenMessage } from '../codec/types.js';
import { announcedAs } from './open.js';
import { keepaliveTimeSec, negotiateHoldTime } from './timers.js';

/** An address family. */
export interface AfiSafi {
  readonly afi: number;
  readonly safi: number;
}

/** RFC 7911 ADD-PATH for one family, from our side's point of view. */
export interface AddPathFamily extends AfiSafi {
  /** We may send path identifiers (we said send, the peer said receive). */
  readonly send: boolean;
  /** The peer may send us path identifiers (we said receive, the peer said send). */
  readonly receive: boolean;
}

/** The peer's RFC 4724 Graceful Restart capability, when both sides advertised one. */
export type PeerGracefulRestart = Omit<Extract<Capability, { type: 'graceful-restart' }>, 'type'>;

/** What a session runs with once Established. */
export interface NegotiatedSession {
  readonly localAs: number;
  /** The peer's AS as announced (four-octet-as capability first, RFC 6793). */
  readonly peerAs: number;
  /** Same AS on both ends. */
  readonly ibgp: boolean;
  /** RFC 4271 §4.2: min(ours, theirs); 0 disables KEEPALIVEs and the hold timer. */
  readonly holdTimeSec: number;
  /** A third of the hold time (RFC 4271 §10). */
  readonly keepaliveTimeSec: number;
  /** RFC 6793: both advertised four-octet-as. */
  readonly fourOctetAs: boolean;
  /**
   * RFC 4760: families both support; a side without any multiprotocol capability counts as
   * IPv4 unicast only.
   */
  readonly families: readonly AfiSafi[];
  /** RFC 7911: per negotiated family in which either direction is on. */
  readonly addPath: readonly AddPathFamily[];
  /** RFC 2918: both advertised route-refresh. */
  readonly routeRefresh: boolean;
  /** RFC 7313: both advertised enhanced route refresh. */
  readonly enhancedRouteRefresh: boolean;
  /** RFC 8654: both advertised extended messages. */
  readonly extendedMessages: boolean;
  /** RFC 4724: the peer's capability when both advertised graceful restart. */
  readonly gracefulRestart: PeerGracefulRestart | undefined;
  /** Decode what the peer sends with this. */
  readonly receiveContext: CodecContext;
  /** Encode what we send with this. */
  readonly sendContext: CodecContext;
}

const IPV4_UNICAST: AfiSafi = { afi: Afi.IPV4, safi: Safi.UNICAST };

function has(open: OpenMessage, type: Capability['type']): boolean {
  return open.capabilities.some((c) => c.type === type);
}

function familiesOf(open: OpenMessage): AfiSafi[] {
  const mp = open.capabilities.flatMap((c) =>
    c.type === 'multiprotocol' ? [{ afi: c.afi, safi: c.safi }] : [],
  );
  // RFC 4760 §8: a speaker that does not advertise multiprotocol capabilities speaks IPv4 unicast.
  return mp.length > 0 ? mp : [IPV4_UNICAST];
}

const sameFamily = (a: AfiSafi, b: AfiSafi): boolean => a.afi === b.afi && a.safi === b.safi;

function addPathDirection(open: OpenMessage, f: AfiSafi): AddPathDirection | undefined {
  for (const c of open.capabilities) {
    if (c.type !== 'add-path') continue;
    const entry = c.families.find((e) => sameFamily(e, f));
    if (entry) return entry.direction;
  }
  return undefined;
}

const canSend = (d: AddPathDirection | undefined) => d === 'send' || d === 'both';
const canReceive = (d: AddPathDirection | undefined) => d === 'receive' || d === 'both';

/** RFC 7911 §4: a direction is on when one side offers to send and the other to receive. */
function negotiateAddPath(local: OpenMessage, peer: OpenMessage, families: AfiSafi[]) {
  const out: AddPathFamily[] = [];
  for (const f of families) {
    const ours = addPathDirection(local, f);
    const theirs = addPathDirection(peer, f);
    const send = canSend(ours) && canReceive(theirs);
    const receive = canReceive(ours) && canSend(theirs);
    if (send || receive) out.push({ afi: f.afi, safi: f.safi, send, receive });
  }
  return out;
}

function gracefulRestartOf(open: OpenMessage): PeerGracefulRestart | undefined {
  for (const c of open.capabilities) {
    if (c.type === 'graceful-restart') {
      const { type: _, ...rest } = c;
      return rest;
    }
  }
  return undefined;
}

function codecContext(
  base: Omit<CodecContext, 'addPath'>,
  addPath: readonly AddPathFamily[],
  direction: 'send' | 'receive',
): CodecContext {
  const on = (afi: number) =>
    addPath.some((f) => f.afi === afi && f.safi === Safi.UNICAST && f[direction]);
  return { ...base, addPath: { ipv4: on(Afi.IPV4), ipv6: on(Afi.IPV6) } };
}

/**
 * What two OPENs agree on: hold time, families, ADD-PATH directions, and the optional
 * capabilities both sides advertised. Pure; the OPENs are assumed valid
 * (`validatePeerOpen` ran first).
 *
 * **When to use:** the FSM calls it on an acceptable OPEN and hands the result up in the
 * `established` event; call it directly to preview what a pair of OPENs would agree on.
 *
 * **Gotchas:** ADD-PATH is asymmetric, so there are two codec contexts: `receiveContext` for
 * decoding the peer's UPDATEs, `sendContext` for encoding ours. Their `addPath` flags cover
 * unicast only, as `CodecContext` does.
 *
 * @example
 * ```ts
 * const n = negotiate(buildLocalOpen(ctx), peerOpen);
 * const decoderCtx = n.receiveContext; // { fourOctetAs, addPath: { ipv4, ipv6 }, extendedMessages, ibgp }
 * ```
 */
export function negotiate(localOpen: OpenMessage, peerOpen: OpenMessage): NegotiatedSession {
  const localAs = announcedAs(localOpen);
  const peerAs = announcedAs(peerOpen);
  const holdTimeSec = negotiateHoldTime(localOpen.holdTimeSec, peerOpen.holdTimeSec);
  const theirs = familiesOf(peerOpen);
  const families = familiesOf(localOpen).filter((f) => theirs.some((g) => sameFamily(f, g)));
  const addPath = negotiateAddPath(localOpen, peerOpen, families);
  const both = (type: Capability['type']) => has(localOpen, type) && has(peerOpen, type);
  const base = {
    fourOctetAs: both('four-octet-as'),
    extendedMessages: both('extended-message'),
    ibgp: localAs === peerAs,
  };
  return {
    localAs,
    peerAs,
    ibgp: base.ibgp,
    holdTimeSec,
    keepaliveTimeSec: keepaliveTimeSec(holdTimeSec),
    fourOctetAs: base.fourOctetAs,
    families,
    addPath,
    routeRefresh: both('route-refresh'),
    enhancedRouteRefresh: both('enhanced-route-refresh'),
    extendedMessages: base.extendedMessages,
    gracefulRestart: both('graceful-restart') ? gracefulRestartOf(peerOpen) : undefined,
    receiveContext: codecContext(base, addPath, 'receive'),
    sendContext: codecContext(base, addPath, 'send'),
  };
}
