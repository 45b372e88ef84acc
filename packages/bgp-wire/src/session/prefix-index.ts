/**
 * Prefix text -> slot number, shared by every Adj-RIB-Out of a speaker, so that a change to a
 * million prefixes costs one hash lookup per prefix however many peers there are; each RIB
 * then works on typed arrays indexed by slot. Slots are never freed one by one (that would be
 * a second hash operation per prefix): once the unused ones outnumber the used ones, the
 * index is rebuilt, or simply dropped when nothing is used (after a withdraw-all).
 */

import { Ipv4Table, PARSED, parseIpv4Prefix } from './ipv4-table.js';

/** What the index needs from each RIB that uses it. */
export interface SlotUser {
  /** Slots this RIB wants or has sent (an upper bound on what it keeps alive). */
  readonly usedSlots: number;
  /** True when the RIB has unflushed changes (compaction must wait). */
  readonly hasPending: boolean;
  /** True when this RIB wants or has sent `slot`. */
  isUsed(slot: number): boolean;
  /** Renumbers: `mapping[old]` is the new slot, or -1 for a dropped one. */
  remap(mapping: Int32Array, slotCount: number): void;
}

const INITIAL_CAPACITY = 1024;
/** Rebuilding waits until at least this many slots could be reclaimed. */
const MIN_RECLAIM = 4096;
const FAMILY_IPV6 = 6;

/** The shared prefix index. */
export class PrefixIndex {
  /** IPv4 prefixes by number; everything else (IPv6) by text. */
  #ipv4 = new Ipv4Table();
  #map = new Map<string, number>();
  #keys: (string | undefined)[] = [];
  #family = new Uint8Array(INITIAL_CAPACITY);
  #slotCount = 0;
  readonly #users = new Set<SlotUser>();

  /** Slots handed out (some possibly unused until the next compaction). */
  get slotCount(): number {
    return this.#slotCount;
  }

  /** Registers a RIB (it must then report through `SlotUser`). */
  attach(user: SlotUser): void {
    this.#users.add(user);
  }

  /** Forgets a RIB (its slots count as unused from now on). */
  detach(user: SlotUser): void {
    this.#users.delete(user);
  }

  /** The prefix text of a slot. */
  keyOf(slot: number): string {
    return this.#keys[slot]!;
  }

  isIpv6(slot: number): boolean {
    return this.#family[slot] === FAMILY_IPV6;
  }

  /** The slot of each prefix: created when `create`, else -1 for unknown ones. */
  slotsOf(prefixes: readonly string[], create: boolean): Int32Array {
    const slots = new Int32Array(prefixes.length);
    for (let i = 0; i < prefixes.length; i++) {
      const prefix = prefixes[i]!;
      let slot: number;
      if (parseIpv4Prefix(prefix)) {
        const { address, length } = PARSED;
        slot = this.#ipv4.get(address, length);
        if (slot < 0 && create) {
          slot = this.#allocate(prefix, 4);
          this.#ipv4.add(address, length, slot);
        }
      } else {
        slot = this.#map.get(prefix) ?? -1;
        if (slot < 0 && create) {
          slot = this.#allocate(prefix, FAMILY_IPV6);
          this.#map.set(prefix, slot);
        }
      }
      slots[i] = slot;
    }
    return slots;
  }

  /** The slot of one prefix, or -1. */
  slotOf(prefix: string): number {
    if (parseIpv4Prefix(prefix)) return this.#ipv4.get(PARSED.address, PARSED.length);
    return this.#map.get(prefix) ?? -1;
  }

  #add(prefix: string): number {
    if (parseIpv4Prefix(prefix)) {
      const slot = this.#allocate(prefix, 4);
      this.#ipv4.add(PARSED.address, PARSED.length, slot);
      return slot;
    }
    const slot = this.#allocate(prefix, FAMILY_IPV6);
    this.#map.set(prefix, slot);
    return slot;
  }

  /**
   * Rebuilds (or drops) the index when most slots are unused. Call when a RIB became clean;
   * nothing happens while any RIB has pending changes.
   */
  maybeCompact(): void {
    let used = 0;
    for (const user of this.#users) {
      if (user.hasPending) return;
      used += user.usedSlots;
    }
    const reclaimable = this.#slotCount - used;
    if (reclaimable < MIN_RECLAIM || reclaimable <= used) return;
    if (used === 0) this.#reset();
    else this.#rebuild();
  }

  #allocate(prefix: string, family: number): number {
    if (this.#slotCount === this.#family.length) {
      const bigger = new Uint8Array(this.#family.length * 2);
      bigger.set(this.#family);
      this.#family = bigger;
    }
    const slot = this.#slotCount++;
    this.#keys[slot] = prefix;
    this.#family[slot] = family;
    return slot;
  }

  #reset(): void {
    this.#ipv4 = new Ipv4Table();
    this.#map = new Map();
    this.#keys = [];
    this.#family = new Uint8Array(INITIAL_CAPACITY);
    const mapping = new Int32Array(0);
    this.#slotCount = 0;
    for (const user of this.#users) user.remap(mapping, 0);
  }

  #rebuild(): void {
    const oldKeys = this.#keys;
    const oldCount = this.#slotCount;
    const mapping = new Int32Array(oldCount).fill(-1);
    this.#ipv4 = new Ipv4Table();
    this.#map = new Map();
    this.#keys = [];
    this.#family = new Uint8Array(Math.max(INITIAL_CAPACITY, this.#family.length));
    this.#slotCount = 0;
    const users = [...this.#users];
    for (let slot = 0; slot < oldCount; slot++) {
      if (!users.some((u) => u.isUsed(slot))) continue;
      mapping[slot] = this.#add(oldKeys[slot]!);
    }
    for (const user of users) user.remap(mapping, this.#slotCount);
  }
}
