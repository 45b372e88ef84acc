import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { HEADER_LENGTH } from './constants.js';
import { type CodecContext, makeContext } from './context.js';
import { BgpEncodeError } from './errors.js';
import { packUpdates } from './packer.js';
import { arbIpv4Prefix, arbIpv6Prefix } from './testing/arb-update.js';
import type { Nlri, PathAttribute, UpdateMessage } from './types.js';
import { decodeUpdateBody } from './update.js';

const EBGP = makeContext();
const ATTRIBUTES: PathAttribute[] = [
  { type: 'next-hop', nextHop: '192.0.2.1' },
  { type: 'origin', origin: 'igp' },
  { type: 'as-path', segments: [{ type: 'sequence', asns: [64512] }] },
  { type: 'communities', communities: ['64512:1'] },
];
/** ORIGIN 4 + AS_PATH 9 + NEXT_HOP 7 + COMMUNITIES 7. */
const ATTRIBUTES_LENGTH = 27;

function decodeAll(messages: Uint8Array[], ctx: CodecContext): UpdateMessage[] {
  return messages.map((m) => {
    expect(m.length).toBeLessThanOrEqual(ctx.extendedMessages ? 65535 : 4096);
    const msg = decodeUpdateBody(m.subarray(HEADER_LENGTH), ctx);
    expect(msg.error).toBeUndefined();
    return msg;
  });
}

/** Every prefix a list of UPDATEs announces and withdraws, both families. */
function collect(updates: UpdateMessage[]): { announced: Nlri[]; withdrawn: Nlri[] } {
  const announced: Nlri[] = [];
  const withdrawn: Nlri[] = [];
  for (const u of updates) {
    withdrawn.push(...u.withdrawn);
    for (const a of u.attributes) {
      if (a.type === 'mp-unreach-nlri') withdrawn.push(...a.withdrawn);
      if (a.type === 'mp-reach-nlri') announced.push(...a.nlri);
    }
    announced.push(...u.nlri);
  }
  return { announced, withdrawn };
}

const prefixes = (list: Nlri[]) => list.map((n) => n.prefix).sort();
const v4Routes = (n: number) =>
  Array.from({ length: n }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.0/24`);

describe('packUpdates', () => {
  it('fills each message up to 4096 bytes: the fewest messages for one family', () => {
    const announce = v4Routes(5000);
    const messages = packUpdates({ attributes: ATTRIBUTES, announce }, EBGP);
    const perMessage = Math.floor((4096 - HEADER_LENGTH - 4 - ATTRIBUTES_LENGTH) / 4);
    expect(messages).toHaveLength(Math.ceil(5000 / perMessage));
    expect(messages[0].length).toBe(HEADER_LENGTH + 4 + ATTRIBUTES_LENGTH + perMessage * 4);
    const updates = decodeAll(messages, EBGP);
    expect(updates[0].attributes.map((a) => a.type)).toEqual([
      'origin',
      'as-path',
      'next-hop',
      'communities',
    ]);
    expect(collect(updates).announced.map((n) => n.prefix)).toEqual(announce);
  });

  it('fills up to 65535 bytes with extended messages (RFC 8654)', () => {
    const ctx = makeContext({ extendedMessages: true });
    const messages = packUpdates({ attributes: ATTRIBUTES, announce: v4Routes(20000) }, ctx);
    expect(messages).toHaveLength(2);
    expect(messages[0].length).toBeGreaterThan(65535 - 4);
  });

  it('packs withdrawals without attributes, IPv6 ones in MP_UNREACH_NLRI', () => {
    const withdraw = ['192.0.2.0/24', '2001:db8::/32', '198.51.100.0/25'];
    const [message, ...rest] = packUpdates({ attributes: [], withdraw }, EBGP);
    expect(rest).toEqual([]);
    const update = decodeUpdateBody(message.subarray(HEADER_LENGTH), EBGP);
    expect(update.withdrawn).toEqual([{ prefix: '192.0.2.0/24' }, { prefix: '198.51.100.0/25' }]);
    expect(update.attributes).toEqual([
      {
        type: 'mp-unreach-nlri',
        afi: 2,
        safi: 1,
        withdrawn: [{ prefix: '2001:db8::/32' }],
        flags: 0x90,
      },
    ]);
  });

  it('puts IPv6 announcements in MP_REACH_NLRI first, with the given next hops', () => {
    const [message] = packUpdates(
      {
        attributes: ATTRIBUTES,
        announce: ['2001:db8:1::/48', '192.0.2.0/24'],
        ipv6NextHops: ['2001:db8::1', 'fe80::1'],
      },
      EBGP,
    );
    const update = decodeUpdateBody(message.subarray(HEADER_LENGTH), EBGP);
    expect(update.attributes[0]).toEqual({
      type: 'mp-reach-nlri',
      afi: 2,
      safi: 1,
      nextHops: ['2001:db8::1', 'fe80::1'],
      nlri: [{ prefix: '2001:db8:1::/48' }],
      flags: 0x90,
    });
    expect(update.nlri).toEqual([{ prefix: '192.0.2.0/24' }]);
  });

  it('writes path ids under ADD-PATH, 0 for plain strings (RFC 7911)', () => {
    const ctx = makeContext({ addPath: { ipv4: true, ipv6: true } });
    const announce = [
      { prefix: '192.0.2.0/24', pathId: 7 },
      '198.51.100.0/24',
      { prefix: '2001:db8::/32', pathId: 9 },
    ];
    const updates = decodeAll(
      packUpdates({ attributes: ATTRIBUTES, announce, ipv6NextHops: ['2001:db8::1'] }, ctx),
      ctx,
    );
    expect(collect(updates).announced).toEqual([
      { prefix: '2001:db8::/32', pathId: 9 },
      { prefix: '192.0.2.0/24', pathId: 7 },
      { prefix: '198.51.100.0/24', pathId: 0 },
    ]);
  });

  it('returns no messages for nothing to send', () => {
    expect(packUpdates({ attributes: ATTRIBUTES }, EBGP)).toEqual([]);
  });

  it.each([
    [
      'IPv4 announcements without NEXT_HOP',
      { attributes: ATTRIBUTES.slice(1), announce: ['192.0.2.0/24'] },
    ],
    [
      'IPv6 announcements without next hops',
      { attributes: ATTRIBUTES, announce: ['2001:db8::/32'] },
    ],
    [
      'an MP_REACH_NLRI among the attributes',
      {
        attributes: [
          ...ATTRIBUTES,
          { type: 'mp-reach-nlri', afi: 2, safi: 1, nextHops: ['::1'], nlri: [] } as PathAttribute,
        ],
        announce: ['192.0.2.0/24'],
      },
    ],
    [
      'attributes that leave no room for a prefix',
      {
        attributes: [
          ...ATTRIBUTES,
          { type: 'unknown', code: 99, value: new Uint8Array(4060) } as PathAttribute,
        ],
        announce: ['192.0.2.0/24'],
      },
    ],
  ])('refuses %s with BgpEncodeError', (_what, input) => {
    expect(() => packUpdates(input, EBGP)).toThrow(BgpEncodeError);
  });

  const arbPrefixes = fc.array(fc.oneof(arbIpv4Prefix, arbIpv6Prefix), { maxLength: 1500 });
  test.prop([arbPrefixes, arbPrefixes, fc.boolean()], { numRuns: 30 })(
    'announces and withdraws exactly what it was given, every message within the limit',
    (announce, withdraw, addPath) => {
      const ctx = makeContext({ addPath: { ipv4: addPath, ipv6: addPath } });
      const input = { attributes: ATTRIBUTES, announce, withdraw, ipv6NextHops: ['2001:db8::1'] };
      const result = collect(decodeAll(packUpdates(input, ctx), ctx));
      expect(prefixes(result.announced)).toEqual([...announce].sort());
      expect(prefixes(result.withdrawn)).toEqual([...withdraw].sort());
    },
  );
});
