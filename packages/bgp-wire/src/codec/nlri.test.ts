import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ErrorCode, UpdateErrorSubcode } from './constants.js';
import { BgpEncodeError, BgpError, BgpMessageError } from './errors.js';
import {
  decodeNlri,
  encodedNlriLength,
  encodedPrefixLength,
  encodeNlriInto,
  encodePrefixInto,
  prefixLengthOf,
  tryDecodeNlri,
} from './nlri.js';
import { arbNlri } from './testing/arb-update.js';
import type { Nlri } from './types.js';

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

function encode(list: Nlri[], afi: 1 | 2, hasPathId: boolean): string {
  const out = new Uint8Array(encodedNlriLength(list, hasPathId));
  expect(encodeNlriInto(list, afi, hasPathId, out, 0)).toBe(out.length);
  return hexOf(out);
}

/** Each vector: the wire bytes and the entries they decode to (and encode from). */
const VECTORS: { what: string; afi: 1 | 2; hasPathId: boolean; hex: string; list: Nlri[] }[] = [
  { what: 'default route', afi: 1, hasPathId: false, hex: '00', list: [{ prefix: '0.0.0.0/0' }] },
  {
    what: 'a /24 and a /32',
    afi: 1,
    hasPathId: false,
    hex: '18 c63364 20 cb00710a',
    list: [{ prefix: '198.51.100.0/24' }, { prefix: '203.0.113.10/32' }],
  },
  {
    what: 'a /23 (2 full + 1 partial octet)',
    afi: 1,
    hasPathId: false,
    hex: '17 c00002',
    list: [{ prefix: '192.0.2.0/23' }],
  },
  {
    what: 'RFC 7911 path ids',
    afi: 1,
    hasPathId: true,
    hex: '00000001 18 c00002 ffffffff 00',
    list: [
      { prefix: '192.0.2.0/24', pathId: 1 },
      { prefix: '0.0.0.0/0', pathId: 0xffffffff },
    ],
  },
  {
    what: 'IPv6 /32',
    afi: 2,
    hasPathId: false,
    hex: '20 20010db8',
    list: [{ prefix: '2001:db8::/32' }],
  },
  {
    what: 'IPv6 /128 and ::/0',
    afi: 2,
    hasPathId: false,
    hex: '80 20010db8000000000000000000000001 00',
    list: [{ prefix: '2001:db8::1/128' }, { prefix: '::/0' }],
  },
  {
    what: 'IPv6 with path id',
    afi: 2,
    hasPathId: true,
    hex: '00000007 30 20010db80001',
    list: [{ prefix: '2001:db8:1::/48', pathId: 7 }],
  },
];

describe('decodeNlri / encodeNlriInto', () => {
  it.each(VECTORS)('decodes and encodes $what', ({ afi, hasPathId, hex, list }) => {
    const buf = bytes(hex);
    expect(decodeNlri(buf, 0, buf.length, afi, hasPathId)).toEqual(list);
    expect(encode(list, afi, hasPathId)).toBe(hexOf(buf));
  });

  it('masks host bits in the trailing octet when decoding (RFC 4271 §4.3: they are irrelevant)', () => {
    const buf = bytes('17 c00003 7c ffffffffffffffffffffffffffffffff');
    expect(decodeNlri(buf, 0, 4, 1, false)).toEqual([{ prefix: '192.0.2.0/23' }]);
    expect(decodeNlri(buf, 4, buf.length, 2, false)).toEqual([
      { prefix: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0/124' },
    ]);
  });

  it('masks host bits of an address given with a prefix length when encoding', () => {
    expect(encode([{ prefix: '192.0.2.77/23' }], 1, false)).toBe('17c00002');
    expect(encode([{ prefix: '2001:db8::ffff/33' }], 2, false)).toBe('2120010db800');
    expect(encode([{ prefix: '192.0.2.77' }], 1, false)).toBe('20c000024d');
  });

  it('writes path id 0 under ADD-PATH when an entry has none, and drops path ids without it', () => {
    expect(encode([{ prefix: '10.0.0.0/8' }], 1, true)).toBe('00000000080a');
    expect(encode([{ prefix: '10.0.0.0/8', pathId: 9 }], 1, false)).toBe('080a');
  });

  it('writes at an offset into a larger buffer', () => {
    const out = new Uint8Array(20).fill(0xee);
    expect(encodePrefixInto('10.1.0.0/16', undefined, 1, false, out, 10)).toBe(13);
    expect(hexOf(out.subarray(9, 14))).toBe('ee100a01ee');
  });

  it.each([
    ['a prefix length over 32', 1, false, '21 c0000200 00'],
    ['a prefix running past the end', 1, false, '18 c000'],
    ['a truncated path id', 1, true, '000000'],
    ['a path id without a prefix length', 1, true, '00000001'],
    ['an IPv6 prefix length over 128', 2, false, '81 20010db8000000000000000000000001 00'],
  ] as const)(
    'rejects %s with INVALID_NETWORK_FIELD, session-reset',
    (_what, afi, hasPathId, hex) => {
      const buf = bytes(hex);
      const error = (() => {
        try {
          decodeNlri(buf, 0, buf.length, afi, hasPathId);
        } catch (err) {
          return err;
        }
      })();
      expect(error).toBeInstanceOf(BgpMessageError);
      expect(error).toMatchObject({
        code: 'BGP_ERR_BAD_UPDATE',
        errorCode: ErrorCode.UPDATE_MESSAGE_ERROR,
        errorSubcode: UpdateErrorSubcode.INVALID_NETWORK_FIELD,
        action: 'session-reset',
      });
      expect(typeof tryDecodeNlri(buf, 0, buf.length, afi, hasPathId)).toBe('string');
    },
  );

  it('refuses a prefix of the other family', () => {
    expect(() => encode([{ prefix: '2001:db8::/32' }], 1, false)).toThrow(BgpEncodeError);
    expect(() => encode([{ prefix: '10.0.0.0/8' }], 2, false)).toThrow(BgpEncodeError);
  });

  it.each([
    '10.0.0.0/33',
    '10.0.0/8',
    '10.0.0.256/32',
    '10.0.0.0/',
    'x',
    '2001:db8::/129',
    '10.0.0.0/8/8',
  ])('refuses the text "%s" with BGP_ERR_INVALID_ARGUMENT', (prefix) => {
    const afi = prefix.includes(':') ? 2 : 1;
    const out = new Uint8Array(32);
    let error: unknown;
    try {
      encodePrefixInto(prefix, undefined, afi, false, out, 0);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BgpError);
    expect(error).toMatchObject({ code: 'BGP_ERR_INVALID_ARGUMENT' });
  });
});

describe('prefixLengthOf / encodedPrefixLength', () => {
  it('reads the length after the slash, or the full width for a bare address', () => {
    expect(prefixLengthOf('10.0.0.0/8')).toBe(8);
    expect(prefixLengthOf('10.0.0.1')).toBe(32);
    expect(prefixLengthOf('::1')).toBe(128);
    expect(prefixLengthOf('10.0.0.0/')).toBeNaN();
    expect(encodedPrefixLength('10.0.0.0/9', true)).toBe(7);
  });
});

describe('NLRI properties', () => {
  for (const [afi, hasPathId] of [
    [1, false],
    [1, true],
    [2, false],
    [2, true],
  ] as const) {
    test.prop([fc.array(arbNlri(afi, hasPathId), { maxLength: 20 })])(
      `AFI ${afi}${hasPathId ? ' with path ids' : ''}: decode(encode(list)) equals list`,
      (list) => {
        const out = new Uint8Array(encodedNlriLength(list, hasPathId));
        expect(encodeNlriInto(list, afi, hasPathId, out, 0)).toBe(out.length);
        expect(decodeNlri(out, 0, out.length, afi, hasPathId)).toEqual(list);
      },
    );
  }

  test.prop([fc.uint8Array({ maxLength: 64 }), fc.constantFrom(1, 2), fc.boolean()])(
    'arbitrary bytes give entries or a reason, never an exception',
    (buf, afi, hasPathId) => {
      const result = tryDecodeNlri(buf, 0, buf.length, afi as 1 | 2, hasPathId);
      expect(typeof result === 'string' || Array.isArray(result)).toBe(true);
    },
  );
});
