/**
 * @baremetal-lb/ipam: IP address pools and allocation with MetalLB's rules, knowing no
 * Kubernetes.
 *
 * Map: `address.ts` parses and formats single addresses (bigint values); `range.ts` parses
 * pool entries (CIDR or `a-b`), summarises ranges into CIDRs and counts them;
 * `interval-set.ts` is the sorted disjoint interval treap that makes huge pools cheap;
 * `sharing.ts` is MetalLB's IP-sharing check and `sharing-index.ts` finds shareable
 * addresses; `pool.ts` normalises pools and counts them; `first-fit.ts` walks one pool in
 * written order; `request.ts` holds the request/result types; `allocator.ts` ties them
 * together. `README.md` lists the MetalLB rules kept.
 */
export { formatAddress, type IpFamily, parseAddress } from './address.js';
export { Allocator } from './allocator.js';
export { IpamError, type IpamErrorCode } from './errors.js';
export { IntervalSet } from './interval-set.js';
export { MAX_INT64, type PoolCounters, type PoolSpec } from './pool.js';
export {
  type AddressRange,
  buggyCount,
  formatRange,
  isBuggyAddress,
  parseAddressRange,
  parseCidr,
  rangeContains,
  rangeSize,
  rangesOverlap,
  rangeToCidrs,
  rangeToPrefixes,
} from './range.js';
export type {
  AllocationFailureReason,
  AllocationRequest,
  AllocationResult,
  AllocatorOptions,
  ClaimOptions,
  FamilyPolicy,
  PoolEditReport,
} from './request.js';
export {
  type SharingConflict,
  type SharingPort,
  type SharingTraits,
  sharingConflict,
} from './sharing.js';
