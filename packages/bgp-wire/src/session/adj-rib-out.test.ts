import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTEXT } from '../codec/context.js';
import { decodeMessage } from '../codec/message.js';
import { packUpdates } from '../codec/packer.js';
import type { PathAttribute } from '../codec/types.js';
import { AdjRibOut, type RibChanges } from './adj-rib-out.js';

/** Attribute set `id` on the wire: MED carries the id so the peer's view can be checked. */
function attributesOf(id: number): PathAttribute[] {
  return [
    { type: 'origin', origin: 'igp' },
    { type: 'as-path', segments: [{ type: 'sequence', asns: [64512] }] },
    { type: 'next-hop', nextHop: '192.0.2.1' },
    { type: 'med', med: id },
  ];
}

/** Packs changes as the UpdateSender does, decodes them and applies them to `view`. */
function applyOnWire(changes: RibChanges, view: Map<string, number>): void {
  const messages = [
    ...packUpdates({
      attributes: [],
      withdraw: [...changes.withdrawIpv4, ...changes.withdrawIpv6],
    }),
    ...changes.announce.flatMap((g) =>
      packUpdates({
        attributes: attributesOf(g.attrId),
        announce: [...g.ipv4, ...g.ipv6],
        ipv6NextHops: ['2001:db8::1'],
      }),
    ),
  ];
  for (const bytes of messages) {
    const m = decodeMessage(bytes, DEFAULT_CONTEXT);
    if (m.type !== 'update') throw new Error('not an UPDATE');
    const med = m.attributes.find((a) => a.type === 'med')?.med;
    for (const n of m.withdrawn) view.delete(n.prefix);
    for (const a of m.attributes) {
      if (a.type === 'mp-unreach-nlri') for (const n of a.withdrawn) view.delete(n.prefix);
      if (a.type === 'mp-reach-nlri') for (const n of a.nlri) view.set(n.prefix, med!);
    }
    for (const n of m.nlri) view.set(n.prefix, med!);
  }
}

describe('AdjRibOut', () => {
  it('returns the whole table on activate and only differences afterwards', () => {
    const rib = new AdjRibOut();
    rib.setMany(['192.0.2.0/24', '2001:db8::/32'], 1);
    expect(rib.activate()).toEqual({
      withdrawIpv4: [],
      withdrawIpv6: [],
      announce: [{ attrId: 1, ipv4: ['192.0.2.0/24'], ipv6: ['2001:db8::/32'] }],
    });
    rib.setMany(['192.0.2.0/24'], 1); // unchanged: nothing to send
    rib.setMany(['198.51.100.0/24'], [2]);
    rib.deleteMany(['2001:db8::/32', '203.0.113.0/24']);
    expect(rib.pendingCount).toBe(2);
    expect(rib.takeChanges()).toEqual({
      withdrawIpv4: [],
      withdrawIpv6: ['2001:db8::/32'],
      announce: [{ attrId: 2, ipv4: ['198.51.100.0/24'], ipv6: [] }],
    });
    expect(rib.takeChanges().announce).toEqual([]);
  });

  it('coalesces: announce then withdraw before a flush sends nothing', () => {
    const rib = new AdjRibOut();
    rib.activate();
    rib.setMany(['192.0.2.0/24'], 1);
    rib.deleteMany(['192.0.2.0/24']);
    rib.setMany(['198.51.100.0/24'], 1);
    rib.setMany(['198.51.100.0/24'], 2);
    rib.setMany(['198.51.100.0/24'], 1);
    expect(rib.takeChanges()).toEqual({
      withdrawIpv4: [],
      withdrawIpv6: [],
      announce: [{ attrId: 1, ipv4: ['198.51.100.0/24'], ipv6: [] }],
    });
  });

  it('reports what the peer has for a route refresh, and forgets it when the session drops', () => {
    const rib = new AdjRibOut();
    rib.setMany(['192.0.2.0/24'], 3);
    rib.activate();
    rib.setMany(['198.51.100.0/24'], 3);
    expect(rib.table().announce).toEqual([{ attrId: 3, ipv4: ['192.0.2.0/24'], ipv6: [] }]);
    rib.deactivate();
    rib.deleteMany(['192.0.2.0/24']);
    expect(rib.pendingCount).toBe(0);
    expect(rib.activate().announce).toEqual([{ attrId: 3, ipv4: ['198.51.100.0/24'], ipv6: [] }]);
  });

  it('tells its refs when an attribute set comes into and goes out of use', () => {
    const log: string[] = [];
    const rib = new AdjRibOut({
      refs: { retain: (id) => log.push(`+${id}`), release: (id) => log.push(`-${id}`) },
    });
    rib.setMany(['192.0.2.0/24', '192.0.2.1/32'], 1);
    rib.setMany(['192.0.2.0/24', '192.0.2.1/32'], [2, 1]);
    rib.setMany(['192.0.2.1/32', '192.0.2.0/24'], [2, 1]); // 1 drops to 0 and back mid-batch
    rib.clear();
    expect(log).toEqual(['+1', '+2', '-1', '-2']);
  });

  it('compacts after a withdraw-all and keeps working', () => {
    const rib = new AdjRibOut();
    const prefixes = Array.from({ length: 10_000 }, (_, i) => `10.0.${i >> 8}.${i & 255}/32`);
    rib.setMany(prefixes, 1);
    rib.activate();
    rib.deleteMany(prefixes);
    expect(rib.takeChanges().withdrawIpv4).toHaveLength(10_000);
    expect(rib.size).toBe(0);
    rib.setMany(['192.0.2.0/24'], 1);
    expect(rib.takeChanges().announce).toEqual([{ attrId: 1, ipv4: ['192.0.2.0/24'], ipv6: [] }]);
  });

  it('hands changes out in chunks when asked, oldest first, the rest still pending', () => {
    const rib = new AdjRibOut();
    rib.activate();
    const prefixes = Array.from({ length: 10 }, (_, i) => `10.0.0.${i}/32`);
    rib.setMany(prefixes, 1);
    const first = rib.takeChanges(4);
    expect(first.announce).toEqual([{ attrId: 1, ipv4: prefixes.slice(0, 4), ipv6: [] }]);
    expect(rib.pendingCount).toBe(6);
    rib.deleteMany([prefixes[0]!, prefixes[9]!]); // one already sent, one still pending
    const rest = rib.takeChanges(100);
    expect(rest.announce).toEqual([{ attrId: 1, ipv4: prefixes.slice(4, 9), ipv6: [] }]);
    expect(rest.withdrawIpv4).toEqual([prefixes[0]]);
    expect(rib.pendingCount).toBe(0);
    expect(rib.takeChanges(4)).toEqual({ withdrawIpv4: [], withdrawIpv6: [], announce: [] });
  });

  it('clear() withdraws everything it announced, IPv4 and IPv6, without prefix lookups', () => {
    const rib = new AdjRibOut();
    rib.setMany(['192.0.2.0/24', '2001:db8::/32'], [1, 2]);
    rib.activate();
    rib.setMany(['198.51.100.0/24'], 1); // wanted, never sent: nothing to withdraw
    rib.clear();
    expect(rib.size).toBe(0);
    expect(rib.takeChanges()).toEqual({
      withdrawIpv4: ['192.0.2.0/24'],
      withdrawIpv6: ['2001:db8::/32'],
      announce: [],
    });
  });

  it('ends with the peer holding exactly the wanted routes, whatever the sequence', () => {
    const prefix = fc.constantFrom(
      '192.0.2.0/24',
      '192.0.2.1/32',
      '198.51.100.0/24',
      '203.0.113.0/24',
      '2001:db8::/32',
      '2001:db8:1::/48',
    );
    const op = fc.oneof(
      fc.record({ op: fc.constant('set' as const), prefix, id: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ op: fc.constant('delete' as const), prefix }),
      fc.record({ op: fc.constantFrom('flush' as const, 'down' as const, 'up' as const) }),
      fc.record({ op: fc.constant('chunk' as const), limit: fc.integer({ min: 1, max: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const rib = new AdjRibOut();
        const wanted = new Map<string, number>();
        const peer = new Map<string, number>();
        for (const o of ops) {
          if (o.op === 'set') {
            rib.setMany([o.prefix], o.id);
            wanted.set(o.prefix, o.id);
          } else if (o.op === 'delete') {
            rib.deleteMany([o.prefix]);
            wanted.delete(o.prefix);
          } else if (o.op === 'flush' && rib.isActive) {
            applyOnWire(rib.takeChanges(), peer);
          } else if (o.op === 'chunk' && rib.isActive) {
            applyOnWire(rib.takeChanges(o.limit), peer);
          } else if (o.op === 'down') {
            rib.deactivate();
            peer.clear();
          } else if (o.op === 'up' && !rib.isActive) {
            applyOnWire(rib.activate(), peer);
          }
        }
        applyOnWire(rib.isActive ? rib.takeChanges() : rib.activate(), peer);
        expect(new Map([...peer].sort())).toEqual(new Map([...wanted].sort()));
        expect(rib.size).toBe(wanted.size);
      }),
      { numRuns: 300 },
    );
  });
});
