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
 * What the controller keeps of a Service: all but managedFields and kubectl's copy of the
 * whole object in an annotation, which together are most of a small Service's size.
 */
export function slimService(svc: KubeObject): KubeObject {
  stripManagedFields(svc);
  const annotations = svc.metadata.annotations;
  if (annotations?.[LAST_APPLIED] !== undefined) delete annotations[LAST_APPLIED];
  return svc;
}

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
