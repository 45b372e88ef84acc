/**
 * One Service's convergence (MetalLB `controller/service.go convergeBalancer`), over an ipam
 * Allocator and a Config, with no Kubernetes I/O: the decisions of METALLB.md §4 in its order.
 *
 * 1. not a LoadBalancer, no pools, no clusterIP, RequireDualStack without two clusterIPs:
 *    clear (release, no IP);
 * 2. IPs already in status are re-claimed with every check (family, pool, eligibility,
 *    sharing); a refusal records `ClearAssignment` and allocates afresh;
 * 3. a different requested pool or requested IPs clear them too;
 * 4. PreferDualStack with one IP tries to add the other family from the same pool;
 * 5. otherwise a fresh allocation (requested IPs, requested pool, or auto);
 * 6. `IPAllocated` on success, `AllocationFailed` on failure (and no IP).
 * `keepCurrent` (steps 2 and 3) is shared with the startup claim, which must judge exactly
 * as a sync does so that a restart keeps every IP a sync would keep.
 */
import {
  allocationRequestOf,
  type Config,
  type KubeObject,
  type ServiceParseResult,
  type ServiceRequest,
} from '@baremetal-lb/config';
import {
  type AllocationRequest,
  type AllocationResult,
  type Allocator,
  formatAddress,
  type IpFamily,
  parseAddress,
} from '@baremetal-lb/ipam';
import {
  additionalAssignFailed,
  additionalIpAllocated,
  allocationFailed,
  clearAssignment,
  goQuoteList,
  ipAllocated,
  loadBalancerFailed,
  noLbIPsFamily,
  notEnoughClusterIPs,
} from './events.js';
import { familyMismatchText, type RequestProblem, requestProblemOf } from './request-problems.js';
import { rawClusterIPs } from './service-view.js';
import type { ServiceEvent } from './types.js';

/** The result of one convergence. */
export interface Convergence {
  readonly ingress: readonly string[];
  readonly pool: string | undefined;
  readonly events: readonly ServiceEvent[];
  /** False when the Service ended without all the IPs it asks for (it waits for addresses). */
  readonly satisfied: boolean;
}

/** What a convergence works on. */
export interface ConvergeInput {
  readonly allocator: Allocator;
  readonly config: Config;
  readonly key: string;
  /** The sanitized Service. */
  readonly svc: KubeObject;
  readonly parsed: ServiceParseResult;
}

/** The allocation request, with MetalLB's "empty annotation = not set" for the pool. */
export function requestFor(req: ServiceRequest, config: Config): AllocationRequest {
  const { requestedPool, ...rest } = allocationRequestOf(req, config);
  return requestedPool === undefined || requestedPool === '' ? rest : { ...rest, requestedPool };
}

/** The IP family sets (sorted, joined) a Service may hold, per ipam's family policy rules. */
export function acceptableFamilySets(req: AllocationRequest): string[] {
  const fams = req.families ?? [];
  const policy = req.familyPolicy ?? 'SingleStack';
  if (fams.length === 0) return [];
  if (policy === 'RequireDualStack') return fams.length === 2 ? ['ipv4,ipv6'] : [];
  if (policy === 'PreferDualStack' && fams.length === 2) return ['ipv4,ipv6', 'ipv4', 'ipv6'];
  return [fams[0]!];
}

/** Why the Service cannot be served at all before looking at IPs (step 1), or undefined. */
export function precondition(input: ConvergeInput): { events: ServiceEvent[] } | undefined {
  const { request } = input.parsed;
  if (!request.isLoadBalancer) return { events: [] };
  if (input.config.pools.length === 0) return { events: [] };
  if (request.families.length === 0) return { events: [] };
  if (request.ipFamilyPolicy === 'RequireDualStack' && request.families.length < 2) {
    return { events: [notEnoughClusterIPs(rawClusterIPs(input.svc))] };
  }
  return undefined;
}

interface StatusIp {
  /** Canonical text, or `<nil>` (Go's net.IP of an unparsable entry). */
  readonly ip: string;
  readonly family: IpFamily | undefined;
}

/** Status IPs read as MetalLB does (net.ParseIP of each non-empty entry). */
function parseStatusIps(texts: readonly string[]): StatusIp[] {
  return texts.map((t) => {
    try {
      const a = parseAddress(t.trim());
      return { ip: formatAddress(a.family, a.value), family: a.family };
    } catch {
      return { ip: '<nil>', family: undefined };
    }
  });
}

/** MetalLB's ipfamily.ForAddresses refusal for these IPs, or undefined when they make a family. */
function familyError(ips: readonly StatusIp[]): string | undefined {
  const list = goQuoteList(ips.map((i) => i.ip));
  if (ips.length < 1 || ips.length > 2) {
    return `IPFamilyForAddresses: invalid ips length ${ips.length} ${list}`;
  }
  if (ips.some((i) => i.family === undefined))
    return `IPFamilyForAddresses: Invalid address ${list}`;
  if (ips.length === 2 && ips[0]!.family === ips[1]!.family) {
    return `IPFamilyForAddresses: same address family ${list}`;
  }
  return undefined;
}

/** MetalLB's wording of an allocator refusal. */
export function refusalText(
  res: Extract<AllocationResult, { ok: false }>,
  req: AllocationRequest,
  ips: readonly string[],
): string {
  if (res.reason === 'pool-mismatch') {
    return req.requestedPool !== undefined && (req.requestedIps?.length ?? 0) > 0
      ? `requested loadBalancer IP(s) ${goQuoteList(ips)} is not compatible with requested address pool ${req.requestedPool}`
      : `${goQuoteList(ips)} is not allowed in config`;
  }
  if (res.reason === 'no-available-ips' && req.requestedPool !== undefined) {
    return `no available IPs in pool ${req.requestedPool}`;
  }
  return res.message;
}

/** What steps 2 and 3 decided. */
export interface Kept {
  /** The IPs kept (canonical, IPv4 first) and their pool; [] when none. */
  readonly ips: readonly string[];
  readonly pool: string | undefined;
  /** True when convergence stops here (MetalLB returns after `LoadBalancerFailed`). */
  readonly stop: boolean;
}

/**
 * Steps 2 and 3: re-claims the IPs in status when the config and the request still allow
 * them, else releases the Service's addresses. Events are appended to `events`.
 */
export function keepCurrent(
  input: ConvergeInput,
  alloc: AllocationRequest,
  problem: RequestProblem | undefined,
  events: ServiceEvent[],
): Kept {
  const { allocator, key, parsed } = input;
  const none: Kept = { ips: [], pool: undefined, stop: false };
  const texts = parsed.request.currentIPs;
  if (texts.length === 0) {
    allocator.release(key);
    return none;
  }
  const ips = parseStatusIps(texts);
  const refusal = familyError(ips);
  if (refusal !== undefined) {
    events.push(
      noLbIPsFamily(
        ips.map((i) => i.ip),
        refusal,
      ),
    );
  }
  const have = [...new Set(ips.map((i) => i.family))].sort().join(',');
  // MetalLB's serviceFamilyChanged: IPs of another family than the Service's are dropped
  // silently, and the rest of step 2 and 3 is skipped.
  if (refusal !== undefined || !acceptableFamilySets(alloc).includes(have)) {
    allocator.release(key);
    return none;
  }
  const kept = reclaim(
    input,
    alloc,
    ips.map((i) => i.ip),
    events,
  );
  if (kept.ips.length === 0) allocator.release(key);
  if (problem?.kind === 'invalid') {
    events.push(loadBalancerFailed(problem.message));
    return { ...kept, stop: true };
  }
  const wanted = alloc.requestedIps ?? [];
  if (kept.ips.length > 0 && wanted.length > 0 && !sameSet(wanted, kept.ips)) {
    allocator.release(key);
    return none;
  }
  return kept;
}

/** Step 2's Assign and step 3's pool check. */
function reclaim(
  input: ConvergeInput,
  alloc: AllocationRequest,
  ips: readonly string[],
  events: ServiceEvent[],
): Kept {
  const { requestedPool, ...claimOptions } = alloc;
  const res = input.allocator.assign(input.key, ips, claimOptions);
  if (!res.ok) {
    events.push(clearAssignment(input.key, refusalText(res, claimOptions, ips)));
    return { ips: [], pool: undefined, stop: false };
  }
  if (requestedPool !== undefined && res.pool !== requestedPool) {
    return { ips: [], pool: undefined, stop: false };
  }
  return { ips: res.ips, pool: res.pool, stop: false };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}

/** Step 4: PreferDualStack with one IP tries the other family from the same pool. */
function addMissingFamily(
  input: ConvergeInput,
  alloc: AllocationRequest,
  kept: Kept,
  events: ServiceEvent[],
): Kept {
  const res = input.allocator.allocate(input.key, alloc);
  const old = kept.ips[0]!;
  if (res.ok && res.ips.includes(old)) {
    const added = res.ips.find((ip) => ip !== old);
    if (added === undefined) {
      events.push(additionalAssignFailed(`no available IPs in pool ${kept.pool}`));
      return { ips: res.ips, pool: res.pool, stop: false };
    }
    events.push(additionalIpAllocated(added));
    return { ips: res.ips, pool: res.pool, stop: false };
  }
  // Not expected (the allocator keeps a holder that passed step 2), but judged like step 5.
  return allocated(input, alloc, res, events);
}

function allocated(
  input: ConvergeInput,
  alloc: AllocationRequest,
  res: AllocationResult,
  events: ServiceEvent[],
): Kept {
  if (res.ok) {
    events.push(ipAllocated(res.ips));
    return { ips: res.ips, pool: res.pool, stop: false };
  }
  const asked = alloc.requestedIps ?? [];
  const text =
    res.reason === 'invalid-request' && asked.length > 0
      ? familyMismatchText(input.svc)
      : refusalText(res, alloc, asked);
  events.push(allocationFailed(input.key, text));
  return { ips: [], pool: undefined, stop: false };
}

/** One sync's decisions for a Service the caller handles (class and config checked). */
export function converge(input: ConvergeInput): Convergence {
  const { allocator, key, parsed } = input;
  const blocked = precondition(input);
  if (blocked) {
    allocator.release(key);
    const waits = parsed.request.isLoadBalancer;
    return { ingress: [], pool: undefined, events: blocked.events, satisfied: !waits };
  }
  const events: ServiceEvent[] = [];
  const alloc = requestFor(parsed.request, input.config);
  const problem = requestProblemOf(input.svc, parsed.problems);
  let kept = keepCurrent(input, alloc, problem, events);
  const full = (acceptableFamilySets(alloc)[0] ?? '').split(',').length;
  if (!kept.stop) {
    const preferMore =
      kept.ips.length === 1 && full === 2 && (alloc.requestedIps?.length ?? 0) === 0;
    if (preferMore) kept = addMissingFamily(input, alloc, kept, events);
    else if (kept.ips.length === 0 && problem !== undefined) {
      allocator.release(key);
      events.push(allocationFailed(key, problem.message));
    } else if (kept.ips.length === 0) {
      kept = allocated(input, alloc, allocator.allocate(key, alloc), events);
    }
  }
  const wanted = (alloc.requestedIps?.length ?? 0) || full;
  return {
    ingress: kept.ips,
    pool: kept.ips.length > 0 ? kept.pool : undefined,
    events,
    satisfied: kept.ips.length >= wanted && !kept.stop,
  };
}
