/**
 * Folds ExaBGP's JSON API messages (ExaBGP 4.2, `encoder json`, `receive { parsed; update; }`
 * and `neighbor-changes`) into a table: one line per message; `update` messages announce or
 * withdraw NLRI, `state` messages say connected/up/down. ExaBGP keeps no Adj-RIB-In we can
 * query, so this fold *is* its table: a peer going down takes its routes with it.
 */

import type { LabRoute, RouteFamily, SessionState } from './bgp-daemon.js';
import { extCommunityFromBigInt } from './ext-community.js';
import { normalizeRoute, sortRoutes } from './route.js';

interface ExaAttributes {
  'as-path'?: (number | number[])[];
  med?: number;
  'local-preference'?: number;
  community?: [number, number][];
  'large-community'?: [number, number, number][];
  'extended-community'?: { value: string | number }[];
}

type ExaNlri = { nlri: string; 'path-information'?: string } | string;

interface ExaMessage {
  type?: string;
  neighbor?: {
    address?: { peer?: string };
    state?: string;
    message?: {
      update?: {
        attribute?: ExaAttributes;
        announce?: Record<string, Record<string, ExaNlri[] | Record<string, unknown>>>;
        withdraw?: Record<string, ExaNlri[] | Record<string, unknown>>;
      };
    };
  };
}

/** What the fold of ExaBGP's messages knows. */
export interface ExaTable {
  /** Routes by `${peer} ${family} ${prefix} ${pathId}`. */
  routes: Map<string, LabRoute>;
  /** Last `state` per peer ("connected", "up", "down"). */
  states: Map<string, string>;
}

const FAMILY_KEYS: Record<string, RouteFamily> = { 'ipv4 unicast': 'ipv4', 'ipv6 unicast': 'ipv6' };

/** Folds the received-messages file (one JSON object a line; other lines are ignored). */
export function foldExaMessages(text: string): ExaTable {
  const table: ExaTable = { routes: new Map(), states: new Map() };
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    // 64-bit extended community values lose precision as JSON numbers: keep them as text.
    const msg = JSON.parse(line.replace(/"value":\s*(\d+)/g, '"value": "$1"')) as ExaMessage;
    const peer = msg.neighbor?.address?.peer;
    if (peer === undefined) continue;
    if (msg.type === 'state' && msg.neighbor?.state) {
      table.states.set(peer, msg.neighbor.state);
      if (msg.neighbor.state === 'down') {
        for (const [key, route] of table.routes) if (route.peer === peer) table.routes.delete(key);
      }
    }
    const update = msg.neighbor?.message?.update;
    if (msg.type === 'update' && update) foldUpdate(table, peer, update);
  }
  return table;
}

/** The routes of `family` in a folded table, normalized and sorted. */
export function exaRoutes(table: ExaTable, family: RouteFamily): LabRoute[] {
  return sortRoutes(
    [...table.routes.entries()].filter(([key]) => key.split(' ')[1] === family).map(([, r]) => r),
  );
}

/** ExaBGP reports only TCP up ("connected"), Established ("up") and "down". */
export function exaStateToSession(state: string | undefined): SessionState {
  if (state === 'up') return 'established';
  // ExaBGP sends its OPEN as soon as TCP is up.
  if (state === 'connected') return 'opensent';
  return 'idle';
}

function foldUpdate(table: ExaTable, peer: string, update: NonNullable<ExaMessageUpdate>): void {
  for (const [familyKey, entries] of Object.entries(update.withdraw ?? {})) {
    const family = FAMILY_KEYS[familyKey];
    if (!family) continue;
    for (const { prefix, pathId } of nlris(entries))
      table.routes.delete(routeKey(peer, family, prefix, pathId));
  }
  for (const [familyKey, byNextHop] of Object.entries(update.announce ?? {})) {
    const family = FAMILY_KEYS[familyKey];
    if (!family) continue;
    // An IPv6 next hop of global + link-local address (RFC 2545 §3) is listed twice, the same
    // NLRI under each address: the route's next hop is the global one.
    const announced = new Set<string>();
    for (const [nextHopKey, entries] of globalFirst(Object.entries(byNextHop))) {
      for (const { prefix, pathId } of nlris(entries)) {
        const key = routeKey(peer, family, prefix, pathId);
        if (announced.has(key)) continue;
        announced.add(key);
        const route = attributesToRoute(
          prefix,
          nextHopKey.split(' ')[0]!,
          peer,
          update.attribute ?? {},
        );
        if (pathId !== undefined) route.pathId = pathId;
        table.routes.set(key, normalizeRoute(route));
      }
    }
  }
}

/** Next-hop groups with link-local (fe80::/10) addresses last. */
function globalFirst<T>(groups: [string, T][]): [string, T][] {
  const isLinkLocal = (key: string) => /^fe[89ab]/i.test(key);
  return [...groups.filter(([k]) => !isLinkLocal(k)), ...groups.filter(([k]) => isLinkLocal(k))];
}

type ExaMessageUpdate = NonNullable<
  NonNullable<NonNullable<ExaMessage['neighbor']>['message']>['update']
>;

/** NLRI come as `[{nlri, path-information?}]` (4.2) or as an object keyed by prefix (older). */
function nlris(
  entries: ExaNlri[] | Record<string, unknown>,
): { prefix: string; pathId?: number }[] {
  const list = Array.isArray(entries) ? entries : Object.keys(entries);
  return list.map((e) => {
    if (typeof e === 'string') return { prefix: e };
    const pi = e['path-information'];
    return pi === undefined ? { prefix: e.nlri } : { prefix: e.nlri, pathId: pathIdOf(pi) };
  });
}

/** ExaBGP prints path identifiers dotted, like an IPv4 address ("0.0.0.1"). */
function pathIdOf(text: string): number {
  if (!text.includes('.')) return Number(text);
  return text.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function routeKey(
  peer: string,
  family: RouteFamily,
  prefix: string,
  pathId: number | undefined,
): string {
  return `${peer} ${family} ${prefix} ${pathId ?? 0}`;
}

function attributesToRoute(
  prefix: string,
  nextHop: string,
  peer: string,
  a: ExaAttributes,
): LabRoute {
  const route: LabRoute = {
    prefix,
    nextHop,
    asPath: (a['as-path'] ?? []).flat(),
    communities: (a.community ?? []).map(([x, y]) => `${x}:${y}`),
    largeCommunities: (a['large-community'] ?? []).map(([x, y, z]) => `${x}:${y}:${z}`),
    extendedCommunities: (a['extended-community'] ?? []).map((c) =>
      extCommunityFromBigInt(BigInt(c.value)),
    ),
    peer,
  };
  if (a.med !== undefined) route.med = a.med;
  if (a['local-preference'] !== undefined) route.localPref = a['local-preference'];
  return route;
}
