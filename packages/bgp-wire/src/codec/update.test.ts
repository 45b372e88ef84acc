import { describe, expect, it } from 'vitest';
import { HEADER_LENGTH } from './constants.js';
import { makeContext } from './context.js';
import { BgpEncodeError } from './errors.js';
import type { UpdateMessage } from './types.js';
import {
  decodeUpdateBody,
  encodedUpdateLength,
  encodeUpdate,
  encodeUpdateInto,
  endOfRib,
  isEndOfRib,
} from './update.js';

const hexBytes = (hex: string) => Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
const MARKER = 'ff'.repeat(16);
const EBGP = makeContext();

/**
 * Built by hand in FRR's layout (AS_PATH with the Extended Length bit, MED 0), field by field
 * from RFC 4271 §4.3; not a capture.
 */
const FRR_STYLE_ANNOUNCEMENT = {
  hex: [
    `${MARKER} 0047 02`, // header: length 71, UPDATE
    '0000', // Withdrawn Routes Length
    '0027', // Total Path Attribute Length 39
    '40 01 01 00', // ORIGIN IGP
    '50 02 000a 02 02 0000fde8 0000fde9', // AS_PATH (extended length): sequence 65000 65001
    '40 03 04 c0000201', // NEXT_HOP 192.0.2.1
    '80 04 04 00000000', // MULTI_EXIT_DISC 0
    'c0 08 04 fde80064', // COMMUNITIES 65000:100
    '18 c63364 20 cb00710a', // NLRI 198.51.100.0/24, 203.0.113.10/32
  ].join(''),
  msg: {
    type: 'update',
    withdrawn: [],
    attributes: [
      { type: 'origin', origin: 'igp', flags: 0x40 },
      { type: 'as-path', segments: [{ type: 'sequence', asns: [65000, 65001] }], flags: 0x50 },
      { type: 'next-hop', nextHop: '192.0.2.1', flags: 0x40 },
      { type: 'med', med: 0, flags: 0x80 },
      { type: 'communities', communities: ['65000:100'], flags: 0xc0 },
    ],
    nlri: [{ prefix: '198.51.100.0/24' }, { prefix: '203.0.113.10/32' }],
  } satisfies UpdateMessage,
};

describe('decodeUpdateBody / encodeUpdate', () => {
  it('decodes an announcement and encodes it back to the same bytes', () => {
    const bytes = hexBytes(FRR_STYLE_ANNOUNCEMENT.hex);
    expect(decodeUpdateBody(bytes.subarray(HEADER_LENGTH), EBGP)).toEqual(
      FRR_STYLE_ANNOUNCEMENT.msg,
    );
    expect(hexOf(encodeUpdate(FRR_STYLE_ANNOUNCEMENT.msg, EBGP))).toBe(hexOf(bytes));
  });

  it('decodes withdrawals with RFC 7911 path ids', () => {
    const ctx = makeContext({ addPath: { ipv4: true, ipv6: false } });
    const body = hexBytes('0008 00000005 18 c63364 0000');
    expect(decodeUpdateBody(body, ctx)).toEqual({
      type: 'update',
      withdrawn: [{ prefix: '198.51.100.0/24', pathId: 5 }],
      attributes: [],
      nlri: [],
    });
  });

  it('hands out views into the input, not copies', () => {
    const body = hexBytes('0000 0005 c0 63 02 abcd');
    const attr = decodeUpdateBody(body, EBGP).attributes[0];
    expect(attr.type === 'unknown' && attr.value.buffer).toBe(body.buffer);
  });

  it('writes at an offset behind other bytes and returns the length', () => {
    const msg = FRR_STYLE_ANNOUNCEMENT.msg;
    const length = encodedUpdateLength(msg, EBGP);
    const out = new Uint8Array(length + 20).fill(0xee);
    expect(encodeUpdateInto(msg, EBGP, out, 10)).toBe(length);
    expect(hexOf(out.subarray(10, 10 + length))).toBe(hexOf(hexBytes(FRR_STYLE_ANNOUNCEMENT.hex)));
    expect(out[9]).toBe(0xee);
    expect(out[10 + length]).toBe(0xee);
  });

  it('refuses a buffer too small', () => {
    const msg = FRR_STYLE_ANNOUNCEMENT.msg;
    const out = new Uint8Array(encodedUpdateLength(msg, EBGP) - 1);
    expect(() => encodeUpdateInto(msg, EBGP, out, 0)).toThrow(BgpEncodeError);
  });

  it('refuses a message over 4096 bytes, unless extended messages are negotiated (RFC 8654)', () => {
    const nlri = Array.from({ length: 1100 }, (_, i) => ({
      prefix: `10.${i >> 8}.${i & 255}.0/24`,
    }));
    const msg: UpdateMessage = { ...FRR_STYLE_ANNOUNCEMENT.msg, nlri };
    expect(() => encodeUpdate(msg, EBGP)).toThrow(BgpEncodeError);
    const extended = makeContext({ extendedMessages: true });
    const bytes = encodeUpdate(msg, extended);
    expect(bytes.length).toBeGreaterThan(4096);
    expect(decodeUpdateBody(bytes.subarray(HEADER_LENGTH), extended).nlri).toEqual(nlri);
  });
});

describe('endOfRib / isEndOfRib (RFC 4724 §2)', () => {
  it('is an empty UPDATE for IPv4 unicast', () => {
    const bytes = encodeUpdate(endOfRib(1, 1));
    expect(hexOf(bytes)).toBe(`${MARKER}001702 0000 0000`.replace(/\s+/g, ''));
    expect(isEndOfRib(decodeUpdateBody(bytes.subarray(HEADER_LENGTH), EBGP))).toEqual({
      afi: 1,
      safi: 1,
    });
  });

  it('is an UPDATE holding only an empty MP_UNREACH_NLRI for other families', () => {
    const bytes = encodeUpdate(endOfRib(2, 1));
    expect(hexOf(bytes)).toBe(`${MARKER}001d02 0000 0006 800f03000201`.replace(/\s+/g, ''));
    expect(isEndOfRib(decodeUpdateBody(bytes.subarray(HEADER_LENGTH), EBGP))).toEqual({
      afi: 2,
      safi: 1,
    });
    const vpn = encodeUpdate(endOfRib(1, 128));
    expect(isEndOfRib(decodeUpdateBody(vpn.subarray(HEADER_LENGTH), EBGP))).toEqual({
      afi: 1,
      safi: 128,
    });
  });

  it('also recognizes IPv4 unicast sent as an empty MP_UNREACH_NLRI', () => {
    const body = hexBytes('0000 0006 800f03000101');
    expect(isEndOfRib(decodeUpdateBody(body, EBGP))).toEqual({ afi: 1, safi: 1 });
  });

  it('is not any UPDATE that carries something', () => {
    expect(isEndOfRib(FRR_STYLE_ANNOUNCEMENT.msg)).toBeUndefined();
    expect(
      isEndOfRib({
        type: 'update',
        withdrawn: [{ prefix: '10.0.0.0/8' }],
        attributes: [],
        nlri: [],
      }),
    ).toBeUndefined();
    const notEmpty = decodeUpdateBody(hexBytes('0000 0009 800f06000201 10 2001'), EBGP);
    expect(isEndOfRib(notEmpty)).toBeUndefined();
  });
});
