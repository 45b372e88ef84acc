/**
 * The object store proper: objects per storage, the one global resourceVersion counter, the
 * event history, live watchers, change listeners and (optionally) the data directory. It knows
 * nothing of API verbs: `commit` stores one change, gives it the next resourceVersion, and
 * tells history, watchers and listeners, in that order, before returning.
 *
 * Stored objects are deeply frozen; history, watchers and listeners share them read-only.
 */
import type { KubeObject, StoreEvent } from '../types.js';
import { History } from './history.js';
import { deepFreeze } from './json.js';
import { compareKeys, keyOf } from './keys.js';
import { type PersistedState, Persistence } from './persistence.js';
import { WatchHub } from './watch-hub.js';

/** A change to store; `object` gets its resourceVersion set by `commit`. */
export interface Change {
  readonly type: StoreEvent['type'];
  readonly storage: string;
  /** The object after the change (DELETED: its last state). */
  readonly object: KubeObject;
}

export interface ObjectStoreOptions {
  /** How many events the history keeps (watch resumption, consistent list pages). */
  readonly watchHistory: number;
  /** Persist every change here and load from it at open. */
  readonly dataDir?: string;
}

export class ObjectStore {
  readonly #tables = new Map<string, Map<string, KubeObject>>();
  /** Sorted [key, object] pairs per storage; dropped when the storage changes. */
  readonly #sorted = new Map<string, readonly (readonly [string, KubeObject])[]>();
  readonly #listeners = new Set<(event: StoreEvent) => void>();
  readonly #persistence: Persistence | undefined;
  readonly history: History;
  readonly watchers = new WatchHub();
  #rv: number;
  #closed = false;

  private constructor(state: PersistedState, watchHistory: number, persistence?: Persistence) {
    for (const [storage, table] of state.tables) {
      for (const object of table.values()) deepFreeze(object);
      this.#tables.set(storage, table);
    }
    this.#rv = state.resourceVersion;
    this.#persistence = persistence;
    this.history = new History(watchHistory, this.#rv);
  }

  static open(options: ObjectStoreOptions): ObjectStore {
    if (options.dataDir === undefined) {
      return new ObjectStore({ resourceVersion: 0, tables: new Map() }, options.watchHistory);
    }
    const { persistence, state } = Persistence.open(options.dataDir);
    return new ObjectStore(state, options.watchHistory, persistence);
  }

  /** The global counter: the resourceVersion of the latest change. */
  get resourceVersion(): number {
    return this.#rv;
  }

  get(storage: string, key: string): KubeObject | undefined {
    return this.#tables.get(storage)?.get(key);
  }

  /** Every object of `storage` in key order (frozen, shared: do not mutate). */
  entries(storage: string): readonly (readonly [string, KubeObject])[] {
    let sorted = this.#sorted.get(storage);
    if (sorted === undefined) {
      const table = this.#tables.get(storage);
      sorted = table ? [...table].sort((a, b) => compareKeys(a[0], b[0])) : [];
      this.#sorted.set(storage, sorted);
    }
    return sorted;
  }

  /** Every object of `storage`, unsorted (frozen, shared: do not mutate). Cheap: no copy. */
  values(storage: string): IterableIterator<KubeObject> {
    return (this.#tables.get(storage) ?? new Map<string, KubeObject>()).values();
  }

  /** Storages that hold at least one object. */
  storages(): string[] {
    return [...this.#tables].filter(([, table]) => table.size > 0).map(([storage]) => storage);
  }

  /**
   * The objects of `storage` as they were at resourceVersion `rv`, rebuilt by undoing the
   * newer history events; undefined when the history no longer reaches back to `rv`.
   */
  stateAt(storage: string, rv: number): readonly (readonly [string, KubeObject])[] | undefined {
    if (rv >= this.#rv) return this.entries(storage);
    if (this.history.isExpired(rv)) return undefined;
    const table = new Map(this.#tables.get(storage));
    const newer = this.history.since(rv).filter((e) => e.storage === storage);
    for (const event of newer.reverse()) {
      const key = keyOf(event.object);
      if (event.type === 'ADDED') table.delete(key);
      else if (event.previous) table.set(key, event.previous);
    }
    return [...table].sort((a, b) => compareKeys(a[0], b[0]));
  }

  /**
   * Stores one change under the next resourceVersion: data directory first (nothing changes
   * if that write fails), then memory, history, watchers, listeners.
   */
  commit(change: Change): StoreEvent {
    const rv = this.#rv + 1;
    const object = deepFreeze({
      ...change.object,
      metadata: { ...change.object.metadata, resourceVersion: String(rv) },
    });
    const key = keyOf(object);
    const previous = this.get(change.storage, key);
    if (change.type === 'DELETED') {
      this.#persistence?.append({ rv, op: 'delete', storage: change.storage, key });
      this.#tables.get(change.storage)?.delete(key);
    } else {
      this.#persistence?.append({ rv, op: 'put', storage: change.storage, object });
      this.#table(change.storage).set(key, object);
    }
    this.#rv = rv;
    this.#sorted.delete(change.storage);
    const event: StoreEvent = Object.freeze({
      type: change.type,
      resourceVersion: rv,
      storage: change.storage,
      object,
      ...(previous && { previous }),
    });
    this.history.push(event);
    this.watchers.dispatch(event);
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        process.emitWarning(`store change listener failed: ${String(error)}`);
      }
    }
    if (this.#persistence?.wantsCompaction) this.#persistence.compact(this.#state());
    return event;
  }

  /** Calls `listener` after every stored change; returns the function that unsubscribes. */
  onChange(listener: (event: StoreEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Forgets the history: watches and continue tokens from older RVs get 410 from now on. */
  compactHistory(): void {
    this.history.compact(this.#rv);
  }

  /** Ends every watch and (with a data directory) writes a final snapshot. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.watchers.endAll();
    if (this.#persistence) {
      this.#persistence.compact(this.#state());
      this.#persistence.close();
    }
    this.#listeners.clear();
  }

  #table(storage: string): Map<string, KubeObject> {
    let table = this.#tables.get(storage);
    if (table === undefined) {
      table = new Map();
      this.#tables.set(storage, table);
    }
    return table;
  }

  #state(): PersistedState {
    return { resourceVersion: this.#rv, tables: this.#tables };
  }
}
