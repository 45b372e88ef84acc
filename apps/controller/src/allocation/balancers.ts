/**
 * `Balancers`: every Service's allocation, as the controller daemon drives it (MetalLB
 * `controller/main.go` SetBalancer / SetPools and the service reconciler's class filter),
 * without Kubernetes I/O. The daemon feeds it configs and Service objects from its caches and
 * gets back values: the status and annotation to write, Events to record, and which Services
 * to requeue. The per-Service decisions live in `converge.ts`.
 */
import {
  type Config,
  handlesLoadBalancerClass,
  type KubeObject,
  parseService,
  poolSpecsOf,
} from '@baremetal-lb/config';
import { Allocator, type PoolCounters } from '@baremetal-lb/ipam';
import { type ConvergeInput, converge, keepCurrent, precondition, requestFor } from './converge.js';
import { deprecatedAnnotation, internalError } from './events.js';
import { requestProblemOf } from './request-problems.js';
import {
  ingressIps,
  isConverged,
  poolAnnotation,
  sanitizeService,
  serviceKey,
} from './service-view.js';
import type { BalancerOptions, ServiceEvent, ServiceOutcome } from './types.js';

type Holding = { readonly pool: string; readonly ips: readonly string[] } | undefined;

/**
 * MetalLB's Service allocation for one controller: an ipam Allocator plus the rules that turn
 * Service objects into requests and results into status, annotation and Events.
 *
 * When to use: one instance per leadership term. `setConfig` with the first valid config,
 * `claim` every cached Service oldest first, then `sync` each queued Service; `remove` on
 * delete; `setConfig` again on every config change (then requeue every Service).
 *
 * Gotchas: it never talks to the API: the caller writes `ingress` / `pool` when they differ
 * from the object (`isConverged`) and records `events`. A failure that stands (same events,
 * Service already showing the outcome) is reported once, not on every resync, so a second
 * sync of an unchanged Service records nothing. The daemon requeues `waiting()` when an
 * outcome says `freedAddresses` or `remove` returns true.
 *
 * @example
 * const b = new Balancers();
 * b.setConfig(config);
 * const out = b.sync(svc); // { ingress: ['10.0.0.0'], pool: 'p', events: [IPAllocated], ... }
 */
export class Balancers {
  readonly #lbClass: string | undefined;
  readonly #allocator = new Allocator();
  #config: Config | undefined;
  /** Services whose last sync left them without the IPs they ask for. */
  readonly #waiting = new Set<string>();
  /** The events of each Service's last sync, as one string, to report a standing failure once. */
  readonly #reported = new Map<string, string>();
  /** The sharing key each holder had when it last synced (MetalLB's allocation key). */
  readonly #sharingKeys = new Map<string, string>();

  constructor(options: BalancerOptions = {}) {
    this.#lbClass = options.lbClass;
  }

  /** The key "namespace/name" of a Service object (namespace `default` when absent). */
  static keyOf(svc: KubeObject): string {
    return serviceKey(svc);
  }

  /**
   * A new valid config (or undefined = no valid config yet). Re-pools the allocator (IPs still
   * in some pool are kept, even when they now belong to another pool; owners whose IPs left
   * every pool are released). Returns the keys whose IPs were released, so the caller requeues
   * them; the caller requeues every Service anyway after a config change. An undefined config
   * after a valid one changes nothing: the last good config stays, as in MetalLB.
   */
  setConfig(config: Config | undefined): { readonly released: readonly string[] } {
    if (config === undefined) return { released: [] };
    const report = this.#allocator.setPools(poolSpecsOf(config));
    this.#config = config;
    const released = report.released.map((r) => r.key);
    for (const key of released) this.#sharingKeys.delete(key);
    return { released };
  }

  /**
   * Startup claim, before any sync: takes the IPs the Service already has in status (if it is
   * ours: LoadBalancer type, our class, a valid config), with the same checks as a sync (pool,
   * eligibility, sharing, family, requested pool and IPs) but no events and no changes to the
   * Service. Returns true when claimed. Call it for every cached Service oldest first
   * (creationTimestamp, then namespace/name), then sync.
   */
  claim(svc: KubeObject): boolean {
    try {
      const input = this.#input(svc);
      if (input === undefined || precondition(input) !== undefined) return false;
      const alloc = requestFor(input.parsed.request, input.config);
      const problem = requestProblemOf(input.svc, input.parsed.problems);
      const kept = keepCurrent(input, alloc, problem, []);
      if (kept.ips.length === 0) return false;
      this.#sharingKeys.set(input.key, input.parsed.request.sharingKey ?? '');
      return true;
    } catch {
      return false;
    }
  }

  /**
   * One sync of one Service (MetalLB's convergeBalancer). undefined = not ours / leave it alone
   * (another loadBalancerClass, its IPs released if it had some; or no valid config has ever
   * been loaded: never clear IPs then). A non-LoadBalancer Service gets ingress [] and pool
   * undefined (cleared, as MetalLB does). Never throws, whatever the object holds.
   */
  sync(svc: KubeObject): ServiceOutcome | undefined {
    try {
      return this.#sync(svc);
    } catch (err) {
      return this.#internalError(svc, err);
    }
  }

  /** The Service was deleted: frees its IPs. True when addresses were freed. */
  remove(key: string): boolean {
    this.#forget(key);
    return this.#allocator.release(key);
  }

  /** Keys of Services whose last sync ended without the IPs they need, for requeue. */
  waiting(): readonly string[] {
    return [...this.#waiting];
  }

  /** Per-pool counters (MetalLB's semantics, from ipam), for metrics and IPAddressPool status. */
  poolCounters(): ReadonlyMap<string, PoolCounters> {
    const out = new Map<string, PoolCounters>();
    for (const name of this.#allocator.poolNames()) {
      const c = this.#allocator.counters(name);
      if (c) out.set(name, c);
    }
    return out;
  }

  /** What the Service holds now (for logs and tests), or undefined. */
  assignment(key: string): { readonly pool: string; readonly ips: readonly string[] } | undefined {
    return this.#allocator.assignment(key);
  }

  /** The parsed Service when this controller handles it, else undefined (releasing it). */
  #input(raw: KubeObject): ConvergeInput | undefined {
    const svc = sanitizeService(raw);
    const key = serviceKey(svc);
    const parsed = parseService(svc);
    if (!handlesLoadBalancerClass(parsed.request, this.#lbClass)) {
      // Moved to another controller's class: whatever it held is not ours to keep.
      this.#forget(key);
      this.#allocator.release(key);
      return undefined;
    }
    const config = this.#config;
    return config ? { allocator: this.#allocator, config, key, svc, parsed } : undefined;
  }

  #sync(raw: KubeObject): ServiceOutcome | undefined {
    const input = this.#input(raw);
    if (input === undefined) return undefined;
    const key = input.key;
    const before = this.#allocator.assignment(key);
    const result = converge(input);
    const after = this.#allocator.assignment(key);
    const freedAddresses = this.#freed(before, after, input.parsed.request.sharingKey ?? '', key);
    if (result.satisfied) this.#waiting.delete(key);
    else this.#waiting.add(key);
    const converged = isConverged(input.svc, result);
    const events: ServiceEvent[] = [...result.events];
    const signature = JSON.stringify(events);
    const standing = converged && this.#reported.get(key) === signature;
    if (events.length > 0) this.#reported.set(key, signature);
    else this.#reported.delete(key);
    // MetalLB reports deprecated annotations only when it writes the Service (not noisy).
    const deprecated = converged
      ? []
      : input.parsed.request.deprecatedAnnotations.map(deprecatedAnnotation);
    return {
      ingress: result.ingress,
      pool: result.pool,
      events: [...(standing ? [] : events), ...deprecated],
      freedAddresses,
    };
  }

  /**
   * MetalLB's reprocess-all triggers: an address this Service held and no longer holds that is
   * still in a pool (another Service may take it), or a changed sharing key on a held address.
   */
  #freed(before: Holding, after: Holding, sharingKey: string, key: string): boolean {
    const lost = (before?.ips ?? []).some(
      (ip) => !(after?.ips ?? []).includes(ip) && this.#allocator.poolOf(ip) !== undefined,
    );
    const previousKey = this.#sharingKeys.get(key);
    const rekeyed = before !== undefined && after !== undefined && previousKey !== sharingKey;
    if (after) this.#sharingKeys.set(key, sharingKey);
    else this.#sharingKeys.delete(key);
    return lost || rekeyed;
  }

  /**
   * Not expected: every input is sanitized first. The Service is left as it shows itself
   * (nothing to write) with an InternalError event; unreadable, it is left alone entirely.
   */
  #internalError(svc: KubeObject, err: unknown): ServiceOutcome | undefined {
    const message = `internal error: ${err instanceof Error ? err.message : String(err)}`;
    try {
      const view = sanitizeService(svc);
      return {
        ingress: ingressIps(view),
        pool: poolAnnotation(view),
        events: [internalError(message)],
        freedAddresses: false,
      };
    } catch {
      return undefined;
    }
  }

  #forget(key: string): void {
    this.#waiting.delete(key);
    this.#reported.delete(key);
    this.#sharingKeys.delete(key);
  }
}
