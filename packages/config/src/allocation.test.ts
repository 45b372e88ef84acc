import { Allocator } from '@baremetal-lb/ipam';
import { describe, expect, it } from 'vitest';
import { allocationRequestOf, poolAdmitsService, poolSpecsOf } from './allocation.js';
import { buildConfig } from './build.js';
import { parseService } from './service.js';
import { core, pool } from './test-helpers.js';

const { config } = buildConfig({
  objects: [
    pool('open', ['10.0.0.0/24'], { autoAssign: false }),
    pool('team', ['10.1.0.0/24'], {
      serviceAllocation: {
        priority: 10,
        namespaceSelectors: [{ matchLabels: { team: 'a' } }],
        serviceSelectors: [{ matchLabels: { app: 'web' } }],
      },
    }),
    pool('all', ['10.2.0.0/24'], { serviceAllocation: { priority: 1 } }),
    core('Namespace', 'a-ns', { team: 'a' }),
  ],
});

function service(
  namespace: string,
  labels: Record<string, string>,
  spec: Record<string, unknown> = {},
) {
  return parseService({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's', namespace, labels },
    spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.1'], ...spec },
  }).request;
}

describe('allocation bridge', () => {
  it('turns pools into ipam PoolSpecs', () => {
    expect(
      poolSpecsOf(config!).map((p) => [p.name, p.autoAssign, p.serviceAllocation, p.priority]),
    ).toEqual([
      ['all', true, true, 1],
      ['open', false, false, 0],
      ['team', true, true, 10],
    ]);
  });

  it('matches serviceAllocation by namespace selector AND service selector', () => {
    const team = config!.pools.find((p) => p.name === 'team')!;
    expect(poolAdmitsService(team, service('a-ns', { app: 'web' }))).toBe(true);
    expect(poolAdmitsService(team, service('a-ns', { app: 'db' }))).toBe(false);
    expect(poolAdmitsService(team, service('other', { app: 'web' }))).toBe(false);
    const all = config!.pools.find((p) => p.name === 'all')!;
    expect(poolAdmitsService(all, service('other', {}))).toBe(true);
  });

  it('builds the request with the primary family first', () => {
    const req = allocationRequestOf(
      service(
        'a-ns',
        { app: 'web' },
        {
          clusterIPs: ['fd00::1', '10.96.0.1'],
          ipFamilies: ['IPv6', 'IPv4'],
          ipFamilyPolicy: 'PreferDualStack',
          externalTrafficPolicy: 'Local',
          selector: { app: 'web' },
        },
      ),
      config!,
    );
    expect(req).toEqual({
      families: ['ipv6', 'ipv4'],
      familyPolicy: 'PreferDualStack',
      requestedIps: [],
      backendKey: 'app=web',
      ports: [],
      eligiblePools: ['all', 'open', 'team'],
    });
  });

  it('drives the ipam Allocator: serviceAllocation pools first, by priority', () => {
    const allocator = new Allocator();
    allocator.setPools(poolSpecsOf(config!));
    const web = allocator.allocate(
      'a-ns/web',
      allocationRequestOf(service('a-ns', { app: 'web' }), config!),
    );
    expect(web).toMatchObject({ ok: true, pool: 'all', ips: ['10.2.0.0'] });
    const pinned = allocator.allocate(
      'a-ns/pinned',
      allocationRequestOf(service('a-ns', { app: 'web' }, { loadBalancerIP: '10.1.0.7' }), config!),
    );
    expect(pinned).toMatchObject({ ok: true, pool: 'team', ips: ['10.1.0.7'] });
    const refused = allocator.allocate(
      'other/x',
      allocationRequestOf(service('other', {}, { loadBalancerIP: '10.1.0.8' }), config!),
    );
    expect(refused.ok).toBe(false);
  });
});
