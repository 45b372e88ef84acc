import { fc, it as prop } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { BgpEncodeError, BgpMessageError } from '../errors.js';
import { arbCapability } from '../testing/arb-messages.js';
import type { Capability } from '../types.js';
import {
  CAPABILITY_CODECS,
  capabilityCodecFor,
  decodeCapabilities,
  encodeCapabilityInto,
  encodedCapabilityLength,
} from './table.js';

const bytes = (hex: string) => new Uint8Array(Buffer.from(hex.replace(/\s/g, ''), 'hex'));
const hex = (buf: Uint8Array) => Buffer.from(buf).toString('hex');

function decodeAll(tlvs: string): Capability[] {
  const buf = bytes(tlvs);
  const into: Capability[] = [];
  expect(decodeCapabilities(buf, 0, buf.length, into)).toBe(into.length);
  return into;
}

function encodeOne(cap: Capability): string {
  const out = new Uint8Array(encodedCapabilityLength(cap));
  expect(encodeCapabilityInto(cap, out, 0)).toBe(out.length);
  return hex(out);
}

function caught(fn: () => unknown): BgpMessageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BgpMessageError);
    return err as BgpMessageError;
  }
  throw new Error('expected a BgpMessageError');
}

/** Each known capability: wire bytes (code, length, value) <-> object, both directions. */
const FIXTURES: [string, string, Capability][] = [
  ['multiprotocol IPv6 unicast', '0104 0002 0001', { type: 'multiprotocol', afi: 2, safi: 1 }],
  ['route-refresh', '0200', { type: 'route-refresh' }],
  ['enhanced-route-refresh', '4600', { type: 'enhanced-route-refresh' }],
  ['extended-message', '0600', { type: 'extended-message' }],
  ['four-octet-as 4200000000', '4104 fa56ea00', { type: 'four-octet-as', asn: 4200000000 }],
  [
    'graceful-restart with R and N bits, 120 s, IPv4 unicast with forwarding state',
    '4006 c078 0001 0180',
    {
      type: 'graceful-restart',
      restarting: true,
      notification: true,
      restartTimeSec: 120,
      families: [{ afi: 1, safi: 1, forwardingPreserved: true }],
    },
  ],
  [
    'graceful-restart, helper only (no families), 4095 s',
    '4002 0fff',
    {
      type: 'graceful-restart',
      restarting: false,
      notification: false,
      restartTimeSec: 4095,
      families: [],
    },
  ],
  [
    'add-path receive IPv4, both IPv6',
    '4508 0001 0101 0002 0103',
    {
      type: 'add-path',
      families: [
        { afi: 1, safi: 1, direction: 'receive' },
        { afi: 2, safi: 1, direction: 'both' },
      ],
    },
  ],
  [
    'extended-next-hop IPv4 unicast and VPN over IPv6',
    '050c 0001 0001 0002 0001 0080 0002',
    {
      type: 'extended-next-hop',
      entries: [
        { afi: 1, safi: 1, nextHopAfi: 2 },
        { afi: 1, safi: 128, nextHopAfi: 2 },
      ],
    },
  ],
  ['bgp-role customer', '0901 03', { type: 'bgp-role', role: 3, name: 'customer' }],
  ['bgp-role unassigned value 7', '0901 07', { type: 'bgp-role', role: 7 }],
  [
    'fqdn router.example',
    '490f 06 726f75746572 07 6578616d706c65',
    { type: 'fqdn', hostname: 'router', domainName: 'example' },
  ],
  [
    'fqdn with empty domain (FRR default)',
    '4903 01 72 00',
    { type: 'fqdn', hostname: 'r', domainName: '' },
  ],
  [
    'unknown code 71 (long-lived graceful restart) kept as bytes',
    '4707 0001 01 80 000e10',
    { type: 'unknown', code: 71, value: bytes('00010180000e10') },
  ],
];

describe('capability codecs', () => {
  it.each(FIXTURES)('decodes and re-encodes %s', (_, wire, cap) => {
    expect(decodeAll(wire)).toEqual([cap]);
    expect(encodeOne(cap)).toBe(wire.replace(/\s/g, ''));
  });

  it('decodes several capabilities in a row, values as views', () => {
    const buf = bytes('0200 4703 010203 4104 0000fde8');
    const into: Capability[] = [];
    decodeCapabilities(buf, 0, buf.length, into);
    expect(into.map((c) => c.type)).toEqual(['route-refresh', 'unknown', 'four-octet-as']);
    const unknown = into[1] as Extract<Capability, { type: 'unknown' }>;
    expect(unknown.value.buffer).toBe(buf.buffer);
  });

  it('has one codec per code, each found by its code', () => {
    for (const codec of Object.values(CAPABILITY_CODECS)) {
      expect(capabilityCodecFor(codec.code)).toBe(codec);
    }
    expect(capabilityCodecFor(128)).toBeUndefined();
  });

  it.each([
    ['multiprotocol of length 3', '0103 000101'],
    ['route-refresh with a value', '0201 00'],
    ['extended-message with a value', '0601 00'],
    ['enhanced-route-refresh with a value', '4601 00'],
    ['four-octet-as of length 2', '4102 fde8'],
    ['graceful-restart of length 1', '4001 00'],
    ['graceful-restart with half a family', '4004 0078 0001'],
    ['add-path of length 3', '4503 000101'],
    ['extended-next-hop of length 4', '0504 00010001'],
    ['bgp-role of length 2', '0902 0003'],
    ['fqdn of length 1', '4901 00'],
    ['fqdn whose hostname overruns', '4903 05 6161'],
    ['fqdn whose domain length disagrees', '4904 01 61 05 62'],
    ['fqdn with bytes after the domain', '4905 01 61 01 62 63'],
  ])('rejects %s: OPEN Message Error, subcode 0, the capability as data', (_, wire) => {
    const buf = bytes(wire);
    const err = caught(() => decodeCapabilities(buf, 0, buf.length, []));
    expect([err.code, err.errorCode, err.errorSubcode, err.action]).toEqual([
      'BGP_ERR_BAD_OPEN',
      2,
      0,
      'session-reset',
    ]);
    expect(hex(err.data)).toBe(hex(buf));
  });

  it('rejects a capability that overruns its parameter', () => {
    const buf = bytes('0200 4104 0000');
    const err = caught(() => decodeCapabilities(buf, 0, buf.length, []));
    expect([err.code, err.errorCode, err.errorSubcode]).toEqual(['BGP_ERR_BAD_OPEN', 2, 0]);
  });

  it('rejects a lone code octet at the end of a parameter', () => {
    const buf = bytes('0200 41');
    const err = caught(() => decodeCapabilities(buf, 0, buf.length, []));
    expect([err.code, err.errorCode, err.errorSubcode]).toEqual(['BGP_ERR_BAD_OPEN', 2, 0]);
  });

  it('treats add-path with a Send/Receive value outside 1..3 as not received (RFC 7911 §4), keeping its bytes', () => {
    expect(decodeAll('4508 00010101 00020104')).toEqual([
      { type: 'unknown', code: 69, value: bytes('0001010100020104') },
    ]);
    expect(encodeOne({ type: 'unknown', code: 69, value: bytes('0001010100020104') })).toBe(
      '45080001010100020104',
    );
  });

  it('keeps an fqdn that is not UTF-8 as bytes rather than failing the session', () => {
    expect(decodeAll('4904 01 ff 01 62')).toEqual([
      { type: 'unknown', code: 73, value: bytes('01ff0162') },
    ]);
  });

  it('keeps a byte order mark in an fqdn, so the name re-encodes as received', () => {
    const [cap] = decodeAll('4906 04 efbbbf61 00');
    expect(cap).toEqual({ type: 'fqdn', hostname: '\ufeffa', domainName: '' });
    expect(encodeOne(cap)).toBe('490604efbbbf6100');
  });

  it.each<[string, Capability]>([
    ['a 5-octet ASN', { type: 'four-octet-as', asn: 2 ** 32 }],
    [
      'a restart time over 4095 s',
      {
        type: 'graceful-restart',
        restarting: false,
        notification: false,
        restartTimeSec: 4096,
        families: [],
      },
    ],
    ['an AFI over 65535', { type: 'multiprotocol', afi: 65536, safi: 1 }],
    ['a 256-byte hostname', { type: 'fqdn', hostname: 'a'.repeat(256), domainName: '' }],
    ['a value over 255 bytes', { type: 'unknown', code: 200, value: new Uint8Array(256) }],
    [
      'an unknown add-path direction',
      { type: 'add-path', families: [{ afi: 1, safi: 1, direction: 'sideways' as 'send' }] },
    ],
  ])('refuses to encode %s', (_, cap) => {
    expect(() => encodeOne(cap)).toThrow(BgpEncodeError);
  });

  it('encodes at an offset inside a larger buffer', () => {
    const cap: Capability = { type: 'four-octet-as', asn: 65000 };
    const out = new Uint8Array(20);
    expect(encodeCapabilityInto(cap, out, 10)).toBe(6);
    expect(hex(out.subarray(10, 16))).toBe('41040000fde8');
    expect(out[9] + out[16]).toBe(0);
  });

  prop.prop([fc.array(arbCapability, { maxLength: 10 })])(
    'decodes what it encodes, for any capabilities',
    (caps) => {
      const out = new Uint8Array(caps.reduce((n, cap) => n + encodedCapabilityLength(cap), 0));
      let at = 0;
      for (const cap of caps) at += encodeCapabilityInto(cap, out, at);
      expect(at).toBe(out.length);
      const into: Capability[] = [];
      decodeCapabilities(out, 0, out.length, into);
      expect(into).toEqual(caps);
    },
  );

  prop.prop([fc.uint8Array({ maxLength: 300 })])(
    'lets only BgpMessageError out of random bytes',
    (buf) => {
      try {
        decodeCapabilities(buf, 0, buf.length, []);
      } catch (err) {
        expect(err).toBeInstanceOf(BgpMessageError);
      }
    },
  );
});
