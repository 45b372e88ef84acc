import { describe, expect, it } from 'vitest';
import type { KubeObject } from './kube.js';
import { formatProblem } from './problems.js';
import { handlesLoadBalancerClass, parseService, serviceAnnotation } from './service.js';

function svc(
  spec: Record<string, unknown>,
  annotations: Record<string, string> = {},
  status?: unknown,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'prod', annotations, labels: { app: 'web' } },
    spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.10'], ...spec },
    ...(status ? { status } : {}),
  };
}
const problems = (s: KubeObject) => parseService(s).problems.map(formatProblem);

describe('parseService', () => {
  it('reads annotations, new prefix winning over the deprecated one', () => {
    const { request, problems: p } = parseService(
      svc(
        { ports: [{ port: 53, protocol: 'UDP' }, { port: 80 }] },
        {
          'metallb.io/address-pool': 'new',
          'metallb.universe.tf/address-pool': 'old',
          'metallb.universe.tf/allow-shared-ip': 'key',
        },
      ),
    );
    expect(p).toEqual([]);
    expect(request).toMatchObject({
      namespace: 'prod',
      name: 'web',
      isLoadBalancer: true,
      addressPool: 'new',
      sharingKey: 'key',
      backendKey: '',
      ports: [
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 80 },
      ],
      families: ['ipv4'],
      primaryFamily: 'ipv4',
      ipFamilyPolicy: 'SingleStack',
      deprecatedAnnotations: [
        'metallb.universe.tf/address-pool',
        'metallb.universe.tf/allow-shared-ip',
      ],
    });
  });

  it('reads loadBalancerIPs: trimmed, canonical, IPv4 first, one per family', () => {
    const s = svc(
      {
        clusterIPs: ['fd00::10', '10.96.0.10'],
        ipFamilyPolicy: 'RequireDualStack',
        ipFamilies: ['IPv6', 'IPv4'],
      },
      { 'metallb.io/loadBalancerIPs': ' fc00:0::1 , 192.168.1.5' },
    );
    const { request } = parseService(s);
    expect(request.requestedIPs).toEqual(['192.168.1.5', 'fc00::1']);
    expect(request.families).toEqual(['ipv4', 'ipv6']);
    expect(request.primaryFamily).toBe('ipv6');
  });

  it.each([
    [
      svc({}, { 'metallb.io/loadBalancerIPs': '1.2.3.4,1.2.3.5' }),
      'Service/prod/web metadata.annotations.metallb.io/loadBalancerIPs: more than one IPv4 address requested',
    ],
    [
      svc({}, { 'metallb.universe.tf/loadBalancerIPs': 'nope' }),
      'Service/prod/web metadata.annotations.metallb.universe.tf/loadBalancerIPs: invalid IP "nope" in loadBalancerIPs',
    ],
    [
      svc({ loadBalancerIP: '1.2.3.4' }, { 'metallb.io/loadBalancerIPs': '1.2.3.4' }),
      'Service/prod/web metadata.annotations.metallb.io/loadBalancerIPs: service can not have both metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP',
    ],
    [
      svc({ loadBalancerIP: '1.2.3' }),
      'Service/prod/web spec.loadBalancerIP: invalid spec.loadBalancerIP',
    ],
    [
      svc({ loadBalancerIP: 'fc00::1' }),
      "Service/prod/web spec.loadBalancerIP: requested IPs fc00::1 do not match the service's IP families",
    ],
    [
      svc({ ipFamilyPolicy: 'RequireDualStack' }),
      'Service/prod/web spec.clusterIPs: not enough clusterips',
    ],
  ])('reports a problem for %#', (s, expected) => {
    expect(problems(s)).toEqual([expected]);
    expect(parseService(s).request.requestedIPs).toEqual([]);
  });

  it('derives the backend key from the selector for Local policy only', () => {
    const local = svc({ externalTrafficPolicy: 'Local', selector: { b: '2', a: '1' } });
    expect(parseService(local).request.backendKey).toBe('a=1,b=2');
    expect(parseService(svc({ selector: { a: '1' } })).request.backendKey).toBe('');
  });

  it('reads the current ingress IPs, ignoring hostname-only entries', () => {
    const s = svc({}, {}, { loadBalancer: { ingress: [{ ip: '1.2.3.4' }, { hostname: 'x' }] } });
    expect(parseService(s).request.currentIPs).toEqual(['1.2.3.4']);
  });

  it('has no family without a ClusterIP, and falls back to spec.clusterIP', () => {
    expect(
      parseService(svc({ clusterIPs: undefined, clusterIP: 'None' })).request.families,
    ).toEqual([]);
    expect(
      parseService(svc({ clusterIPs: undefined, clusterIP: 'fd00::1' })).request.families,
    ).toEqual(['ipv6']);
  });

  it('filters by loadBalancerClass as MetalLB does', () => {
    const none = parseService(svc({})).request;
    const other = parseService(svc({ loadBalancerClass: 'other' })).request;
    expect(handlesLoadBalancerClass(none)).toBe(true);
    expect(handlesLoadBalancerClass(other)).toBe(false);
    expect(handlesLoadBalancerClass(other, 'other')).toBe(true);
    expect(handlesLoadBalancerClass(none, 'other')).toBe(false);
  });

  it('is not a load balancer for other types', () => {
    expect(parseService(svc({ type: 'NodePort' })).request.isLoadBalancer).toBe(false);
    expect(serviceAnnotation(svc({}, { 'metallb.universe.tf/x': 'y' }), 'x')).toBe('y');
  });
});

describe('dual-stack requests', () => {
  it('needs both families requested for a RequireDualStack service', () => {
    const s = svc(
      { clusterIPs: ['10.96.0.1', 'fd00::1'], ipFamilyPolicy: 'RequireDualStack' },
      { 'metallb.io/loadBalancerIPs': '192.168.1.5' },
    );
    expect(problems(s)).toEqual([
      'Service/prod/web metadata.annotations.metallb.io/loadBalancerIPs: a RequireDualStack service needs one IPv4 and one IPv6 address requested',
    ]);
  });
});
