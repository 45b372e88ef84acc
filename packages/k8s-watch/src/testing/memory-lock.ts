/**
 * A `ResourceLock` held in memory with a version counter: electors sharing one
 * `MemoryLockStore` race for it exactly as they would for a Lease (409 on a stale version).
 * Each candidate's link can be cut: `down` rejects its calls at once (API server unreachable),
 * `hang` holds them and delivers them to the store only when the link is healed (a request
 * stuck in the network that lands late, the case that makes leader election hard).
 */

import { KubeApiError } from '../errors.js';
import type {
  LeaderElectionRecord,
  ResourceLock,
  VersionedRecord,
} from '../leaderelection/resource-lock.js';

export type LinkMode = 'up' | 'down' | 'hang';

/** The shared "server" side. */
export class MemoryLockStore {
  current: VersionedRecord | undefined;
  #version = 0;
  writes = 0;
  readonly #modes = new Map<string, LinkMode>();
  readonly #held = new Map<string, Array<() => void>>();

  setLink(identity: string, mode: LinkMode): void {
    this.#modes.set(identity, mode);
    if (mode === 'hang') return;
    const held = this.#held.get(identity) ?? [];
    this.#held.delete(identity);
    for (const deliver of held) deliver();
  }

  read(): VersionedRecord | undefined {
    return this.current && structuredClone(this.current);
  }

  create(record: LeaderElectionRecord): VersionedRecord {
    if (this.current) throw new KubeApiError(409, { code: 409, reason: 'AlreadyExists' }, 'create');
    this.writes++;
    this.current = { record: structuredClone(record), version: String(++this.#version) };
    return structuredClone(this.current);
  }

  update(record: LeaderElectionRecord, version: string): VersionedRecord {
    if (this.current?.version !== version) {
      throw new KubeApiError(409, { code: 409, reason: 'Conflict' }, 'update');
    }
    this.writes++;
    this.current = { record: structuredClone(record), version: String(++this.#version) };
    return structuredClone(this.current);
  }

  lock(identity: string): ResourceLock {
    const call = <T>(fn: () => T): Promise<T> => {
      const mode = this.#modes.get(identity) ?? 'up';
      if (mode === 'down') return Promise.reject(new Error(`${identity}: connection refused`));
      if (mode === 'up') return new Promise<T>((resolve) => resolve(fn()));
      return new Promise<T>((resolve, reject) => {
        const held = this.#held.get(identity) ?? [];
        held.push(() => {
          try {
            resolve(fn());
          } catch (err) {
            reject(err);
          }
        });
        this.#held.set(identity, held);
      });
    };
    return {
      identity,
      describe: () => 'memory lock',
      get: () => call(() => this.read()),
      create: (r) => call(() => this.create(r)),
      update: (r, v) => call(() => this.update(r, v)),
    };
  }
}
