/**
 * One leadership term of Service allocation. It starts from nothing but the caches: claim
 * every IP already in a Service's status (oldest Service first), then sync every Service
 * through a deduplicating work queue, writing only what differs. Deletions and IP changes that
 * free addresses requeue the Services still waiting; a new config requeues them all. The term
 * ends when leadership does; the next term rebuilds its state from the caches again.
 */
import type { Config, KubeObject } from '@baremetal-lb/config';
import { isApiStatus, type Logger, RateLimitingQueue } from '@baremetal-lb/k8s-watch';
import type { KubeConfig } from '@kubernetes/client-node';
import { Balancers, type ServiceEvent } from '../allocation/index.js';
import { NotLeaderError, writeAllocation } from './service-writes.js';
import type { ClusterSources } from './sources.js';

/** What the term reports to metrics and Events. */
export interface ServiceControllerHooks {
  /** Record a core/v1 Event on the Service. */
  event(svc: KubeObject, event: ServiceEvent): void;
  /** A sync finished (ok) or failed and will be retried (not ok). */
  synced(ok: boolean, seconds: number): void;
  /** A status or annotation write was made (or failed). */
  wrote(ok: boolean): void;
  /** The allocator's holdings changed (pool counters for metrics and pool status). */
  holdingsChanged(balancers: Balancers): void;
}

/** Options of {@link ServiceController}. */
export interface ServiceControllerOptions {
  readonly kubeConfig: KubeConfig;
  readonly sources: ClusterSources;
  readonly lbClass: string | undefined;
  readonly logger: Logger;
  readonly hooks: ServiceControllerHooks;
  /** Syncs (and writes) in flight at once. Default 16. */
  readonly concurrency?: number;
  readonly fieldManager?: string;
  /** User-Agent of the writes (names this replica). */
  readonly userAgent: string;
  /** False once leadership may have lapsed: then no write is sent. */
  readonly canWrite: () => boolean;
}

/**
 * Writes we made that the cache may not have caught up with: the version we wrote over, the
 * versions our writes produced, and the object as our last write left it.
 */
interface Written {
  readonly versions: ReadonlySet<string>;
  readonly object: KubeObject;
}

/** The allocation loop of one leadership term. */
export class ServiceController {
  readonly #options: ServiceControllerOptions;
  readonly #balancers: Balancers;
  readonly #queue: RateLimitingQueue<string>;
  readonly #written = new Map<string, Written>();
  readonly #unsubscribe: (() => void)[] = [];
  #workers: Promise<void> | undefined;
  /** Keys of the term's first pass not yet synced, and what that pass wrote. */
  #initial = new Set<string>();
  #initialWrites = 0;
  #initialStarted = 0;

  constructor(options: ServiceControllerOptions) {
    this.#options = options;
    this.#balancers = new Balancers({ lbClass: options.lbClass });
    this.#queue = new RateLimitingQueue<string>({ name: 'services', logger: options.logger });
  }

  get balancers(): Balancers {
    return this.#balancers;
  }

  /**
   * Starts the term with the config in force: claims existing IPs, then queues every Service.
   * The caches must have synced.
   */
  start(config: Config): void {
    const services = this.#options.sources.services;
    this.#balancers.setConfig(config);
    const all = [...services.cache.list()].sort(oldestFirst);
    let claimed = 0;
    for (const svc of all) if (this.#balancers.claim(svc)) claimed++;
    this.#options.logger.info({ services: all.length, claimed }, 'claimed existing IPs');
    this.#options.hooks.holdingsChanged(this.#balancers);
    const add = (svc: KubeObject): void => this.#queue.add(Balancers.keyOf(svc));
    this.#unsubscribe.push(
      services.on('add', add),
      services.on('update', (svc, old) => {
        // Resyncs (svc === old) and the echoes of our own writes bring nothing new.
        if (svc !== old && !this.#isOwnWrite(svc)) add(svc);
      }),
      services.on('delete', add),
    );
    this.#initialStarted = performance.now();
    this.#initial = new Set(all.map((svc) => Balancers.keyOf(svc)));
    for (const svc of all) add(svc);
    this.#initialPassProgress(undefined, 0);
    this.#workers = this.#queue.process((key) => this.#sync(key), {
      concurrency: this.#options.concurrency ?? 16,
      maxRetries: 15,
      onError: (key, err, willRetry) =>
        this.#options.logger.warn({ service: key, err: String(err), willRetry }, 'sync failed'),
    });
  }

  /** A new config: re-pool, then sync every Service again (released ones first). */
  setConfig(config: Config): void {
    const { released } = this.#balancers.setConfig(config);
    for (const key of released) this.#queue.add(key);
    for (const key of this.#options.sources.services.cache.keys()) this.#queue.add(key);
    this.#options.hooks.holdingsChanged(this.#balancers);
  }

  /** Ends the term: no new syncs; the ones in flight finish. */
  async stop(): Promise<void> {
    for (const off of this.#unsubscribe.splice(0)) off();
    await this.#queue.shutDownWithDrain();
    await this.#workers;
  }

  /** Logs once when every Service of the term's start has been synced (restart cost). */
  #initialPassProgress(key: string | undefined, writes: number): void {
    if (this.#initial.size === 0 && key !== undefined) return;
    if (key !== undefined && this.#initial.delete(key)) this.#initialWrites += writes;
    if (this.#initial.size > 0) return;
    this.#options.logger.info(
      {
        writes: this.#initialWrites,
        seconds: Number(((performance.now() - this.#initialStarted) / 1000).toFixed(3)),
      },
      'initial sync done',
    );
    this.#initial = new Set();
    this.#initialStarted = -1;
  }

  async #sync(key: string): Promise<void> {
    const started = performance.now();
    try {
      const writes = await this.#syncOne(key);
      if (this.#initialStarted >= 0) this.#initialPassProgress(key, writes);
      this.#options.hooks.synced(true, (performance.now() - started) / 1000);
    } catch (err) {
      this.#options.hooks.synced(false, (performance.now() - started) / 1000);
      throw err;
    }
  }

  /** Syncs one Service; returns the number of writes made. */
  async #syncOne(key: string): Promise<number> {
    const cached = this.#options.sources.services.cache.get(key);
    if (cached === undefined) {
      this.#written.delete(key);
      if (this.#balancers.remove(key)) this.#freed();
      return 0;
    }
    const svc = this.#current(key, cached);
    const held = this.#balancers.assignment(key) !== undefined;
    const outcome = this.#balancers.sync(svc);
    if (outcome === undefined) {
      // Left our loadBalancerClass: its addresses went back to the pools.
      if (held && this.#balancers.assignment(key) === undefined) this.#freed();
      return 0;
    }
    for (const event of outcome.events) this.#options.hooks.event(svc, event);
    if (outcome.freedAddresses) this.#freed();
    const desired = { ingress: outcome.ingress, pool: outcome.pool };
    let result: { object: KubeObject; writes: number; versions: string[] };
    try {
      result = await writeAllocation(
        {
          kubeConfig: this.#options.kubeConfig,
          fieldManager: this.#options.fieldManager ?? 'baremetal-lb-controller',
          userAgent: this.#options.userAgent,
          canWrite: this.#options.canWrite,
        },
        svc,
        desired,
      );
    } catch (err) {
      // Leadership lapsed: the term is ending; the next leader syncs this Service.
      if (err instanceof NotLeaderError) return 0;
      this.#options.hooks.wrote(false);
      // Deleted meanwhile: the informer's delete event syncs it again and frees the IPs.
      if (isApiStatus(err, 404)) return 0;
      // Changed since we read it: decide again from the newer version (rate-limited retry).
      if (isApiStatus(err, 409)) this.#written.delete(key);
      throw err;
    }
    if (result.writes > 0) {
      for (let i = 0; i < result.writes; i++) this.#options.hooks.wrote(true);
      const base = String(svc.metadata.resourceVersion ?? '');
      this.#written.set(key, {
        versions: new Set([base, ...result.versions]),
        object: result.object,
      });
      this.#options.hooks.holdingsChanged(this.#balancers);
    }
    this.#options.logger.debug(
      { service: key, ingress: desired.ingress, pool: desired.pool, writes: result.writes },
      'service synced',
    );
    return result.writes;
  }

  /** The cached Service, or our own newer write of it when the cache has not seen it yet. */
  #current(key: string, cached: KubeObject): KubeObject {
    const written = this.#written.get(key);
    if (written === undefined) return cached;
    const rv = String(cached.metadata.resourceVersion ?? '');
    if (rv === String(written.object.metadata.resourceVersion ?? '')) {
      // The cache has caught up with our last write.
      this.#written.delete(key);
      return cached;
    }
    // The cache is at the version we wrote over, or at one of our own intermediate writes:
    // our last write is the newer state. Any other version is someone else's change.
    if (written.versions.has(rv)) return written.object;
    this.#written.delete(key);
    return cached;
  }

  /** True when `svc` is exactly a version one of our writes produced. */
  #isOwnWrite(svc: KubeObject): boolean {
    const written = this.#written.get(Balancers.keyOf(svc));
    if (written === undefined) return false;
    const rv = String(svc.metadata.resourceVersion ?? '');
    if (rv === String(written.object.metadata.resourceVersion ?? '')) {
      this.#written.delete(Balancers.keyOf(svc));
      return true;
    }
    return written.versions.has(rv) && rv !== [...written.versions][0];
  }

  /** Addresses were freed: the Services that waited for one get another try. */
  #freed(): void {
    for (const key of this.#balancers.waiting()) this.#queue.add(key);
    this.#options.hooks.holdingsChanged(this.#balancers);
  }
}

function oldestFirst(a: KubeObject, b: KubeObject): number {
  const ta = String(a.metadata.creationTimestamp ?? '');
  const tb = String(b.metadata.creationTimestamp ?? '');
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = Balancers.keyOf(a);
  const kb = Balancers.keyOf(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
