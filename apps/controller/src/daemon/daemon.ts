/**
 * The controller process: every piece wired together. On every replica: the informers, the
 * config source, the admission webhook and the metrics/health server. On the leader only (a
 * coordination.k8s.io Lease): Service allocation, Service and pool status writes and the
 * ConfigurationState. Losing leadership ends the term and drops its state; the next term
 * starts again from the caches, claiming before allocating.
 */
import type { BgpMode, KubeObject } from '@baremetal-lb/config';
import {
  EventRecorder,
  LeaderElector,
  LeaseLock,
  type Logger as WatchLogger,
} from '@baremetal-lb/k8s-watch';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { type ObservabilityServer, startObservabilityServer } from '../observe/http-server.js';
import { toWatchLogger } from '../observe/logger.js';
import { type ControllerMetrics, createControllerMetrics } from '../observe/metrics.js';
import { CertificateKeeper } from '../webhook/certificate-keeper.js';
import { ensureWebhookCertificate } from '../webhook/certificates.js';
import { startWebhookServer, type WebhookServer } from '../webhook/server.js';
import { ConfigSource, type ConfigState } from './config-source.js';
import { ConfigurationStateWriter } from './config-state.js';
import { PoolStatusWriter } from './pool-status.js';
import { ServiceController } from './service-controller.js';
import { ClusterSources } from './sources.js';

/** Everything the daemon needs, from the command line and the environment. */
export interface DaemonOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly lbClass: string | undefined;
  readonly bgpMode: BgpMode;
  /** Metrics, /healthz, /readyz. undefined: no server. 0: any free port. */
  readonly metricsPort: number | undefined;
  /** The admission webhook's HTTPS port. undefined: no webhook. 0: any free port. */
  readonly webhookPort: number | undefined;
  /** Listen address of both servers. */
  readonly host: string;
  /** This replica's leader-election identity. */
  readonly identity: string;
  readonly lease: {
    readonly name: string;
    readonly durationMs: number;
    readonly renewDeadlineMs: number;
    readonly retryPeriodMs: number;
  };
  readonly webhookCert: {
    readonly secretName: string;
    readonly serviceName: string;
    /** Time between webhook certificate checks; default 10 minutes. */
    readonly checkIntervalMs?: number;
  };
  readonly logger: Logger;
}

/** A running controller. */
export class ControllerDaemon {
  readonly #o: DaemonOptions;
  readonly #log: WatchLogger;
  readonly #registry = new Registry();
  readonly #metrics: ControllerMetrics;
  readonly #sources: ClusterSources;
  readonly #config: ConfigSource;
  readonly #configState: ConfigurationStateWriter;
  readonly #recorder: EventRecorder;
  #elector: LeaderElector | undefined;
  #term: ServiceController | undefined;
  #poolStatus: PoolStatusWriter | undefined;
  #countersTimer: NodeJS.Timeout | undefined;
  #observability: ObservabilityServer | undefined;
  #webhook: WebhookServer | undefined;
  #certKeeper: CertificateKeeper | undefined;
  #unsubscribeCert: (() => void)[] = [];

  constructor(options: DaemonOptions) {
    this.#o = options;
    this.#log = toWatchLogger(options.logger);
    this.#metrics = createControllerMetrics(this.#registry);
    this.#sources = new ClusterSources({
      kubeConfig: options.kubeConfig,
      namespace: options.namespace,
      logger: this.#log,
    });
    this.#configState = new ConfigurationStateWriter({
      kubeConfig: options.kubeConfig,
      namespace: options.namespace,
      logger: this.#log,
    });
    this.#config = new ConfigSource({
      sources: this.#sources,
      namespace: options.namespace,
      bgpMode: options.bgpMode,
      logger: this.#log,
      onState: (state, changed) => this.#onConfig(state, changed),
    });
    this.#recorder = new EventRecorder({
      kubeConfig: options.kubeConfig,
      component: 'metallb-controller',
      instance: options.identity,
      logger: this.#log,
    });
  }

  /** Ports actually listened on (after `start`). */
  get ports(): { metrics: number | undefined; webhook: number | undefined } {
    return { metrics: this.#observability?.port, webhook: this.#webhook?.port };
  }

  /** Starts everything; resolves once the servers listen (caches fill in the background). */
  async start(): Promise<void> {
    const o = this.#o;
    this.#config.watch();
    this.#sources.start();
    if (o.metricsPort !== undefined) {
      this.#observability = await startObservabilityServer({
        port: o.metricsPort,
        host: o.host,
        registry: this.#registry,
        // Liveness is "the process answers", as controller-runtime's healthz.Ping that MetalLB
        // uses: informers and the elector retry on their own, and a restart would not help them.
        isHealthy: () => true,
        readiness: () => this.#readiness(),
      });
      this.#log.info({ port: this.#observability.port }, 'metrics server listening');
    }
    if (o.webhookPort !== undefined) await this.#startWebhook(o.webhookPort);
    void this.#sources.waitForSync().then(
      () => {
        this.#log.info({}, 'caches synced');
        this.#config.rebuild();
        this.#startElection();
      },
      () => undefined,
    );
  }

  async #startWebhook(port: number): Promise<void> {
    const o = this.#o;
    const ensure = () =>
      ensureWebhookCertificate(o.kubeConfig, {
        namespace: o.namespace,
        secretName: o.webhookCert.secretName,
        serviceName: o.webhookCert.serviceName,
        webhookConfigurationName: 'metallb-webhook-configuration',
        conversionCrds: ['bgppeers.metallb.io'],
        extraDnsNames: ['localhost'],
        extraIps: ['127.0.0.1', '::1'],
        log: o.logger,
      });
    const tls = await ensure();
    const webhook = await startWebhookServer({
      port,
      host: o.host,
      tls: { certPem: tls.certPem, keyPem: tls.keyPem },
      context: {
        namespace: o.namespace,
        bgpMode: o.bgpMode,
        existing: (): readonly KubeObject[] => this.#sources.configObjects(),
      },
      log: o.logger,
    });
    this.#webhook = webhook;
    this.#log.info({ port: webhook.port }, 'webhook server listening');
    // Follow the Secret (another replica or an operator replaced or deleted it) at once, and
    // re-check on a timer for expiry and for a caBundle that a re-applied chart emptied.
    const keeper = new CertificateKeeper({
      ensure,
      serve: (next) => webhook.setCertificate(next),
      current: tls,
      intervalMs: o.webhookCert.checkIntervalMs,
      log: o.logger,
    });
    this.#certKeeper = keeper;
    keeper.start();
    const secrets = this.#sources.config.get('secrets');
    const onSecret = (obj: KubeObject): void => {
      if (obj.metadata.name === o.webhookCert.secretName) void keeper.nudge();
    };
    if (secrets) {
      this.#unsubscribeCert.push(
        secrets.on('update', onSecret),
        secrets.on('delete', onSecret),
        secrets.on('add', onSecret),
      );
    }
  }

  #readiness(): { ready: boolean; reason: string } {
    if (!this.#sources.synced) return { ready: false, reason: 'caches not synced' };
    if (this.#config.state.config === undefined) {
      return { ready: false, reason: 'no valid configuration loaded' };
    }
    return { ready: true, reason: 'ok' };
  }

  #startElection(): void {
    const o = this.#o;
    this.#elector = new LeaderElector({
      lock: new LeaseLock({
        kubeConfig: o.kubeConfig,
        namespace: o.namespace,
        name: o.lease.name,
        identity: o.identity,
      }),
      leaseDurationMs: o.lease.durationMs,
      renewDeadlineMs: o.lease.renewDeadlineMs,
      retryPeriodMs: o.lease.retryPeriodMs,
      logger: this.#log,
      onStartedLeading: (signal) => this.#lead(signal),
      onStoppedLeading: () => {
        this.#metrics.setLeader(false);
        // Pool gauges describe the leader's allocations: a follower exports none.
        this.#metrics.setPoolCounters(new Map());
      },
      onNewLeader: (identity) => this.#log.info({ leader: identity }, 'leader observed'),
    });
    this.#elector.start();
  }

  /** One leadership term: runs until `signal` aborts. */
  async #lead(signal: AbortSignal): Promise<void> {
    this.#metrics.setLeader(true);
    this.#log.info({ identity: this.#o.identity }, 'leading: allocating');
    const poolStatus = new PoolStatusWriter({
      kubeConfig: this.#o.kubeConfig,
      namespace: this.#o.namespace,
      pools: () => this.#sources.config.get('ipaddresspools')?.cache.list() ?? [],
      logger: this.#log,
    });
    this.#poolStatus = poolStatus;
    this.#reportConfigState(this.#config.state);
    const config = this.#config.state.config;
    if (config !== undefined) this.#startTerm(config);
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    const term = this.#term;
    this.#term = undefined;
    this.#poolStatus = undefined;
    await term?.stop();
    await poolStatus.stop();
    this.#log.info({}, 'term ended');
  }

  #startTerm(config: NonNullable<ConfigState['config']>): void {
    const term = new ServiceController({
      kubeConfig: this.#o.kubeConfig,
      sources: this.#sources,
      lbClass: this.#o.lbClass,
      logger: this.#log,
      userAgent: `baremetal-lb-controller/0.1.0 (${this.#o.identity})`,
      canWrite: () => this.#elector?.isLeader === true,
      hooks: {
        event: (svc, e) => this.#recorder.event(svc, e.type, e.reason, e.message),
        synced: (ok, seconds) => {
          if (ok) this.#metrics.updateProcessed();
          else this.#metrics.updateFailed();
          this.#metrics.observeSync(seconds);
        },
        wrote: (ok) => this.#metrics.statusWrite(ok),
        holdingsChanged: (balancers) => this.#countersChanged(balancers),
      },
    });
    this.#term = term;
    term.start(config);
  }

  /**
   * Pool counters feed metrics and pool status; recounting after every write of a burst is
   * waste, so they are recounted at most every 100 ms.
   */
  #countersChanged(balancers: ServiceController['balancers']): void {
    if (this.#countersTimer !== undefined) return;
    this.#countersTimer = setTimeout(() => {
      this.#countersTimer = undefined;
      if (this.#term?.balancers !== balancers) return; // the term ended meanwhile
      const counters = balancers.poolCounters();
      this.#metrics.setPoolCounters(counters);
      this.#poolStatus?.update(counters);
    }, 100);
  }

  #onConfig(state: ConfigState, changed: boolean): void {
    this.#metrics.configLoaded(state.config !== undefined);
    this.#metrics.configStale(state.stale);
    if (this.#poolStatus !== undefined) this.#reportConfigState(state);
    if (!changed || state.config === undefined || this.#poolStatus === undefined) return;
    if (this.#term === undefined) this.#startTerm(state.config);
    else this.#term.setConfig(state.config);
  }

  #reportConfigState(state: ConfigState): void {
    this.#configState.report({ valid: !state.stale, errors: state.errors });
  }

  /** Graceful stop: hand the lease back, finish writes in flight, close servers. */
  async stop(): Promise<void> {
    clearTimeout(this.#countersTimer);
    await this.#elector?.stop();
    await this.#term?.stop();
    this.#config.stop();
    await this.#sources.stop();
    await this.#recorder.close();
    await this.#configState.flush();
    for (const off of this.#unsubscribeCert.splice(0)) off();
    await this.#certKeeper?.stop();
    await this.#webhook?.close();
    await this.#observability?.close();
  }
}
