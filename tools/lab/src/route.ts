/**
 * Small helpers shared by the drivers: family checks and the normal form of a route
 * (community lists sorted so two daemons' views compare equal).
 */

import { isIPv4, isIPv6 } from 'node:net';
import type { AnnounceRoute, LabRoute, RouteFamily } from './bgp-daemon.js';
import { LabError } from './errors.js';
import { parseExtCommunity } from './ext-community.js';

/** The family of an address or prefix text. */
export function familyOf(addressOrPrefix: string): RouteFamily {
  const address = addressOrPrefix.split('/')[0]!;
  if (isIPv4(address)) return 'ipv4';
  if (isIPv6(address)) return 'ipv6';
  throw new LabError('LAB_ERR_INVALID_ARGUMENT', `not an IP address or prefix: ${addressOrPrefix}`);
}

/** Throws unless `prefix` is an `address/length` of `family`. */
export function checkPrefix(family: RouteFamily, prefix: string): void {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(prefix);
  const max = family === 'ipv4' ? 32 : 128;
  if (!m || familyOf(m[1]!) !== family || Number(m[2]) > max) {
    throw new LabError('LAB_ERR_INVALID_ARGUMENT', `not an ${family} prefix: ${prefix}`);
  }
}

/** Validates an announcement's text fields before any daemon sees them. */
export function checkAnnounce(family: RouteFamily, route: AnnounceRoute): void {
  checkPrefix(family, route.prefix);
  for (const c of route.communities ?? []) {
    if (!/^\d{1,5}:\d{1,5}$/.test(c))
      throw new LabError('LAB_ERR_INVALID_ARGUMENT', `bad community ${c}`);
  }
  for (const c of route.largeCommunities ?? []) {
    if (!/^\d{1,10}:\d{1,10}:\d{1,10}$/.test(c)) {
      throw new LabError('LAB_ERR_INVALID_ARGUMENT', `bad large community ${c}`);
    }
  }
  for (const c of route.extendedCommunities ?? []) parseExtCommunity(c);
  if (route.nextHop !== undefined && familyOf(route.nextHop) !== family) {
    throw new LabError('LAB_ERR_INVALID_ARGUMENT', `next hop ${route.nextHop} is not ${family}`);
  }
}

/** Compares "a:b[:c]" by each numeric part in turn. */
export function compareNumericParts(a: string, b: string): number {
  const pa = a.split(':').map(Number);
  const pb = b.split(':').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** Sorts the community lists in place and drops undefined optional fields. */
export function normalizeRoute(route: LabRoute): LabRoute {
  const out: LabRoute = {
    prefix: route.prefix,
    nextHop: route.nextHop,
    asPath: route.asPath,
    communities: [...route.communities].sort(compareNumericParts),
    largeCommunities: [...route.largeCommunities].sort(compareNumericParts),
    extendedCommunities: [...route.extendedCommunities].sort(),
  };
  if (route.med !== undefined) out.med = route.med;
  if (route.localPref !== undefined) out.localPref = route.localPref;
  if (route.pathId !== undefined) out.pathId = route.pathId;
  if (route.peer !== undefined) out.peer = route.peer;
  return out;
}

/** Sorts a table by prefix, then peer, then path id, so outputs are stable. */
export function sortRoutes(routes: LabRoute[]): LabRoute[] {
  return routes.sort(
    (x, y) =>
      x.prefix.localeCompare(y.prefix) ||
      (x.peer ?? '').localeCompare(y.peer ?? '') ||
      (x.pathId ?? 0) - (y.pathId ?? 0),
  );
}
