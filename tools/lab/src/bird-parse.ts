/**
 * Parsers for birdc output (BIRD 2.0.12): `show protocols all` (neighbour address and BGP
 * state per protocol) and `show route all` (one block per route, attributes as `BGP.*` lines).
 */

import type { LabRoute, SessionState } from './bgp-daemon.js';
import { extCommunityFromBytes, extCommunityFromParts } from './ext-community.js';
import { normalizeRoute } from './route.js';

/** One BGP protocol from `show protocols all`. */
export interface BirdProtocol {
  name: string;
  neighborAddress: string | undefined;
  /** Raw `BGP state:` text ("Established", "Passive", "Down"...). */
  bgpState: string | undefined;
}

/** Parses `birdc show protocols all` into the BGP protocols it lists. */
export function parseBirdProtocols(text: string): BirdProtocol[] {
  const out: BirdProtocol[] = [];
  let current: BirdProtocol | undefined;
  for (const line of text.split('\n')) {
    const head = /^(\S+)\s+(\S+)\s+\S+\s+\S+/.exec(line);
    if (head && !/^(BIRD|Name)\b/.test(line)) {
      current =
        head[2] === 'BGP'
          ? { name: head[1]!, neighborAddress: undefined, bgpState: undefined }
          : undefined;
      if (current) out.push(current);
      continue;
    }
    if (!current) continue;
    const state = /^\s+BGP state:\s+(\S+)/.exec(line);
    if (state) current.bgpState = state[1];
    const addr = /^\s+Neighbor address:\s+(\S+)/.exec(line);
    if (addr) current.neighborAddress = addr[1]!.split('%')[0];
  }
  return out;
}

/** Maps BIRD's `BGP state:` text to the RFC state. */
export function birdStateToSession(state: string | undefined): SessionState {
  switch (state?.toLowerCase()) {
    case 'established':
      return 'established';
    case 'openconfirm':
      return 'openconfirm';
    case 'opensent':
      return 'opensent';
    case 'connect':
      return 'connect';
    // BIRD says "Passive" for a passive protocol waiting for the peer: RFC 4271's Active.
    case 'active':
    case 'passive':
      return 'active';
    default:
      return 'idle';
  }
}

interface RouteDraft {
  prefix: string;
  protocol: string;
  isBgp: boolean;
  route: LabRoute;
}

/**
 * Parses `birdc show route all`: route headers start at column 0 (`prefix  unicast [proto ...]`)
 * or, for more routes to the same prefix, with spaces; attribute lines start with a tab.
 * Returns only routes of `Type: BGP`; `peerOf` maps a protocol name to its neighbour address.
 */
export function parseBirdRoutes(
  text: string,
  peerOf: (protocol: string) => string | undefined,
): LabRoute[] {
  const drafts: RouteDraft[] = [];
  let prefix = '';
  let current: RouteDraft | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('BIRD ') || line.startsWith('Table ') || line.trim() === '') continue;
    const header = /^(\S+)?\s+\S+\s+\[(\S+)/.exec(line);
    if (header && !line.startsWith('\t')) {
      if (header[1]) prefix = header[1];
      current = {
        prefix,
        protocol: header[2]!,
        isBgp: false,
        route: {
          prefix,
          nextHop: '',
          asPath: [],
          communities: [],
          largeCommunities: [],
          extendedCommunities: [],
        },
      };
      drafts.push(current);
      continue;
    }
    if (current) applyAttribute(current, line.trim());
  }
  return drafts
    .filter((d) => d.isBgp)
    .map((d) => {
      const peer = peerOf(d.protocol);
      return normalizeRoute(peer === undefined ? d.route : { ...d.route, peer });
    });
}

function applyAttribute(draft: RouteDraft, line: string): void {
  const r = draft.route;
  if (line.startsWith('Type: BGP')) draft.isBgp = true;
  const m = /^BGP\.(\w+):\s*(.*)$/.exec(line);
  if (!m) return;
  const [, name, value] = m as unknown as [string, string, string];
  switch (name) {
    case 'as_path':
      r.asPath = (value.match(/\d+/g) ?? []).map(Number);
      return;
    case 'next_hop':
      // IPv6 next hops come as "global link-local": the global one is the BGP next hop.
      r.nextHop = value.split(/\s+/)[0] ?? '';
      return;
    case 'med':
      r.med = Number(value);
      return;
    case 'local_pref':
      r.localPref = Number(value);
      return;
    case 'community':
      r.communities = [...value.matchAll(/\((\d+),\s*(\d+)\)/g)].map((c) => `${c[1]}:${c[2]}`);
      return;
    case 'large_community':
      r.largeCommunities = [...value.matchAll(/\((\d+),\s*(\d+),\s*(\d+)\)/g)].map(
        (c) => `${c[1]}:${c[2]}:${c[3]}`,
      );
      return;
    case 'ext_community':
      r.extendedCommunities = [...value.matchAll(/\(([^)]*)\)/g)].map((c) =>
        birdExtCommunity(c[1]!),
      );
      return;
  }
}

/** BIRD prints `(rt, 65000, 100)`, `(ro, 192.0.2.1, 7)` (ro = route origin), `(generic, 0x.., 0x..)`. */
function birdExtCommunity(inner: string): string {
  const [kind, a, b] = inner.split(',').map((s) => s.trim()) as [string, string, string];
  if (kind === 'rt' || kind === 'ro')
    return extCommunityFromParts(kind === 'rt' ? 'rt' : 'soo', a, b);
  if (kind === 'generic' || kind === 'unknown') {
    const bytes = new Uint8Array(8);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, Number(a));
    view.setUint32(4, Number(b));
    return extCommunityFromBytes(bytes);
  }
  return `bird:${inner}`;
}
