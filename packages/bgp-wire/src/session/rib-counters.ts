/**
 * Bookkeeping helpers of the Adj-RIB-Out: counting how many prefixes use each attribute set
 * (for interning), and grouping prefixes by attribute set for packing.
 */

import type { AttributeRefs, RibGroup } from './adj-rib-out.js';

/**
 * Counts uses of attribute-set ids over one batch. Runs of one id are summed before touching
 * the map (a table usually has few ids), and `retain`/`release` are decided at the end from
 * each id's count before and after the batch, so an id that drops to zero and comes back
 * within the batch is never released.
 */
export class UseCounter {
  #plusId = 0;
  #plus = 0;
  #minusId = 0;
  #minus = 0;
  readonly #before = new Map<number, number>();
  readonly #uses: Map<number, number>;
  readonly #refs: AttributeRefs | undefined;

  constructor(uses: Map<number, number>, refs: AttributeRefs | undefined) {
    this.#uses = uses;
    this.#refs = refs;
  }

  add(id: number, delta: 1 | -1): void {
    if (delta > 0) {
      if (id !== this.#plusId) this.#flushPlus(id);
      this.#plus++;
    } else {
      if (id !== this.#minusId) this.#flushMinus(id);
      this.#minus++;
    }
  }

  /** Applies the last runs and tells `refs` which ids came into or went out of use. */
  flush(): void {
    this.#flushPlus(0);
    this.#flushMinus(0);
    for (const [id, before] of this.#before) {
      const after = this.#uses.get(id) ?? 0;
      if (before === 0 && after > 0) this.#refs?.retain(id);
      else if (before > 0 && after === 0) this.#refs?.release(id);
    }
    this.#before.clear();
  }

  #flushPlus(next: number): void {
    this.#apply(this.#plusId, this.#plus);
    this.#plusId = next;
    this.#plus = 0;
  }

  #flushMinus(next: number): void {
    this.#apply(this.#minusId, -this.#minus);
    this.#minusId = next;
    this.#minus = 0;
  }

  #apply(id: number, delta: number): void {
    if (delta === 0) return;
    const current = this.#uses.get(id) ?? 0;
    if (!this.#before.has(id)) this.#before.set(id, current);
    const after = current + delta;
    if (after === 0) this.#uses.delete(id);
    else this.#uses.set(id, after);
  }
}

/** Groups prefixes by attribute-set id, remembering the last group (runs are common). */
export class GroupCollector {
  readonly #out: RibGroup[];
  readonly #byId = new Map<number, RibGroup>();
  #last: RibGroup | undefined;

  constructor(out: RibGroup[]) {
    this.#out = out;
  }

  add(attrId: number, prefix: string, isIpv6: boolean): void {
    let group = this.#last;
    if (group === undefined || group.attrId !== attrId) {
      group = this.#byId.get(attrId);
      if (group === undefined) {
        group = { attrId, ipv4: [], ipv6: [] };
        this.#byId.set(attrId, group);
        this.#out.push(group);
      }
      this.#last = group;
    }
    (isIpv6 ? group.ipv6 : group.ipv4).push(prefix);
  }
}
