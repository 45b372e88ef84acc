/**
 * The bridge from MetalLB's vocabulary to @baremetal-lb/ipam's: Config pools -> PoolSpecs, a
 * Service's ServiceRequest -> AllocationRequest, and MetalLB's serviceAllocation matching
 * (namespaces / namespace selectors AND service selectors) as the allocator's eligibility.
 */
import type { AllocationRequest, IpFamily, PoolSpec } from '@baremetal-lb/ipam';
import type { Config, Pool } from './model.js';
import { anySelectorMatches } from './selectors.js';
import type { ServiceRequest } from './service.js';

/** The allocator's view of the config's pools, in name order. */
export function poolSpecsOf(config: Config): PoolSpec[] {
  return config.pools.map((p) => ({
    name: p.name,
    addresses: p.ranges,
    autoAssign: p.autoAssign,
    avoidBuggyIPs: p.avoidBuggyIPs,
    serviceAllocation: p.serviceAllocation !== undefined,
    priority: p.serviceAllocation?.priority ?? 0,
  }));
}

/**
 * True when `pool`'s serviceAllocation admits the Service (MetalLB: namespace list or selector
 * AND service selector, each only when set; a serviceAllocation with neither admits all).
 * Pools without a serviceAllocation admit every Service.
 */
export function poolAdmitsService(pool: Pool, req: ServiceRequest): boolean {
  const sa = pool.serviceAllocation;
  if (sa === undefined) return true;
  const byNamespace =
    (sa.namespaces.length === 0 && sa.namespaceSelectors.length === 0) ||
    sa.namespaces.includes(req.namespace);
  const byService =
    sa.serviceSelectors.length === 0 || anySelectorMatches(sa.serviceSelectors, req.labels);
  return byNamespace && byService;
}

/**
 * The allocation request for a Service: families primary first (as ipam expects), the
 * requested pool and IPs, sharing traits, and the pools whose serviceAllocation admits it.
 */
export function allocationRequestOf(req: ServiceRequest, config: Config): AllocationRequest {
  const families: IpFamily[] = [...req.families];
  if (req.primaryFamily !== undefined && families[0] !== req.primaryFamily) families.reverse();
  return {
    families,
    familyPolicy: req.ipFamilyPolicy,
    requestedIps: req.requestedIPs,
    ...(req.addressPool !== undefined ? { requestedPool: req.addressPool } : {}),
    ...(req.sharingKey !== undefined ? { sharingKey: req.sharingKey } : {}),
    backendKey: req.backendKey,
    ports: req.ports,
    eligiblePools: config.pools.filter((p) => poolAdmitsService(p, req)).map((p) => p.name),
  };
}
