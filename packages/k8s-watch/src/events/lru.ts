/**
 * A size-bounded map that evicts the least recently used entry (a `Map` keeps insertion
 * order; re-inserting on access moves an entry to the young end). The event correlator's
 * caches use it so a controller that touches many objects keeps bounded memory.
 */

/** A `Map` capped at `capacity` entries, least recently used evicted first. */
export class LruMap<K, V> {
  readonly #capacity: number;
  readonly #map = new Map<K, V>();

  constructor(capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`LruMap: capacity ${capacity} must be >= 1`);
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#map.size;
  }

  /** The value for `key`, marking it recently used. */
  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value === undefined) return undefined;
    this.#map.delete(key);
    this.#map.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.#capacity) this.#map.delete(this.#map.keys().next().value as K);
  }

  delete(key: K): boolean {
    return this.#map.delete(key);
  }
}
