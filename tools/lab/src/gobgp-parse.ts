/**
 * Parsers for the gobgp CLI's JSON (GoBGP 3.10): `gobgp -j global rib -a ipv4|ipv6` (a map
 * from prefix to paths, attributes as `{type, ...}` objects keyed by attribute type code) and
 * `gobgp -j neighbor <addr>` (`state.session_state`, the API's numeric FSM state).
 */

import type { LabRoute, SessionState } from './bgp-daemon.js';
import { LabError } from './errors.js';
import {
  extCommunityFromBigInt,
  extCommunityFromBytes,
  extCommunityFromTyped,
} from './ext-community.js';
import { normalizeRoute } from './route.js';

interface GobgpAttr {
  type: number;
  value?: unknown;
  metric?: number;
  nexthop?: string;
  communities?: number[];
  as_paths?: { segment_type: number; asns?: number[] }[];
}

interface GobgpPath {
  nlri: { prefix: string; path_id?: number; id?: number };
  attrs?: GobgpAttr[];
  'neighbor-ip'?: string;
  'source-id'?: string;
  id?: number;
}

interface GobgpExt {
  type: number;
  subtype: number;
  value: string | number;
}

/** Path attribute type codes (RFC 4271 §5, RFC 4760, RFC 8092). */
const ATTR = {
  AS_PATH: 2,
  NEXT_HOP: 3,
  MULTI_EXIT_DISC: 4,
  LOCAL_PREF: 5,
  COMMUNITIES: 8,
  MP_REACH_NLRI: 14,
  EXTENDED_COMMUNITIES: 16,
  LARGE_COMMUNITY: 32,
} as const;

/**
 * Parses `gobgp -j global rib`. Paths GoBGP originated itself (no `neighbor-ip`) are left
 * out: the table is what peers sent.
 */
export function parseGobgpRib(json: string): LabRoute[] {
  const text = json.trim();
  if (text === '' || text === 'null') return [];
  const rib = JSON.parse(text) as Record<string, GobgpPath[]>;
  const routes: LabRoute[] = [];
  for (const [prefix, paths] of Object.entries(rib)) {
    for (const path of paths) {
      const peer = path['neighbor-ip'];
      if (peer === undefined || peer === '' || peer === '<nil>') continue;
      routes.push(normalizeRoute(pathToRoute(prefix, path, peer)));
    }
  }
  return routes;
}

function pathToRoute(prefix: string, path: GobgpPath, peer: string): LabRoute {
  const route: LabRoute = {
    prefix: path.nlri.prefix ?? prefix,
    nextHop: '',
    asPath: [],
    communities: [],
    largeCommunities: [],
    extendedCommunities: [],
    peer,
  };
  const pathId = path.nlri.path_id ?? path.nlri.id ?? path.id;
  if (pathId !== undefined && pathId !== 0) route.pathId = pathId;
  for (const a of path.attrs ?? []) {
    switch (a.type) {
      case ATTR.AS_PATH:
        route.asPath = (a.as_paths ?? []).flatMap((s) => s.asns ?? []);
        break;
      case ATTR.NEXT_HOP:
      case ATTR.MP_REACH_NLRI:
        route.nextHop = a.nexthop ?? route.nextHop;
        break;
      case ATTR.MULTI_EXIT_DISC:
        route.med = a.metric ?? 0;
        break;
      case ATTR.LOCAL_PREF:
        route.localPref = Number(a.value);
        break;
      case ATTR.COMMUNITIES:
        route.communities = (a.communities ?? []).map((c) => `${c >>> 16}:${c & 0xffff}`);
        break;
      case ATTR.EXTENDED_COMMUNITIES:
        route.extendedCommunities = ((a.value ?? []) as GobgpExt[]).map(gobgpExtCommunity);
        break;
      case ATTR.LARGE_COMMUNITY:
        route.largeCommunities = (
          (a.value ?? []) as { ASN: number; LocalData1: number; LocalData2: number }[]
        ).map((c) => `${c.ASN}:${c.LocalData1}:${c.LocalData2}`);
        break;
    }
  }
  return route;
}

/**
 * GoBGP: `{type: 0|1|2 (AS2, IPv4, AS4), subtype: 2 (RT) | 3 (SoO), value: "G:L"}`, four-octet
 * ASNs in asdot ("64086.59904:7").
 */
function gobgpExtCommunity(ec: GobgpExt): string {
  if (ec.type <= 2 && (ec.subtype === 2 || ec.subtype === 3) && typeof ec.value === 'string') {
    const cut = ec.value.lastIndexOf(':');
    return extCommunityFromTyped(
      ec.type,
      ec.subtype,
      ec.value.slice(0, cut),
      ec.value.slice(cut + 1),
    );
  }
  // Types GoBGP does not know: the octets after the type in base64 (sub-type, 6-octet value).
  if (typeof ec.value === 'string' && /^[A-Za-z0-9+/]{10}==$/.test(ec.value)) {
    const octets = Buffer.from(ec.value, 'base64');
    return extCommunityFromBytes(Uint8Array.from([ec.type, ...octets]));
  }
  // Opaque (RFC 4360 §3.3) sub-types it knows: the 6-octet value as a number.
  if ((ec.type & 0x3f) === 0x03 && typeof ec.value === 'number') {
    return extCommunityFromBigInt(
      (BigInt(ec.type) << 56n) | (BigInt(ec.subtype) << 48n) | BigInt(ec.value),
    );
  }
  return `gobgp:${JSON.stringify(ec)}`;
}

/** gobgp API's `PeerState.SessionState` numbers. */
const SESSION_STATES: Record<number, SessionState> = {
  1: 'idle',
  2: 'connect',
  3: 'active',
  4: 'opensent',
  5: 'openconfirm',
  6: 'established',
};

/** Parses `gobgp -j neighbor <addr>` into the session state ('idle' when absent). */
export function parseGobgpNeighborState(json: string): SessionState {
  let peer: { state?: { session_state?: number } };
  try {
    peer = JSON.parse(json) as typeof peer;
  } catch (err) {
    throw new LabError('LAB_ERR_PARSE', `gobgp neighbor: ${json.slice(0, 200)}`, { cause: err });
  }
  return SESSION_STATES[peer.state?.session_state ?? 1] ?? 'idle';
}
