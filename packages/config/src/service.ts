/**
 * The Service side (MetalLB `controller/service.go`): what a Service asks of the allocator,
 * read from `metallb.io/*` annotations (the deprecated `metallb.universe.tf/*` aliases still
 * honoured; the new prefix wins), `spec.loadBalancerIP`, `loadBalancerClass`, `clusterIPs`,
 * `ipFamilyPolicy` / `ipFamilies`, `externalTrafficPolicy` (backend key) and ports (sharing).
 */
import { formatAddress, type IpFamily, parseAddress } from '@baremetal-lb/ipam';
import { asRecord, type KubeObject } from './kube.js';
import { type ConfigProblem, ProblemSink } from './problems.js';

/** The annotation suffixes MetalLB reads (and writes: `ip-allocated-from-pool`). */
export const SERVICE_ANNOTATIONS = {
  addressPool: 'address-pool',
  loadBalancerIPs: 'loadBalancerIPs',
  allowSharedIP: 'allow-shared-ip',
  ipAllocatedFromPool: 'ip-allocated-from-pool',
} as const;

const NEW_PREFIX = 'metallb.io/';
const OLD_PREFIX = 'metallb.universe.tf/';

/** Kubernetes' `spec.ipFamilyPolicy` values. */
export type IpFamilyPolicy = 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';

/** One (protocol, port) pair, for the sharing conflict check. */
export interface ServicePort {
  readonly protocol: string;
  readonly port: number;
}

/** What one Service asks of the allocator. */
export interface ServiceRequest {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly isLoadBalancer: boolean;
  readonly loadBalancerClass: string | undefined;
  /** `address-pool` annotation. */
  readonly addressPool: string | undefined;
  /** From `loadBalancerIPs` or `spec.loadBalancerIP`, canonical text, at most one per family. */
  readonly requestedIPs: readonly string[];
  /** `allow-shared-ip` annotation (compared exactly). */
  readonly sharingKey: string | undefined;
  /** `''` for Cluster policy; the `spec.selector` as `k=v,...` for Local. */
  readonly backendKey: string;
  readonly ports: readonly ServicePort[];
  readonly ipFamilyPolicy: IpFamilyPolicy;
  /** From clusterIPs: IPv4 first when dual-stack (MetalLB's ingress order). Empty: no ClusterIP. */
  readonly families: readonly IpFamily[];
  /** `spec.ipFamilies[0]` (else the first clusterIP's family). */
  readonly primaryFamily: IpFamily | undefined;
  /** `status.loadBalancer.ingress[].ip` (hostname-only entries ignored). */
  readonly currentIPs: readonly string[];
  /** Deprecated `metallb.universe.tf/*` annotations present (for the `deprecatedAnnotation` event). */
  readonly deprecatedAnnotations: readonly string[];
}

/** A request and the problems with the Service's annotations and fields. */
export interface ServiceParseResult {
  readonly request: ServiceRequest;
  readonly problems: readonly ConfigProblem[];
}

/** The value of `metallb.io/<key>`, else of `metallb.universe.tf/<key>`. */
export function serviceAnnotation(svc: KubeObject, key: string): string | undefined {
  const a = svc.metadata.annotations ?? {};
  return a[NEW_PREFIX + key] ?? a[OLD_PREFIX + key];
}

/**
 * True when a controller started with `--lb-class` = `lbClass` handles this Service: with no
 * class configured only class-less Services, else only those of exactly that class.
 */
export function handlesLoadBalancerClass(req: ServiceRequest, lbClass?: string): boolean {
  return lbClass === undefined || lbClass === ''
    ? req.loadBalancerClass === undefined
    : req.loadBalancerClass === lbClass;
}

function canonicalIp(text: string): { family: IpFamily; ip: string } | undefined {
  try {
    const a = parseAddress(text.trim());
    return { family: a.family, ip: formatAddress(a.family, a.value) };
  } catch {
    return undefined;
  }
}

/** Reads a Service into an allocation request, collecting problems instead of throwing. */
export function parseService(svc: KubeObject): ServiceParseResult {
  const namespace = svc.metadata.namespace ?? 'default';
  const name = svc.metadata.name ?? '';
  const sink = new ProblemSink();
  const report = sink.for('Service', `${namespace}/${name}`);
  const spec = asRecord(svc.spec) ?? {};
  const clusterIPs = readClusterIPs(spec);
  const families = sortFamilies(clusterIPs.map((c) => c.family));
  const policy = readPolicy(spec);
  if (policy === 'RequireDualStack' && clusterIPs.length > 0 && clusterIPs.length < 2) {
    report.add('spec.clusterIPs', 'not enough clusterips');
  }
  const ipFamilies = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : [];
  const primaryFamily: IpFamily | undefined =
    ipFamilies[0] === 'IPv6' ? 'ipv6' : ipFamilies[0] === 'IPv4' ? 'ipv4' : clusterIPs[0]?.family;
  const requestedIPs = readRequestedIPs(svc, spec, families, report);
  if (policy === 'RequireDualStack' && families.length === 2 && requestedIPs.length === 1) {
    report.add(
      `metadata.annotations.${NEW_PREFIX}${SERVICE_ANNOTATIONS.loadBalancerIPs}`,
      'a RequireDualStack service needs one IPv4 and one IPv6 address requested',
    );
  }
  const annotations = svc.metadata.annotations ?? {};
  const lbClass = spec.loadBalancerClass;
  const request: ServiceRequest = {
    namespace,
    name,
    labels: { ...(svc.metadata.labels ?? {}) },
    isLoadBalancer: spec.type === 'LoadBalancer',
    loadBalancerClass: typeof lbClass === 'string' && lbClass !== '' ? lbClass : undefined,
    addressPool: serviceAnnotation(svc, SERVICE_ANNOTATIONS.addressPool),
    requestedIPs,
    sharingKey: serviceAnnotation(svc, SERVICE_ANNOTATIONS.allowSharedIP),
    backendKey: backendKey(spec),
    ports: readPorts(spec),
    ipFamilyPolicy: policy,
    families,
    primaryFamily,
    currentIPs: readIngress(svc),
    deprecatedAnnotations: Object.keys(annotations)
      .filter((k) => k.startsWith(OLD_PREFIX))
      .sort(),
  };
  return { request, problems: sink.problems };
}

function sortFamilies(list: IpFamily[]): IpFamily[] {
  return [...new Set(list)].sort();
}

function readClusterIPs(spec: Record<string, unknown>): { family: IpFamily; ip: string }[] {
  const raw = Array.isArray(spec.clusterIPs)
    ? spec.clusterIPs
    : typeof spec.clusterIP === 'string'
      ? [spec.clusterIP]
      : [];
  return raw
    .filter((v): v is string => typeof v === 'string' && v !== 'None' && v !== '')
    .map(canonicalIp)
    .filter((v) => v !== undefined);
}

function readPolicy(spec: Record<string, unknown>): IpFamilyPolicy {
  const p = spec.ipFamilyPolicy;
  return p === 'PreferDualStack' || p === 'RequireDualStack' ? p : 'SingleStack';
}

function readRequestedIPs(
  svc: KubeObject,
  spec: Record<string, unknown>,
  families: readonly IpFamily[],
  report: ReturnType<ProblemSink['for']>,
): string[] {
  const annotation = serviceAnnotation(svc, SERVICE_ANNOTATIONS.loadBalancerIPs);
  const specIp = typeof spec.loadBalancerIP === 'string' ? spec.loadBalancerIP : '';
  const field = svc.metadata.annotations?.[NEW_PREFIX + SERVICE_ANNOTATIONS.loadBalancerIPs]
    ? `metadata.annotations.${NEW_PREFIX}loadBalancerIPs`
    : `metadata.annotations.${OLD_PREFIX}loadBalancerIPs`;
  if (annotation !== undefined && specIp !== '') {
    report.add(
      field,
      'service can not have both metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP',
    );
    return [];
  }
  if (specIp !== '') {
    const ip = canonicalIp(specIp);
    if (ip === undefined) {
      report.add('spec.loadBalancerIP', 'invalid spec.loadBalancerIP');
      return [];
    }
    return checkFamilies([ip], families, 'spec.loadBalancerIP', report);
  }
  if (annotation === undefined || annotation.trim() === '') return [];
  const ips: { family: IpFamily; ip: string }[] = [];
  for (const part of annotation.split(',')) {
    const ip = canonicalIp(part);
    if (ip === undefined) {
      report.add(field, `invalid IP ${JSON.stringify(part.trim())} in loadBalancerIPs`);
      return [];
    }
    if (ips.some((x) => x.family === ip.family)) {
      report.add(
        field,
        `more than one ${ip.family === 'ipv4' ? 'IPv4' : 'IPv6'} address requested`,
      );
      return [];
    }
    ips.push(ip);
  }
  return checkFamilies(ips, families, field, report);
}

function checkFamilies(
  ips: { family: IpFamily; ip: string }[],
  families: readonly IpFamily[],
  field: string,
  report: ReturnType<ProblemSink['for']>,
): string[] {
  if (families.length > 0 && ips.some((ip) => !families.includes(ip.family))) {
    report.add(
      field,
      `requested IPs ${ips.map((i) => i.ip).join(',')} do not match the service's IP families`,
    );
    return [];
  }
  return ips.sort((a, b) => (a.family < b.family ? -1 : 1)).map((i) => i.ip);
}

function backendKey(spec: Record<string, unknown>): string {
  if (spec.externalTrafficPolicy !== 'Local') return '';
  const sel = asRecord(spec.selector) ?? {};
  return Object.keys(sel)
    .sort()
    .map((k) => `${k}=${String(sel[k])}`)
    .join(',');
}

function readPorts(spec: Record<string, unknown>): ServicePort[] {
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  return ports
    .map(asRecord)
    .filter((p) => p !== undefined && typeof p.port === 'number')
    .map((p) => ({
      protocol: typeof p!.protocol === 'string' ? p!.protocol : 'TCP',
      port: p!.port as number,
    }));
}

function readIngress(svc: KubeObject): string[] {
  const ingress = asRecord(asRecord(svc.status)?.loadBalancer)?.ingress;
  if (!Array.isArray(ingress)) return [];
  return ingress
    .map((i) => asRecord(i)?.ip)
    .filter((ip): ip is string => typeof ip === 'string' && ip !== '');
}
