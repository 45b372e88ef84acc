/**
 * The allocator: owners (Services, to the caller) hold addresses from pools, with MetalLB's
 * rules (`internal/allocator/allocator.go`, METALLB.md §3.3 and §4): deterministic first fit in
 * written order, avoidBuggyIPs, autoAssign, serviceAllocation priority, requested IPs and
 * pools, sharing keys, dual-stack by family policy, claims at start and pool edits.
 *
 * Taken addresses live in one IntervalSet per family, so finding the first free address of a
 * range and releasing one are O(log n) in the number of taken runs, for pools of any size.
 */
import { type Addr, type IpFamily, parseAddress } from './address.js';
import { IpamError } from './errors.js';
import { buggyNeighbours, firstFit } from './first-fit.js';
import { IntervalSet } from './interval-set.js';
import {
  comparePoolsForAuto,
  type Pool,
  type PoolCounters,
  type PoolSpec,
  poolContains,
  poolCounters,
  poolFromSpec,
  poolHasFamily,
} from './pool.js';
import {
  type AllocationRequest,
  type AllocationResult,
  type AllocatorOptions,
  addrId,
  byFamilyOrder,
  type ClaimOptions,
  failure,
  familyAttempts,
  formatAddr,
  isEligible,
  type PoolEditReport,
  parseIps,
  traitsOf,
} from './request.js';
import { type SharingTraits, sharingConflict } from './sharing.js';
import { SharingIndex } from './sharing-index.js';

interface Owner {
  readonly key: string;
  pool: string;
  readonly addrs: readonly Addr[];
  readonly traits: SharingTraits;
}

interface Held {
  readonly addr: Addr;
  readonly keys: Set<string>;
  pool: string;
}

/**
 * MetalLB's IP allocator, Kubernetes-free.
 *
 * When to use: one instance per controller; `setPools` on every config change, `assign` for
 * every address already in a Service's status at start (before any `allocate`), then
 * `allocate` / `release` per Service sync.
 *
 * Gotchas: pools must not overlap (config rejects that). Eligibility for pools with a
 * serviceAllocation is the caller's to compute and is checked at allocate/assign time only.
 *
 * @example
 * const a = new Allocator({ pools: [{ name: 'p', addresses: ['10.0.0.0/30'] }] });
 * a.allocate('ns/svc', {}); // { ok: true, pool: 'p', ips: ['10.0.0.0'], changed: true }
 */
export class Allocator {
  #pools: Pool[] = [];
  #byName = new Map<string, Pool>();
  #autoOrder: Pool[] = [];
  #used: Record<IpFamily, IntervalSet> = {
    ipv4: new IntervalSet(),
    ipv6: new IntervalSet(),
  };
  readonly #held = new Map<string, Held>();
  readonly #owners = new Map<string, Owner>();
  readonly #shared = new SharingIndex();

  constructor(options: AllocatorOptions = {}) {
    if (options.pools) this.setPools(options.pools);
  }

  /**
   * Replaces the pools. Owners whose addresses are all inside one pool stay (possibly in
   * another pool than before); the others are released and reported for re-allocation.
   * @throws IpamError on a bad entry or a duplicate pool name; nothing changes then.
   */
  setPools(specs: readonly PoolSpec[]): PoolEditReport {
    const pools = specs.map((s, i) => poolFromSpec(s, i));
    const names = new Set<string>();
    for (const p of pools) {
      if (names.has(p.name)) {
        throw new IpamError(
          'IPAM_ERR_INVALID_POOL',
          `duplicate definition of pool ${JSON.stringify(p.name)}`,
        );
      }
      names.add(p.name);
    }
    this.#pools = pools;
    this.#byName = new Map(pools.map((p) => [p.name, p]));
    this.#autoOrder = [...pools].sort(comparePoolsForAuto);
    const moved: { key: string; from: string; to: string }[] = [];
    const released: { key: string; pool: string; ips: string[] }[] = [];
    for (const owner of [...this.#owners.values()]) {
      const pool = this.#poolOfAll(owner.addrs);
      if (!pool) {
        released.push({ key: owner.key, pool: owner.pool, ips: owner.addrs.map(formatAddr) });
        this.release(owner.key);
      } else if (pool.name !== owner.pool) {
        moved.push({ key: owner.key, from: owner.pool, to: pool.name });
        owner.pool = pool.name;
      }
    }
    // Rebuilt, because buggy addresses blocked for an avoidBuggyIPs pool may be free now.
    this.#used = { ipv4: new IntervalSet(), ipv6: new IntervalSet() };
    for (const p of pools) {
      p.assigned.ipv4 = 0;
      p.assigned.ipv6 = 0;
    }
    for (const held of this.#held.values()) {
      const pool = this.#poolOf(held.addr)!;
      held.pool = pool.name;
      pool.assigned[held.addr.family]++;
      this.#markUsed(pool, held.addr);
    }
    return { moved, released };
  }

  /** Pool names in the order given. */
  poolNames(): string[] {
    return this.#pools.map((p) => p.name);
  }

  /** A pool's counters (metrics, IPAddressPool status), or undefined for an unknown pool. */
  counters(pool: string): PoolCounters | undefined {
    const p = this.#byName.get(pool);
    return p ? poolCounters(p) : undefined;
  }

  /** The pool that can hand out this address, if any. @throws IpamError on a bad address. */
  poolOf(ip: string): string | undefined {
    return this.#poolOf(parseAddress(ip))?.name;
  }

  /** What the owner holds, or undefined. */
  assignment(key: string): { pool: string; ips: string[] } | undefined {
    const o = this.#owners.get(key);
    return o ? { pool: o.pool, ips: o.addrs.map(formatAddr) } : undefined;
  }

  /** Owners holding the address (several when shared). @throws IpamError on a bad address. */
  holdersOf(ip: string): string[] {
    return [...(this.#held.get(addrId(parseAddress(ip)))?.keys ?? [])];
  }

  /** Number of owners holding addresses. */
  get ownerCount(): number {
    return this.#owners.size;
  }

  /** Releases everything the owner holds; false when it held nothing. O(log n) per address. */
  release(key: string): boolean {
    const owner = this.#owners.get(key);
    if (!owner) return false;
    this.#owners.delete(key);
    for (const addr of owner.addrs) {
      const id = addrId(addr);
      const held = this.#held.get(id)!;
      held.keys.delete(key);
      if (held.keys.size > 0) continue;
      this.#held.delete(id);
      this.#used[addr.family].delete(addr.value, addr.value);
      const pool = this.#byName.get(held.pool);
      if (pool) pool.assigned[addr.family]--;
      this.#shared.delete(owner.traits.sharingKey ?? '', id);
    }
    return true;
  }

  /**
   * Claims exactly these addresses for the owner (a restart re-claiming Service status): they
   * must lie in one pool the owner may use (and its requested pool, if any) and pass the
   * sharing rules. On refusal nothing changes and the reason says why (`conflictsWith` names
   * the holders on a sharing conflict): the caller decides, nothing is dropped silently.
   */
  assign(key: string, ips: readonly string[], options: ClaimOptions = {}): AllocationResult {
    const addrs = parseIps(ips);
    if (typeof addrs === 'string') return failure('invalid-request', addrs);
    return this.#claim(key, addrs, options);
  }

  /**
   * Gives the owner addresses per MetalLB §4: requested IPs, else the requested pool, else
   * the first pool (serviceAllocation priority order, then the rest) with a free address for
   * the families, first fit in written order. An owner whose current addresses still satisfy
   * the request keeps them (PreferDualStack adds a missing family from the same pool if it
   * can); otherwise they are released first, so a failed allocation leaves it with none.
   */
  allocate(key: string, request: AllocationRequest = {}): AllocationResult {
    const attempts = familyAttempts(request);
    const kept =
      typeof attempts === 'string' ? undefined : this.#keepExisting(key, request, attempts);
    if (kept) return kept;
    // From here on the owner loses what it held, whatever the outcome (MetalLB clears it too).
    this.release(key);
    if (typeof attempts === 'string') return failure('invalid-request', attempts);
    if (this.#pools.length === 0) return failure('no-pools', 'no pools configured');
    if (request.requestedIps && request.requestedIps.length > 0) {
      const addrs = parseIps(request.requestedIps);
      if (typeof addrs === 'string') return failure('invalid-request', addrs);
      const fams = addrs.map((a) => a.family).join(',');
      if (!attempts.some((f) => [...f].sort().join(',') === fams)) {
        return failure('invalid-request', 'requested IPs do not match the IP families');
      }
      return this.#claim(key, addrs, request);
    }
    // MetalLB tries the serviceAllocation pools first (family fallbacks included), and only
    // then the pools without one: a pinned single-stack pool beats a fallback dual-stack one.
    let groups: Pool[][];
    if (request.requestedPool !== undefined) {
      const pool = this.#byName.get(request.requestedPool);
      if (!pool) {
        return failure('unknown-pool', `unknown pool ${JSON.stringify(request.requestedPool)}`);
      }
      if (!this.#mayUse(pool, request)) return this.#notAllowed(pool);
      groups = [[pool]];
    } else {
      const auto = this.#autoOrder.filter((p) => p.autoAssign && this.#mayUse(p, request));
      groups = [auto.filter((p) => p.serviceAllocation), auto.filter((p) => !p.serviceAllocation)];
    }
    const traits = traitsOf(request);
    for (const candidates of groups) {
      for (const families of attempts) {
        for (const pool of candidates) {
          const addrs = this.#findInPool(key, pool, families, traits);
          if (addrs) return this.#take(key, pool, addrs, traits, true);
        }
      }
    }
    return failure('no-available-ips', 'no available IPs');
  }

  #keepExisting(
    key: string,
    request: AllocationRequest,
    attempts: readonly (readonly IpFamily[])[],
  ): AllocationResult | undefined {
    const owner = this.#owners.get(key);
    if (!owner) return undefined;
    if (request.requestedPool !== undefined && request.requestedPool !== owner.pool)
      return undefined;
    const mine = owner.addrs.map((a) => a.family).join(',');
    if (request.requestedIps && request.requestedIps.length > 0) {
      const wanted = parseIps(request.requestedIps);
      if (typeof wanted === 'string') return undefined;
      if (wanted.map(addrId).join(',') !== owner.addrs.map(addrId).join(',')) return undefined;
    } else if (!attempts.some((f) => [...f].sort().join(',') === mine)) {
      return undefined;
    }
    const checked = this.#claim(key, owner.addrs, request);
    if (!checked.ok) return undefined;
    const full = attempts[0]!;
    if (full.length === 2 && owner.addrs.length === 1 && !request.requestedIps?.length) {
      const missing = full.find((f) => f !== owner.addrs[0]!.family)!;
      const pool = this.#byName.get(owner.pool)!;
      const traits = traitsOf(request);
      const extra = this.#findInPool(key, pool, [missing], traits);
      if (extra) return this.#take(key, pool, [...owner.addrs, ...extra], traits, true);
    }
    return checked;
  }

  #claim(key: string, addrs: readonly Addr[], options: ClaimOptions): AllocationResult {
    const pool = this.#poolOfAll(addrs);
    if (!pool) {
      const outside = addrs.find((a) => !this.#poolOf(a));
      return outside
        ? failure(
            'not-in-pool',
            `[${addrs.map((a) => JSON.stringify(formatAddr(a))).join(' ')}] is not allowed in config`,
          )
        : failure('pool-mismatch', 'all IPs must belong to the same pool');
    }
    if (options.requestedPool !== undefined && options.requestedPool !== pool.name) {
      return failure(
        'pool-mismatch',
        `requested IPs ${addrs.map(formatAddr).join(',')} are not compatible with requested address pool ${options.requestedPool}`,
      );
    }
    if (!this.#mayUse(pool, options)) return this.#notAllowed(pool);
    const traits = traitsOf(options);
    for (const addr of addrs) {
      const refused = this.#conflictOn(key, addr, traits);
      if (refused) return refused;
    }
    const owner = this.#owners.get(key);
    const same =
      owner !== undefined &&
      owner.pool === pool.name &&
      owner.addrs.map(addrId).join(',') === addrs.map(addrId).join(',');
    this.release(key);
    return this.#take(key, pool, addrs, traits, !same);
  }

  #take(
    key: string,
    pool: Pool,
    addrs: readonly Addr[],
    traits: SharingTraits,
    changed: boolean,
  ): AllocationResult {
    this.release(key);
    const sorted = [...addrs].sort(byFamilyOrder);
    this.#owners.set(key, { key, pool: pool.name, addrs: sorted, traits });
    for (const addr of sorted) {
      const id = addrId(addr);
      let held = this.#held.get(id);
      if (!held) {
        held = { addr, keys: new Set(), pool: pool.name };
        this.#held.set(id, held);
        this.#markUsed(pool, addr);
        pool.assigned[addr.family]++;
      }
      held.keys.add(key);
      this.#shared.add(traits.sharingKey ?? '', id, addr);
    }
    return { ok: true, pool: pool.name, ips: sorted.map(formatAddr), changed };
  }

  /** First fit for every family in the pool, or undefined if any family has no address. */
  #findInPool(
    key: string,
    pool: Pool,
    families: readonly IpFamily[],
    traits: SharingTraits,
  ): Addr[] | undefined {
    const out: Addr[] = [];
    for (const family of families) {
      if (!poolHasFamily(pool, family)) return undefined;
      const value = this.#firstFit(key, pool, family, traits);
      if (value === undefined) return undefined;
      out.push({ family, value });
    }
    return out;
  }

  #firstFit(key: string, pool: Pool, family: IpFamily, traits: SharingTraits): bigint | undefined {
    return firstFit(pool, family, this.#used[family], this.#shareable(key, pool, family, traits));
  }

  #shareable(key: string, pool: Pool, family: IpFamily, traits: SharingTraits): bigint[] {
    const sk = traits.sharingKey ?? '';
    if (sk === '') return [];
    const out: bigint[] = [];
    for (const addr of this.#shared.addresses(sk)) {
      if (addr.family !== family || !poolContains(pool, family, addr.value)) continue;
      if (!this.#conflictOn(key, addr, traits)) out.push(addr.value);
    }
    return out;
  }

  /**
   * Marks an address taken, and with it the buggy .255/.0 next to it when its pool avoids
   * those: they can never be handed out from that pool (pools do not overlap), and blocking
   * them joins the taken runs of neighbouring /24s, so first fit in a full /8 stays one lookup
   * instead of one step per /24. `setPools` rebuilds the sets, so nothing stays blocked wrongly.
   */
  #markUsed(pool: Pool, addr: Addr): void {
    const used = this.#used[addr.family];
    used.add(addr.value, addr.value);
    for (const b of buggyNeighbours(pool, addr.family, addr.value)) used.add(b, b);
  }

  /** MetalLB checkSharing: the refusal if `key` may not hold `addr` next to its holders. */
  #conflictOn(key: string, addr: Addr, traits: SharingTraits): AllocationResult | undefined {
    const others = [...(this.#held.get(addrId(addr))?.keys ?? [])].filter((k) => k !== key);
    const conflict = sharingConflict(
      others.map((k) => this.#owners.get(k)!.traits),
      traits,
    );
    if (!conflict) return undefined;
    const message =
      conflict.rule === 'key'
        ? `can't change sharing key for ${JSON.stringify(key)}, address also in use by ${others.join(',')}`
        : `${conflict.message} on ${JSON.stringify(formatAddr(addr))}`;
    return failure('sharing-conflict', message, others);
  }

  #mayUse(pool: Pool, options: ClaimOptions): boolean {
    return !pool.serviceAllocation || isEligible(options, pool.name);
  }

  #notAllowed(pool: Pool): AllocationResult {
    return failure('pool-not-allowed', `pool ${pool.name} not compatible for ip assignment`);
  }

  #poolOf(addr: Addr): Pool | undefined {
    return this.#pools.find((p) => poolContains(p, addr.family, addr.value));
  }

  #poolOfAll(addrs: readonly Addr[]): Pool | undefined {
    const first = this.#poolOf(addrs[0]!);
    return first && addrs.every((a) => poolContains(first, a.family, a.value)) ? first : undefined;
  }
}
