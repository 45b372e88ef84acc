/**
 * A {@link ResourceLock} on a coordination.k8s.io/v1 Lease, over client-node's
 * `CoordinationV1Api`. Replaces carry the resourceVersion that was read, so a concurrent
 * writer makes the API server answer 409 and this candidate knows it lost the race.
 */

import {
  CoordinationV1Api,
  type KubeConfig,
  type V1Lease,
  V1MicroTime,
} from '@kubernetes/client-node';
import { isApiStatus } from '../errors.js';
import type { LeaderElectionRecord, ResourceLock, VersionedRecord } from './resource-lock.js';

/** Options of {@link LeaseLock}. */
export interface LeaseLockOptions {
  /** The cluster (or pass `api`). */
  kubeConfig?: KubeConfig;
  /** A ready client (instead of `kubeConfig`). */
  api?: CoordinationV1Api;
  namespace: string;
  name: string;
  /** This candidate's identity: unique per process (pod name + random suffix is typical). */
  identity: string;
}

/** Reads a MicroTime the way client-node hands it back: a string, or a Date we wrote. */
function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'string' && value !== '') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

function microTime(d: Date | undefined): V1MicroTime | undefined {
  return d ? new V1MicroTime(d.getTime()) : undefined;
}

/**
 * The election lock as a Lease object.
 *
 * @example
 * ```ts
 * const lock = new LeaseLock({
 *   kubeConfig: kc, namespace: 'metallb-system', name: 'metallb-controller',
 *   identity: `${os.hostname()}_${randomUUID()}`,
 * });
 * const elector = new LeaderElector({ lock, onStartedLeading: (signal) => runController(signal) });
 * ```
 */
export class LeaseLock implements ResourceLock {
  readonly identity: string;
  readonly #api: CoordinationV1Api;
  readonly #namespace: string;
  readonly #name: string;
  /** The Lease as last read or written: replaces keep its labels and annotations. */
  #last: V1Lease | undefined;

  constructor(options: LeaseLockOptions) {
    const api = options.api ?? options.kubeConfig?.makeApiClient(CoordinationV1Api);
    if (!api) throw new TypeError('LeaseLock: pass kubeConfig or api');
    this.#api = api;
    this.#namespace = options.namespace;
    this.#name = options.name;
    this.identity = options.identity;
  }

  describe(): string {
    return `Lease ${this.#namespace}/${this.#name}`;
  }

  async get(): Promise<VersionedRecord | undefined> {
    try {
      const lease = await this.#api.readNamespacedLease({
        name: this.#name,
        namespace: this.#namespace,
      });
      return this.#remember(lease);
    } catch (err) {
      if (isApiStatus(err, 404)) return undefined;
      throw err;
    }
  }

  async create(record: LeaderElectionRecord): Promise<VersionedRecord> {
    const body: V1Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.#name, namespace: this.#namespace },
      spec: this.#spec(record),
    };
    return this.#remember(
      await this.#api.createNamespacedLease({ namespace: this.#namespace, body }),
    );
  }

  async update(record: LeaderElectionRecord, version: string): Promise<VersionedRecord> {
    const base = this.#last;
    const body: V1Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        ...(base?.metadata ?? {}),
        name: this.#name,
        namespace: this.#namespace,
        resourceVersion: version,
      },
      spec: { ...(base?.spec ?? {}), ...this.#spec(record) },
    };
    delete body.metadata!.managedFields;
    const lease = await this.#api.replaceNamespacedLease({
      name: this.#name,
      namespace: this.#namespace,
      body,
    });
    return this.#remember(lease);
  }

  #spec(record: LeaderElectionRecord): NonNullable<V1Lease['spec']> {
    return {
      holderIdentity: record.holderIdentity,
      leaseDurationSeconds: record.leaseDurationSeconds,
      acquireTime: microTime(record.acquireTime),
      renewTime: microTime(record.renewTime),
      leaseTransitions: record.leaseTransitions,
    };
  }

  #remember(lease: V1Lease): VersionedRecord {
    this.#last = lease;
    const spec = lease.spec ?? {};
    return {
      version: lease.metadata?.resourceVersion ?? '',
      record: {
        holderIdentity: spec.holderIdentity ?? '',
        leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
        acquireTime: toDate(spec.acquireTime),
        renewTime: toDate(spec.renewTime),
        leaseTransitions: spec.leaseTransitions ?? 0,
      },
    };
  }
}
