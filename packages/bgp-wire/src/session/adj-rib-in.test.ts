import { describe, expect, it } from 'vitest';
import { BgpMessageError } from '../codec/errors.js';
import type { UpdateMessage } from '../codec/types.js';
import { endOfRib } from '../codec/update.js';
import { AdjRibIn } from './adj-rib-in.js';

const BASE: UpdateMessage['attributes'] = [
  { type: 'origin', origin: 'igp' },
  { type: 'as-path', segments: [] },
  { type: 'next-hop', nextHop: '192.0.2.2' },
];

function mp(nlri: string[], withdrawn: string[] = []): UpdateMessage {
  return {
    type: 'update',
    withdrawn: [],
    nlri: [],
    attributes: [
      {
        type: 'mp-unreach-nlri',
        afi: 2,
        safi: 1,
        withdrawn: withdrawn.map((prefix) => ({ prefix })),
      },
      {
        type: 'mp-reach-nlri',
        afi: 2,
        safi: 1,
        nextHops: ['2001:db8::2'],
        nlri: nlri.map((prefix) => ({ prefix })),
      },
      ...BASE.slice(0, 2),
    ],
  };
}

describe('AdjRibIn', () => {
  it('keeps IPv4 and MP routes with their next hop, without the MP attributes', () => {
    const rib = new AdjRibIn();
    rib.apply({
      type: 'update',
      withdrawn: [],
      attributes: BASE,
      nlri: [{ prefix: '192.0.2.0/24' }],
    });
    rib.apply(mp(['2001:db8:1::/48']));
    expect(rib.size).toBe(2);
    expect(rib.get('2001:db8:1::/48')).toMatchObject({ nextHop: '2001:db8::2' });
    expect(rib.get('2001:db8:1::/48')!.attributes.map((a) => a.type)).toEqual([
      'origin',
      'as-path',
    ]);
    expect(rib.apply(mp([], ['2001:db8:1::/48']))).toMatchObject({ withdrawn: 1 });
    rib.clearFamily(1);
    expect(rib.size).toBe(0);
  });

  it('treats every prefix of a treat-as-withdraw UPDATE as withdrawn (RFC 7606 §2)', () => {
    const rib = new AdjRibIn();
    rib.apply(mp(['2001:db8:1::/48', '2001:db8:2::/48']));
    const error = new BgpMessageError('bad', {
      code: 'BGP_ERR_BAD_UPDATE',
      errorCode: 3,
      errorSubcode: 6,
      action: 'treat-as-withdraw',
    });
    expect(rib.apply({ ...mp(['2001:db8:1::/48']), error })).toEqual({
      announced: 0,
      withdrawn: 1,
      endOfRib: undefined,
    });
    expect([...rib.routes()].map((r) => r.prefix)).toEqual(['2001:db8:2::/48']);
  });

  it('copies byte views instead of keeping them, and recognises End-of-RIB', () => {
    const rib = new AdjRibIn();
    const value = Uint8Array.of(1, 2, 3);
    rib.apply({
      type: 'update',
      withdrawn: [],
      attributes: [...BASE, { type: 'unknown', code: 99, flags: 0xc0, value }],
      nlri: [{ prefix: '192.0.2.0/24', pathId: 7 }],
    });
    value[0] = 42;
    const stored = rib.get('192.0.2.0/24', 7)!.attributes.find((a) => a.type === 'unknown');
    expect(stored?.type === 'unknown' && [...stored.value]).toEqual([1, 2, 3]);
    expect(rib.apply(endOfRib(2, 1)).endOfRib).toEqual({ afi: 2, safi: 1 });
  });
});
