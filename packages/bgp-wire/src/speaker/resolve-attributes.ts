/**
 * A route template made concrete for one session (RFC 4271 §5.1 and §9.1.3):
 * - AS_PATH: our AS prepended toward eBGP peers, the template's path as is toward iBGP peers
 *   (empty for our own routes); AS_TRANS plus AS4_PATH toward a peer without 4-octet AS
 *   support (RFC 6793 §4.2.2);
 * - LOCAL_PREF only toward iBGP peers (RFC 4271 §5.1.5), 100 unless the route says;
 * - NEXT_HOP "self": the route's next hop, else the peer's configured one, else the local
 *   address of this session's connection (IPv6: global, plus link-local when known);
 * - GRACEFUL_SHUTDOWN (65535:0) added while draining (RFC 8326).
 */

import { isIPv4, isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { WELL_KNOWN_COMMUNITIES } from '../codec/attributes/communities.js';
import { AS_TRANS } from '../codec/constants.js';
import type { AsPathSegment, PathAttribute } from '../codec/types.js';
import type { SessionInfo } from '../session/session-types.js';
import type { ResolvedAttributes } from '../session/update-sender.js';
import type { RouteAttributes } from './route.js';

/** Per-peer settings that shape the attributes. */
export interface PeerAttributeSettings {
  readonly localAs: number;
  /** Next hop for IPv4 routes instead of the session's local address. */
  readonly nextHopIpv4?: string;
  /** Next hop(s) for IPv6 routes: global, then optionally link-local. */
  readonly nextHopIpv6?: readonly string[];
}

const LOCAL_PREF_DEFAULT = 100;
/** RFC 4271 §4.3: a path segment holds at most 255 ASNs. */
const MAX_SEGMENT = 255;

function segmentsOf(asns: readonly number[]): AsPathSegment[] {
  const out: AsPathSegment[] = [];
  for (let i = 0; i < asns.length; i += MAX_SEGMENT) {
    out.push({ type: 'sequence', asns: asns.slice(i, i + MAX_SEGMENT) });
  }
  return out;
}

function asPathAttributes(asns: readonly number[], fourOctetAs: boolean): PathAttribute[] {
  const hasWide = asns.some((asn) => asn > 0xffff);
  if (fourOctetAs || !hasWide) return [{ type: 'as-path', segments: segmentsOf(asns) }];
  // RFC 6793 §4.2.2: toward an OLD speaker, AS_TRANS stands in and AS4_PATH carries the truth.
  const narrow = asns.map((asn) => (asn > 0xffff ? AS_TRANS : asn));
  return [
    { type: 'as-path', segments: segmentsOf(narrow) },
    { type: 'as4-path', segments: segmentsOf(asns) },
  ];
}

/** The attributes every prefix of the template shares in this session (no next hop). */
function sharedAttributes(
  t: RouteAttributes,
  info: SessionInfo,
  peer: PeerAttributeSettings,
): PathAttribute[] {
  const n = info.negotiated;
  const asns = n.ibgp ? t.asPath : [peer.localAs, ...t.asPath];
  const out: PathAttribute[] = [
    { type: 'origin', origin: t.origin },
    ...asPathAttributes(asns, n.fourOctetAs),
  ];
  if (t.med !== undefined) out.push({ type: 'med', med: t.med });
  // RFC 4271 §5.1.5: LOCAL_PREF is sent to internal peers only.
  if (n.ibgp) out.push({ type: 'local-pref', localPref: t.localPref ?? LOCAL_PREF_DEFAULT });
  const communities = info.gracefulShutdown
    ? [...new Set([...t.communities, WELL_KNOWN_COMMUNITIES.GRACEFUL_SHUTDOWN])]
    : t.communities;
  if (communities.length > 0) out.push({ type: 'communities', communities: [...communities] });
  if (t.largeCommunities.length > 0) {
    out.push({ type: 'large-communities', communities: [...t.largeCommunities] });
  }
  if (t.extendedCommunities.length > 0) {
    out.push({ type: 'extended-communities', communities: [...t.extendedCommunities] });
  }
  return out;
}

/** The link-local address on the interface that holds `address`, when this host has it. */
export function linkLocalFor(address: string): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    if (!addresses?.some((a) => a.address === address)) continue;
    const ll = addresses.find((a) => a.family === 'IPv6' && a.address.startsWith('fe80:'));
    if (ll) return ll.address.split('%')[0];
  }
  return undefined;
}

function ipv6NextHops(
  t: RouteAttributes,
  info: SessionInfo,
  peer: PeerAttributeSettings,
): string[] | undefined {
  if (t.nextHop !== undefined && isIPv6(t.nextHop)) return [t.nextHop];
  if (peer.nextHopIpv6 !== undefined) return [...peer.nextHopIpv6];
  const local = info.localAddress;
  if (isIPv6(local)) {
    const ll = local.startsWith('fe80:') ? undefined : linkLocalFor(local);
    return ll === undefined ? [local] : [local, ll];
  }
  // IPv6 routes over IPv4 transport: the IPv4-mapped address (RFC 4291 §2.5.5.2), as GoBGP does.
  return isIPv4(local) ? [`::ffff:${local}`] : undefined;
}

/**
 * A template's attributes in one session. `ipv4`/`ipv6` are undefined when that family has no
 * usable next hop (IPv4 routes over an IPv6 session without `nextHopIpv4`).
 */
export function resolveAttributes(
  t: RouteAttributes,
  info: SessionInfo,
  peer: PeerAttributeSettings,
): ResolvedAttributes {
  const shared = sharedAttributes(t, info, peer);
  const v4 =
    t.nextHop !== undefined && isIPv4(t.nextHop)
      ? t.nextHop
      : (peer.nextHopIpv4 ?? (isIPv4(info.localAddress) ? info.localAddress : undefined));
  const v6 = ipv6NextHops(t, info, peer);
  return {
    ipv4: v4 === undefined ? undefined : [...shared, { type: 'next-hop', nextHop: v4 }],
    ipv6: v6 === undefined ? undefined : { attributes: shared, nextHops: v6 },
  };
}
