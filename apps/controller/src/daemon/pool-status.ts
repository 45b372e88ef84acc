/**
 * IPAddressPool `.status` (assignedIPv4/IPv6, availableIPv4/IPv6), as MetalLB's
 * PoolStatusReconciler keeps it: written by the leader, coalesced (a burst of allocations
 * makes one write per pool), and only when a counter differs from what the pool shows. Pools
 * from the legacy ConfigMap have no object and no status. Counters are int64 in the API;
 * IPv6 pools count up to MaxInt64, so the body is written as JSON text from bigints.
 */
import type { KubeObject } from '@baremetal-lb/config';
import type { PoolCounters } from '@baremetal-lb/ipam';
import { isApiStatus, type Logger, requestJson } from '@baremetal-lb/k8s-watch';
import type { KubeConfig } from '@kubernetes/client-node';

/** The status fields, in MetalLB's order. */
const FIELDS = ['assignedIPv4', 'assignedIPv6', 'availableIPv4', 'availableIPv6'] as const;

/** The status body for one pool's counters, as JSON text (bigints exact). */
export function poolStatusBody(c: PoolCounters): string {
  const parts = FIELDS.map((f) => `${JSON.stringify(f)}:${String(c[f])}`);
  return `{"status":{${parts.join(',')}}}`;
}

/** True when the pool object's status already shows these counters. */
export function poolStatusMatches(pool: KubeObject, c: PoolCounters): boolean {
  const status = (pool.status ?? {}) as Record<string, unknown>;
  return FIELDS.every((f) => typeof status[f] === 'number' && status[f] === Number(c[f]));
}

/** Options of {@link PoolStatusWriter}. */
export interface PoolStatusOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  /** The IPAddressPool objects as cached. */
  readonly pools: () => readonly KubeObject[];
  readonly logger: Logger;
  /** Coalescing delay. Default 500 ms. */
  readonly delayMs?: number;
}

/** Writes pool status after holdings change, at most one pass per delay. */
export class PoolStatusWriter {
  readonly #options: PoolStatusOptions;
  #counters: ReadonlyMap<string, PoolCounters> = new Map();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;

  constructor(options: PoolStatusOptions) {
    this.#options = options;
  }

  /** New counters: a write pass follows after the delay. */
  update(counters: ReadonlyMap<string, PoolCounters>): void {
    this.#counters = counters;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped || this.#timer !== undefined) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#running = this.#pass().finally(() => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          this.#schedule();
        }
      });
    }, this.#options.delayMs ?? 500);
  }

  async #pass(): Promise<void> {
    for (const pool of this.#options.pools()) {
      if (this.#stopped) return;
      const name = pool.metadata.name ?? '';
      const counters = this.#counters.get(name);
      if (counters === undefined || poolStatusMatches(pool, counters)) continue;
      try {
        await requestJson(this.#options.kubeConfig, {
          method: 'PATCH',
          path: `/apis/metallb.io/v1beta1/namespaces/${encodeURIComponent(this.#options.namespace)}/ipaddresspools/${encodeURIComponent(name)}/status`,
          query: { fieldManager: 'baremetal-lb-controller' },
          rawBody: poolStatusBody(counters),
          contentType: 'application/merge-patch+json',
        });
      } catch (err) {
        if (isApiStatus(err, 404)) continue;
        this.#options.logger.warn({ pool: name, err: String(err) }, 'pool status write failed');
        this.#again = true;
      }
    }
  }

  /** Stops writing; waits for a pass in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
