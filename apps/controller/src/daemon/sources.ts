/**
 * The controller's view of the cluster: one informer per watched collection (Services
 * everywhere; MetalLB's CRs, the legacy ConfigMap and Secrets in MetalLB's namespace;
 * Namespaces and Nodes for selectors). Informers run on every replica, leader or not, so a
 * follower that takes over, and the admission webhook, start from warm caches.
 */
import type { KubeObject } from '@baremetal-lb/config';
import { Informer, type Logger, stripManagedFields } from '@baremetal-lb/k8s-watch';
import type { KubeConfig } from '@kubernetes/client-node';

/** One watched collection: where it is served, and the apiVersion/kind its items carry. */
interface Collection {
  readonly name: string;
  readonly path: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly fieldSelector?: string;
}

/** The config collections (everything `buildConfig` reads), by name. */
export const CONFIG_COLLECTIONS = [
  'ipaddresspools',
  'l2advertisements',
  'bgpadvertisements',
  'bgppeers',
  'bfdprofiles',
  'communities',
  'configmaps',
  'secrets',
  'namespaces',
  'nodes',
] as const;

export type ConfigCollection = (typeof CONFIG_COLLECTIONS)[number];

function collections(namespace: string, configMapName: string): Collection[] {
  const ns = encodeURIComponent(namespace);
  const metallb = (version: string, plural: string, kind: string): Collection => ({
    name: plural,
    path: `/apis/metallb.io/${version}/namespaces/${ns}/${plural}`,
    apiVersion: `metallb.io/${version}`,
    kind,
  });
  return [
    metallb('v1beta1', 'ipaddresspools', 'IPAddressPool'),
    metallb('v1beta1', 'l2advertisements', 'L2Advertisement'),
    metallb('v1beta1', 'bgpadvertisements', 'BGPAdvertisement'),
    metallb('v1beta2', 'bgppeers', 'BGPPeer'),
    metallb('v1beta1', 'bfdprofiles', 'BFDProfile'),
    metallb('v1beta1', 'communities', 'Community'),
    {
      name: 'configmaps',
      path: `/api/v1/namespaces/${ns}/configmaps`,
      apiVersion: 'v1',
      kind: 'ConfigMap',
      fieldSelector: `metadata.name=${configMapName}`,
    },
    { name: 'secrets', path: `/api/v1/namespaces/${ns}/secrets`, apiVersion: 'v1', kind: 'Secret' },
    { name: 'namespaces', path: '/api/v1/namespaces', apiVersion: 'v1', kind: 'Namespace' },
    { name: 'nodes', path: '/api/v1/nodes', apiVersion: 'v1', kind: 'Node' },
  ];
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Repeated short strings (namespaces, protocols, policies, pool names) shared by every cached
 * Service instead of one copy each: JSON.parse makes a new string per occurrence. Bounded.
 */
const interned = new Map<string, string>();
function intern(value: unknown): unknown {
  if (typeof value !== 'string' || value.length > 64) return value;
  const known = interned.get(value);
  if (known !== undefined) return known;
  if (interned.size < 4096) interned.set(value, value);
  return value;
}

function internRecord(r: unknown): Record<string, string> | undefined {
  if (typeof r !== 'object' || r === null) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) {
    if (k !== LAST_APPLIED) out[k] = intern(v) as string;
  }
  return out;
}

/**
 * What the controller keeps of a Service: only the fields MetalLB's controller reads (and
 * those an Event's involvedObject names), with repeated values interned. managedFields,
 * kubectl's last-applied copy and the rest of the spec are most of a Service's size, and a
 * cache of 10,000 Services must fit the controller's memory budget. List items come without
 * kind and apiVersion; Events need them, so they are set here.
 */
export function slimService(svc: KubeObject): KubeObject {
  const m = svc.metadata as Record<string, unknown>;
  const spec = (svc.spec ?? {}) as Record<string, unknown>;
  const status = svc.status as { loadBalancer?: unknown } | undefined;
  const metadata: Record<string, unknown> = {
    name: m.name,
    namespace: intern(m.namespace),
    uid: m.uid,
    resourceVersion: m.resourceVersion,
    creationTimestamp: m.creationTimestamp,
  };
  const labels = internRecord(m.labels);
  if (labels) metadata.labels = labels;
  const annotations = internRecord(m.annotations);
  if (annotations) metadata.annotations = annotations;
  if (m.deletionTimestamp !== undefined) metadata.deletionTimestamp = m.deletionTimestamp;
  const slimSpec: Record<string, unknown> = {};
  for (const key of SPEC_FIELDS) {
    if (spec[key] !== undefined) slimSpec[key] = intern(spec[key]);
  }
  if (Array.isArray(spec.ipFamilies)) slimSpec.ipFamilies = spec.ipFamilies.map(intern);
  if (Array.isArray(spec.clusterIPs)) slimSpec.clusterIPs = spec.clusterIPs;
  if (spec.selector !== undefined) slimSpec.selector = internRecord(spec.selector);
  if (Array.isArray(spec.ports)) {
    slimSpec.ports = spec.ports.map((p: Record<string, unknown> | null) =>
      typeof p === 'object' && p !== null ? { port: p.port, protocol: intern(p.protocol) } : p,
    );
  }
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata as KubeObject['metadata'],
    spec: slimSpec,
    ...(status?.loadBalancer !== undefined
      ? { status: { loadBalancer: status.loadBalancer } }
      : {}),
  };
}

/** The scalar spec fields MetalLB's controller reads. */
const SPEC_FIELDS = [
  'type',
  'clusterIP',
  'ipFamilyPolicy',
  'loadBalancerIP',
  'loadBalancerClass',
  'externalTrafficPolicy',
] as const;

/** Options of {@link ClusterSources}. */
export interface SourcesOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly configMapName?: string;
  readonly logger: Logger;
}

/** The informers, started together; `configObjects()` is the snapshot config is built from. */
export class ClusterSources {
  readonly services: Informer<KubeObject>;
  readonly config: ReadonlyMap<ConfigCollection, Informer<KubeObject>>;
  readonly #kinds = new Map<string, { apiVersion: string; kind: string }>();

  constructor(options: SourcesOptions) {
    const log = options.logger;
    this.services = new Informer<KubeObject>({
      kubeConfig: options.kubeConfig,
      path: '/api/v1/services',
      name: 'services',
      logger: log,
      pageSize: 1000,
      transform: slimService,
    });
    const config = new Map<ConfigCollection, Informer<KubeObject>>();
    for (const c of collections(options.namespace, options.configMapName ?? 'config')) {
      this.#kinds.set(c.name, { apiVersion: c.apiVersion, kind: c.kind });
      config.set(
        c.name as ConfigCollection,
        new Informer<KubeObject>({
          kubeConfig: options.kubeConfig,
          path: c.path,
          fieldSelector: c.fieldSelector,
          name: c.name,
          logger: log,
          transform: stripManagedFields,
        }),
      );
    }
    this.config = config;
  }

  /** Every informer, for start/stop/sync. */
  all(): Informer<KubeObject>[] {
    return [this.services, ...this.config.values()];
  }

  start(): void {
    for (const informer of this.all()) informer.start();
  }

  /** Resolves when every informer has listed once. */
  async waitForSync(signal?: AbortSignal): Promise<void> {
    await Promise.all(this.all().map((i) => i.waitForSync(signal)));
  }

  get synced(): boolean {
    return this.all().every((i) => i.hasSynced);
  }

  async stop(): Promise<void> {
    await Promise.all(this.all().map((i) => i.stop()));
  }

  /**
   * The objects config is built from, each with its apiVersion and kind set (list items
   * come without them). Nodes and Namespaces carry only metadata: that is all config reads.
   */
  configObjects(): KubeObject[] {
    const out: KubeObject[] = [];
    for (const [name, informer] of this.config) {
      const typeMeta = this.#kinds.get(name)!;
      for (const obj of informer.cache.list()) {
        out.push(
          name === 'nodes' || name === 'namespaces'
            ? { ...typeMeta, metadata: obj.metadata }
            : { ...obj, ...typeMeta },
        );
      }
    }
    return out;
  }
}
