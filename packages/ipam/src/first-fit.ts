/**
 * MetalLB's first fit inside one pool (`internal/allocator/allocator.go` getIPFromCIDR walks
 * the pool's CIDRs in written order, ascending inside each, taking the first address that is
 * free or shareable). Free addresses come from one IntervalSet lookup per taken run met, never
 * by enumerating the pool; shareable ones are the few already held under the same sharing key.
 */
import type { IpFamily } from './address.js';
import type { IntervalSet } from './interval-set.js';
import type { Pool } from './pool.js';
import { isBuggyAddress, rangeContains } from './range.js';

/**
 * The first address of the family in the pool, in MetalLB's order, that is either absent from
 * `used` (and not a buggy .0/.255 when the pool avoids those) or one of `shareable`.
 */
export function firstFit(
  pool: Pool,
  family: IpFamily,
  used: IntervalSet,
  shareable: readonly bigint[],
): bigint | undefined {
  for (const range of pool.ranges) {
    if (range.family !== family) continue;
    let best: bigint | undefined;
    let x = range.first;
    while (x <= range.last) {
      x = used.firstAbsentAtOrAfter(x);
      if (x > range.last) break;
      if (pool.avoidBuggyIPs && isBuggyAddress(family, x)) {
        x++;
        continue;
      }
      best = x;
      break;
    }
    for (const s of shareable) {
      if (rangeContains(range, family, s) && (best === undefined || s < best)) best = s;
    }
    if (best !== undefined) return best;
  }
  return undefined;
}

/**
 * The buggy addresses (.255 and the next .0, or the previous ones) that sit between a taken
 * IPv4 `.254`/`.1` and the neighbouring /24, when the pool avoids buggy IPs and owns them.
 * Marking them taken lets first fit jump across /24 boundaries in one lookup.
 */
export function buggyNeighbours(pool: Pool, family: IpFamily, value: bigint): bigint[] {
  if (!pool.avoidBuggyIPs || family !== 'ipv4') return [];
  const low = value & 0xffn;
  let around: bigint[];
  if (low === 254n) around = [value + 1n, value + 2n];
  else if (low === 1n) around = [value - 1n, value - 2n];
  else return [];
  return around.filter(
    (b) => isBuggyAddress(family, b) && pool.ranges.some((r) => rangeContains(r, family, b)),
  );
}
