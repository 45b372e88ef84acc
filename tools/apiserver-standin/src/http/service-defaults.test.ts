import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import type { KubeObject } from '../types.js';
import { ServiceAllocations } from './service-allocations.js';
import { defaultService } from './service-defaults.js';

/** An allocation index holding what `held` Services hold. */
function holding(...held: KubeObject[]): ServiceAllocations {
  const allocations = new ServiceAllocations();
  allocations.load(held);
  return allocations;
}

const svc = (name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default' },
  spec,
});

describe('defaultService', () => {
  it('fills in what the apiserver defaults on a LoadBalancer Service', () => {
    const out = defaultService(
      svc('web', { type: 'LoadBalancer', ports: [{ port: 80 }] }),
      undefined,
      holding(),
    );
    expect(out.spec).toEqual({
      type: 'LoadBalancer',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      externalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true,
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30000 }],
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
    });
    expect(out.status).toEqual({ loadBalancer: {} });
  });

  it('allocates one IP per family for dual-stack policies, and none for ExternalName', () => {
    const dual = defaultService(
      svc('d', { ipFamilyPolicy: 'PreferDualStack' }),
      undefined,
      holding(),
    );
    expect(dual.spec).toMatchObject({
      ipFamilies: ['IPv4', 'IPv6'],
      clusterIPs: ['10.96.0.10', 'fd00:10:96::a'],
    });
    const v6 = defaultService(svc('six', { ipFamilies: ['IPv6'] }), undefined, holding());
    expect(v6.spec).toMatchObject({ clusterIP: 'fd00:10:96::a', ipFamilies: ['IPv6'] });
    const headless = defaultService(svc('h', { clusterIP: 'None' }), undefined, holding());
    expect(headless.spec).toMatchObject({ clusterIP: 'None', clusterIPs: ['None'] });
    const external = defaultService(
      svc('x', { type: 'ExternalName', externalName: 'example.com' }),
      undefined,
      holding(),
    );
    expect(external.spec).toEqual({
      type: 'ExternalName',
      externalName: 'example.com',
      sessionAffinity: 'None',
    });
  });

  it('keeps allocated values on an update that leaves them out', () => {
    const stored = defaultService(
      svc('web', { type: 'NodePort', ports: [{ port: 80 }] }),
      undefined,
      holding(),
    );
    const updated = defaultService(
      svc('web', { type: 'NodePort', ports: [{ port: 80, targetPort: 8080 }] }),
      stored,
      holding(stored),
    );
    expect(updated.spec).toMatchObject({
      clusterIP: (stored.spec as { clusterIP: string }).clusterIP,
      ports: [{ port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30000 }],
    });
  });

  it('refuses an IP or node port another Service holds (422)', () => {
    const other = defaultService(
      svc('a', { type: 'NodePort', ports: [{ port: 80 }] }),
      undefined,
      holding(),
    );
    const taken = (other.spec as { clusterIP: string }).clusterIP;
    for (const spec of [
      { clusterIP: taken },
      { type: 'NodePort', ports: [{ port: 81, nodePort: 30000 }] },
    ]) {
      try {
        defaultService(svc('b', spec), undefined, holding(other));
        expect.unreachable('should have been refused');
      } catch (err) {
        expect(err).toBeInstanceOf(ApiError);
        expect((err as ApiError).code).toBe(422);
      }
    }
  });

  it('never hands out an IP or node port twice', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer'), {
          minLength: 1,
          maxLength: 30,
        }),
        (types) => {
          const stored: KubeObject[] = [];
          const allocations = holding();
          types.forEach((type, i) => {
            const created = defaultService(
              svc(`s${i}`, { type, ports: [{ port: 80 }, { port: 443 }] }),
              undefined,
              allocations,
            );
            allocations.load([created]);
            stored.push(created);
          });
          const ips = stored.map((s) => (s.spec as { clusterIP: string }).clusterIP);
          const ports = stored.flatMap((s) =>
            ((s.spec as { ports: { nodePort?: number }[] }).ports ?? []).flatMap((p) =>
              p.nodePort ? [p.nodePort] : [],
            ),
          );
          expect(new Set(ips).size).toBe(ips.length);
          expect(new Set(ports).size).toBe(ports.length);
          expect(ports.every((p) => p >= 30000 && p <= 32767)).toBe(true);
        },
      ),
    );
  });
});
