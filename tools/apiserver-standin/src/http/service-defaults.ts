/**
 * What the apiserver fills in on a Service (pkg/apis/core/v1/defaults.go, the service REST
 * storage's IP and port allocators): type ClusterIP, sessionAffinity None, port protocol TCP,
 * targetPort = port, the traffic policies, a cluster IP per IP family from the service CIDRs
 * (10.96.0.0/12 and fd00:10:96::/108: the stand-in is a dual-stack cluster), and node ports
 * from 30000-32767 for NodePort and LoadBalancer Services. MetalLB reads several of these (the
 * IP families above all), so a Service here looks like one from a real cluster.
 *
 * On update, allocated values the client left out are carried over from the stored object
 * (the REST storage's `patchAllocatedValues`), so a PUT without clusterIP keeps its IP.
 */

import { invalid } from '../errors.js';
import type { KubeObject } from '../types.js';
import type { Family, ServiceAllocations } from './service-allocations.js';

type Json = Record<string, unknown>;
interface Port extends Json {
  port?: number;
  protocol?: string;
  nodePort?: number;
}

function needsClusterIP(spec: Json): boolean {
  return spec.type !== 'ExternalName';
}

function needsNodePorts(spec: Json): boolean {
  return (
    spec.type === 'NodePort' ||
    (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false)
  );
}

/** The Service with defaults and allocations applied; `old` is the stored one on update. */
export function defaultService(
  svc: KubeObject,
  old: KubeObject | undefined,
  services: ServiceAllocations,
): KubeObject {
  const spec: Json = { ...((svc.spec as Json | undefined) ?? {}) };
  const oldSpec = (old?.spec as Json | undefined) ?? {};
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (needsClusterIP(spec)) spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    spec.externalTrafficPolicy ??= 'Cluster';
  }
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  const oldPorts = Array.isArray(oldSpec.ports) ? (oldSpec.ports as Port[]) : [];
  if (Array.isArray(spec.ports)) {
    spec.ports = (spec.ports as Port[]).map((p) => defaultPort(p, oldPorts, spec, oldSpec));
  }
  if (old !== undefined && needsClusterIP(oldSpec) && needsClusterIP(spec) && !spec.clusterIP) {
    spec.clusterIP = oldSpec.clusterIP;
    spec.clusterIPs = oldSpec.clusterIPs;
    spec.ipFamilies ??= oldSpec.ipFamilies;
    spec.ipFamilyPolicy ??= oldSpec.ipFamilyPolicy;
  }
  if (needsClusterIP(spec)) allocateClusterIPs(svc, spec, services);
  if (needsNodePorts(spec)) allocateNodePorts(svc, spec, services);
  const out: KubeObject = { ...svc, spec };
  if (old === undefined) out.status ??= { loadBalancer: {} };
  return out;
}

function defaultPort(p: Port, oldPorts: Port[], spec: Json, oldSpec: Json): Port {
  const port: Port = { ...p, protocol: p.protocol ?? 'TCP' };
  if (port.targetPort === undefined && port.port !== undefined) port.targetPort = port.port;
  if (port.nodePort === undefined && needsNodePorts(spec) && needsNodePorts(oldSpec)) {
    const same = oldPorts.find(
      (o) => o.port === port.port && (o.protocol ?? 'TCP') === port.protocol,
    );
    if (same?.nodePort !== undefined) port.nodePort = same.nodePort;
  }
  if (!needsNodePorts(spec) && spec.type === 'ClusterIP') delete port.nodePort;
  return port;
}

function familyOf(ip: string): Family {
  return ip.includes(':') ? 'IPv6' : 'IPv4';
}

function allocateClusterIPs(svc: KubeObject, spec: Json, services: ServiceAllocations): void {
  const given = Array.isArray(spec.clusterIPs)
    ? (spec.clusterIPs as string[])
    : typeof spec.clusterIP === 'string' && spec.clusterIP !== ''
      ? [spec.clusterIP]
      : [];
  const policy = (spec.ipFamilyPolicy as string | undefined) ?? 'SingleStack';
  let families = Array.isArray(spec.ipFamilies) ? [...(spec.ipFamilies as Family[])] : [];
  if (families.length === 0) {
    families = given.length > 0 && given[0] !== 'None' ? given.map(familyOf) : ['IPv4'];
  }
  if (policy !== 'SingleStack' && families.length === 1) {
    families.push(families[0] === 'IPv4' ? 'IPv6' : 'IPv4');
  }
  if (policy === 'SingleStack') families = families.slice(0, 1);
  spec.ipFamilyPolicy = policy;
  spec.ipFamilies = families;
  if (given[0] === 'None') {
    spec.clusterIP = 'None';
    spec.clusterIPs = ['None'];
    return;
  }
  const picked = new Set<string>();
  const ips = families.map((family, i) => {
    let ip = given[i];
    if (ip === undefined || ip === '') ip = services.freeIp(family, svc, picked);
    else if (services.ipTaken(ip, svc) || picked.has(ip)) {
      throw invalid('Service', '', svc.metadata.name ?? '', [
        {
          field: 'spec.clusterIPs',
          message: `Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: provided IP is already allocated`,
        },
      ]);
    }
    picked.add(ip);
    return ip;
  });
  spec.clusterIP = ips[0];
  spec.clusterIPs = ips;
}

function allocateNodePorts(svc: KubeObject, spec: Json, services: ServiceAllocations): void {
  const used = new Set<number>();
  const ports = (spec.ports as Port[] | undefined) ?? [];
  ports.forEach((p, i) => {
    if (p.nodePort === undefined) return;
    if (services.portTaken(p.nodePort, svc) || used.has(p.nodePort)) {
      throw invalid('Service', '', svc.metadata.name ?? '', [
        {
          field: `spec.ports[${i}].nodePort`,
          message: `Invalid value: ${p.nodePort}: provided port is already allocated`,
        },
      ]);
    }
    used.add(p.nodePort);
  });
  const free = () => {
    const port = services.freePort(svc, used);
    used.add(port);
    return port;
  };
  for (const p of ports) p.nodePort ??= free();
  if (spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local') {
    spec.healthCheckNodePort ??= free();
  }
}
