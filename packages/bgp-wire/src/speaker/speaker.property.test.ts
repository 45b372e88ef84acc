/**
 * Property: whatever sequence of announce / withdraw calls, with the wire flushed at any
 * points in between (and the session dropped and re-established), the peer's Adj-RIB-In ends
 * equal to what we want announced, attributes included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { speakerPair, until } from './testing/memory-network.js';

const PREFIXES = [
  '192.0.2.0/24',
  '192.0.2.1/32',
  '198.51.100.0/24',
  '2001:db8::/32',
  '2001:db8:1::/48',
];

type Op =
  | { op: 'announce'; prefix: string; med: number }
  | { op: 'withdraw'; prefix: string }
  | { op: 'flush' }
  | { op: 'bounce' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('announce' as const),
    prefix: fc.constantFrom(...PREFIXES),
    med: fc.integer({ min: 0, max: 2 }),
  }),
  fc.record({ op: fc.constant('withdraw' as const), prefix: fc.constantFrom(...PREFIXES) }),
  fc.record({ op: fc.constant('flush' as const) }),
  fc.record({ op: fc.constant('bounce' as const) }),
);

describe('BgpSpeaker wire property', () => {
  it('leaves the peer holding exactly the wanted routes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        const fast = { connectRetrySec: 1, backoff: { initialSec: 1 } };
        const t = await speakerPair({ aPeer: fast, bPeer: fast });
        try {
          const wanted = new Map<string, number>();
          await t.established();
          for (const o of ops) {
            if (o.op === 'announce') {
              t.a.announce([{ prefix: o.prefix, med: o.med }]);
              wanted.set(o.prefix, o.med);
            } else if (o.op === 'withdraw') {
              t.a.withdraw([o.prefix]);
              wanted.delete(o.prefix);
            } else if (o.op === 'flush') {
              await t.a.flushed();
            } else {
              t.net.down('192.0.2.2');
              await until(() => t.a.peerState('192.0.2.2') !== 'established');
              t.net.up('192.0.2.2');
              t.clock.advance(130_000); // past any backoff: both sides restart
              await t.established();
            }
          }
          const view = () =>
            new Map(
              [...t.ribB().routes()].map((r) => [
                r.prefix,
                r.attributes.find((a) => a.type === 'med')?.med,
              ]),
            );
          const sorted = (m: Map<string, unknown>) => [...m].sort();
          await until(
            () => JSON.stringify(sorted(view())) === JSON.stringify(sorted(wanted)),
            'views equal',
          );
          expect(sorted(view())).toEqual(sorted(wanted));
        } finally {
          await t.close();
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
