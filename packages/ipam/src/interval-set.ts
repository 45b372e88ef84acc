/**
 * A set of bigint values stored as sorted, disjoint, non-adjacent inclusive intervals in a
 * treap keyed by interval start. Every operation is O(log n) expected in the number of
 * intervals, never in the number of values, so an IPv4 /8 or an IPv6 /64 costs nothing until
 * addresses are taken. Adjacent intervals are always merged, which is what makes
 * `firstAbsentAtOrAfter` a single lookup: the value after an interval's end is never in the set.
 */

interface Node {
  start: bigint;
  end: bigint;
  priority: number;
  left: Node | undefined;
  right: Node | undefined;
}

/** Treap priorities from a fixed-seed xorshift, so runs are reproducible. */
function makeRandom(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** Splits into (starts < key, starts >= key). */
function split(t: Node | undefined, key: bigint): [Node | undefined, Node | undefined] {
  if (!t) return [undefined, undefined];
  if (t.start < key) {
    const [l, r] = split(t.right, key);
    t.right = l;
    return [t, r];
  }
  const [l, r] = split(t.left, key);
  t.left = r;
  return [l, t];
}

/** Joins two treaps where every start in `a` is below every start in `b`. */
function merge(a: Node | undefined, b: Node | undefined): Node | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.priority > b.priority) {
    a.right = merge(a.right, b);
    return a;
  }
  b.left = merge(a, b.left);
  return b;
}

/** Sorted disjoint inclusive intervals of bigint with O(log n) updates and queries. */
export class IntervalSet {
  #root: Node | undefined;
  #intervals = 0;
  #count = 0n;
  readonly #random = makeRandom(0x9e3779b9);

  /** Number of values in the set. */
  get size(): bigint {
    return this.#count;
  }

  /** Number of stored intervals. */
  get intervalCount(): number {
    return this.#intervals;
  }

  /** The interval with the largest start <= value, if any. */
  #floor(value: bigint): Node | undefined {
    let t = this.#root;
    let best: Node | undefined;
    while (t) {
      if (t.start <= value) {
        best = t;
        t = t.right;
      } else t = t.left;
    }
    return best;
  }

  /** The interval with the smallest start >= value, if any. */
  #ceiling(value: bigint): Node | undefined {
    let t = this.#root;
    let best: Node | undefined;
    while (t) {
      if (t.start >= value) {
        best = t;
        t = t.left;
      } else t = t.right;
    }
    return best;
  }

  #insertNode(start: bigint, end: bigint): void {
    const node: Node = { start, end, priority: this.#random(), left: undefined, right: undefined };
    const [l, r] = split(this.#root, start);
    this.#root = merge(merge(l, node), r);
    this.#intervals++;
    this.#count += end - start + 1n;
  }

  #deleteNode(node: Node): void {
    const [l, r] = split(this.#root, node.start);
    const [, rest] = split(r, node.start + 1n);
    this.#root = merge(l, rest);
    this.#intervals--;
    this.#count -= node.end - node.start + 1n;
  }

  /** True when the value is in the set. */
  has(value: bigint): boolean {
    const n = this.#floor(value);
    return n !== undefined && n.end >= value;
  }

  /** Adds every value in [first, last]; merges with overlapping and adjacent intervals. */
  add(first: bigint, last: bigint): void {
    if (first > last) return;
    let lo = first;
    let hi = last;
    for (;;) {
      const n = this.#floor(hi + 1n);
      if (!n || n.end < lo - 1n) break;
      if (n.start < lo) lo = n.start;
      if (n.end > hi) hi = n.end;
      this.#deleteNode(n);
    }
    this.#insertNode(lo, hi);
  }

  /** Removes every value in [first, last], splitting intervals that straddle the edges. */
  delete(first: bigint, last: bigint): void {
    if (first > last) return;
    for (;;) {
      const n = this.#floor(last);
      if (!n || n.end < first) break;
      this.#deleteNode(n);
      if (n.end > last) this.#insertNode(last + 1n, n.end);
      if (n.start < first) this.#insertNode(n.start, first - 1n);
    }
  }

  /** The smallest value >= `value` that is NOT in the set. */
  firstAbsentAtOrAfter(value: bigint): bigint {
    const n = this.#floor(value);
    return n !== undefined && n.end >= value ? n.end + 1n : value;
  }

  /** The smallest value >= `value` that IS in the set, or undefined. */
  firstPresentAtOrAfter(value: bigint): bigint | undefined {
    if (this.has(value)) return value;
    return this.#ceiling(value)?.start;
  }

  /** Number of values of the set inside [first, last]; walks only the intervals it meets. */
  countIn(first: bigint, last: bigint): bigint {
    let total = 0n;
    let cur = first;
    while (cur <= last) {
      const at = this.firstPresentAtOrAfter(cur);
      if (at === undefined || at > last) break;
      const n = this.#floor(at)!;
      const end = n.end < last ? n.end : last;
      total += end - at + 1n;
      cur = end + 1n;
    }
    return total;
  }

  /** The intervals in ascending order. */
  *intervals(): Generator<{ first: bigint; last: bigint }> {
    const stack: Node[] = [];
    let t = this.#root;
    while (t || stack.length > 0) {
      while (t) {
        stack.push(t);
        t = t.left;
      }
      const n = stack.pop()!;
      yield { first: n.start, last: n.end };
      t = n.right;
    }
  }
}
