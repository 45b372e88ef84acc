/**
 * What a caller asks of the allocator, and what it answers. Kubernetes-free: the caller
 * (the controller, via config) turns a Service into these values.
 */
import { type Addr, formatAddress, type IpFamily, parseAddress } from './address.js';
import type { PoolSpec } from './pool.js';
import type { SharingTraits } from './sharing.js';

/** Kubernetes' ipFamilyPolicy, the words kept because they name the rules exactly. */
export type FamilyPolicy = 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';

/** Who holds addresses, for claims and allocations alike. */
export interface ClaimOptions extends SharingTraits {
  /**
   * Which pools that have a serviceAllocation may serve this owner (the caller evaluates
   * namespaces and selectors). Either a predicate or a list of names; pools without a
   * serviceAllocation are always eligible. Absent: every pool is eligible.
   */
  readonly eligiblePools?: ((pool: string) => boolean) | readonly string[];
  /** The pool the owner asked for (`metallb.io/address-pool`); autoAssign does not matter then. */
  readonly requestedPool?: string;
}

/** A request for addresses. */
export interface AllocationRequest extends ClaimOptions {
  /** The owner's families, primary first (a Service's clusterIP families). Default ['ipv4']. */
  readonly families?: readonly IpFamily[];
  /** Default SingleStack. */
  readonly familyPolicy?: FamilyPolicy;
  /** Specific addresses asked for (`loadBalancerIPs`), at most one per family. */
  readonly requestedIps?: readonly string[];
}

/** Why an allocation or claim was refused. */
export type AllocationFailureReason =
  | 'invalid-request'
  | 'no-pools'
  | 'unknown-pool'
  | 'pool-not-allowed'
  | 'not-in-pool'
  | 'pool-mismatch'
  | 'sharing-conflict'
  | 'no-available-ips';

/** The answer to allocate / assign: a value, never an exception. */
export type AllocationResult =
  | {
      readonly ok: true;
      readonly pool: string;
      /** Canonical text, IPv4 before IPv6 (MetalLB's ingress order). */
      readonly ips: readonly string[];
      /** False when the owner already held exactly these addresses. */
      readonly changed: boolean;
    }
  | {
      readonly ok: false;
      readonly reason: AllocationFailureReason;
      /** MetalLB-style text, e.g. `no available IPs`. */
      readonly message: string;
      /** For sharing conflicts: the owners already on the address. */
      readonly conflictsWith?: readonly string[];
    };

/** A refusal, built in one place. */
export function failure(
  reason: AllocationFailureReason,
  message: string,
  conflictsWith?: readonly string[],
): AllocationResult {
  return conflictsWith
    ? { ok: false, reason, message, conflictsWith }
    : { ok: false, reason, message };
}

/**
 * Families to allocate, in preference order of attempts: the first entry is tried first; a
 * later entry is a fallback (PreferDualStack: both, then primary, then secondary).
 */
export function familyAttempts(req: AllocationRequest): IpFamily[][] | string {
  const families = req.families ?? ['ipv4'];
  if (families.length === 0 || families.length > 2 || families[0] === families[1]) {
    return 'families must be one family or two different ones';
  }
  const policy = req.familyPolicy ?? 'SingleStack';
  if (policy === 'RequireDualStack') {
    return families.length === 2 ? [[...families]] : 'not enough clusterips';
  }
  if (policy === 'PreferDualStack' && families.length === 2) {
    return [[...families], [families[0]!], [families[1]!]];
  }
  return [[families[0]!]];
}

/** Does the pool list (or predicate) let this owner use a pool that has a serviceAllocation? */
export function isEligible(options: ClaimOptions, pool: string): boolean {
  const e = options.eligiblePools;
  if (e === undefined) return true;
  return typeof e === 'function' ? e(pool) : e.includes(pool);
}

/** IPv4 before IPv6: MetalLB's ingress order. */
export function byFamilyOrder(a: Addr, b: Addr): number {
  if (a.family === b.family) return 0;
  return a.family === 'ipv4' ? -1 : 1;
}

/** Parses requested/claimed IPs: at least one, at most one per family; or says why not. */
export function parseIps(ips: readonly string[]): Addr[] | string {
  const out: Addr[] = [];
  for (const text of ips) {
    let addr: Addr;
    try {
      addr = parseAddress(text.trim());
    } catch {
      return `invalid IP ${JSON.stringify(text)}`;
    }
    if (out.some((a) => a.family === addr.family)) return 'only one IP per family may be requested';
    out.push(addr);
  }
  if (out.length === 0) return 'no IPs given';
  return out.sort(byFamilyOrder);
}

/** Constructor options. */
export interface AllocatorOptions {
  /** Initial pools (see `setPools`). */
  readonly pools?: readonly PoolSpec[];
}

/** What a pool edit did to existing owners. */
export interface PoolEditReport {
  /** Owners kept whose addresses now belong to another pool (renamed or split pools). */
  readonly moved: readonly { readonly key: string; readonly from: string; readonly to: string }[];
  /** Owners released because an address left every pool: the caller allocates them again. */
  readonly released: readonly {
    readonly key: string;
    readonly pool: string;
    readonly ips: readonly string[];
  }[];
}

/** Map key of an address. */
export const addrId = (a: Addr): string => `${a.family}/${a.value}`;
/** Canonical text of an address. */
export const formatAddr = (a: Addr): string => formatAddress(a.family, a.value);
/** The sharing traits of a claim, defaults filled in. */
export const traitsOf = (o: ClaimOptions): SharingTraits => ({
  sharingKey: o.sharingKey ?? '',
  backendKey: o.backendKey ?? '',
  ports: [...(o.ports ?? [])],
});
