/**
 * Adj-RIB-Out (RFC 4271 §3.2) for one session: the routes we want the peer to have and what
 * it has been sent, so that only differences go on the wire and changes made between two
 * flushes coalesce (announce then withdraw before a flush sends nothing).
 *
 * Built for a million prefixes: prefixes are slots of a `PrefixIndex` (shared by the RIBs of
 * one speaker); per slot this RIB keeps the wanted attribute-set id, the id sent, and a dirty
 * flag, in typed arrays. Attribute sets are ids interned by the caller. A flush walks the
 * dirty slots, not the table.
 */

import { PrefixIndex, type SlotUser } from './prefix-index.js';
import { GroupCollector, UseCounter } from './rib-counters.js';

/** Prefixes of one attribute set, split by family (IPv4 in NLRI, IPv6 in MP_REACH_NLRI). */
export interface RibGroup {
  readonly attrId: number;
  readonly ipv4: string[];
  readonly ipv6: string[];
}

/** What to put on the wire. */
export interface RibChanges {
  readonly withdrawIpv4: string[];
  readonly withdrawIpv6: string[];
  readonly announce: RibGroup[];
}

/** Told when an attribute-set id starts or stops being wanted by this RIB (for interning). */
export interface AttributeRefs {
  retain(attrId: number): void;
  release(attrId: number): void;
}

/** Options for {@link AdjRibOut}. */
export interface AdjRibOutOptions {
  /** Share an index with other RIBs (one hash lookup per prefix for all). Default: own. */
  readonly index?: PrefixIndex;
  readonly refs?: AttributeRefs;
}

const MIN_CAPACITY = 1024;

/**
 * One session's Adj-RIB-Out.
 *
 * **When to use:** inside a session driver: `setMany`/`deleteMany` as routes change,
 * `activate()` when the session is Established (returns the whole table), `takeChanges()` to
 * flush, `deactivate()` when it goes down.
 *
 * **Gotchas:** prefixes must already be canonical text ("192.0.2.0/24"): two spellings of one
 * prefix would be two routes. Attribute-set ids are the caller's and must be > 0; an id must
 * never be reused for another set while a RIB may still hold it as "sent".
 *
 * @example
 * ```ts
 * const rib = new AdjRibOut();
 * rib.setMany(['203.0.113.10/32'], 1);
 * const initial = rib.activate(); // announce: [{ attrId: 1, ipv4: ['203.0.113.10/32'], ipv6: [] }]
 * rib.deleteMany(['203.0.113.10/32']);
 * rib.takeChanges(); // withdrawIpv4: ['203.0.113.10/32']
 * ```
 */
export class AdjRibOut implements SlotUser {
  readonly index: PrefixIndex;
  #desired = new Int32Array(MIN_CAPACITY);
  #sent = new Int32Array(MIN_CAPACITY);
  #dirty = new Uint8Array(MIN_CAPACITY);
  #dirtyList = new Int32Array(MIN_CAPACITY);
  #dirtyCount = 0;
  /** Slots with a wanted id. */
  #liveCount = 0;
  /** Slots with a wanted or a sent id. */
  #usedCount = 0;
  #isActive = false;
  /** Prefixes wanted per attribute-set id. */
  readonly #uses = new Map<number, number>();
  readonly #refs: AttributeRefs | undefined;

  constructor(options: AdjRibOutOptions = {}) {
    this.index = options.index ?? new PrefixIndex();
    this.#refs = options.refs;
    this.index.attach(this);
  }

  /** Prefixes we want the peer to have. */
  get size(): number {
    return this.#liveCount;
  }

  /** Prefixes changed since the last flush (only counted while active). */
  get pendingCount(): number {
    return this.#dirtyCount;
  }

  /** True between `activate()` and `deactivate()`. */
  get isActive(): boolean {
    return this.#isActive;
  }

  /** `SlotUser`: slots wanted or sent. */
  get usedSlots(): number {
    return this.#usedCount;
  }

  /** `SlotUser`: unflushed changes (index compaction waits). */
  get hasPending(): boolean {
    return this.#dirtyCount > 0;
  }

  /** `SlotUser`: whether this RIB wants or has sent `slot`. */
  isUsed(slot: number): boolean {
    return slot < this.#desired.length && (this.#desired[slot] !== 0 || this.#sent[slot] !== 0);
  }

  /** The attribute-set id wanted for `prefix`, or undefined. */
  get(prefix: string): number | undefined {
    const slot = this.index.slotOf(prefix);
    const id = slot < 0 || slot >= this.#desired.length ? 0 : this.#desired[slot]!;
    return id === 0 ? undefined : id;
  }

  /** Wants `prefixes` announced, with one id for all or one per prefix. */
  setMany(prefixes: readonly string[], attrIds: number | ArrayLike<number>): void {
    this.setSlots(this.index.slotsOf(prefixes, true), attrIds);
  }

  /** Wants `prefixes` withdrawn; unknown ones are ignored. */
  deleteMany(prefixes: readonly string[]): void {
    this.deleteSlots(this.index.slotsOf(prefixes, false));
    if (!this.#isActive) this.index.maybeCompact();
  }

  /** `setMany` by slot of this RIB's index. */
  setSlots(slots: Int32Array, attrIds: number | ArrayLike<number>): void {
    this.#ensure(this.index.slotCount);
    const uses = new UseCounter(this.#uses, this.#refs);
    for (let i = 0; i < slots.length; i++) {
      const id = typeof attrIds === 'number' ? attrIds : attrIds[i]!;
      if (!(id > 0)) throw new RangeError(`AdjRibOut: attribute-set id ${id} must be > 0`);
      const slot = slots[i]!;
      const old = this.#desired[slot]!;
      if (old === id) continue;
      if (old === 0) {
        this.#liveCount++;
        if (this.#sent[slot] === 0) this.#usedCount++;
      } else uses.add(old, -1);
      uses.add(id, 1);
      this.#desired[slot] = id;
      this.#markDirty(slot);
    }
    uses.flush();
  }

  /**
   * `deleteMany` by slot (-1 entries ignored). Never compacts the index, so one slot array
   * stays valid across several RIBs; call `index.maybeCompact()` after the batch.
   */
  deleteSlots(slots: Int32Array): void {
    const uses = new UseCounter(this.#uses, this.#refs);
    const capacity = this.#desired.length;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      if (slot < 0 || slot >= capacity) continue;
      const old = this.#desired[slot]!;
      if (old === 0) continue;
      this.#desired[slot] = 0;
      this.#liveCount--;
      if (this.#sent[slot] === 0) this.#usedCount--;
      uses.add(old, -1);
      this.#markDirty(slot);
    }
    uses.flush();
  }

  /** Wants what `other` (same index) wants, in addition to what this RIB wants. */
  copyWanted(other: AdjRibOut): void {
    if (other.index !== this.index) throw new RangeError('AdjRibOut.copyWanted: another index');
    const from = other.#desired;
    const count = Math.min(this.index.slotCount, from.length);
    this.#ensure(count);
    const uses = new UseCounter(this.#uses, this.#refs);
    for (let slot = 0; slot < count; slot++) {
      const id = from[slot]!;
      const old = this.#desired[slot]!;
      if (id === 0 || id === old) continue;
      if (old === 0) {
        this.#liveCount++;
        if (this.#sent[slot] === 0) this.#usedCount++;
      } else uses.add(old, -1);
      uses.add(id, 1);
      this.#desired[slot] = id;
      this.#markDirty(slot);
    }
    uses.flush();
  }

  /** Wants nothing announced any more: one pass over the slots, no prefix text touched. */
  clear(): void {
    const uses = new UseCounter(this.#uses, this.#refs);
    const desired = this.#desired;
    const count = Math.min(this.index.slotCount, desired.length);
    for (let slot = 0; slot < count; slot++) {
      const old = desired[slot]!;
      if (old === 0) continue;
      desired[slot] = 0;
      this.#liveCount--;
      if (this.#sent[slot] === 0) this.#usedCount--;
      uses.add(old, -1);
      this.#markDirty(slot);
    }
    uses.flush();
  }

  /** Stops using the shared index (wants nothing; the RIB is not used again). */
  dispose(): void {
    this.deactivate();
    this.clear();
    this.index.detach(this);
  }

  /**
   * The session is up and the peer has nothing: returns the whole table (RFC 4271 §9.4: the
   * initial exchange is the entire Adj-RIB-Out) and tracks changes from now on.
   */
  activate(): RibChanges {
    if (this.#isActive) this.deactivate();
    this.#isActive = true;
    return this.#collectTable(true);
  }

  /** The session is down: the peer has nothing any more; changes are no longer tracked. */
  deactivate(): void {
    this.#isActive = false;
    this.#sent.fill(0);
    for (let i = 0; i < this.#dirtyCount; i++) this.#dirty[this.#dirtyList[i]!] = 0;
    this.#dirtyCount = 0;
    this.#usedCount = this.#liveCount;
    this.index.maybeCompact();
  }

  /**
   * What changed since the last call (or `activate`), coalesced; marks it as sent. With
   * `limit`, at most that many changed prefixes (the oldest changes first); the rest stay
   * pending, so a sender can put the first part on the wire while it prepares the next.
   */
  takeChanges(limit = Number.POSITIVE_INFINITY): RibChanges {
    const changes: RibChanges = { withdrawIpv4: [], withdrawIpv6: [], announce: [] };
    const groups = new GroupCollector(changes.announce);
    const index = this.index;
    const taken = Math.min(this.#dirtyCount, limit);
    for (let i = 0; i < taken; i++) {
      const slot = this.#dirtyList[i]!;
      this.#dirty[slot] = 0;
      const want = this.#desired[slot]!;
      if (want === this.#sent[slot]) continue;
      if (want === 0) this.#usedCount--;
      this.#sent[slot] = want;
      const prefix = index.keyOf(slot);
      const isIpv6 = index.isIpv6(slot);
      if (want === 0) (isIpv6 ? changes.withdrawIpv6 : changes.withdrawIpv4).push(prefix);
      else groups.add(want, prefix, isIpv6);
    }
    this.#dirtyList.copyWithin(0, taken, this.#dirtyCount);
    this.#dirtyCount -= taken;
    this.index.maybeCompact();
    return changes;
  }

  /**
   * The whole table as sent, for a ROUTE-REFRESH (RFC 2918 §4) or a re-advertisement.
   * Take pending changes first: this reports what the peer has.
   */
  table(): RibChanges {
    return this.#collectTable(false);
  }

  /** `SlotUser`: renumbered by an index compaction (no changes are pending then). */
  remap(mapping: Int32Array, slotCount: number): void {
    const [desired, sent] = [this.#desired, this.#sent];
    const capacity = Math.max(MIN_CAPACITY, slotCount);
    this.#desired = new Int32Array(capacity);
    this.#sent = new Int32Array(capacity);
    this.#dirty = new Uint8Array(capacity);
    for (let old = 0; old < mapping.length && old < desired.length; old++) {
      const slot = mapping[old]!;
      if (slot < 0) continue;
      this.#desired[slot] = desired[old]!;
      this.#sent[slot] = sent[old]!;
    }
  }

  #collectTable(markSent: boolean): RibChanges {
    const changes: RibChanges = { withdrawIpv4: [], withdrawIpv6: [], announce: [] };
    const groups = new GroupCollector(changes.announce);
    const index = this.index;
    const count = Math.min(index.slotCount, this.#desired.length);
    for (let slot = 0; slot < count; slot++) {
      const id = markSent ? this.#desired[slot]! : this.#sent[slot]!;
      if (markSent) this.#sent[slot] = id;
      if (id !== 0) groups.add(id, index.keyOf(slot), index.isIpv6(slot));
    }
    return changes;
  }

  #markDirty(slot: number): void {
    if (!this.#isActive || this.#dirty[slot] === 1) return;
    this.#dirty[slot] = 1;
    if (this.#dirtyCount === this.#dirtyList.length) this.#dirtyList = grow(this.#dirtyList);
    this.#dirtyList[this.#dirtyCount++] = slot;
  }

  #ensure(slotCount: number): void {
    if (slotCount <= this.#desired.length) return;
    let capacity = this.#desired.length;
    while (capacity < slotCount) capacity *= 2;
    this.#desired = grow(this.#desired, capacity);
    this.#sent = grow(this.#sent, capacity);
    this.#dirty = grow(this.#dirty, capacity);
  }
}

function grow<T extends Int32Array | Uint8Array>(array: T, capacity = array.length * 2): T {
  const bigger = new (array.constructor as new (n: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}
