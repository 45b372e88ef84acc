import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntervalSet } from './interval-set.js';

type Op = { kind: 'add' | 'delete'; a: number; b: number };

const op = fc.record({
  kind: fc.constantFrom<'add' | 'delete'>('add', 'delete'),
  a: fc.integer({ min: 0, max: 120 }),
  b: fc.integer({ min: 0, max: 120 }),
});

function apply(ops: readonly Op[]): { set: IntervalSet; ref: Set<number> } {
  const set = new IntervalSet();
  const ref = new Set<number>();
  for (const { kind, a, b } of ops) {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    if (kind === 'add') set.add(BigInt(lo), BigInt(hi));
    else set.delete(BigInt(lo), BigInt(hi));
    for (let x = lo; x <= hi; x++) {
      if (kind === 'add') ref.add(x);
      else ref.delete(x);
    }
  }
  return { set, ref };
}

describe('IntervalSet', () => {
  it('agrees with a plain Set on membership, size and first absent/present', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        fc.integer({ min: 0, max: 130 }),
        (ops, probe) => {
          const { set, ref } = apply(ops);
          expect(set.size).toBe(BigInt(ref.size));
          for (let x = 0; x <= 125; x++) expect(set.has(BigInt(x))).toBe(ref.has(x));
          let absent = probe;
          while (ref.has(absent)) absent++;
          expect(set.firstAbsentAtOrAfter(BigInt(probe))).toBe(BigInt(absent));
          let present: number | undefined = probe;
          while (present <= 125 && !ref.has(present)) present++;
          expect(set.firstPresentAtOrAfter(BigInt(probe))).toBe(
            present > 125 ? undefined : BigInt(present),
          );
          let inRange = 0;
          for (let x = probe; x <= probe + 17; x++) if (ref.has(x)) inRange++;
          expect(set.countIn(BigInt(probe), BigInt(probe + 17))).toBe(BigInt(inRange));
        },
      ),
    );
  });

  it('keeps intervals sorted, disjoint and never adjacent', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const { set } = apply(ops);
        const list = [...set.intervals()];
        expect(list.length).toBe(set.intervalCount);
        for (let i = 1; i < list.length; i++)
          expect(list[i]!.first > list[i - 1]!.last + 1n).toBe(true);
      }),
    );
  });

  it('handles an IPv6 /64 worth of values without enumerating them', () => {
    const set = new IntervalSet();
    const base = 0x20010db8000000000000000000000000n;
    set.add(base, base + (1n << 64n) - 1n);
    expect(set.size).toBe(1n << 64n);
    set.delete(base + 5n, base + 5n);
    expect(set.firstAbsentAtOrAfter(base)).toBe(base + 5n);
    expect(set.intervalCount).toBe(2);
  });

  it('stays fast with 100,000 single values (treap, not a list)', () => {
    const set = new IntervalSet();
    for (let i = 0; i < 100_000; i++) set.add(BigInt(i * 2), BigInt(i * 2));
    expect(set.intervalCount).toBe(100_000);
    for (let i = 0; i < 100_000; i++) set.add(BigInt(i * 2 + 1), BigInt(i * 2 + 1));
    expect(set.intervalCount).toBe(1);
  });
});
