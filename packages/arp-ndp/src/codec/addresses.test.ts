/** Address text and the IPv6 multicast mappings, against values the kernel printed (LAB.md). */
import { isIP } from 'node:net';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  formatIpv4,
  formatIpv6,
  formatMac,
  ipv6MulticastMac,
  isSolicitedNodeMulticast,
  linkLocalFromMac,
  parseIp,
  parseIpv4,
  parseIpv6,
  parseMac,
  solicitedNodeMulticast,
  solicitedNodeMulticastMac,
} from './addresses.js';
import { ArpNdpError } from './errors.js';

describe('IPv6 text', () => {
  it.each([
    ['::', '::'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
    ['::192.0.2.1', '::c000:201'],
    ['1::192.0.2.1', '1::c000:201'],
    ['fe80::200:5eff:fe00:5301', 'fe80::200:5eff:fe00:5301'],
  ])('parses %s and formats it as %s (RFC 5952)', (text, formatted) => {
    expect(formatIpv6(parseIpv6(text))).toBe(formatted);
  });

  test.prop([fc.ipV6()])('round-trips what node:net accepts', (text) => {
    const bytes = parseIpv6(text);
    expect(bytes.length).toBe(16);
    expect(parseIpv6(formatIpv6(bytes))).toEqual(bytes);
    expect(isIP(formatIpv6(bytes))).toBe(6);
  });

  it('throws ArpNdpError with a code on bad text', () => {
    for (const bad of ['1:::2', '2001:db8::g', '192.0.2.1']) {
      expect(() => parseIpv6(bad)).toThrow(ArpNdpError);
    }
    try {
      parseIpv6('nope');
    } catch (err) {
      expect((err as ArpNdpError).code).toBe('ARP_NDP_ERR_BAD_ADDRESS_TEXT');
    }
  });
});

describe('IPv4 and MAC text', () => {
  test.prop([fc.ipV4()])('IPv4 round-trips', (text) => {
    expect(formatIpv4(parseIpv4(text))).toBe(text);
    expect(parseIp(text).length).toBe(4);
  });

  it('parses and formats MACs, colons or dashes', () => {
    expect(formatMac(parseMac('00-00-5E-00-53-01'))).toBe('00:00:5e:00:53:01');
    expect(() => parseMac('00:00:5e:00:53')).toThrow(ArpNdpError);
    expect(() => formatMac(new Uint8Array(5))).toThrow(ArpNdpError);
  });
});

describe('multicast mappings', () => {
  it('maps 2001:db8::2 to ff02::1:ff00:2 and 33:33:ff:00:00:02 (as the kernel NS did)', () => {
    const group = solicitedNodeMulticast(parseIpv6('2001:db8::2'));
    expect(formatIpv6(group)).toBe('ff02::1:ff00:2');
    expect(isSolicitedNodeMulticast(group)).toBe(true);
    expect(isSolicitedNodeMulticast(parseIpv6('ff02::1'))).toBe(false);
    expect(formatMac(solicitedNodeMulticastMac(parseIpv6('2001:db8::2')))).toBe(
      '33:33:ff:00:00:02',
    );
    expect(formatMac(ipv6MulticastMac(parseIpv6('ff02::1')))).toBe('33:33:00:00:00:01');
  });

  it('derives the kernel link-local address from a MAC (EUI-64)', () => {
    expect(formatIpv6(linkLocalFromMac(parseMac('00:00:5e:00:53:01')))).toBe(
      'fe80::200:5eff:fe00:5301',
    );
  });
});
