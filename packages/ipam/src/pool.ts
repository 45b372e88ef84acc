/**
 * Pools as the allocator holds them: a name, address ranges in written order (the order
 * MetalLB's first-fit walks) and the flags that steer allocation. Also MetalLB's counting of a
 * pool's size for metrics and IPAddressPool status.
 */
import type { IpFamily } from './address.js';
import { IpamError } from './errors.js';
import {
  type AddressRange,
  buggyCount,
  isBuggyAddress,
  parseAddressRange,
  rangeContains,
  rangeToPrefixes,
} from './range.js';

/** A pool as the caller describes it (config's IPAddressPool, Kubernetes-free). */
export interface PoolSpec {
  /** Unique pool name. */
  readonly name: string;
  /** Entries in written order: ranges, or text as MetalLB writes it (`10.0.0.0/24`, `a-b`). */
  readonly addresses: readonly (AddressRange | string)[];
  /** false: used only when a request names the pool or one of its IPs. Default true. */
  readonly autoAssign?: boolean;
  /** Never hand out IPv4 addresses ending `.0` or `.255`, not even on request. Default false. */
  readonly avoidBuggyIPs?: boolean;
  /**
   * True when the pool has a `serviceAllocation`: it then serves only requests whose
   * eligibility says so, and goes before the pools without one. Default false.
   */
  readonly serviceAllocation?: boolean;
  /** serviceAllocation.priority: lower number first; 0 or unset sorts after every positive one. */
  readonly priority?: number;
}

/** Usage numbers of one pool, as MetalLB's metrics and IPAddressPool status count them. */
export interface PoolCounters {
  /** Distinct addresses held (a shared address counts once). */
  readonly assignedIPv4: number;
  readonly assignedIPv6: number;
  /**
   * Size of the pool per family: buggy addresses excluded under avoidBuggyIPs; capped at
   * 2^63-1 (Go's MaxInt64), and exactly that when any IPv6 CIDR has >= 62 host bits.
   */
  readonly totalIPv4: bigint;
  readonly totalIPv6: bigint;
  /** total minus assigned (a MaxInt64 total stays MaxInt64, as MetalLB never runs it out). */
  readonly availableIPv4: bigint;
  readonly availableIPv6: bigint;
}

/** Go's math.MaxInt64, MetalLB's "might as well be infinite". */
export const MAX_INT64 = (1n << 63n) - 1n;

/** A normalised pool. */
export interface Pool {
  readonly name: string;
  readonly ranges: readonly AddressRange[];
  readonly autoAssign: boolean;
  readonly avoidBuggyIPs: boolean;
  readonly serviceAllocation: boolean;
  readonly priority: number;
  /** Position in the list given to the allocator. */
  readonly index: number;
  readonly total: Record<IpFamily, bigint>;
  readonly assigned: Record<IpFamily, number>;
}

function countFamily(
  ranges: readonly AddressRange[],
  family: IpFamily,
  avoidBuggy: boolean,
): bigint {
  let total = 0n;
  for (const r of ranges) {
    if (r.family !== family) continue;
    for (const p of rangeToPrefixes(r)) {
      const hostBits = (family === 'ipv4' ? 32 : 128) - p.prefixLength;
      if (family === 'ipv6' && hostBits >= 62) return MAX_INT64;
      const block = { family, first: p.first, last: p.first + (1n << BigInt(hostBits)) - 1n };
      total += (1n << BigInt(hostBits)) - (avoidBuggy ? buggyCount(block) : 0n);
    }
  }
  return total > MAX_INT64 ? MAX_INT64 : total;
}

/** Normalises a spec; parses text entries. @throws IpamError on a bad entry or name. */
export function poolFromSpec(spec: PoolSpec, index: number): Pool {
  if (spec.name === '') throw new IpamError('IPAM_ERR_INVALID_POOL', 'pool has no name');
  const ranges = spec.addresses.map((a) => (typeof a === 'string' ? parseAddressRange(a) : a));
  if (ranges.length === 0) {
    throw new IpamError(
      'IPAM_ERR_INVALID_POOL',
      `parsing address pool ${spec.name}: pool has no prefixes defined`,
    );
  }
  const avoidBuggyIPs = spec.avoidBuggyIPs ?? false;
  return {
    name: spec.name,
    ranges,
    autoAssign: spec.autoAssign ?? true,
    avoidBuggyIPs,
    serviceAllocation: spec.serviceAllocation ?? false,
    priority: spec.priority ?? 0,
    index,
    total: {
      ipv4: countFamily(ranges, 'ipv4', avoidBuggyIPs),
      ipv6: countFamily(ranges, 'ipv6', avoidBuggyIPs),
    },
    assigned: { ipv4: 0, ipv6: 0 },
  };
}

/** True when the pool can hand out the address (in a range, and not buggy when it avoids those). */
export function poolContains(pool: Pool, family: IpFamily, value: bigint): boolean {
  if (pool.avoidBuggyIPs && isBuggyAddress(family, value)) return false;
  return pool.ranges.some((r) => rangeContains(r, family, value));
}

/** True when the pool has addresses of the family. */
export function poolHasFamily(pool: Pool, family: IpFamily): boolean {
  return pool.ranges.some((r) => r.family === family);
}

/** The pool's counters. */
export function poolCounters(pool: Pool): PoolCounters {
  const avail = (f: IpFamily): bigint => {
    const t = pool.total[f];
    if (t === MAX_INT64) return t;
    const a = t - BigInt(pool.assigned[f]);
    return a < 0n ? 0n : a;
  };
  return {
    assignedIPv4: pool.assigned.ipv4,
    assignedIPv6: pool.assigned.ipv6,
    totalIPv4: pool.total.ipv4,
    totalIPv6: pool.total.ipv6,
    availableIPv4: avail('ipv4'),
    availableIPv6: avail('ipv6'),
  };
}

/**
 * Order for automatic allocation (MetalLB §4): pools with a serviceAllocation first, by
 * priority ascending with 0 last, ties in given order; then the pools without one, in given
 * order (MetalLB walks a Go map there, so any order is MetalLB's; ours is deterministic).
 */
export function comparePoolsForAuto(a: Pool, b: Pool): number {
  if (a.serviceAllocation !== b.serviceAllocation) return a.serviceAllocation ? -1 : 1;
  if (a.serviceAllocation) {
    const pa = a.priority > 0 ? a.priority : Number.POSITIVE_INFINITY;
    const pb = b.priority > 0 ? b.priority : Number.POSITIVE_INFINITY;
    if (pa !== pb) return pa < pb ? -1 : 1;
  }
  return a.index - b.index;
}
