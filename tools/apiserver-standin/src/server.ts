/**
 * Puts the stand-in together: the registry of served types, the object store with this
 * server's hooks (CRD and schema checks, built-in defaults, admission webhooks), the CRD
 * follow-ups, the HTTP(S) listener and the kubeconfig that points at it. `startStandin` is the
 * whole server in one call; the bin (cli.ts) is a thin wrapper around it.
 */

import { type ServiceReference, ValidatingAdmission } from './admission/index.js';
import { WebhookConverter } from './conversion/index.js';
import { ApiError } from './errors.js';
import { DEFAULT_MAX_BODY_BYTES } from './http/body.js';
import type { ApiContext, WatchSettings } from './http/context.js';
import { CrdSync } from './http/crd-sync.js';
import { FollowUps } from './http/follow-ups.js';
import { Listener } from './http/listener.js';
import { handleRequest } from './http/router.js';
import { ServiceAllocations } from './http/service-allocations.js';
import { createStoreHooks } from './http/store-hooks.js';
import type { WatchStream } from './http/watch-stream.js';
import { storeNamespaceLabels, storeServiceResolver } from './http/webhook-services.js';
import { kubeconfigYaml, serverUrl, writeKubeconfig } from './kubeconfig.js';
import { ResourceRegistry } from './resources/index.js';
import { ResourceStore } from './rest/index.js';
import { generateServingCertificate } from './tls.js';
import type { KubeObject, ResourceType } from './types.js';

/** How to run a stand-in. Every field is optional. */
export interface StandinOptions {
  /** TCP port; 0 (the default) lets the OS pick one. */
  port?: number;
  /** Listen address; 127.0.0.1 by default (loopback only). */
  host?: string;
  /** Serve HTTPS with a fresh self-signed CA (its PEM goes into the kubeconfig). */
  tls?: boolean;
  /** Events kept for watch resumption; older resourceVersions get 410 Expired. Default 1000. */
  watchHistory?: number;
  /** Persist objects and the resourceVersion counter here, and load them at start. */
  dataDir?: string;
  /** Also write the kubeconfig to this file. */
  writeKubeconfig?: string;
  /** How often watches with allowWatchBookmarks get a BOOKMARK; default 60 s. */
  bookmarkIntervalMs?: number;
  /** Watches without timeoutSeconds end after [1x, 2x) of this; default 1800 s. */
  minRequestTimeoutSeconds?: number;
  /** Events queued for a slow watcher before its watch is closed; default 10,000. */
  maxQueuedWatchEvents?: number;
  /**
   * Where an admission webhook's `clientConfig.service` listens (`https://127.0.0.1:PORT`).
   * By default it is found like cluster networking would: the Service's EndpointSlices (or
   * Endpoints) in the store.
   */
  resolveWebhookService?: (ref: ServiceReference) => string | undefined;
  /** One line per request (the bin's --verbose). */
  requestLog?: (line: string) => void;
  /** The server's own error lines; stderr by default. */
  log?: (line: string) => void;
}

/** A running stand-in. */
export interface Standin {
  /** `http://127.0.0.1:PORT` (or https). */
  readonly url: string;
  /** A kubeconfig (YAML) for this server, accepted by kubectl 1.32 and client-node 1.4.0. */
  readonly kubeconfig: string;
  /** Where the kubeconfig was written (writeKubeconfig), if anywhere. */
  readonly kubeconfigPath: string | undefined;
  /** The object store: tests may read and write it directly. */
  readonly store: ResourceStore;
  /** Ends every open watch normally (clients re-watch from their last resourceVersion). */
  closeAllWatches(): void;
  /** Drops the watch history: watches from older resourceVersions get ERROR 410. */
  compactHistory(): void;
  /** Stops serving and closes the store. Idempotent. */
  close(): Promise<void>;
}

/** The namespaces every cluster starts with. */
export const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

function builtinType(registry: ResourceRegistry, group: string, plural: string): ResourceType {
  const rt = registry.find(group, 'v1', plural);
  if (rt === undefined) throw new Error(`the registry does not serve ${plural}`);
  return rt;
}

function items(list: KubeObject): KubeObject[] {
  return (list.items as KubeObject[] | undefined) ?? [];
}

/** Creates the initial namespaces that are missing (a fresh store, or an old data dir). */
async function ensureNamespaces(store: ResourceStore, nsType: ResourceType): Promise<void> {
  for (const name of INITIAL_NAMESPACES) {
    try {
      await store.create(
        nsType,
        undefined,
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name },
        },
        { fieldManager: 'kube-apiserver' },
      );
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 409)) throw err;
    }
  }
}

/**
 * Starts a stand-in and resolves once it accepts connections.
 *
 * @example
 * ```ts
 * const standin = await startStandin();
 * const kc = new KubeConfig();
 * kc.loadFromString(standin.kubeconfig);
 * // ... use kc with client-node ...
 * await standin.close();
 * ```
 */
export async function startStandin(options: StandinOptions = {}): Promise<Standin> {
  const log =
    options.log ?? ((line: string) => process.stderr.write(`apiserver-standin: ${line}\n`));
  const now = () => new Date();
  const registry = new ResourceRegistry();
  const queue = new FollowUps(log);
  const vwcType = builtinType(
    registry,
    'admissionregistration.k8s.io',
    'validatingwebhookconfigurations',
  );
  const serviceType = builtinType(registry, '', 'services');
  let store: ResourceStore | undefined;
  const current = () => {
    if (store === undefined) throw new Error('the store is not open yet');
    return store;
  };
  const resolveService = options.resolveWebhookService ?? storeServiceResolver(current, registry);
  const admission = new ValidatingAdmission(
    () => items(current().list(vwcType, {})),
    storeNamespaceLabels(current, registry),
    { resolveService },
  );
  const allocations = new ServiceAllocations();
  const hooks = createStoreHooks({
    admission,
    converter: new WebhookConverter(resolveService),
    services: allocations,
  });
  store = await ResourceStore.open({
    watchHistory: options.watchHistory ?? 1000,
    dataDir: options.dataDir,
    hooks,
    now,
  });
  const opened = store;
  try {
    const crdSync = new CrdSync(opened, registry, queue);
    opened.onChange((event) => crdSync.onChange(event));
    allocations.load(opened.peek(serviceType));
    opened.onChange((event) => allocations.observe(event));
    crdSync.loadStored();
    await ensureNamespaces(opened, builtinType(registry, '', 'namespaces'));
    await queue.settled();
    return await serve(options, { store: opened, registry, queue, log, now });
  } catch (err) {
    await opened.close();
    throw err;
  }
}

interface Parts {
  store: ResourceStore;
  registry: ResourceRegistry;
  queue: FollowUps;
  log: (line: string) => void;
  now: () => Date;
}

async function serve(options: StandinOptions, parts: Parts): Promise<Standin> {
  const host = options.host ?? '127.0.0.1';
  const cert = options.tls ? await generateServingCertificate([host]) : undefined;
  const openWatches = new Set<WatchStream>();
  const watch: WatchSettings = {
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    minRequestTimeoutSec: options.minRequestTimeoutSeconds ?? 1800,
    maxQueuedEvents: options.maxQueuedWatchEvents ?? 10_000,
  };
  let address = '';
  const ctx: ApiContext = {
    store: parts.store,
    registry: parts.registry,
    log: parts.log,
    now: parts.now,
    watch,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    serverAddress: () => address,
    openWatches,
    settled: () => parts.queue.settled(),
  };
  const listener = await Listener.listen({
    host,
    port: options.port ?? 0,
    tls: cert,
    handler: (req, res) => handleRequest(ctx, req, res),
    requestLog: options.requestLog,
  });
  // A wildcard listen address is reached through loopback.
  const dialHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const url = serverUrl(listener.protocol, dialHost, listener.address.port);
  address = `${dialHost.includes(':') ? `[${dialHost}]` : dialHost}:${listener.address.port}`;
  const kubeconfig = kubeconfigYaml({ server: url, caPem: cert?.caPem });
  if (options.writeKubeconfig !== undefined) {
    await writeKubeconfig(options.writeKubeconfig, kubeconfig);
  }
  let closing: Promise<void> | undefined;
  return {
    url,
    kubeconfig,
    kubeconfigPath: options.writeKubeconfig,
    store: parts.store,
    closeAllWatches: () => parts.store.closeAllWatches(),
    compactHistory: () => parts.store.compactHistory(),
    close: () => {
      closing ??= (async () => {
        for (const stream of [...openWatches]) stream.close();
        await listener.close();
        await parts.queue.settled();
        await parts.store.close();
      })();
      return closing;
    },
  };
}
