/**
 * Where an admission webhook's `clientConfig.service` is reachable, found the way cluster
 * networking finds it: the Service's port -> its targetPort -> a ready endpoint of the
 * Service's EndpointSlices (or, failing those, its Endpoints object). A test that serves a
 * webhook on 127.0.0.1:PORT registers a Service and an EndpointSlice pointing there, exactly as
 * a controller's Deployment would be wired on a real cluster. Also the namespace labels the
 * webhooks' namespaceSelectors match.
 */

import type { ServiceReference } from '../admission/index.js';
import { ApiError } from '../errors.js';
import type { ResourceRegistry } from '../resources/index.js';
import type { ResourceStore } from '../rest/index.js';
import type { KubeObject, ResourceType } from '../types.js';

/** The fields of Services and endpoints read here (all optional: stored objects are JSON). */
interface PortJson {
  name?: string;
  port?: unknown;
  targetPort?: unknown;
}
interface ServiceJson {
  spec?: { ports?: PortJson[] };
}
interface SliceJson {
  ports?: PortJson[];
  endpoints?: { addresses?: unknown[]; conditions?: { ready?: boolean } }[];
}
interface EndpointsJson {
  subsets?: { addresses?: { ip?: unknown }[]; ports?: PortJson[] }[];
}

/** The port named `name`, or the only one. */
function portNamed(ports: PortJson[] | undefined, name: string): PortJson | undefined {
  const list = ports ?? [];
  return list.find((p) => (p.name ?? '') === name) ?? (list.length === 1 ? list[0] : undefined);
}

function find(registry: ResourceRegistry, group: string, plural: string): ResourceType {
  const rt = registry.find(group, 'v1', plural);
  if (rt === undefined) throw new Error(`the registry does not serve ${plural}`);
  return rt;
}

function getOrUndefined(read: () => KubeObject): KubeObject | undefined {
  try {
    return read();
  } catch (err) {
    if (err instanceof ApiError && err.code === 404) return undefined;
    throw err;
  }
}

/** `https://ip:port` with IPv6 in brackets. */
function httpsBase(ip: string, port: number): string {
  return `https://${ip.includes(':') ? `[${ip}]` : ip}:${port}`;
}

/** The first ready address and the matching port of a Service's EndpointSlices. */
function fromSlices(
  slices: SliceJson[],
  portName: string,
  targetPort: unknown,
): string | undefined {
  for (const slice of slices) {
    const port = portNamed(slice.ports, portName);
    const number =
      typeof port?.port === 'number'
        ? port.port
        : typeof targetPort === 'number'
          ? targetPort
          : undefined;
    if (number === undefined) continue;
    for (const endpoint of slice.endpoints ?? []) {
      if (endpoint.conditions?.ready === false) continue;
      const address = endpoint.addresses?.[0];
      if (typeof address === 'string') return httpsBase(address, number);
    }
  }
  return undefined;
}

/** The same from a legacy Endpoints object. */
function fromEndpoints(endpoints: EndpointsJson | undefined, portName: string): string | undefined {
  for (const subset of endpoints?.subsets ?? []) {
    const port = portNamed(subset.ports, portName);
    const ip = subset.addresses?.[0]?.ip;
    if (typeof ip === 'string' && typeof port?.port === 'number') return httpsBase(ip, port.port);
  }
  return undefined;
}

/** Resolves webhook service references against the store's Services and endpoints. */
export function storeServiceResolver(
  store: () => ResourceStore,
  registry: ResourceRegistry,
): (ref: ServiceReference) => string | undefined {
  const services = find(registry, '', 'services');
  const endpointSlices = find(registry, 'discovery.k8s.io', 'endpointslices');
  const endpoints = find(registry, '', 'endpoints');
  return (ref) => {
    const svc = getOrUndefined(() => store().get(services, ref.namespace, ref.name));
    const servicePort = (svc as ServiceJson | undefined)?.spec?.ports?.find(
      (p) => p.port === ref.port,
    );
    if (servicePort === undefined) return undefined;
    const portName = servicePort.name ?? '';
    const targetPort = servicePort.targetPort ?? servicePort.port;
    const slices = store().list(endpointSlices, {
      namespace: ref.namespace,
      labelSelector: `kubernetes.io/service-name=${ref.name}`,
    }).items as SliceJson[];
    const legacy = getOrUndefined(() => store().get(endpoints, ref.namespace, ref.name));
    return (
      fromSlices(slices, portName, targetPort) ??
      fromEndpoints(legacy as EndpointsJson | undefined, portName)
    );
  };
}

/** A namespace's labels (undefined when it does not exist), for namespaceSelectors. */
export function storeNamespaceLabels(
  store: () => ResourceStore,
  registry: ResourceRegistry,
): (namespace: string) => Record<string, string> | undefined {
  const namespaces = find(registry, '', 'namespaces');
  return (namespace) => {
    const ns = getOrUndefined(() => store().get(namespaces, undefined, namespace));
    return ns === undefined ? undefined : (ns.metadata.labels ?? {});
  };
}
