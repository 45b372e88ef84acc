/**
 * Every Prometheus metric the controller exports, registered on an injected prom-client
 * Registry (never the global one). MetalLB's names, labels and help texts where MetalLB has
 * the metric (`internal/allocator/stats.go`: per-pool address gauges; `internal/k8s/
 * controllers/stats.go`: update counters and config gauges); our own additions are prefixed
 * `baremetal_lb_controller_`. Node's default process metrics go into the same registry.
 */

import type { PoolCounters } from '@baremetal-lb/ipam';
import { MAX_INT64 } from '@baremetal-lb/ipam';
import { Counter, collectDefaultMetrics, Gauge, Histogram, type Registry } from 'prom-client';

/** The controller's metrics, updated through these calls only. */
export interface ControllerMetrics {
  /**
   * Sets the per-pool address gauges from the allocator's counters. A pool absent from
   * `counters` that had series before loses them (MetalLB's `deleteStatsFor`).
   */
  setPoolCounters(counters: ReadonlyMap<string, PoolCounters>): void;
  /** `metallb_k8s_client_config_loaded_bool`: 1 once a configuration was loaded. */
  configLoaded(ok: boolean): void;
  /** `metallb_k8s_client_config_stale_bool`: 1 while running on a stale configuration. */
  configStale(stale: boolean): void;
  /** One Kubernetes object update processed (`metallb_k8s_client_updates_total`). */
  updateProcessed(): void;
  /** One Kubernetes object update that failed (`metallb_k8s_client_update_errors_total`). */
  updateFailed(): void;
  /** Whether this replica holds the leader Lease. */
  setLeader(isLeader: boolean): void;
  /** One Service status write, successful or not. */
  statusWrite(ok: boolean): void;
  /** One Service sync finished after `seconds`. */
  observeSync(seconds: number): void;
}

const POOL_LABEL = ['pool'] as const;

/**
 * A count as a gauge value, capped at Go's MaxInt64: MetalLB reports float64(MaxInt64) for a
 * pool that never runs out (a sum past it overflows in Go; we cap instead).
 */
function gaugeValue(n: bigint): number {
  return Number(n > MAX_INT64 ? MAX_INT64 : n);
}

function poolGauge(registry: Registry, name: string, help: string): Gauge<'pool'> {
  return new Gauge({ name, help, labelNames: POOL_LABEL, registers: [registry] });
}

/** MetalLB's per-pool gauges (`internal/allocator/stats.go`), in its order. */
function allocatorGauges(registry: Registry) {
  const g = (name: string, help: string) => poolGauge(registry, `metallb_allocator_${name}`, help);
  return {
    capacity: g('addresses_total', 'Number of usable IP addresses, per pool'),
    capacityV4: g('ipv4_addresses_total', 'Number of usable IPV4 addresses, per pool'),
    capacityV6: g('ipv6_addresses_total', 'Number of usable IPV6 addresses, per pool'),
    inUse: g('addresses_in_use_total', 'Number of IP addresses in use, per pool'),
    inUseV4: g('ipv4_addresses_in_use_total', 'Number of IPV4 addresses in use, per pool'),
    inUseV6: g('ipv6_addresses_in_use_total', 'Number of IPV6 addresses in use, per pool'),
    // MetalLB registers this one but never sets it; we keep the name so dashboards find it.
    servicesAllocated: g('services_allocated_total', 'Number of services allocated, per pool'),
  };
}

/** MetalLB's client metrics (`internal/k8s/controllers/stats.go`). */
function clientMetrics(registry: Registry) {
  const registers = [registry];
  return {
    updates: new Counter({
      name: 'metallb_k8s_client_updates_total',
      help: 'Number of k8s object updates that have been processed.',
      registers,
    }),
    updateErrors: new Counter({
      name: 'metallb_k8s_client_update_errors_total',
      help: 'Number of k8s object updates that failed for some reason.',
      registers,
    }),
    loaded: new Gauge({
      name: 'metallb_k8s_client_config_loaded_bool',
      help: '1 if the MetalLB configuration was successfully loaded at least once.',
      registers,
    }),
    stale: new Gauge({
      name: 'metallb_k8s_client_config_stale_bool',
      help: '1 if running on a stale configuration, because the latest config failed to load.',
      registers,
    }),
  };
}

/** Ours: no MetalLB equivalent, hence the `baremetal_lb_controller_` prefix. */
function ownMetrics(registry: Registry) {
  const registers = [registry];
  const prefix = 'baremetal_lb_controller_';
  return {
    leader: new Gauge({
      name: `${prefix}leader`,
      help: '1 while this replica holds the leader Lease, else 0.',
      registers,
    }),
    synced: new Counter({
      name: `${prefix}services_synced_total`,
      help: 'Number of Service syncs completed.',
      registers,
    }),
    statusWrites: new Counter({
      name: `${prefix}status_writes_total`,
      help: 'Number of Service status writes attempted.',
      registers,
    }),
    statusWriteErrors: new Counter({
      name: `${prefix}status_write_errors_total`,
      help: 'Number of Service status writes that failed.',
      registers,
    }),
    syncDuration: new Histogram({
      name: `${prefix}sync_duration_seconds`,
      help: 'Time taken by one Service sync, in seconds.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
  };
}

/**
 * Registers the controller's metrics (and Node's default `process_*` / `nodejs_*` ones) on
 * `registry` and returns the calls that update them.
 *
 * Gotchas: call it once per registry; prom-client refuses a second registration of a name.
 *
 * @example
 * ```ts
 * const registry = new Registry();
 * const metrics = createControllerMetrics(registry);
 * metrics.setPoolCounters(new Map([['default', allocator.counters('default')!]]));
 * ```
 */
export function createControllerMetrics(registry: Registry): ControllerMetrics {
  const pool = allocatorGauges(registry);
  const client = clientMetrics(registry);
  const own = ownMetrics(registry);
  collectDefaultMetrics({ register: registry });
  // Series exist from the start, as Go's plain Gauges and Counters do.
  client.loaded.set(0);
  client.stale.set(0);
  own.leader.set(0);

  const perPool = Object.values(pool);
  let known = new Set<string>();
  return {
    setPoolCounters(counters) {
      for (const name of known) {
        if (!counters.has(name)) for (const g of perPool) g.remove(name);
      }
      known = new Set(counters.keys());
      for (const [name, c] of counters) {
        const labels = { pool: name };
        pool.capacity.set(labels, gaugeValue(c.totalIPv4 + c.totalIPv6));
        pool.capacityV4.set(labels, gaugeValue(c.totalIPv4));
        pool.capacityV6.set(labels, gaugeValue(c.totalIPv6));
        pool.inUse.set(labels, c.assignedIPv4 + c.assignedIPv6);
        pool.inUseV4.set(labels, c.assignedIPv4);
        pool.inUseV6.set(labels, c.assignedIPv6);
      }
    },
    configLoaded: (ok) => client.loaded.set(ok ? 1 : 0),
    configStale: (isStale) => client.stale.set(isStale ? 1 : 0),
    updateProcessed: () => client.updates.inc(),
    updateFailed: () => client.updateErrors.inc(),
    setLeader: (isLeader) => own.leader.set(isLeader ? 1 : 0),
    statusWrite(ok) {
      own.statusWrites.inc();
      if (!ok) own.statusWriteErrors.inc();
    },
    observeSync(seconds) {
      own.synced.inc();
      own.syncDuration.observe(seconds);
    },
  };
}
