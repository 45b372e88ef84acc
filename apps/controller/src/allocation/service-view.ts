/**
 * Reading a Service object defensively. The informer cache can hold anything a client wrote
 * (or a test made up), and one odd field must never stop the controller: `sanitizeService`
 * keeps only the fields MetalLB reads, each with the type Kubernetes gives it, so everything
 * downstream (`parseService`, the allocator) sees well-typed values. Also the status side:
 * what the Service shows now, and whether an outcome changes it (i.e. the caller will write).
 */
import type { KubeObject } from '@baremetal-lb/config';
import type { ServiceOutcome } from './types.js';

/** The annotation the controller writes: the pool that holds the Service's IPs. */
export const POOL_ANNOTATION = 'metallb.io/ip-allocated-from-pool';

type Rec = Record<string, unknown>;

function record(v: unknown): Rec | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Own enumerable entries whose values are strings; anything else is dropped. */
function stringMap(v: unknown): Record<string, string> | undefined {
  const r = record(v);
  if (r === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const k of Object.keys(r)) {
    const value = r[k];
    if (typeof value === 'string') out[k] = value;
  }
  return out;
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

function ports(v: unknown): Rec[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: Rec[] = [];
  for (const item of v) {
    const p = record(item);
    if (p === undefined || typeof p.port !== 'number') continue;
    out.push({ port: p.port, protocol: str(p.protocol) ?? 'TCP' });
  }
  return out;
}

/** Drops undefined values so the copy has only fields that were present and well-typed. */
function defined(r: Rec): Rec {
  // A loop, not entries/filter/fromEntries: this runs several times per Service sync.
  for (const key in r) if (r[key] === undefined) delete r[key];
  return r;
}

/**
 * A copy of a Service with only the fields MetalLB reads, each of its Kubernetes type (wrong
 * types dropped, as if absent). Never throws, whatever `svc` is.
 */
export function sanitizeService(svc: unknown): KubeObject {
  const obj = record(svc) ?? {};
  const meta = record(obj.metadata) ?? {};
  const spec = record(obj.spec);
  const status = record(obj.status);
  const lb = record(status?.loadBalancer);
  const ingress = Array.isArray(lb?.ingress)
    ? lb.ingress.map((e) => defined({ ip: str(record(e)?.ip), hostname: str(record(e)?.hostname) }))
    : undefined;
  return {
    apiVersion: str(obj.apiVersion) ?? 'v1',
    kind: str(obj.kind) ?? 'Service',
    metadata: defined({
      name: str(meta.name),
      namespace: str(meta.namespace),
      labels: stringMap(meta.labels),
      annotations: stringMap(meta.annotations),
    }),
    spec: spec
      ? defined({
          type: str(spec.type),
          clusterIP: str(spec.clusterIP),
          clusterIPs: stringList(spec.clusterIPs),
          ipFamilies: stringList(spec.ipFamilies),
          ipFamilyPolicy: str(spec.ipFamilyPolicy),
          loadBalancerIP: str(spec.loadBalancerIP),
          loadBalancerClass: str(spec.loadBalancerClass),
          externalTrafficPolicy: str(spec.externalTrafficPolicy),
          selector: stringMap(spec.selector),
          ports: ports(spec.ports),
        })
      : undefined,
    status: ingress ? { loadBalancer: { ingress } } : {},
  };
}

/** `namespace/name` (namespace `default` when absent), for any object shape. */
export function serviceKey(svc: unknown): string {
  try {
    const meta = record(record(svc)?.metadata);
    return `${str(meta?.namespace) ?? 'default'}/${str(meta?.name) ?? ''}`;
  } catch {
    return 'default/';
  }
}

/** The raw clusterIPs (or the single clusterIP), as MetalLB prints them in events. */
export function rawClusterIPs(svc: KubeObject): string[] {
  const spec = record(svc.spec) ?? {};
  const list = stringList(spec.clusterIPs) ?? [];
  if (list.length > 0) return list;
  const one = str(spec.clusterIP);
  return one ? [one] : [];
}

/** The IPs in status.loadBalancer.ingress, as written (hostname-only entries have none). */
export function ingressIps(svc: KubeObject): string[] {
  const lb = record(record(svc.status)?.loadBalancer);
  if (!Array.isArray(lb?.ingress)) return [];
  return lb.ingress
    .map((e) => str(record(e)?.ip))
    .filter((ip): ip is string => ip !== undefined && ip !== '');
}

/** The current value of `metallb.io/ip-allocated-from-pool`. */
export function poolAnnotation(svc: KubeObject): string | undefined {
  return svc.metadata.annotations?.[POOL_ANNOTATION];
}

/**
 * True when the Service already shows `outcome`: the IPs of its ingress entries are exactly
 * the outcome's, in order (hostname-only entries are not ours and not compared), and its pool annotation equals the outcome's pool. False means the caller
 * writes (status and/or annotation), which is also when MetalLB reports deprecated annotations.
 */
export function isConverged(svc: unknown, outcome: Pick<ServiceOutcome, 'ingress' | 'pool'>) {
  const view = sanitizeService(svc);
  const ips = ingressIps(view);
  return (
    ips.length === outcome.ingress.length &&
    ips.every((ip, i) => ip === outcome.ingress[i]) &&
    poolAnnotation(view) === outcome.pool
  );
}
