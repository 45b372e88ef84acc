/**
 * Every attribute type, both directions on one fixture (mqtt-packet's testParseGenerate idea):
 * the bytes decode to the value and the value (with the flags as received) encodes to the bytes.
 */
import { describe, expect, it } from 'vitest';
import { type CodecContext, makeContext } from '../context.js';
import { BgpEncodeError, BgpError } from '../errors.js';
import type { PathAttribute } from '../types.js';
import { readPathAttributes } from '../update-validate.js';
import { encodeAttributeInto, encodedAttributeLength } from './attribute-list.js';
import { communityName, WELL_KNOWN_COMMUNITIES } from './communities.js';
import { ATTRIBUTE_CODECS, codecForCode } from './table.js';
import { forPropagation } from './unknown.js';

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

const EBGP = makeContext();
const EBGP_AS2 = makeContext({ fourOctetAs: false });
const IBGP = makeContext({ ibgp: true });
const IPV6_GLOBAL = '20010db8000000000000000000000001';
const IPV6_LINK_LOCAL = 'fe800000000000000000000000000001';

function decodeOne(hex: string, ctx: CodecContext): PathAttribute {
  const buf = bytes(hex);
  const scan = readPathAttributes(buf, 0, buf.length, ctx);
  expect(scan.error).toBeUndefined();
  expect(scan.attributes).toHaveLength(1);
  return scan.attributes[0];
}

function encodeOne(attr: PathAttribute, ctx: CodecContext): string {
  const length = encodedAttributeLength(attr, ctx);
  // Into a larger buffer at offset 10, as dns-packet's testEncoder does.
  const out = new Uint8Array(length + 20);
  expect(encodeAttributeInto(attr, ctx, out, 10)).toBe(10 + length);
  return hexOf(out.subarray(10, 10 + length));
}

const FIXTURES: { what: string; hex: string; attr: PathAttribute; ctx?: CodecContext }[] = [
  { what: 'ORIGIN IGP', hex: '40 01 01 00', attr: { type: 'origin', origin: 'igp', flags: 0x40 } },
  {
    what: 'ORIGIN INCOMPLETE',
    hex: '40 01 01 02',
    attr: { type: 'origin', origin: 'incomplete', flags: 0x40 },
  },
  {
    what: 'AS_PATH, 4-octet sequence',
    hex: '40 02 0e 02 03 0000fde8 0000fde9 fa56ea01',
    attr: {
      type: 'as-path',
      segments: [{ type: 'sequence', asns: [65000, 65001, 4200000001] }],
      flags: 0x40,
    },
  },
  {
    what: 'AS_PATH, 2-octet set with AS_TRANS',
    hex: '40 02 08 01 03 fde8 fde9 5ba0',
    attr: {
      type: 'as-path',
      segments: [{ type: 'set', asns: [65000, 65001, 23456] }],
      flags: 0x40,
    },
    ctx: EBGP_AS2,
  },
  { what: 'empty AS_PATH', hex: '40 02 00', attr: { type: 'as-path', segments: [], flags: 0x40 } },
  {
    what: 'AS_PATH with confederation segments, iBGP',
    hex: '40 02 0c 03 01 0000fde8 04 01 0000fde9',
    attr: {
      type: 'as-path',
      segments: [
        { type: 'confed-sequence', asns: [65000] },
        { type: 'confed-set', asns: [65001] },
      ],
      flags: 0x40,
    },
    ctx: IBGP,
  },
  {
    what: 'NEXT_HOP',
    hex: '40 03 04 c0000201',
    attr: { type: 'next-hop', nextHop: '192.0.2.1', flags: 0x40 },
  },
  {
    what: 'MULTI_EXIT_DISC',
    hex: '80 04 04 00000064',
    attr: { type: 'med', med: 100, flags: 0x80 },
  },
  {
    what: 'LOCAL_PREF, iBGP',
    hex: '40 05 04 000000c8',
    attr: { type: 'local-pref', localPref: 200, flags: 0x40 },
    ctx: IBGP,
  },
  { what: 'ATOMIC_AGGREGATE', hex: '40 06 00', attr: { type: 'atomic-aggregate', flags: 0x40 } },
  {
    what: 'AGGREGATOR, 4-octet',
    hex: 'c0 07 08 fa56ea01 c0000201',
    attr: { type: 'aggregator', asn: 4200000001, address: '192.0.2.1', flags: 0xc0 },
  },
  {
    what: 'AGGREGATOR, 2-octet',
    hex: 'c0 07 06 fde8 c0000201',
    attr: { type: 'aggregator', asn: 65000, address: '192.0.2.1', flags: 0xc0 },
    ctx: EBGP_AS2,
  },
  {
    what: 'COMMUNITIES',
    hex: 'c0 08 08 fde80064 ffff029a',
    attr: { type: 'communities', communities: ['65000:100', '65535:666'], flags: 0xc0 },
  },
  {
    what: 'empty COMMUNITIES (RFC 7606 §7.8 allows it)',
    hex: 'c0 08 00',
    attr: { type: 'communities', communities: [], flags: 0xc0 },
  },
  {
    what: 'ORIGINATOR_ID, iBGP',
    hex: '80 09 04 c0000201',
    attr: { type: 'originator-id', originatorId: '192.0.2.1', flags: 0x80 },
    ctx: IBGP,
  },
  {
    what: 'CLUSTER_LIST, iBGP',
    hex: '80 0a 08 c0000201 0a000001',
    attr: { type: 'cluster-list', clusterIds: ['192.0.2.1', '10.0.0.1'], flags: 0x80 },
    ctx: IBGP,
  },
  {
    what: 'MP_REACH_NLRI IPv6, global + link-local next hop, extended length',
    hex: `90 0e 002c 0002 01 20 ${IPV6_GLOBAL} ${IPV6_LINK_LOCAL} 00 30 20010db80063`,
    attr: {
      type: 'mp-reach-nlri',
      afi: 2,
      safi: 1,
      nextHops: ['2001:db8::1', 'fe80::1'],
      nlri: [{ prefix: '2001:db8:63::/48' }],
      flags: 0x90,
    },
  },
  {
    what: 'MP_REACH_NLRI IPv4 with an IPv6 next hop (RFC 8950)',
    hex: `80 0e 19 0001 01 10 ${IPV6_GLOBAL} 00 18 c63364`,
    attr: {
      type: 'mp-reach-nlri',
      afi: 1,
      safi: 1,
      nextHops: ['2001:db8::1'],
      nlri: [{ prefix: '198.51.100.0/24' }],
      flags: 0x80,
    },
  },
  {
    what: 'MP_REACH_NLRI IPv4, 4-byte next hop',
    hex: '80 0e 0d 0001 01 04 c0000201 00 18 c63364',
    attr: {
      type: 'mp-reach-nlri',
      afi: 1,
      safi: 1,
      nextHops: ['192.0.2.1'],
      nlri: [{ prefix: '198.51.100.0/24' }],
      flags: 0x80,
    },
  },
  {
    what: 'MP_REACH_NLRI of a family kept raw (VPNv4)',
    hex: '80 0e 11 0001 80 04 c0000201 00 70 000001 0000fde8',
    attr: {
      type: 'mp-reach-nlri',
      afi: 1,
      safi: 128,
      nextHops: [],
      nlri: [],
      raw: { nextHop: bytes('c0000201'), nlri: bytes('70 000001 0000fde8') },
      flags: 0x80,
    },
  },
  {
    what: 'MP_UNREACH_NLRI IPv6',
    hex: '80 0f 0a 0002 01 30 20010db80063',
    attr: {
      type: 'mp-unreach-nlri',
      afi: 2,
      safi: 1,
      withdrawn: [{ prefix: '2001:db8:63::/48' }],
      flags: 0x80,
    },
  },
  {
    what: 'MP_UNREACH_NLRI of a family kept raw',
    hex: '80 0f 05 0019 46 abcd',
    attr: {
      type: 'mp-unreach-nlri',
      afi: 25,
      safi: 70,
      withdrawn: [],
      raw: { nlri: bytes('abcd') },
      flags: 0x80,
    },
  },
  {
    what: 'EXTENDED_COMMUNITIES of every decoded kind',
    hex:
      'c0 10 38 0002fde800000064 4103c00002010064 0202fa56ea010064 4004fde84b189680' +
      ' 0004fde84b189680 030c00000000000a 8006000000000000',
    attr: {
      type: 'extended-communities',
      communities: [
        { type: 'route-target', form: 'as2', global: 65000, local: 100, transitive: true },
        { type: 'route-origin', form: 'ipv4', global: '192.0.2.1', local: 100, transitive: false },
        { type: 'route-target', form: 'as4', global: 4200000001, local: 100, transitive: true },
        { type: 'link-bandwidth', asn: 65000, bandwidth: 10_000_000, transitive: false },
        { type: 'link-bandwidth', asn: 65000, bandwidth: 10_000_000, transitive: true },
        { type: 'opaque', subType: 0x0c, value: bytes('00000000000a'), transitive: true },
        { type: 'unknown', value: bytes('8006000000000000') },
      ],
      flags: 0xc0,
    },
  },
  {
    what: 'AS4_PATH',
    hex: 'c0 11 06 02 01 fa56ea01',
    attr: { type: 'as4-path', segments: [{ type: 'sequence', asns: [4200000001] }], flags: 0xc0 },
    ctx: EBGP_AS2,
  },
  {
    what: 'AS4_AGGREGATOR',
    hex: 'c0 12 08 fa56ea01 c0000201',
    attr: { type: 'as4-aggregator', asn: 4200000001, address: '192.0.2.1', flags: 0xc0 },
    ctx: EBGP_AS2,
  },
  {
    what: 'LARGE_COMMUNITY',
    hex: 'c0 20 0c fa56ea01 00000001 00000002',
    attr: { type: 'large-communities', communities: ['4200000001:1:2'], flags: 0xc0 },
  },
  { what: 'OTC', hex: 'c0 23 04 0000fde8', attr: { type: 'otc', asn: 65000, flags: 0xc0 } },
  {
    what: 'an unknown optional transitive attribute, Partial set',
    hex: 'e0 63 02 abcd',
    attr: { type: 'unknown', code: 99, value: bytes('abcd'), flags: 0xe0 },
  },
  {
    what: 'a short value under the Extended Length bit (kept as received)',
    hex: '50 01 0001 01',
    attr: { type: 'origin', origin: 'egp', flags: 0x50 },
  },
];

describe('attribute codecs', () => {
  it.each(FIXTURES)('decode and encode $what', ({ hex, attr, ctx = EBGP }) => {
    expect(decodeOne(hex, ctx)).toEqual(attr);
    expect(encodeOne(attr, ctx)).toBe(hexOf(bytes(hex)));
  });

  it('has one row per type code, each with only O/T bits as canonical flags', () => {
    const codes = ATTRIBUTE_CODECS.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const codec of ATTRIBUTE_CODECS) {
      expect(codecForCode(codec.code)).toBe(codec);
      expect(codec.flags & 0x3f).toBe(0);
    }
  });

  it('uses canonical flags when none are given, Extended Length only past 255 bytes', () => {
    expect(encodeOne({ type: 'med', med: 1 }, EBGP)).toBe('80040400000001');
    const communities = Array.from({ length: 64 }, (_, i) => `1:${i}`);
    expect(
      encodeOne({ type: 'communities', communities: communities.slice(1) }, EBGP).slice(0, 6),
    ).toBe('c008fc');
    expect(encodeOne({ type: 'communities', communities }, EBGP).slice(0, 8)).toBe('d0080100');
    // Given flags without the bit: the bit is added, since 256 bytes need a 2-octet length.
    const given = encodeOne({ type: 'communities', communities, flags: 0xc0 }, EBGP);
    expect(given.slice(0, 8)).toBe('d0080100');
  });
});

describe('attribute encoding errors', () => {
  it.each([
    [
      'a 4-octet ASN in a 2-octet AS_PATH',
      { type: 'as-path', segments: [{ type: 'sequence', asns: [65536] }] },
      EBGP_AS2,
    ],
    [
      'an AS_PATH segment of 256 ASNs',
      { type: 'as-path', segments: [{ type: 'set', asns: new Array(256).fill(1) }] },
      EBGP,
    ],
    ['an empty AS_PATH segment', { type: 'as-path', segments: [{ type: 'set', asns: [] }] }, EBGP],
    ['an empty EXTENDED_COMMUNITIES', { type: 'extended-communities', communities: [] }, EBGP],
    ['an empty LARGE_COMMUNITY', { type: 'large-communities', communities: [] }, EBGP],
    ['an empty CLUSTER_LIST', { type: 'cluster-list', clusterIds: [] }, EBGP],
    [
      'a 4-octet ASN in a 2-octet AGGREGATOR',
      { type: 'aggregator', asn: 70000, address: '192.0.2.1' },
      EBGP_AS2,
    ],
    ['a MED over 32 bits', { type: 'med', med: 2 ** 32 }, EBGP],
    [
      'MP_REACH_NLRI IPv6 with an IPv4 next hop',
      { type: 'mp-reach-nlri', afi: 2, safi: 1, nextHops: ['192.0.2.1'], nlri: [] },
      EBGP,
    ],
    [
      'MP_REACH_NLRI of an unparsed family without raw',
      { type: 'mp-reach-nlri', afi: 1, safi: 128, nextHops: [], nlri: [] },
      EBGP,
    ],
    [
      'an opaque extended community of 5 bytes',
      {
        type: 'extended-communities',
        communities: [{ type: 'opaque', subType: 1, value: new Uint8Array(5), transitive: true }],
      },
      EBGP,
    ],
  ] as [string, PathAttribute, CodecContext][])(
    'refuses %s with BgpEncodeError',
    (_what, attr, ctx) => {
      expect(() => encodeOne(attr, ctx)).toThrow(BgpEncodeError);
    },
  );

  it.each(['65536:1', '1:2:3', 'a:b', '1:', ':1', ''])('refuses community text "%s"', (text) => {
    let error: unknown;
    try {
      encodeOne({ type: 'communities', communities: [text] }, EBGP);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BgpError);
    expect(error).toMatchObject({ code: 'BGP_ERR_INVALID_ARGUMENT' });
  });
});

describe('communityName / WELL_KNOWN_COMMUNITIES', () => {
  it('names the well-known communities and nothing else', () => {
    expect(communityName('65535:65281')).toBe('NO_EXPORT');
    expect(communityName(WELL_KNOWN_COMMUNITIES.GRACEFUL_SHUTDOWN)).toBe('GRACEFUL_SHUTDOWN');
    expect(communityName(WELL_KNOWN_COMMUNITIES.BLACKHOLE)).toBe('BLACKHOLE');
    expect(communityName('65000:1')).toBeUndefined();
  });
});

describe('forPropagation', () => {
  const value = bytes('abcd');

  it('sets Partial on an unknown optional transitive attribute (RFC 4271 §5)', () => {
    expect(forPropagation({ type: 'unknown', code: 99, value, flags: 0xc0 })).toEqual({
      type: 'unknown',
      code: 99,
      value,
      flags: 0xe0,
    });
  });

  it('drops an unknown optional non-transitive attribute', () => {
    expect(forPropagation({ type: 'unknown', code: 99, value, flags: 0x80 })).toBeUndefined();
  });

  it('leaves known attributes as they are', () => {
    const attr: PathAttribute = { type: 'communities', communities: ['1:1'], flags: 0xe0 };
    expect(forPropagation(attr)).toBe(attr);
  });
});
