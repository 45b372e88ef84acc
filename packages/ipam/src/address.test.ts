import { isIPv6 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAddress, parseAddress } from './address.js';
import { IpamError } from './errors.js';

describe('parseAddress', () => {
  it.each([
    ['0.0.0.0', 'ipv4', 0n],
    ['10.0.0.1', 'ipv4', 0x0a000001n],
    ['255.255.255.255', 'ipv4', 0xffffffffn],
    ['::', 'ipv6', 0n],
    ['::1', 'ipv6', 1n],
    ['2001:db8::1', 'ipv6', 0x20010db8000000000000000000000001n],
    ['2001:DB8:0:0:0:0:0:1', 'ipv6', 0x20010db8000000000000000000000001n],
    ['::ffff:1.2.3.4', 'ipv4', 0x01020304n],
    ['64:ff9b::1.2.3.4', 'ipv6', 0x0064ff9b000000000000000001020304n],
  ])('parses %s', (text, family, value) => {
    expect(parseAddress(text)).toEqual({ family, value });
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3.4/32',
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    'fe80::1%eth0',
    '12345::',
    ' 1.2.3.4',
  ])('refuses %j with IPAM_ERR_INVALID_ADDRESS', (text) => {
    expect(() => parseAddress(text)).toThrow(IpamError);
    try {
      parseAddress(text);
    } catch (e) {
      expect((e as IpamError).code).toBe('IPAM_ERR_INVALID_ADDRESS');
    }
  });
});

describe('formatAddress', () => {
  it.each([
    ['ipv4', 0x0a000001n, '10.0.0.1'],
    ['ipv6', 0n, '::'],
    ['ipv6', 1n, '::1'],
    ['ipv6', 0x20010db8000000000000000000000001n, '2001:db8::1'],
    // RFC 5952 §4.2.2: a single zero group is not compressed.
    ['ipv6', 0x20010db8000000010001000100010001n, '2001:db8:0:1:1:1:1:1'],
    // RFC 5952 §4.2.3: the first of equal runs is compressed.
    ['ipv6', 0x20010000000000010000000000010001n, '2001::1:0:0:1:1'],
    ['ipv6', 0x00000000000000000000ffff01020304n, '::ffff:1.2.3.4'],
  ] as const)('formats %s %s as %s', (family, value, text) => {
    expect(formatAddress(family, value)).toBe(text);
  });

  it('refuses values outside the family', () => {
    expect(() => formatAddress('ipv4', 1n << 32n)).toThrow(IpamError);
    expect(() => formatAddress('ipv6', -1n)).toThrow(IpamError);
  });

  it('round-trips every IPv4 value: parse(format(v)) === v', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 0xffffffffn }), (v) => {
        expect(parseAddress(formatAddress('ipv4', v))).toEqual({ family: 'ipv4', value: v });
      }),
    );
  });

  it('round-trips IPv6 values outside ::ffff:0:0/96, and the text is canonical', () => {
    const v6 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }).filter((v) => v >> 32n !== 0xffffn);
    const sparse = fc
      .array(fc.constantFrom(0n, 1n, 0xffffn, 0xabcn), { minLength: 8, maxLength: 8 })
      .map((g) => g.reduce<bigint>((a, x) => (a << 16n) | x, 0n))
      .filter((v) => v >> 32n !== 0xffffn);
    fc.assert(
      fc.property(fc.oneof(v6, sparse), (v) => {
        const text = formatAddress('ipv6', v);
        expect(isIPv6(text)).toBe(true);
        expect(text).toBe(text.toLowerCase());
        expect(text).not.toMatch(/(^|:)0[0-9a-f]/);
        expect(parseAddress(text)).toEqual({ family: 'ipv6', value: v });
        // Canonical: formatting the parse of the text gives the same text.
        expect(formatAddress('ipv6', parseAddress(text).value)).toBe(text);
      }),
    );
  });
});
