/**
 * Parsers for vtysh JSON (FRR 8.4): `show bgp neighbors <addr> json` (`bgpState`) and
 * `show bgp ipv4|ipv6 unicast json detail`, whose `routes` map each prefix to an array that
 * starts with a prefix summary (`{prefix, version, advertisedTo}`) followed by the paths.
 */

import type { LabRoute, SessionState } from './bgp-daemon.js';
import { LabError } from './errors.js';
import { extCommunityFromBytes, extCommunityFromParts } from './ext-community.js';
import { normalizeRoute } from './route.js';

interface FrrPath {
  aspath?: { segments?: { type: string; list?: number[] }[] };
  metric?: number;
  locPrf?: number;
  community?: { list?: string[] };
  largeCommunity?: { list?: string[] };
  extendedCommunity?: { string?: string };
  nexthops?: { ip?: string; scope?: string; afi?: string }[];
  peer?: { peerId?: string };
  addpathRxId?: number;
}

/** Parses `show bgp <afi> unicast json detail`. Locally originated paths are left out. */
export function parseFrrRoutes(json: string): LabRoute[] {
  const doc = parseJson<{ routes?: Record<string, FrrPath[]> }>(json, 'show bgp json detail');
  const routes: LabRoute[] = [];
  for (const [prefix, entries] of Object.entries(doc.routes ?? {})) {
    for (const path of entries) {
      if (path.nexthops === undefined) continue; // The prefix summary, not a path.
      const peer = path.peer?.peerId;
      // Our own `network` routes have peerId "(unspec)" (and next hop 0.0.0.0 / ::).
      if (peer === undefined || !/^[0-9a-f.:]+$/i.test(peer) || peer === '0.0.0.0') continue;
      routes.push(normalizeRoute(frrPathToRoute(prefix, path, peer)));
    }
  }
  return routes;
}

/**
 * FRR 8.4 lists well-known communities by name in its JSON (`"gracefulShutdown"`, `"noExport"`),
 * where the lab's normal form is numeric like every other daemon's. Names as bgpd 8.4 prints
 * them; values from RFC 1997, 7611, 7999, 8326, 8642, 9494 and draft-ietf-idr-rtc-no-rt.
 */
const FRR_WELL_KNOWN: Readonly<Record<string, string>> = {
  internet: '0:0',
  gracefulShutdown: '65535:0',
  acceptown: '65535:1',
  routeFilterTranslatedV4: '65535:2',
  routeFilterV4: '65535:3',
  routeFilterTranslatedV6: '65535:4',
  routeFilterV6: '65535:5',
  llgrStale: '65535:6',
  noLlgr: '65535:7',
  acceptownnexthop: '65535:8',
  blackhole: '65535:666',
  noExport: '65535:65281',
  noAdvertise: '65535:65282',
  localAs: '65535:65283',
  noPeer: '65535:65284',
};

function frrPathToRoute(prefix: string, path: FrrPath, peer: string): LabRoute {
  const nexthops = path.nexthops ?? [];
  // IPv6: a global and a link-local next hop; the global one is the attribute's first.
  const nextHop = (nexthops.find((n) => n.scope === 'global') ?? nexthops[0])?.ip ?? '';
  const route: LabRoute = {
    prefix,
    nextHop,
    asPath: (path.aspath?.segments ?? []).flatMap((s) => s.list ?? []),
    communities: (path.community?.list ?? []).map((c) => FRR_WELL_KNOWN[c] ?? c),
    largeCommunities: path.largeCommunity?.list ?? [],
    extendedCommunities: splitFrrExtCommunities(path.extendedCommunity?.string ?? '').map(
      frrExtCommunity,
    ),
    peer,
  };
  if (path.metric !== undefined) route.med = path.metric;
  if (path.locPrf !== undefined) route.localPref = path.locPrf;
  if (path.addpathRxId !== undefined) route.pathId = path.addpathRxId;
  return route;
}

/** FRR separates communities by spaces, but its unknown-type text has one too: `UNK:3, 0`. */
function splitFrrExtCommunities(text: string): string[] {
  const out: string[] = [];
  for (const token of text.split(' ').filter(Boolean)) {
    if (out.length > 0 && out[out.length - 1]!.endsWith(',')) out[out.length - 1] += ` ${token}`;
    else out.push(token);
  }
  return out;
}

/**
 * FRR prints `RT:65000:100` and `SoO:65000:7`; types it does not know as text without their
 * octets (`UNK:3, 0`, `OVS:ERROR`), kept as `frr:<text>`.
 */
function frrExtCommunity(text: string): string {
  const m = /^(RT|SoO):(.+):(\d+)$/.exec(text);
  if (m) return extCommunityFromParts(m[1] === 'RT' ? 'rt' : 'soo', m[2]!, m[3]!);
  const hex = /^0x([0-9a-f]{16})$/i.exec(text);
  if (hex) return extCommunityFromBytes(Buffer.from(hex[1]!, 'hex'));
  return `frr:${text}`;
}

/** FRR's `bgpState` words to RFC states. */
const FRR_STATES: Record<string, SessionState> = {
  Idle: 'idle',
  Connect: 'connect',
  Active: 'active',
  OpenSent: 'opensent',
  OpenConfirm: 'openconfirm',
  Established: 'established',
};

/** Parses `show bgp neighbors <addr> json` ('idle' when the neighbour does not exist). */
export function parseFrrNeighborState(json: string, address: string): SessionState {
  const doc = parseJson<Record<string, { bgpState?: string }>>(json, 'show bgp neighbors json');
  const state = doc[address]?.bgpState;
  return (state === undefined ? undefined : FRR_STATES[state]) ?? 'idle';
}

function parseJson<T>(json: string, what: string): T {
  try {
    return JSON.parse(json) as T;
  } catch (err) {
    throw new LabError('LAB_ERR_PARSE', `${what}: ${json.slice(0, 200)}`, { cause: err });
  }
}
