/**
 * Test helper (not exported): the routes each interop session announces and how a daemon's own
 * table must show them (the lab's normal form: communities sorted numerically, extended
 * communities as `rt:` / `soo:` text sorted as strings).
 */

import type { LabHost, LabRoute, RouteFamily } from '@baremetal-lb/lab';
import type { Route } from '../speaker/route.js';

/** The documentation prefix number `n` of a family: 203.0.113.n/32 or 2001:db8:n::/48. */
export function prefixOf(family: RouteFamily, n: number): string {
  return family === 'ipv4' ? `203.0.113.${n}/32` : `2001:db8:${n.toString(16)}::/48`;
}

/** A host's address of the transport family. */
export function addressOf(host: LabHost, family: RouteFamily): string {
  if (family === 'ipv4') return host.ipv4;
  if (host.ipv6 === undefined) throw new Error(`${host.name} has no IPv6 address`);
  return host.ipv6;
}

/**
 * The routes one session announces: `base` picks disjoint prefixes per session. The first
 * carries every attribute we send (two communities, a large community with a 4-octet global
 * part, route target / route origin extended communities in the 2-octet AS, IPv4 and 4-octet AS
 * forms, MED, and a LOCAL_PREF that only iBGP peers get); the second none; the third is the
 * one the tests withdraw.
 */
export function routesFor(family: RouteFamily, base: number): Route[] {
  return [
    {
      prefix: prefixOf(family, base),
      communities: ['65000:200', '65000:100'],
      largeCommunities: ['4200000001:1:2'],
      extendedCommunities: ['rt:65000:100', 'soo:192.0.2.1:7', 'rt:4200000001:9'],
      med: 5,
      localPref: 250,
    },
    { prefix: prefixOf(family, base + 1) },
    { prefix: prefixOf(family, base + 2), communities: ['65000:300'], med: 7 },
  ];
}

/** What a daemon's table shows, and where daemons differ. */
export interface TableView {
  /** LOCAL_PREF the daemon shows on routes learned over eBGP (BIRD sets 100; others none). */
  readonly ebgpLocalPref?: number;
  /**
   * LOCAL_PREF the daemon gives routes carrying GRACEFUL_SHUTDOWN (65535:0): FRR lowers it to
   * 0 by itself, as RFC 8326 §4.2 suggests a receiver may.
   */
  readonly gracefulShutdownLocalPref?: number;
}

function numeric(a: string, b: string): number {
  const pa = a.split(':').map(Number);
  const pb = b.split(':').map(Number);
  for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

/**
 * The daemon's view of `route` as announced by `host` (AS `localAs`) over a session of
 * `family`: next hop self, our AS prepended on eBGP, LOCAL_PREF (default 100) on iBGP only.
 */
export function expectedRoute(
  route: Route,
  session: { host: LabHost; family: RouteFamily; localAs: number; ibgp: boolean },
  view: TableView,
  extraCommunities: readonly string[] = [],
): LabRoute {
  const expected: LabRoute = {
    prefix: route.prefix,
    nextHop: addressOf(session.host, session.family),
    asPath: session.ibgp ? [] : [session.localAs],
    communities: [...(route.communities ?? []), ...extraCommunities].sort(numeric),
    largeCommunities: [...(route.largeCommunities ?? [])].sort(numeric),
    extendedCommunities: [...((route.extendedCommunities ?? []) as string[])].sort(),
    peer: addressOf(session.host, session.family),
  };
  if (route.med !== undefined) expected.med = route.med;
  const drained = extraCommunities.includes('65535:0') ? view.gracefulShutdownLocalPref : undefined;
  const localPref = drained ?? (session.ibgp ? (route.localPref ?? 100) : view.ebgpLocalPref);
  if (localPref !== undefined) expected.localPref = localPref;
  return expected;
}

/** The routes of `table` learned from `peer`. */
export function fromPeer(table: readonly LabRoute[], peer: string): LabRoute[] {
  return table.filter((r) => r.peer === peer);
}

/** Sorted by prefix, for comparing tables. */
export function byPrefix(routes: readonly LabRoute[]): LabRoute[] {
  return [...routes].sort((a, b) => a.prefix.localeCompare(b.prefix));
}

/** Same routes, in any order. */
export function sameRoutes(a: readonly LabRoute[], b: readonly LabRoute[]): boolean {
  const key = (r: LabRoute) => JSON.stringify(r, Object.keys(r).sort());
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.length === right.length && left.every((k, i) => k === right[i]);
}
