/**
 * Addresses grouped by the sharing key of their holders. First fit only needs to look at
 * addresses already under the requester's key (any other taken address fails the key rule),
 * so this index keeps sharing-aware allocation from scanning every taken address.
 */
import type { Addr } from './address.js';

/** sharing key -> (address id -> address). An empty key is never indexed. */
export class SharingIndex {
  readonly #byKey = new Map<string, Map<string, Addr>>();

  /** Records that `addr` (id `id`) is held under `sharingKey`. */
  add(sharingKey: string, id: string, addr: Addr): void {
    if (sharingKey === '') return;
    let index = this.#byKey.get(sharingKey);
    if (!index) {
      index = new Map();
      this.#byKey.set(sharingKey, index);
    }
    index.set(id, addr);
  }

  /** Forgets the address under the key (its last holder left). */
  delete(sharingKey: string, id: string): void {
    const index = this.#byKey.get(sharingKey);
    index?.delete(id);
    if (index?.size === 0) this.#byKey.delete(sharingKey);
  }

  /** The addresses held under the key. */
  addresses(sharingKey: string): Iterable<Addr> {
    return this.#byKey.get(sharingKey)?.values() ?? [];
  }
}
