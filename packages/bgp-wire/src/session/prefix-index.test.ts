import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AdjRibOut } from './adj-rib-out.js';
import { Ipv4Table, PARSED, parseIpv4Prefix } from './ipv4-table.js';
import { PrefixIndex } from './prefix-index.js';

describe('parseIpv4Prefix', () => {
  it('reads dotted quads with an optional length, keeping host bits', () => {
    expect(parseIpv4Prefix('192.0.2.1/24') && { ...PARSED }).toEqual({
      address: 0xc0000201,
      length: 24,
    });
    expect(parseIpv4Prefix('255.255.255.255') && { ...PARSED }).toEqual({
      address: 0xffffffff,
      length: 32,
    });
    for (const bad of ['192.0.2/24', '192.0.2.0/33', '192.0.2.0/', '2001:db8::/32', '1.2.3.4.5']) {
      expect(parseIpv4Prefix(bad), bad).toBe(false);
    }
  });
});

describe('Ipv4Table', () => {
  it('finds what it holds through growth, and nothing else', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 32 })), {
          selector: ([a, l]) => `${a}/${l}`,
        }),
        (entries) => {
          const table = new Ipv4Table();
          for (const [slot, [a, l]] of entries.entries()) table.add(a >>> 0, l, slot);
          for (const [slot, [a, l]] of entries.entries()) expect(table.get(a >>> 0, l)).toBe(slot);
          expect(table.get(1, 33)).toBe(-1);
          expect(table.size).toBe(entries.length);
        },
      ),
    );
  });
});

describe('Ipv4Table with the runs real tables have', () => {
  it('finds sequential and strided runs (the hash keeps low bits), and nothing next to them', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.constantFrom(1, 2, 4, 8, 16, 256, 65_536),
        fc.integer({ min: 24, max: 32 }),
        fc.integer({ min: 1, max: 1000 }),
        (start, stride, length, count) => {
          const table = new Ipv4Table();
          const addresses = Array.from({ length: count }, (_, i) => (start + i * stride) >>> 0);
          const unique = [...new Set(addresses)];
          for (const [slot, a] of unique.entries()) table.add(a, length, slot);
          for (const [slot, a] of unique.entries()) expect(table.get(a, length)).toBe(slot);
          expect(table.get(unique[0]!, length === 32 ? 31 : length + 1)).toBe(-1);
          expect(table.size).toBe(unique.length);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('PrefixIndex', () => {
  it('gives one slot per prefix to every RIB sharing it, IPv4 and IPv6', () => {
    const index = new PrefixIndex();
    const slots = index.slotsOf(['192.0.2.0/24', '2001:db8::/32', '192.0.2.0/24'], true);
    expect([...slots]).toEqual([0, 1, 0]);
    expect(index.slotOf('2001:db8::/32')).toBe(1);
    expect(index.slotOf('198.51.100.0/24')).toBe(-1);
    expect([index.keyOf(1), index.isIpv6(1), index.isIpv6(0)]).toEqual([
      '2001:db8::/32',
      true,
      false,
    ]);
  });

  it('renumbers every RIB when most slots are unused, keeping what each holds', () => {
    const index = new PrefixIndex();
    const a = new AdjRibOut({ index });
    const b = new AdjRibOut({ index });
    const many = Array.from(
      { length: 20_000 },
      (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}/32`,
    );
    a.setMany(many, 1);
    b.setMany(['192.0.2.0/24', many[19_999]!], 2);
    b.activate();
    a.deleteMany(many); // a is inactive: compacts at once
    expect(index.slotCount).toBe(2);
    expect(b.get('192.0.2.0/24')).toBe(2);
    expect(b.get(many[19_999]!)).toBe(2);
    expect(b.table().announce).toEqual([
      { attrId: 2, ipv4: [many[19_999], '192.0.2.0/24'], ipv6: [] }, // old slot order
    ]);
    b.dispose();
    a.dispose();
    index.maybeCompact();
    expect(index.slotCount).toBe(2); // a few unused slots are not worth a rebuild
  });
});
