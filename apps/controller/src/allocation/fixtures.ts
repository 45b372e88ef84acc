/**
 * Test builders for the allocation core: a Config from MetalLB YAML (through the same
 * parseManifests + buildConfig the daemon uses), Service objects in one call, and applying an
 * outcome to a Service as the daemon's writes would.
 */
import { buildConfig, type Config, type KubeObject, parseManifests } from '@baremetal-lb/config';
import { POOL_ANNOTATION } from './service-view.js';
import type { ServiceOutcome } from './types.js';

/** A valid Config from YAML; throws with the problems when it is not valid. */
export function configFrom(yaml: string, cluster: KubeObject[] = []): Config {
  const { config, problems } = buildConfig({ objects: [...parseManifests(yaml), ...cluster] });
  if (!config) throw new Error(`invalid test config: ${JSON.stringify(problems)}`);
  return config;
}

/** One IPAddressPool as YAML. */
export function poolYaml(name: string, addresses: string[], extra = ''): string {
  return `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: { name: ${name}, namespace: metallb-system }
spec:
  addresses: [${addresses.map((a) => JSON.stringify(a)).join(', ')}]
${extra
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => `  ${l}`)
  .join('\n')}
---
`;
}

/** What a test Service may set. */
export interface SvcOptions {
  namespace?: string;
  type?: string;
  clusterIPs?: string[] | undefined;
  policy?: 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';
  ipFamilies?: string[];
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  loadBalancerIP?: string;
  lbClass?: string;
  ports?: { protocol?: string; port: number }[];
  local?: Record<string, string>;
  ingress?: string[];
  created?: string;
}

/** A Service object as the API would return it. */
export function svc(name: string, o: SvcOptions = {}): KubeObject {
  const clusterIPs = 'clusterIPs' in o ? o.clusterIPs : ['10.96.0.10'];
  const spec: Record<string, unknown> = {
    type: o.type ?? 'LoadBalancer',
    ports: (o.ports ?? [{ port: 80 }]).map((p) => ({
      protocol: p.protocol ?? 'TCP',
      port: p.port,
    })),
  };
  if (clusterIPs) {
    spec.clusterIPs = clusterIPs;
    spec.clusterIP = clusterIPs[0];
  }
  if (o.policy) spec.ipFamilyPolicy = o.policy;
  if (o.ipFamilies) spec.ipFamilies = o.ipFamilies;
  if (o.loadBalancerIP !== undefined) spec.loadBalancerIP = o.loadBalancerIP;
  if (o.lbClass !== undefined) spec.loadBalancerClass = o.lbClass;
  if (o.local) {
    spec.externalTrafficPolicy = 'Local';
    spec.selector = o.local;
  }
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      ...(o.created ? { creationTimestamp: o.created } : {}),
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.annotations ? { annotations: { ...o.annotations } } : {}),
    },
    spec,
    status: { loadBalancer: o.ingress ? { ingress: o.ingress.map((ip) => ({ ip })) } : {} },
  };
}

/** The Service as it looks after the daemon wrote `outcome` (status, then pool annotation). */
export function applyOutcome(s: KubeObject, outcome: Pick<ServiceOutcome, 'ingress' | 'pool'>) {
  const annotations = { ...(s.metadata.annotations ?? {}) };
  if (outcome.pool === undefined) delete annotations[POOL_ANNOTATION];
  else annotations[POOL_ANNOTATION] = outcome.pool;
  return {
    ...s,
    metadata: { ...s.metadata, annotations },
    status: { loadBalancer: { ingress: outcome.ingress.map((ip) => ({ ip })) } },
  } as KubeObject;
}
