/**
 * Rules that span several objects of a kind (MetalLB `validateDuplicate*`, the localPref
 * rule, FRR's per-node peer rules, BFD echo with IPv6 pools). Inputs are sorted by name, so
 * the object reported ("the later one") never depends on input order.
 */
import { type BuildContext, nodeSetsIntersect } from './context.js';
import type { BfdProfile, BgpAdvertisement, Peer, Pool } from './model.js';

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const r = v as Record<string, unknown>;
    const keys = Object.keys(r)
      .filter((k) => r[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(r[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Value identity of two objects, ignoring key order and the name. */
export function sameSpec(a: { name: string }, b: { name: string }): boolean {
  return canonical({ ...a, name: '' }) === canonical({ ...b, name: '' });
}

/** Identical advertisements, and the localPref rule for ads sharing a pool. */
export function checkBgpAdvertisements(
  ads: readonly BgpAdvertisement[],
  pools: readonly Pool[],
  ctx: BuildContext,
): BgpAdvertisement[] {
  const bad = new Set<number>();
  for (let j = 0; j < ads.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = ads[i]!;
      const b = ads[j]!;
      const report = ctx.sink.for('BGPAdvertisement', b.name);
      if (sameSpec(a, b)) {
        report.add(
          'spec',
          `duplicate definition of bgpadvertisements. advertisement ${i + 1} and ${j + 1} are equal`,
        );
        bad.add(j);
      } else if (localPrefConflicts(a, b, pools)) {
        report.add(
          'spec.localPref',
          `invalid local preference ${b.localPref}: local preferece ${a.localPref} was already set for the same type of BGP update. Check existing BGP advertisements with common pools and aggregation lengths`,
        );
        bad.add(j);
      }
    }
  }
  return ads.filter((_, i) => !bad.has(i));
}

function localPrefConflicts(a: BgpAdvertisement, b: BgpAdvertisement, pools: readonly Pool[]) {
  if (a.localPref === b.localPref) return false;
  if (a.serviceSelectors.length > 0 || b.serviceSelectors.length > 0) return false;
  if (a.peers.length > 0 && b.peers.length > 0 && !a.peers.some((p) => b.peers.includes(p))) {
    return false;
  }
  if (!nodeSetsIntersect(a.nodes, b.nodes)) return false;
  return pools.some((pool) => {
    if (!a.pools.includes(pool.name) || !b.pools.includes(pool.name)) return false;
    const hasV4 = pool.ranges.some((r) => r.family === 'ipv4');
    const hasV6 = pool.ranges.some((r) => r.family === 'ipv6');
    const sameV4 = !hasV4 || a.aggregationLength === b.aggregationLength;
    const sameV6 = !hasV6 || a.aggregationLengthV6 === b.aggregationLengthV6;
    return sameV4 && sameV6;
  });
}

function peerLabel(p: Peer): string {
  return p.peerAddress ?? p.interface ?? p.name;
}

/** Identical peers; in FRR mode the rules for peers that can share a node. */
export function checkPeers(peers: readonly Peer[], ctx: BuildContext): Peer[] {
  const bad = new Set<number>();
  const nodesKnown = ctx.nodes.length > 0;
  for (let j = 0; j < peers.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = peers[i]!;
      const b = peers[j]!;
      const report = ctx.sink.for('BGPPeer', b.name);
      const before = ctx.sink.problems.length;
      const sameNode = !nodesKnown || nodeSetsIntersect(a.nodes, b.nodes);
      const sameVrf = (a.vrf ?? '') === (b.vrf ?? '');
      const sameTarget = sameVrf && a.peerAddress === b.peerAddress && a.interface === b.interface;
      if (sameSpec(a, b) || (sameTarget && sameNode && ctx.bgpMode === 'frr')) {
        report.add('spec', `peer ${peerLabel(b)} already exists`);
      } else if (ctx.bgpMode === 'frr' && sameNode) {
        if ((a.routerID ?? '') !== (b.routerID ?? '')) {
          report.add(
            'spec.routerID',
            `peers ${JSON.stringify(a.name)} and ${JSON.stringify(b.name)} can run on the same node and must have the same routerID`,
          );
        }
        if (sameVrf && a.myASN !== b.myASN) {
          report.add(
            'spec.myASN',
            `peers ${JSON.stringify(a.name)} and ${JSON.stringify(b.name)} can run on the same node in vrf ${JSON.stringify(a.vrf ?? '')} and must have the same myASN`,
          );
        }
      }
      if (ctx.sink.problems.length !== before) bad.add(j);
    }
  }
  return peers.filter((_, i) => !bad.has(i));
}

/** MetalLB: BFD echo mode cannot be used with a peer that advertises an IPv6 pool. */
export function checkEchoWithIpv6(
  ads: readonly BgpAdvertisement[],
  pools: readonly Pool[],
  peers: readonly Peer[],
  bfd: readonly BfdProfile[],
  ctx: BuildContext,
): void {
  const echo = new Set(bfd.filter((p) => p.echoMode).map((p) => p.name));
  for (const ad of ads) {
    for (const pool of pools) {
      if (!ad.pools.includes(pool.name) || !pool.ranges.some((r) => r.family === 'ipv6')) continue;
      for (const peer of peers) {
        if (ad.peers.length > 0 && !ad.peers.includes(peer.name)) continue;
        if (peer.bfdProfile === undefined || !echo.has(peer.bfdProfile)) continue;
        ctx.sink.add(
          'BGPPeer',
          peer.name,
          'spec.bfdProfile',
          `pool ${pool.name} has bgpadvertisement ${ad.name} which references peer ${peerLabel(peer)} which has bfd echo enabled, which is not possible`,
        );
      }
    }
  }
}
