/**
 * Writes core/v1 Events (`POST /api/v1/namespaces/NS/events`), the API `kubectl describe`
 * reads (KUBE-API.md §1.2), after the correlator has filtered, aggregated and counted them.
 * Recording never throws into the caller and never blocks it: writes go through one ordered
 * background chain with a few retries; failures are logged and passed to `onError`.
 */

import {
  type CoreV1Api,
  type CoreV1Event,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { type Clock, sleep, systemClock } from '../clock.js';
import { describeError, isApiStatus } from '../errors.js';
import { requestJson } from '../http.js';
import { type Logger, silentLogger } from '../logger.js';
import {
  type CoreEvent,
  type Correlation,
  type CorrelatorOptions,
  EventCorrelator,
  type InvolvedObject,
} from './correlator.js';

/** The object an event is about: any API object with kind and metadata. */
export interface EventSubject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
  };
}

/** Options of {@link EventRecorder}. */
export interface EventRecorderOptions {
  /** The cluster (or pass `api`). */
  kubeConfig?: KubeConfig;
  api?: CoreV1Api;
  /** `source.component` and `reportingComponent`, e.g. "metallb-controller". */
  component: string;
  /** `source.host` (the node, for per-node agents such as the speaker). */
  host?: string;
  /** `reportingInstance` (pod name). Default: `host` or the component. */
  instance?: string;
  /** Aggregation, counting and spam-filter tuning. */
  correlator?: Omit<CorrelatorOptions, 'clock' | 'wallClock'>;
  /** Attempts per write before giving up. Default 3. */
  maxTries?: number;
  /** Wait before the first retry, doubled for each next one. Default 500 ms. */
  retryDelayMs?: number;
  clock?: Clock;
  wallClock?: () => Date;
  logger?: Logger;
  /**
   * Events waiting to be written beyond which new ones are dropped (and logged), as client-go's
   * broadcaster drops when its queue of 1000 is full: a burst of thousands of objects must not
   * queue unbounded writes behind the controller's real work. Default 1000.
   */
  maxPending?: number;
  /** Called when an event could not be written (after the retries). */
  onError?: (err: unknown, event: CoreEvent) => void;
}

/**
 * Records Kubernetes Events about objects.
 *
 * **When to use:** tell operators what the controller did or could not do to an object
 * ("IPAllocated", "AllocationFailed"); they read it with `kubectl describe`.
 *
 * **Gotchas:** identical events (same object, type, reason, message) within 10 minutes become
 * one Event with a growing `count`; more than 10 different messages for the same reason are
 * combined. Use `await recorder.flush()` in tests before reading Events back.
 *
 * @example
 * ```ts
 * const recorder = new EventRecorder({ kubeConfig: kc, component: 'metallb-controller' });
 * recorder.event(service, 'Normal', 'IPAllocated', 'Assigned IP ["192.0.2.10"]');
 * recorder.event(service, 'Warning', 'AllocationFailed', 'no available IPs');
 * await recorder.close();
 * ```
 */
export class EventRecorder {
  readonly #api: CoreV1Api | undefined;
  readonly #kubeConfig: KubeConfig | undefined;
  readonly #component: string;
  readonly #host: string | undefined;
  readonly #instance: string;
  readonly #correlator: EventCorrelator;
  readonly #maxTries: number;
  readonly #retryDelayMs: number;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #onError: EventRecorderOptions['onError'];
  readonly #maxPending: number;
  #pending = 0;
  #dropped = 0;
  #overflowing = false;
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: EventRecorderOptions) {
    // With a kubeConfig, events go through requestJson's keep-alive connection; client-node's
    // generated client opens a new connection per call, which a burst of events pays dearly.
    if (!options.api && !options.kubeConfig) {
      throw new TypeError('EventRecorder: pass kubeConfig or api');
    }
    this.#api = options.api;
    this.#kubeConfig = options.api ? undefined : options.kubeConfig;
    this.#component = options.component;
    this.#host = options.host;
    this.#instance = options.instance ?? options.host ?? options.component;
    this.#clock = options.clock ?? systemClock;
    this.#correlator = new EventCorrelator({
      ...options.correlator,
      clock: this.#clock,
      wallClock: options.wallClock,
    });
    this.#maxTries = options.maxTries ?? 3;
    this.#retryDelayMs = options.retryDelayMs ?? 500;
    this.#log = options.logger ?? silentLogger;
    this.#onError = options.onError;
    this.#maxPending = options.maxPending ?? 1000;
  }

  /** Events accepted but not yet written (or given up on). */
  get pending(): number {
    return this.#pending;
  }

  /** Events dropped because {@link EventRecorderOptions.maxPending} were already waiting. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Records an event about `subject`. Returns at once; the write happens in the background.
   * Ignored after `close()`.
   */
  event(subject: EventSubject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    if (this.#closed) return;
    let correlation: Correlation;
    try {
      correlation = this.#correlator.correlate({
        involvedObject: involvedObjectOf(subject),
        type,
        reason,
        message,
        source: this.#host
          ? { component: this.#component, host: this.#host }
          : { component: this.#component },
        reportingComponent: this.#component,
        reportingInstance: this.#instance,
      });
    } catch (err) {
      this.#log.error({ err: describeError(err), reason }, 'cannot correlate event');
      return;
    }
    if (correlation.action === 'drop') {
      this.#log.debug({ reason, object: subject.metadata?.name }, 'event dropped (spam filter)');
      return;
    }
    if (this.#pending >= this.#maxPending) {
      this.#dropped++;
      // One line per overflow, not one per event: a burst of thousands would cost more in
      // logging than the events it drops.
      if (!this.#overflowing) {
        this.#overflowing = true;
        this.#log.warn(
          { pending: this.#pending, droppedSoFar: this.#dropped },
          'events dropped: too many waiting to be written',
        );
      }
      return;
    }
    this.#overflowing = false;
    this.#pending++;
    this.#chain = this.#chain
      .then(() => this.#write(correlation))
      .finally(() => {
        this.#pending--;
      });
  }

  /** Resolves when every event recorded so far has been written (or given up on). */
  flush(): Promise<void> {
    return this.#chain;
  }

  /** Stops accepting events and flushes. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#chain;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #write(c: Exclude<Correlation, { action: 'drop' }>): Promise<void> {
    let delayMs = this.#retryDelayMs;
    let patch = c.action === 'patch';
    let event = c.event;
    for (let attempt = 1; ; attempt++) {
      try {
        const stored =
          patch && c.action === 'patch'
            ? await this.#patch(event, c.patch)
            : await this.#create(event);
        this.#correlator.stored(c.key, stored);
        return;
      } catch (err) {
        // The Event expired (its TTL) or was deleted: create it again under the same name.
        if (patch && isApiStatus(err, 404)) {
          patch = false;
          continue;
        }
        // Two recorders picked the same name: pick another.
        if (!patch && isApiStatus(err, 409)) {
          event = {
            ...event,
            metadata: { ...event.metadata, name: this.#correlator.newName(event.involvedObject) },
          };
        }
        if (attempt >= this.#maxTries) {
          this.#gaveUp(c.key, event, err);
          return;
        }
        await sleep(this.#clock, delayMs);
        delayMs *= 2;
      }
    }
  }

  async #create(event: CoreEvent): Promise<CoreEvent> {
    const namespace = event.metadata.namespace;
    if (this.#kubeConfig) {
      await requestJson(this.#kubeConfig, {
        method: 'POST',
        path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`,
        body: event,
      });
      return event;
    }
    const body: CoreV1Event = {
      ...event,
      firstTimestamp: new Date(event.firstTimestamp),
      lastTimestamp: new Date(event.lastTimestamp),
    };
    await this.#api!.createNamespacedEvent({ namespace, body });
    return event;
  }

  async #patch(event: CoreEvent, mergePatch: Record<string, unknown>): Promise<CoreEvent> {
    const { name, namespace } = event.metadata;
    if (this.#kubeConfig) {
      await requestJson(this.#kubeConfig, {
        method: 'PATCH',
        path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/events/${encodeURIComponent(name)}`,
        body: mergePatch,
        contentType: 'application/merge-patch+json',
      });
      return event;
    }
    await this.#api!.patchNamespacedEvent(
      { name, namespace, body: mergePatch },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    return event;
  }

  #gaveUp(key: string, event: CoreEvent, err: unknown): void {
    this.#correlator.forget(key);
    this.#log.warn(
      { err: describeError(err), reason: event.reason, event: event.metadata.name },
      'cannot write event; dropping it',
    );
    try {
      this.#onError?.(err, event);
    } catch (hookErr) {
      this.#log.error({ err: describeError(hookErr) }, 'onError hook threw');
    }
  }
}

/**
 * The `involvedObject` reference of an object (kind, apiVersion, name, namespace, uid,
 * resourceVersion), as Events carry it.
 *
 * @example
 * ```ts
 * involvedObjectOf({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid } });
 * ```
 */
export function involvedObjectOf(subject: EventSubject): InvolvedObject {
  const m = subject.metadata ?? {};
  const ref: InvolvedObject = { kind: subject.kind, apiVersion: subject.apiVersion, name: m.name };
  if (m.namespace) ref.namespace = m.namespace;
  if (m.uid) ref.uid = m.uid;
  if (m.resourceVersion) ref.resourceVersion = m.resourceVersion;
  return ref;
}
