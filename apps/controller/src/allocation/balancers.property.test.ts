import type { KubeObject } from '@baremetal-lb/config';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Balancers } from './balancers.js';
import { applyOutcome, configFrom, poolYaml, type SvcOptions, svc } from './fixtures.js';
import { isConverged } from './service-view.js';

const KNOWN_ANNOTATIONS = [
  'metallb.io/address-pool',
  'metallb.io/loadBalancerIPs',
  'metallb.io/allow-shared-ip',
  'metallb.io/ip-allocated-from-pool',
  'metallb.universe.tf/address-pool',
  'metallb.universe.tf/loadBalancerIPs',
  'metallb.universe.tf/allow-shared-ip',
];
const IPISH = ['10.0.0.1', '10.0.0.1,fd00::1', 'fd00::1', '300.1.1.1', '', ' , ', '::', 'x'];

const value = fc.oneof(fc.constantFrom(...IPISH), fc.string(), fc.anything());
const annotations = fc.dictionary(
  fc.oneof(fc.constantFrom(...KNOWN_ANNOTATIONS), fc.string()),
  value,
);
const spec = fc.record(
  {
    type: fc.oneof(fc.constantFrom('LoadBalancer', 'ClusterIP'), fc.anything()),
    clusterIP: fc.oneof(fc.constantFrom('10.96.0.1', 'None', ''), fc.anything()),
    clusterIPs: fc.oneof(
      fc.array(fc.constantFrom('10.96.0.1', 'fd96::1', 'bad', '')),
      fc.anything(),
    ),
    ipFamilyPolicy: fc.oneof(
      fc.constantFrom('SingleStack', 'PreferDualStack', 'RequireDualStack'),
      fc.anything(),
    ),
    ipFamilies: fc.oneof(fc.array(fc.constantFrom('IPv4', 'IPv6')), fc.anything()),
    loadBalancerIP: fc.oneof(fc.constantFrom(...IPISH), fc.anything()),
    loadBalancerClass: fc.oneof(fc.constant('x'), fc.anything()),
    externalTrafficPolicy: fc.oneof(fc.constantFrom('Local', 'Cluster'), fc.anything()),
    selector: fc.anything(),
    ports: fc.oneof(
      fc.array(fc.record({ port: fc.oneof(fc.integer(), fc.double()), protocol: fc.anything() })),
      fc.anything(),
    ),
  },
  { requiredKeys: [] },
);
const status = fc.oneof(
  fc.record({
    loadBalancer: fc.record({
      ingress: fc.array(fc.record({ ip: fc.oneof(fc.constantFrom(...IPISH), fc.anything()) })),
    }),
  }),
  fc.anything(),
);
const garbageService = fc.oneof(
  fc.record({
    metadata: fc.record({
      name: fc.oneof(fc.string(), fc.anything()),
      namespace: fc.oneof(fc.string(), fc.anything()),
      annotations: fc.oneof(annotations, fc.anything()),
      labels: fc.anything(),
    }),
    spec: fc.oneof(spec, fc.anything()),
    status,
  }),
  fc.anything(),
);

describe('Balancers on arbitrary objects', () => {
  it('never throws from sync or claim, and answers well-formed outcomes', () => {
    const config = configFrom(poolYaml('p', ['10.0.0.0/30', 'fd00::/126']));
    fc.assert(
      fc.property(fc.array(garbageService, { maxLength: 6 }), (objects) => {
        const b = new Balancers();
        b.setConfig(config);
        for (const o of objects) {
          const s = o as KubeObject;
          expect(typeof b.claim(s)).toBe('boolean');
          const out = b.sync(s);
          if (out === undefined) continue;
          expect(out.ingress.every((ip) => typeof ip === 'string')).toBe(true);
          expect(out.events.every((e) => e.reason !== 'InternalError')).toBe(true);
          if (out.ingress.length === 0) expect(out.pool).toBeUndefined();
        }
        b.remove(Balancers.keyOf(objects[0] as KubeObject));
      }),
      { numRuns: 300 },
    );
  });
});

// A small cluster: up to three pools, small enough that Services compete for addresses.
const poolArb = fc.record({
  v4: fc.boolean(),
  v6: fc.boolean(),
  autoAssign: fc.boolean(),
  avoidBuggyIPs: fc.boolean(),
  pinned: fc.option(
    fc.record({ priority: fc.integer({ min: 0, max: 2 }), ns: fc.constantFrom('a', 'b') }),
  ),
});
type PoolShape = typeof poolArb extends fc.Arbitrary<infer T> ? T : never;
type SvcShape = typeof svcArb extends fc.Arbitrary<infer T> ? T : never;

const svcArb = fc.record({
  ns: fc.constantFrom('a', 'b'),
  stack: fc.constantFrom('v4', 'v6', 'prefer', 'prefer6', 'require'),
  sharing: fc.option(fc.constantFrom('k1', 'k2')),
  ports: fc.subarray([80, 443, 53], { minLength: 1 }),
  local: fc.option(fc.constantFrom('x', 'y')),
  pool: fc.option(fc.constantFrom('p0', 'p1', 'p2', 'nope'), { freq: 3 }),
  ip: fc.option(fc.constantFrom('10.0.0.1', '10.1.0.2', 'fd00::1', 'fd01::2', '10.9.9.9'), {
    freq: 3,
  }),
  type: fc.constantFrom('LoadBalancer', 'LoadBalancer', 'LoadBalancer', 'NodePort'),
});

function poolsYaml(pools: readonly PoolShape[]): string {
  return pools
    .map((p, i) => {
      const addrs = [
        ...(p.v4 || !p.v6 ? [`10.${i}.0.0/30`] : []),
        ...(p.v6 ? [`fd0${i}::/126`] : []),
      ];
      const extra = [
        `autoAssign: ${p.autoAssign}`,
        `avoidBuggyIPs: ${p.avoidBuggyIPs}`,
        ...(p.pinned
          ? [`serviceAllocation:\n  priority: ${p.pinned.priority}\n  namespaces: [${p.pinned.ns}]`]
          : []),
      ].join('\n');
      return poolYaml(`p${i}`, addrs, extra);
    })
    .join('');
}
function serviceOf(i: number, s: SvcShape) {
  const dual = ['10.96.0.1', 'fd96::1'];
  const byStack: Record<string, SvcOptions> = {
    v4: { clusterIPs: ['10.96.0.1'] },
    v6: { clusterIPs: ['fd96::1'] },
    prefer: { clusterIPs: dual, policy: 'PreferDualStack' },
    prefer6: { clusterIPs: dual, policy: 'PreferDualStack', ipFamilies: ['IPv6', 'IPv4'] },
    require: { clusterIPs: dual, policy: 'RequireDualStack' },
  };
  const annotations: Record<string, string> = {};
  if (s.sharing) annotations['metallb.io/allow-shared-ip'] = s.sharing;
  if (s.pool) annotations['metallb.io/address-pool'] = s.pool;
  if (s.ip) annotations['metallb.io/loadBalancerIPs'] = s.ip;
  return svc(`s${i}`, {
    ...byStack[s.stack],
    namespace: s.ns,
    type: s.type,
    annotations,
    ports: s.ports.map((port) => ({ port })),
    ...(s.local ? { local: { app: s.local } } : {}),
    created: `2024-01-01T00:00:${String(i).padStart(2, '0')}Z`,
  });
}

const ingressOf = (s: KubeObject): string[] =>
  ((s.status as { loadBalancer?: { ingress?: { ip: string }[] } }).loadBalancer?.ingress ?? []).map(
    (e) => e.ip,
  );

describe('Balancers across a restart', () => {
  it('a cluster run to rest, restarted (claim oldest first, sync all), writes nothing', () => {
    fc.assert(
      fc.property(
        fc.array(poolArb, { minLength: 1, maxLength: 3 }),
        fc.array(svcArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
        (pools, specs, shuffle) => {
          const config = configFrom(poolsYaml(pools));
          let objects = specs.map((s, i) => serviceOf(i, s));
          const order = objects
            .map((_, i) => i)
            .sort((x, y) => (shuffle[x]! % 5) - (shuffle[y]! % 5));
          const first = new Balancers();
          first.setConfig(config);
          let rounds = 0;
          for (let changed = true; changed; rounds++) {
            expect(rounds).toBeLessThan(12);
            changed = false;
            for (const i of order) {
              const out = first.sync(objects[i]!)!;
              if (!isConverged(objects[i], out)) {
                changed = true;
                objects[i] = applyOutcome(objects[i]!, out);
              }
            }
          }
          // No address is held by two Services unless MetalLB's sharing rules allow it.
          const holders = new Map<string, number[]>();
          objects.forEach((o, i) => {
            for (const ip of ingressOf(o)) holders.set(ip, [...(holders.get(ip) ?? []), i]);
          });
          for (const list of holders.values()) {
            if (list.length < 2) continue;
            const keys = list.map((i) => specs[i]!.sharing);
            expect(keys.every((k) => k && k === keys[0])).toBe(true);
            const ports = list.flatMap((i) => specs[i]!.ports);
            expect(new Set(ports).size).toBe(ports.length);
          }
          // Restart: a new instance, claims oldest first, then a sync of each.
          const second = new Balancers();
          second.setConfig(config);
          for (const o of objects) {
            expect(second.claim(o)).toBe(ingressOf(o).length > 0);
          }
          objects = [...objects].reverse();
          for (const o of objects) {
            const out = second.sync(o)!;
            expect({ key: Balancers.keyOf(o), ...out, events: [] }).toEqual({
              key: Balancers.keyOf(o),
              ingress: ingressOf(o),
              pool: o.metadata.annotations?.['metallb.io/ip-allocated-from-pool'],
              events: [],
              freedAddresses: false,
            });
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
