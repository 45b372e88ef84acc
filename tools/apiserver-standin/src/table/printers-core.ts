/**
 * Table layouts of the core and discovery kinds the stand-in serves, as kube's printers
 * (pkg/printers/internalversion) lay them out: Service (with EXTERNAL-IP from the load
 * balancer status, the column MetalLB fills), Node, Namespace, ConfigMap, Secret,
 * ServiceAccount, Endpoints, EndpointSlice and Lease.
 */

import {
  AGE_COLUMN,
  column,
  formatLabels,
  int,
  type Layout,
  list,
  listWithMore,
  NAME_COLUMN,
  record,
  str,
} from './columns.js';
import { ageSince } from './human-duration.js';

function meta(o: Record<string, unknown>): Record<string, unknown> {
  return record(o.metadata);
}

function age(o: Record<string, unknown>, now: Date): string {
  return ageSince(meta(o).creationTimestamp, now);
}

/** `loadBalancerStatusStringer` (wide): ingress IPs, else hostnames, de-duplicated. */
function loadBalancerIngress(status: unknown): string {
  const seen = new Set<string>();
  for (const i of list(record(record(status).loadBalancer).ingress).map(record)) {
    const value = str(i.ip) || str(i.hostname);
    if (value) seen.add(value);
  }
  return [...seen].join(',');
}

/** `getServiceExternalIP` (wide). */
function serviceExternalIP(svc: Record<string, unknown>): string {
  const spec = record(svc.spec);
  const externalIPs = list(spec.externalIPs).map(str);
  switch (str(spec.type)) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(svc.status);
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return str(spec.externalName);
    default:
      return '<unknown>';
  }
}

/** `makePortString`: `80:31234/TCP,443/TCP`. */
function servicePorts(spec: Record<string, unknown>): string {
  const text = list(spec.ports)
    .map(record)
    .map((p) => {
      const nodePort = int(p.nodePort);
      const proto = str(p.protocol);
      return nodePort > 0 ? `${int(p.port)}:${nodePort}/${proto}` : `${int(p.port)}/${proto}`;
    })
    .join(',');
  return text || '<none>';
}

export const SERVICE: Layout = {
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'type determines how the Service is exposed.'),
    column('Cluster-IP', 'string', 'clusterIP is the IP address of the service.'),
    column(
      'External-IP',
      'string',
      'The external IPs of the service: load-balancer ingress and externalIPs.',
    ),
    column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    AGE_COLUMN,
    column(
      'Selector',
      'string',
      'Route service traffic to pods with label keys and values matching this selector.',
      1,
    ),
  ],
  cells(o, now) {
    const spec = record(o.spec);
    const clusterIPs = list(spec.clusterIPs).map(str);
    const clusterIP = clusterIPs[0] || str(spec.clusterIP) || '<none>';
    return [
      str(meta(o).name),
      str(spec.type),
      clusterIP,
      serviceExternalIP(o),
      servicePorts(spec),
      age(o, now),
      formatLabels(spec.selector),
    ];
  },
};

/** `findNodeRoles`, sorted (the real server's order is a set's, unspecified). */
function nodeRoles(labels: unknown): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(record(labels))) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) {
      roles.add(k.slice('node-role.kubernetes.io/'.length));
    } else if (k === 'kubernetes.io/role' && str(v)) roles.add(str(v));
  }
  return [...roles].sort().join(',') || '<none>';
}

function nodeAddress(status: Record<string, unknown>, type: string): string {
  const found = list(status.addresses)
    .map(record)
    .find((a) => a.type === type);
  return found ? str(found.address) : '<none>';
}

export const NODE: Layout = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    AGE_COLUMN,
    column('Version', 'string', 'Kubelet Version reported by the node.'),
    column('Internal-IP', 'string', 'List of addresses reachable to the node.', 1),
    column('External-IP', 'string', 'List of addresses reachable to the node.', 1),
    column('OS-Image', 'string', 'OS Image reported by the node.', 1),
    column('Kernel-Version', 'string', 'Kernel Version reported by the node.', 1),
    column('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node.', 1),
  ],
  cells(o, now) {
    const status = record(o.status);
    const ready = list(status.conditions)
      .map(record)
      .find((c) => c.type === 'Ready');
    const words = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
    if (record(o.spec).unschedulable === true) words.push('SchedulingDisabled');
    const info = record(status.nodeInfo);
    return [
      str(meta(o).name),
      words.join(','),
      nodeRoles(meta(o).labels),
      age(o, now),
      str(info.kubeletVersion),
      nodeAddress(status, 'InternalIP'),
      nodeAddress(status, 'ExternalIP'),
      str(info.osImage) || '<unknown>',
      str(info.kernelVersion) || '<unknown>',
      str(info.containerRuntimeVersion) || '<unknown>',
    ];
  },
};

export const NAMESPACE: Layout = {
  columns: [NAME_COLUMN, column('Status', 'string', 'The status of the namespace'), AGE_COLUMN],
  cells: (o, now) => [str(meta(o).name), str(record(o.status).phase), age(o, now)],
};

export const CONFIG_MAP: Layout = {
  columns: [
    NAME_COLUMN,
    column('Data', 'string', 'Data contains the configuration data.'),
    AGE_COLUMN,
  ],
  cells: (o, now) => [
    str(meta(o).name),
    Object.keys(record(o.data)).length + Object.keys(record(o.binaryData)).length,
    age(o, now),
  ],
};

export const SECRET: Layout = {
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
    column('Data', 'string', 'Data contains the secret data.'),
    AGE_COLUMN,
  ],
  cells: (o, now) => [
    str(meta(o).name),
    str(o.type),
    Object.keys(record(o.data)).length,
    age(o, now),
  ],
};

export const SERVICE_ACCOUNT: Layout = {
  columns: [
    NAME_COLUMN,
    column(
      'Secrets',
      'string',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
    ),
    AGE_COLUMN,
  ],
  cells: (o, now) => [str(meta(o).name), list(o.secrets).length, age(o, now)],
};

/** `formatEndpoints(endpoints, nil)`: up to three `ip:port`, then `+ N more...`. */
function formatEndpoints(o: Record<string, unknown>): string {
  const subsets = list(o.subsets).map(record);
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses = list(ss.addresses).map(record);
    const ports = list(ss.ports).map(record);
    const pairs =
      ports.length === 0
        ? addresses.map((a) => str(a.ip))
        : ports.flatMap((p) =>
            addresses.map((a) =>
              str(a.ip).includes(':')
                ? `[${str(a.ip)}]:${int(p.port)}`
                : `${str(a.ip)}:${int(p.port)}`,
            ),
          );
    count += pairs.length;
    shown.push(...pairs.slice(0, Math.max(0, 3 - shown.length)));
  }
  const text = shown.join(',');
  return count > 3 ? `${text} + ${count - 3} more...` : text;
}

export const ENDPOINTS: Layout = {
  columns: [
    NAME_COLUMN,
    column('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'),
    AGE_COLUMN,
  ],
  cells: (o, now) => [str(meta(o).name), formatEndpoints(o), age(o, now)],
};

export const ENDPOINT_SLICE: Layout = {
  columns: [
    NAME_COLUMN,
    column(
      'AddressType',
      'string',
      'addressType specifies the type of address carried by this EndpointSlice.',
    ),
    column(
      'Ports',
      'string',
      'ports specifies the list of network ports exposed by each endpoint in this slice.',
    ),
    column('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice.'),
    AGE_COLUMN,
  ],
  cells(o, now) {
    const ports = list(o.ports)
      .map(record)
      .map((p) => (typeof p.port === 'number' ? String(p.port) : str(p.name) || '*'));
    const addresses = list(o.endpoints).flatMap((e) => list(record(e).addresses).map(str));
    return [
      str(meta(o).name),
      str(o.addressType),
      listWithMore(ports),
      listWithMore(addresses),
      age(o, now),
    ];
  },
};

export const LEASE: Layout = {
  columns: [
    NAME_COLUMN,
    column(
      'Holder',
      'string',
      'holderIdentity contains the identity of the holder of a current lease.',
    ),
    AGE_COLUMN,
  ],
  cells: (o, now) => [str(meta(o).name), str(record(o.spec).holderIdentity), age(o, now)],
};
