/**
 * The controller's configuration, kept current: rebuilt from the informer caches (pools,
 * communities, namespaces and the legacy ConfigMap: what MetalLB's PoolReconciler reads) a
 * moment after any of them changes, compared with the config in force, and handed on only when
 * it differs. A config with problems is never handed on: the last good one stays in force and
 * the state says why (ConfigurationState, the stale metric, a log line).
 */
import {
  type BgpMode,
  buildConfig,
  type Config,
  type ConfigProblem,
  formatProblem,
  type KubeObject,
} from '@baremetal-lb/config';
import type { Informer, Logger } from '@baremetal-lb/k8s-watch';
import type { ClusterSources } from './sources.js';

/** What the config source tells the rest of the controller after each rebuild. */
export interface ConfigState {
  /** The config in force: the last good one (undefined until one has loaded). */
  readonly config: Config | undefined;
  /** True when the newest objects do not form a valid config (the one in force is older). */
  readonly stale: boolean;
  /** The newest objects' permanent problems, formatted `<Kind>/<name> <field>: <message>`. */
  readonly errors: readonly string[];
  /** Transient problems of the newest objects (kept config, retried as objects arrive). */
  readonly warnings: readonly string[];
}

/** Options of {@link ConfigSource}. */
export interface ConfigSourceOptions {
  readonly sources: ClusterSources;
  readonly namespace: string;
  readonly bgpMode: BgpMode;
  readonly logger: Logger;
  /** Coalesces bursts of changes into one rebuild. Default 20 ms. */
  readonly debounceMs?: number;
  /** Called after every rebuild; `changed` is true when a new config came into force. */
  readonly onState: (state: ConfigState, changed: boolean) => void;
}

/** The collections the controller's config is built from. */
const CONTROLLER_INPUTS = ['ipaddresspools', 'communities', 'namespaces', 'configmaps'] as const;

/** Watches the config collections and keeps {@link ConfigState} current. */
export class ConfigSource {
  readonly #options: ConfigSourceOptions;
  #state: ConfigState = { config: undefined, stale: false, errors: [], warnings: [] };
  #fingerprint: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void)[] = [];

  constructor(options: ConfigSourceOptions) {
    this.#options = options;
  }

  get state(): ConfigState {
    return this.#state;
  }

  /** Subscribes to the informers; call before they start, then `rebuild()` once synced. */
  watch(): void {
    for (const name of CONTROLLER_INPUTS) {
      const informer = this.#options.sources.config.get(name);
      if (informer) this.#subscribe(informer, name === 'namespaces');
    }
  }

  #subscribe(informer: Informer<KubeObject>, labelsOnly: boolean): void {
    const schedule = (): void => this.#schedule();
    const onUpdate = (obj: KubeObject, old: KubeObject): void => {
      // Pool status writes (ours) and namespace status churn change nothing config reads.
      if (obj === old) return;
      if (labelsOnly && sameLabels(obj, old)) return;
      if (!labelsOnly && obj.metadata.generation !== undefined && sameSpec(obj, old)) return;
      this.#schedule();
    };
    this.#unsubscribe.push(
      informer.on('add', schedule),
      informer.on('update', onUpdate),
      informer.on('delete', schedule),
    );
  }

  #schedule(): void {
    if (this.#timer !== undefined || !this.#options.sources.synced) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      try {
        this.rebuild();
      } catch (err) {
        // A bug, not bad input (buildConfig never throws on input): keep running, say so.
        this.#options.logger.error({ err: String(err) }, 'config rebuild failed');
      }
    }, this.#options.debounceMs ?? 20);
  }

  /** Rebuilds now from the caches. */
  rebuild(): ConfigState {
    const objects: KubeObject[] = this.#options.sources
      .configObjects()
      .filter((o) => CONTROLLER_KINDS.has(o.kind ?? ''));
    const { config, problems } = buildConfig({
      objects,
      namespace: this.#options.namespace,
      bgpMode: this.#options.bgpMode,
    });
    const errors = lines(problems.filter((p) => !p.transient));
    const warnings = lines(problems.filter((p) => p.transient));
    const log = this.#options.logger;
    let changed = false;
    if (config === undefined) {
      log.error({ errors }, 'failed to parse the configuration; the last good one stays in force');
      this.#state = { config: this.#state.config, stale: true, errors, warnings };
    } else {
      const fingerprint = JSON.stringify(config, (_k, v) =>
        typeof v === 'bigint' ? v.toString() : v,
      );
      changed = fingerprint !== this.#fingerprint;
      if (changed) {
        this.#fingerprint = fingerprint;
        log.info({ pools: config.pools.map((p) => p.name), warnings }, 'config reloaded');
      }
      this.#state = { config, stale: false, errors: [], warnings };
    }
    this.#options.onState(this.#state, changed);
    return this.#state;
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const off of this.#unsubscribe.splice(0)) off();
  }
}

const CONTROLLER_KINDS = new Set(['IPAddressPool', 'Community', 'Namespace', 'ConfigMap']);

function lines(problems: readonly ConfigProblem[]): string[] {
  return problems.map(formatProblem);
}

function sameLabels(a: KubeObject, b: KubeObject): boolean {
  return JSON.stringify(a.metadata.labels ?? {}) === JSON.stringify(b.metadata.labels ?? {});
}

/** Same generation and labels: only status or bookkeeping changed. */
function sameSpec(a: KubeObject, b: KubeObject): boolean {
  return a.metadata.generation === b.metadata.generation && sameLabels(a, b);
}
