/**
 * The controller's metrics read back from prom-client's text exposition, as Prometheus
 * scrapes them: MetalLB's names, help texts and types, per-pool series set and removed.
 */

import type { PoolCounters } from '@baremetal-lb/ipam';
import { MAX_INT64 } from '@baremetal-lb/ipam';
import fc from 'fast-check';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createControllerMetrics } from './metrics.js';

/** One sample line of the exposition: metric name, labels, value. */
interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** Parses the Prometheus text format (enough of it for our label values: no escapes). */
function parseExposition(text: string): { samples: Sample[]; meta: Map<string, string> } {
  const samples: Sample[] = [];
  const meta = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const comment = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (comment) {
      meta.set(`${comment[1]} ${comment[2]}`, comment[3]!);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparsable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)) {
      labels[pair[1]!] = pair[2]!;
    }
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, meta };
}

async function scrape(registry: Registry) {
  return parseExposition(await registry.metrics());
}

function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}) {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (found.length !== 1) return undefined;
  return found[0]!.value;
}

function counters(v4: number, v6: number, total4: bigint, total6: bigint): PoolCounters {
  return {
    assignedIPv4: v4,
    assignedIPv6: v6,
    totalIPv4: total4,
    totalIPv6: total6,
    availableIPv4: total4 - BigInt(v4),
    availableIPv6: total6 - BigInt(v6),
  };
}

const POOL_METRICS = [
  'metallb_allocator_addresses_total',
  'metallb_allocator_ipv4_addresses_total',
  'metallb_allocator_ipv6_addresses_total',
  'metallb_allocator_addresses_in_use_total',
  'metallb_allocator_ipv4_addresses_in_use_total',
  'metallb_allocator_ipv6_addresses_in_use_total',
];

describe('createControllerMetrics', () => {
  it("registers MetalLB's metrics with MetalLB's help texts and types", async () => {
    const registry = new Registry();
    createControllerMetrics(registry);
    const { meta, samples } = await scrape(registry);
    expect(meta.get('HELP metallb_allocator_addresses_total')).toBe(
      'Number of usable IP addresses, per pool',
    );
    expect(meta.get('HELP metallb_allocator_ipv6_addresses_in_use_total')).toBe(
      'Number of IPV6 addresses in use, per pool',
    );
    expect(meta.get('HELP metallb_allocator_services_allocated_total')).toBe(
      'Number of services allocated, per pool',
    );
    expect(meta.get('HELP metallb_k8s_client_config_stale_bool')).toBe(
      '1 if running on a stale configuration, because the latest config failed to load.',
    );
    for (const name of [...POOL_METRICS, 'metallb_allocator_services_allocated_total']) {
      expect(meta.get(`TYPE ${name}`), name).toBe('gauge');
    }
    expect(meta.get('TYPE metallb_k8s_client_updates_total')).toBe('counter');
    expect(meta.get('TYPE metallb_k8s_client_update_errors_total')).toBe('counter');
    expect(meta.get('TYPE metallb_k8s_client_config_loaded_bool')).toBe('gauge');
    expect(meta.get('TYPE baremetal_lb_controller_sync_duration_seconds')).toBe('histogram');
    expect(sampleValue(samples, 'metallb_k8s_client_config_loaded_bool')).toBe(0);
    expect(sampleValue(samples, 'metallb_k8s_client_updates_total')).toBe(0);
    expect(sampleValue(samples, 'baremetal_lb_controller_leader')).toBe(0);
    expect(samples.some((s) => s.name.startsWith('process_'))).toBe(true);
  });

  it('reports per-pool totals and addresses in use', async () => {
    const registry = new Registry();
    const metrics = createControllerMetrics(registry);
    metrics.setPoolCounters(
      new Map([
        ['default', counters(3, 1, 254n, 256n)],
        ['huge', counters(0, 2, 0n, MAX_INT64)],
      ]),
    );
    const { samples } = await scrape(registry);
    const d = { pool: 'default' };
    expect(sampleValue(samples, 'metallb_allocator_addresses_total', d)).toBe(510);
    expect(sampleValue(samples, 'metallb_allocator_ipv4_addresses_total', d)).toBe(254);
    expect(sampleValue(samples, 'metallb_allocator_ipv6_addresses_total', d)).toBe(256);
    expect(sampleValue(samples, 'metallb_allocator_addresses_in_use_total', d)).toBe(4);
    expect(sampleValue(samples, 'metallb_allocator_ipv4_addresses_in_use_total', d)).toBe(3);
    expect(sampleValue(samples, 'metallb_allocator_ipv6_addresses_in_use_total', d)).toBe(1);
    const h = { pool: 'huge' };
    expect(sampleValue(samples, 'metallb_allocator_addresses_total', h)).toBe(Number(MAX_INT64));
    expect(sampleValue(samples, 'metallb_allocator_ipv6_addresses_total', h)).toBe(
      Number(MAX_INT64),
    );
    expect(sampleValue(samples, 'metallb_allocator_ipv6_addresses_in_use_total', h)).toBe(2);
    // Registered, never set: no series, as in MetalLB.
    expect(samples.some((s) => s.name === 'metallb_allocator_services_allocated_total')).toBe(
      false,
    );
  });

  it('drops every series of a pool that disappeared and keeps the others', async () => {
    const registry = new Registry();
    const metrics = createControllerMetrics(registry);
    metrics.setPoolCounters(
      new Map([
        ['a', counters(1, 0, 10n, 0n)],
        ['b', counters(2, 0, 20n, 0n)],
      ]),
    );
    metrics.setPoolCounters(new Map([['b', counters(5, 0, 20n, 0n)]]));
    const { samples } = await scrape(registry);
    expect(samples.filter((s) => s.labels.pool === 'a')).toEqual([]);
    expect(
      sampleValue(samples, 'metallb_allocator_ipv4_addresses_in_use_total', { pool: 'b' }),
    ).toBe(5);
  });

  it('counts updates, errors, status writes and syncs, and sets the gauges', async () => {
    const registry = new Registry();
    const metrics = createControllerMetrics(registry);
    metrics.updateProcessed();
    metrics.updateProcessed();
    metrics.updateFailed();
    metrics.configLoaded(true);
    metrics.configStale(true);
    metrics.configStale(false);
    metrics.setLeader(true);
    metrics.statusWrite(true);
    metrics.statusWrite(false);
    metrics.statusWrite(true);
    metrics.observeSync(0.002);
    metrics.observeSync(3);
    const { samples } = await scrape(registry);
    expect(sampleValue(samples, 'metallb_k8s_client_updates_total')).toBe(2);
    expect(sampleValue(samples, 'metallb_k8s_client_update_errors_total')).toBe(1);
    expect(sampleValue(samples, 'metallb_k8s_client_config_loaded_bool')).toBe(1);
    expect(sampleValue(samples, 'metallb_k8s_client_config_stale_bool')).toBe(0);
    expect(sampleValue(samples, 'baremetal_lb_controller_leader')).toBe(1);
    expect(sampleValue(samples, 'baremetal_lb_controller_status_writes_total')).toBe(3);
    expect(sampleValue(samples, 'baremetal_lb_controller_status_write_errors_total')).toBe(1);
    expect(sampleValue(samples, 'baremetal_lb_controller_services_synced_total')).toBe(2);
    expect(sampleValue(samples, 'baremetal_lb_controller_sync_duration_seconds_count')).toBe(2);
    expect(sampleValue(samples, 'baremetal_lb_controller_sync_duration_seconds_sum')).toBe(3.002);
    expect(
      sampleValue(samples, 'baremetal_lb_controller_sync_duration_seconds_bucket', {
        le: '0.0025',
      }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'baremetal_lb_controller_sync_duration_seconds_bucket', { le: '+Inf' }),
    ).toBe(2);
    metrics.setLeader(false);
    expect(sampleValue((await scrape(registry)).samples, 'baremetal_lb_controller_leader')).toBe(0);
  });

  it('after any sequence of updates, exposes exactly the last set of pools with its values', async () => {
    const poolName = fc.constantFrom('a', 'b', 'c', 'default', 'pool-1');
    const entry = fc.record({
      v4: fc.nat(1000),
      v6: fc.nat(1000),
      t4: fc.bigInt({ min: 1000n, max: 1n << 32n }),
      t6: fc.bigInt({ min: 1000n, max: MAX_INT64 }),
    });
    const update = fc.dictionary(poolName, entry);
    await fc.assert(
      fc.asyncProperty(fc.array(update, { minLength: 1, maxLength: 6 }), async (updates) => {
        const registry = new Registry();
        const metrics = createControllerMetrics(registry);
        for (const u of updates) {
          metrics.setPoolCounters(
            new Map(Object.entries(u).map(([k, e]) => [k, counters(e.v4, e.v6, e.t4, e.t6)])),
          );
        }
        const last = updates.at(-1)!;
        const { samples } = await scrape(registry);
        const pooled = samples.filter((s) => s.labels.pool !== undefined);
        expect(new Set(pooled.map((s) => s.labels.pool))).toEqual(new Set(Object.keys(last)));
        expect(pooled).toHaveLength(POOL_METRICS.length * Object.keys(last).length);
        for (const [pool, e] of Object.entries(last)) {
          let total = e.t4 + e.t6;
          if (total > MAX_INT64) total = MAX_INT64;
          expect(sampleValue(samples, 'metallb_allocator_addresses_total', { pool })).toBe(
            Number(total),
          );
          expect(sampleValue(samples, 'metallb_allocator_addresses_in_use_total', { pool })).toBe(
            e.v4 + e.v6,
          );
        }
      }),
      { numRuns: 60 },
    );
  });
});
