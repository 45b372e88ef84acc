/**
 * Live watchers, grouped by storage. The hub only fans store events out; what a watcher makes
 * of an event (selectors, apiVersion, ADDED/DELETED transitions) is the watcher's business
 * (rest/watch.ts). Delivery is synchronous and in commit order.
 */
import type { StoreEvent } from '../types.js';

/** One open watch as the store sees it. */
export interface StoreWatcher {
  readonly storage: string;
  /** Called for every event in `storage`, in order. Must not throw. */
  deliver(event: StoreEvent): void;
  /** The store ends the watch (closeAllWatches, close). */
  end(): void;
}

export class WatchHub {
  readonly #byStorage = new Map<string, Set<StoreWatcher>>();

  add(watcher: StoreWatcher): void {
    let set = this.#byStorage.get(watcher.storage);
    if (set === undefined) {
      set = new Set();
      this.#byStorage.set(watcher.storage, set);
    }
    set.add(watcher);
  }

  /** Removes a watcher; false when it was not registered (already removed or ended). */
  remove(watcher: StoreWatcher): boolean {
    const set = this.#byStorage.get(watcher.storage);
    if (set === undefined || !set.delete(watcher)) return false;
    if (set.size === 0) this.#byStorage.delete(watcher.storage);
    return true;
  }

  /** How many watches are open (all storages). */
  get size(): number {
    let n = 0;
    for (const set of this.#byStorage.values()) n += set.size;
    return n;
  }

  dispatch(event: StoreEvent): void {
    const set = this.#byStorage.get(event.storage);
    if (set === undefined) return;
    // A copy: a watcher may stop itself (or others) while we deliver.
    for (const watcher of [...set]) {
      if (set.has(watcher)) watcher.deliver(event);
    }
  }

  /** Unregisters every watcher, then tells each one its watch ended. */
  endAll(): void {
    const all = [...this.#byStorage.values()].flatMap((set) => [...set]);
    this.#byStorage.clear();
    for (const watcher of all) watcher.end();
  }
}
