/**
 * The controller end to end: the built bin against the API stand-in, driven with kubectl the
 * way an operator drives MetalLB. Covers METALLB.md's allocation, sharing, pool selection,
 * dual-stack and config-reload rules, the legacy ConfigMap, loadBalancerClass, Events, pool
 * status, ConfigurationState and metrics, and a restart that writes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  eventually,
  ingressOf,
  poolYaml,
  type Scenario,
  serviceYaml,
  startScenario,
} from './testing/scenario.js';

const scenarios: Scenario[] = [];
afterEach(async () => {
  for (const s of scenarios.splice(0)) await s.close();
});

async function boot(args: string[] = []): Promise<Scenario> {
  const s = await startScenario();
  scenarios.push(s);
  await s.startController(args);
  return s;
}

const svcPath = (name: string, ns = 'default') => `/api/v1/namespaces/${ns}/services/${name}`;

async function ipsOf(s: Scenario, name: string, ns = 'default'): Promise<string[]> {
  return ingressOf(await s.get(svcPath(name, ns)));
}

/** Waits until the Service shows exactly `count` ingress IPs and returns them. */
async function waitForIps(s: Scenario, name: string, count = 1, ns = 'default'): Promise<string[]> {
  return eventually(async () => {
    const ips = await ipsOf(s, name, ns);
    return ips.length === count ? ips : undefined;
  }, `${ns}/${name} to have ${count} IP(s)`);
}

async function eventsOf(s: Scenario, name: string, ns = 'default') {
  const list = await s.get<{ items: { reason: string; message: string; type: string }[] }>(
    `/api/v1/namespaces/${ns}/events?fieldSelector=involvedObject.name=${name}`,
  );
  return list.items;
}

async function waitForEvent(s: Scenario, name: string, reason: string, ns = 'default') {
  return eventually(async () => {
    const found = (await eventsOf(s, name, ns)).find((e) => e.reason === reason);
    return found;
  }, `event ${reason} on ${ns}/${name}`);
}

async function metrics(s: Scenario): Promise<string> {
  const port = await s.controller!.metricsPort();
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

describe('controller end to end', () => {
  it('gives a LoadBalancer Service the first IP of the pool: status, annotation, Event, kubectl get', async () => {
    const s = await boot();
    await s.apply(poolYaml('first', ['192.0.2.10-192.0.2.12']));
    await s.apply(serviceYaml('web'));
    expect(await waitForIps(s, 'web')).toEqual(['192.0.2.10']);
    // Status and annotation are two writes (status first), so the annotation may trail.
    const poolName = await eventually(async () => {
      const svc = await s.get<{ metadata: { annotations?: Record<string, string> } }>(
        svcPath('web'),
      );
      return svc.metadata.annotations?.['metallb.io/ip-allocated-from-pool'];
    }, 'ip-allocated-from-pool annotation');
    expect(poolName).toBe('first');
    const event = await waitForEvent(s, 'web', 'IPAllocated');
    expect(event).toMatchObject({ type: 'Normal', message: 'Assigned IP ["192.0.2.10"]' });
    const get = await s.kubectl(['get', 'svc', 'web']);
    expect(get.stdout).toMatch(/web\s+LoadBalancer\s+\S+\s+192\.0\.2\.10\s+80:\d+\/TCP/);
    // Pool status and metrics follow.
    const pool = await eventually(async () => {
      const p = await s.get<{ status?: Record<string, number> }>(
        '/apis/metallb.io/v1beta1/namespaces/metallb-system/ipaddresspools/first',
      );
      return p.status?.assignedIPv4 === 1 ? p : undefined;
    }, 'pool status');
    expect(pool.status).toEqual({
      assignedIPv4: 1,
      assignedIPv6: 0,
      availableIPv4: 2,
      availableIPv6: 0,
    });
    const text = await eventually(async () => {
      const m = await metrics(s);
      return m.includes('metallb_allocator_addresses_in_use_total{pool="first"} 1') ? m : undefined;
    }, 'in-use metric');
    expect(text).toContain('metallb_allocator_addresses_total{pool="first"} 3');
    expect(text).toContain('metallb_k8s_client_config_loaded_bool 1');
    expect(text).toContain('metallb_k8s_client_config_stale_bool 0');
    const state = await eventually(async () => {
      const cs = await s.get<{ status?: { result?: string } }>(
        '/apis/metallb.io/v1beta1/namespaces/metallb-system/configurationstates/controller',
      );
      return cs.status?.result === 'Valid' ? cs : undefined;
    }, 'ConfigurationState Valid');
    expect(state).toMatchObject({
      metadata: { labels: { 'metallb.io/component-type': 'controller' } },
    });
  });

  it('honours requested IPs, pools, sharing keys and reports what it cannot do', async () => {
    const s = await boot();
    await s.apply(
      [
        poolYaml('a', ['192.0.2.0/29']),
        poolYaml('manual', ['198.51.100.0/30'], { autoAssign: false }),
      ].join('\n---\n'),
    );
    await s.apply(
      [
        serviceYaml('asks-ip', { annotations: { 'metallb.io/loadBalancerIPs': '192.0.2.5' } }),
        serviceYaml('asks-pool', { annotations: { 'metallb.io/address-pool': 'manual' } }),
        serviceYaml('dns-tcp', {
          annotations: { 'metallb.io/allow-shared-ip': 'dns' },
          ports: [{ port: 53 }],
        }),
        serviceYaml('dns-udp', {
          annotations: { 'metallb.io/allow-shared-ip': 'dns' },
          ports: [{ port: 53, protocol: 'UDP' }],
        }),
        serviceYaml('unknown-pool', { annotations: { 'metallb.io/address-pool': 'nope' } }),
        serviceYaml('old-style', { annotations: { 'metallb.universe.tf/address-pool': 'manual' } }),
      ].join('\n---\n'),
    );
    expect(await waitForIps(s, 'asks-ip')).toEqual(['192.0.2.5']);
    const [manual] = await waitForIps(s, 'asks-pool');
    expect(manual).toMatch(/^198\.51\.100\.[0-3]$/);
    const [tcp] = await waitForIps(s, 'dns-tcp');
    const [udp] = await waitForIps(s, 'dns-udp');
    expect(tcp).toBe(udp);
    const failed = await waitForEvent(s, 'unknown-pool', 'AllocationFailed');
    expect(failed.type).toBe('Warning');
    expect(failed.message).toContain('Failed to allocate IP for "default/unknown-pool"');
    expect(failed.message).toContain('nope');
    expect(await ipsOf(s, 'unknown-pool')).toEqual([]);
    await waitForIps(s, 'old-style');
    const deprecated = await waitForEvent(s, 'old-style', 'deprecatedAnnotation');
    expect(deprecated).toMatchObject({
      type: 'Warning',
      message: 'Service uses deprecated annotation metallb.universe.tf/address-pool',
    });
  });

  it('gives a dual-stack Service one IPv4 and one IPv6, IPv4 first', async () => {
    const s = await boot();
    await s.apply(poolYaml('dual', ['192.0.2.0/30', '2001:db8::/126']));
    await s.apply(
      serviceYaml('both', { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6', 'IPv4'] }),
    );
    const ips = await waitForIps(s, 'both', 2);
    expect(ips[0]).toMatch(/^192\.0\.2\./);
    expect(ips[1]).toMatch(/^2001:db8::/);
  });

  it('frees the IP of a deleted Service for one that waited, and follows pool edits', async () => {
    const s = await boot();
    await s.apply(poolYaml('tiny', ['192.0.2.1/32']));
    await s.apply(serviceYaml('holder'));
    expect(await waitForIps(s, 'holder')).toEqual(['192.0.2.1']);
    await s.apply(serviceYaml('waiter'));
    await waitForEvent(s, 'waiter', 'AllocationFailed');
    const del = await s.kubectl(['delete', 'svc', 'holder']);
    expect(del.code).toBe(0);
    expect(await waitForIps(s, 'waiter')).toEqual(['192.0.2.1']);
    // The pool moves: the IP left every pool, so the Service gets one of the new range.
    await s.apply(poolYaml('tiny', ['192.0.2.8/31']));
    await eventually(async () => {
      const ips = await ipsOf(s, 'waiter');
      return ips[0] === '192.0.2.8' ? ips : undefined;
    }, 'waiter moved into the new range');
  });

  it('keeps the last good config when a bad one arrives: ConfigurationState Invalid, stale metric', async () => {
    const s = await boot();
    await s.apply(poolYaml('good', ['192.0.2.0/28']));
    await s.apply(serviceYaml('before'));
    const [before] = await waitForIps(s, 'before');
    // Overlapping pools (no webhook here to refuse it): the whole config is invalid.
    await s.apply(poolYaml('overlap', ['192.0.2.0/24']));
    const state = await eventually(async () => {
      const cs = await s.get<{ status?: { result?: string; errorSummary?: string } }>(
        '/apis/metallb.io/v1beta1/namespaces/metallb-system/configurationstates/controller',
      );
      return cs.status?.result === 'Invalid' ? cs : undefined;
    }, 'ConfigurationState Invalid');
    expect(state.status?.errorSummary).toContain('overlaps with already defined CIDR');
    expect(state.status?.errorSummary).toContain('IPAddressPool/');
    await eventually(async () => {
      const m = await metrics(s);
      return m.includes('metallb_k8s_client_config_stale_bool 1') ? m : undefined;
    }, 'stale metric');
    // The last good config still allocates, and the old IP stays.
    await s.apply(serviceYaml('during'));
    const [during] = await waitForIps(s, 'during');
    expect(during).toMatch(/^192\.0\.2\.([0-9]|1[0-5])$/);
    expect(await ipsOf(s, 'before')).toEqual([before]);
  });

  it('reads the legacy ConfigMap as MetalLB v0.12 did', async () => {
    const s = await boot();
    await s.apply(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'config', namespace: 'metallb-system' },
        data: {
          config:
            'address-pools:\n- name: legacy\n  protocol: layer2\n  addresses:\n  - 203.0.113.0/30\n',
        },
      }),
    );
    await s.apply(serviceYaml('from-legacy'));
    expect(await waitForIps(s, 'from-legacy')).toEqual(['203.0.113.0']);
  });

  it('handles only its loadBalancerClass and leaves other types alone', async () => {
    const s = await boot(['--lb-class', 'example.com/ours']);
    await s.apply(poolYaml('p', ['192.0.2.0/29']));
    await s.apply(
      [
        serviceYaml('ours', { loadBalancerClass: 'example.com/ours' }),
        serviceYaml('theirs', { loadBalancerClass: 'example.com/theirs' }),
        serviceYaml('classless'),
      ].join('\n---\n'),
    );
    await waitForIps(s, 'ours');
    // Give the controller time to (wrongly) act on the others: the next sync after ours.
    await s.apply(serviceYaml('ours-2', { loadBalancerClass: 'example.com/ours' }));
    await waitForIps(s, 'ours-2');
    expect(await ipsOf(s, 'theirs')).toEqual([]);
    expect(await ipsOf(s, 'classless')).toEqual([]);
  });

  it('restarts without moving or rewriting anything', async () => {
    const s = await boot();
    await s.apply(poolYaml('p', ['192.0.2.0/28', '2001:db8::/124']));
    const names = ['a', 'b', 'c', 'd', 'e'];
    await s.apply(names.map((n) => serviceYaml(n)).join('\n---\n'));
    for (const n of names) await waitForIps(s, n);
    // Wait for the annotation writes too, then remember every resourceVersion.
    const before = await eventually(async () => {
      const list = await s.get<{
        items: {
          metadata: { name: string; resourceVersion: string; annotations?: Record<string, string> };
        }[];
      }>('/api/v1/namespaces/default/services');
      const done = list.items.every(
        (i) => i.metadata.annotations?.['metallb.io/ip-allocated-from-pool'] === 'p',
      );
      return done ? list.items : undefined;
    }, 'annotations');
    expect(await s.controller!.stop('SIGTERM')).toBe(0);
    const second = await s.startController();
    await second.waitFor((l) => l.msg === 'claimed existing IPs');
    // A new Service proves the second controller is working before we compare.
    await s.apply(serviceYaml('after-restart'));
    await waitForIps(s, 'after-restart');
    const after = await s.get<{ items: { metadata: { name: string; resourceVersion: string } }[] }>(
      '/api/v1/namespaces/default/services',
    );
    for (const svc of before) {
      const now = after.items.find((i) => i.metadata.name === svc.metadata.name);
      expect(now?.metadata.resourceVersion).toBe(svc.metadata.resourceVersion);
    }
  });
});
