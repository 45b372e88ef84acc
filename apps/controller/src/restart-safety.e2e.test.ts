/**
 * Restart and replica safety, against the stand-in with the real controller bin:
 * - 2,000 Services (some sharing IPs), the controller SIGKILLed at random moments during
 *   allocation 10 times and restarted each time: no IP ever moves, no IP is held by two
 *   Services unless MetalLB's sharing rules allow it, and every Service ends with an IP.
 * - Two replicas at once: only the leader writes; after a takeover the old leader never writes
 *   again, even when it was paused (SIGSTOP) past its lease and then woken.
 * Every change to a Service is seen through the stand-in's change stream, so nothing between
 * polls is missed; every write is attributed to a replica by its User-Agent in the request log.
 */
import { requestJson } from '@baremetal-lb/k8s-watch';
import { afterEach, describe, expect, it } from 'vitest';
import {
  eventually,
  ingressOf,
  poolYaml,
  type Scenario,
  startScenario,
} from './testing/scenario.js';

const scenarios: Scenario[] = [];
afterEach(async () => {
  for (const s of scenarios.splice(0)) await s.close();
});

interface ServiceSpec {
  name: string;
  sharingKey?: string;
  port: number;
}

/** 2,000 Services: every 10th pair shares a key (different ports, so MetalLB lets them share). */
function manyServices(count: number): ServiceSpec[] {
  const out: ServiceSpec[] = [];
  for (let i = 0; i < count; i++) {
    const pair = Math.floor(i / 2);
    const shares = pair % 10 === 0;
    out.push({
      name: `svc-${String(i).padStart(4, '0')}`,
      ...(shares ? { sharingKey: `key-${pair}` } : {}),
      port: shares ? 8000 + (i % 2) : 80,
    });
  }
  return out;
}

function serviceBody(s: ServiceSpec): Record<string, unknown> {
  return {
    metadata: {
      name: s.name,
      ...(s.sharingKey ? { annotations: { 'metallb.io/allow-shared-ip': s.sharingKey } } : {}),
    },
    spec: {
      type: 'LoadBalancer',
      ports: [{ port: s.port, protocol: 'TCP' }],
      selector: { app: s.name },
    },
  };
}

async function createAll(s: Scenario, specs: ServiceSpec[], inFlight = 24): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < specs.length) {
      const spec = specs[next++]!;
      await s.create('/api/v1/namespaces/default/services', serviceBody(spec));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

/** Records every ingress change of every Service; flags any IP that moved. */
function watchIngress(s: Scenario) {
  const first = new Map<string, string>();
  const moved: string[] = [];
  s.standin.store.onChange((e) => {
    if (e.object.kind !== 'Service' && !e.storage.endsWith('services')) return;
    if (e.type === 'DELETED') return;
    const ips = ingressOf(e.object as Record<string, unknown>).join(',');
    if (ips === '') {
      if (first.has(e.object.metadata.name ?? '')) moved.push(`${e.object.metadata.name}: cleared`);
      return;
    }
    const name = e.object.metadata.name ?? '';
    const was = first.get(name);
    if (was === undefined) first.set(name, ips);
    else if (was !== ips) moved.push(`${name}: ${was} -> ${ips}`);
  });
  return { first, moved };
}

function hasPool(svc: Record<string, unknown>): boolean {
  const meta = svc.metadata as { annotations?: Record<string, string> };
  return meta.annotations?.['metallb.io/ip-allocated-from-pool'] !== undefined;
}

async function allServices(s: Scenario) {
  return (
    await requestJson<{ items: Record<string, unknown>[] }>(s.kc, {
      method: 'GET',
      path: '/api/v1/namespaces/default/services',
    })
  ).items;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('restart safety', () => {
  it('2,000 Services, 10 SIGKILLs during allocation: no IP moves, no illegal sharing, all served', async () => {
    const s = await startScenario();
    scenarios.push(s);
    const seen = watchIngress(s);
    await s.apply(poolYaml('big', ['10.0.0.0/20']));
    const specs = manyServices(2000);
    const creating = createAll(s, specs);
    // Same identity on each restart, as a container restarted in its pod: it takes its lease back at once.
    const args = ['--identity', 'controller-0'];
    let kills = 0;
    await s.startController(args);
    while (kills < 10) {
      await sleep(150 + Math.floor(Math.random() * 600));
      await s.controller!.stop('SIGKILL');
      kills++;
      await s.startController(args);
    }
    await creating;
    const services = await eventually(
      async () => {
        const items = await allServices(s);
        return items.length === specs.length && items.every((i) => ingressOf(i).length === 1)
          ? items
          : undefined;
      },
      'every Service to have an IP',
      90_000,
    );
    expect(seen.moved).toEqual([]);
    // Every holder of an IP must be allowed to share it with the others on it.
    const byIp = new Map<string, ServiceSpec[]>();
    const specOf = new Map(specs.map((x) => [x.name, x]));
    for (const svc of services) {
      const ip = ingressOf(svc)[0]!;
      const name = (svc.metadata as { name: string }).name;
      byIp.set(ip, [...(byIp.get(ip) ?? []), specOf.get(name)!]);
    }
    for (const [ip, holders] of byIp) {
      if (holders.length === 1) continue;
      const keys = new Set(holders.map((h) => h.sharingKey));
      const ports = new Set(holders.map((h) => h.port));
      expect({
        ip,
        shared: keys.size === 1 && !keys.has(undefined) && ports.size === holders.length,
      }).toEqual({
        ip,
        shared: true,
      });
    }
    expect(kills).toBe(10);
  }, 240_000);
});

describe('two replicas', () => {
  it('only the leader writes; the old leader never writes after a takeover, even woken from SIGSTOP', async () => {
    const writers: string[] = [];
    const writes: string[] = [];
    const s = await startScenario({
      requestLog: (line) => {
        const m =
          /^PATCH \/api\/v1\/namespaces\/[^/]+\/services\/\S+ 2\d\d \S+ "baremetal-lb-controller\/[^ ]+ \((replica-[ab])\)"$/.exec(
            line,
          );
        if (m) {
          writers.push(m[1]!);
          writes.push(`${new Date().toISOString()} ${line}`);
        }
      },
    });
    scenarios.push(s);
    await s.apply(poolYaml('p', ['10.1.0.0/24']));
    const a = await s.startController(['--identity', 'replica-a']);
    await a.waitFor((l) => l.msg === 'leading: allocating');
    const b = await s.startController(['--identity', 'replica-b']);
    await b.waitFor((l) => l.msg === 'caches synced');
    await createAll(
      s,
      manyServices(40).map((x) => ({ ...x, name: `first-${x.name}` })),
    );
    await eventually(async () => {
      const items = await allServices(s);
      // The annotation is A's second write: wait for it too, so that A is idle when paused.
      return items.length === 40 && items.every((i) => ingressOf(i).length === 1 && hasPool(i))
        ? true
        : undefined;
    }, 'first batch served');
    expect(new Set(writers)).toEqual(new Set(['replica-a']));
    // Pause the leader past its lease: B takes over and serves a second batch.
    a.child.kill('SIGSTOP');
    try {
      await b.waitFor((l) => l.msg === 'leading: allocating', 15_000);
      await createAll(
        s,
        manyServices(40).map((x) => ({ ...x, name: `second-${x.name}` })),
      );
      await eventually(async () => {
        const items = await allServices(s);
        return items.length === 80 && items.every((i) => ingressOf(i).length === 1)
          ? true
          : undefined;
      }, 'second batch served by B');
    } finally {
      a.child.kill('SIGCONT');
    }
    // A wakes with work it believes it may do: it must notice it is no longer leader first.
    await a.waitFor((l) => l.msg === 'stopped leading', 15_000);
    await createAll(
      s,
      manyServices(10).map((x) => ({ ...x, name: `third-${x.name}` })),
    );
    await eventually(async () => {
      const items = await allServices(s);
      return items.length === 90 && items.every((i) => ingressOf(i).length === 1)
        ? true
        : undefined;
    }, 'third batch served');
    const firstB = writers.indexOf('replica-b');
    expect(firstB).toBeGreaterThan(0);
    const lateA = writes.slice(firstB).filter((w) => w.endsWith('(replica-a)"'));
    expect({ lateA, aroundTakeover: writes.slice(Math.max(0, firstB - 3), firstB + 3) }).toEqual({
      lateA: [],
      aroundTakeover: expect.anything(),
    });
  }, 120_000);
});
