/**
 * One row per RFC 4861 receipt rule and per reason code: a valid message, then the same message
 * with one thing broken, through decodeNdpFrame (so the checksum and IP header rules apply).
 */
import { describe, expect, it } from 'vitest';
import { decodeFrame, decodeNdpFrame } from './frame.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeNdpMessage } from './ndp.js';
import { isDadProbe } from './ndp-validate.js';
import { hex, NS_HEAD, rawNdpFrame, SLLA_A, TARGET_2 } from './testing/frames.js';

const NS = `${NS_HEAD} ${TARGET_2} ${SLLA_A}`;
const NA_SOLICITED = `8800 0000 60000000 ${TARGET_2} 0201 00005e005302`;
const RS = `8500 0000 00000000 ${SLLA_A}`;
const FF02_1 = 'ff02::1';

const reasonOf = (frame: Uint8Array) => {
  const result = decodeNdpFrame(frame);
  return result.ok ? 'ok' : result.reason;
};

describe('decodeNdpFrame receipt rules (RFC 4861 §6.1.1, §7.1.1, §7.1.2)', () => {
  it.each([
    ['a valid NS', { icmp: hex(NS) }, 'ok'],
    ['a valid NA', { icmp: hex(NA_SOLICITED), destination: '2001:db8::1' }, 'ok'],
    ['a valid RS', { icmp: hex(RS), destination: 'ff02::2' }, 'ok'],
    ['a valid DAD probe', { icmp: hex(`${NS_HEAD} ${TARGET_2}`), source: '::' }, 'ok'],
    [
      'an NA to all nodes, unsolicited',
      { icmp: hex(`8800 0000 20000000 ${TARGET_2}`), destination: FF02_1 },
      'ok',
    ],
    ['hop limit 254', { icmp: hex(NS), hopLimit: 254 }, 'bad-hop-limit'],
    ['hop limit 1', { icmp: hex(NS), hopLimit: 1 }, 'bad-hop-limit'],
    ['a wrong checksum', { icmp: hex(NS), fixChecksum: false }, 'bad-checksum'],
    ['code 1', { icmp: hex(`8701 0000 00000000 ${TARGET_2}`) }, 'bad-code'],
    ['an NS of 20 bytes', { icmp: hex(`${NS_HEAD} 20010db8000000000000`) }, 'truncated'],
    [
      'an NA of 23 bytes',
      { icmp: hex(`8800 0000 60000000 20010db80000000000000000000000`) },
      'truncated',
    ],
    ['an RS of 6 bytes', { icmp: hex('8500 0000 0000'), destination: 'ff02::2' }, 'truncated'],
    ['an ICMPv6 message of 3 bytes', { icmp: hex('870000') }, 'truncated'],
    [
      'a multicast NS target',
      { icmp: hex(`${NS_HEAD} ff020000000000000000000000000001`) },
      'multicast-target',
    ],
    [
      'a multicast NA target',
      { icmp: hex(`8800 0000 00000000 ff020000000000000000000000000001`) },
      'multicast-target',
    ],
    [
      'an option of length 0',
      { icmp: hex(`${NS_HEAD} ${TARGET_2} 0100 00005e005301`) },
      'bad-option-length',
    ],
    [
      'an option running past the end',
      { icmp: hex(`${NS_HEAD} ${TARGET_2} 0102 00005e005301`) },
      'bad-option-length',
    ],
    ['an option of 1 byte', { icmp: hex(`${NS_HEAD} ${TARGET_2} 01`) }, 'bad-option-length'],
    [
      'a 14-byte SLLA',
      { icmp: hex(`${NS_HEAD} ${TARGET_2} 0102 00005e005301 0000000000000000`) },
      'bad-option-length',
    ],
    ['DAD with an SLLA', { icmp: hex(NS), source: '::' }, 'unexpected-source-link-layer-address'],
    [
      'DAD to a unicast address',
      { icmp: hex(`${NS_HEAD} ${TARGET_2}`), source: '::', destination: '2001:db8::2' },
      'bad-destination',
    ],
    [
      'a solicited NA to all nodes',
      { icmp: hex(NA_SOLICITED), destination: FF02_1 },
      'solicited-to-multicast',
    ],
    [
      'an RS from :: with an SLLA',
      { icmp: hex(RS), source: '::', destination: 'ff02::2' },
      'unexpected-source-link-layer-address',
    ],
    [
      'an RS from :: without options',
      { icmp: hex('8500 0000 00000000'), source: '::', destination: 'ff02::2' },
      'ok',
    ],
    ['an echo request', { icmp: hex('8000 0000 00010001') }, 'not-ndp'],
    ['a Router Advertisement', { icmp: hex('8600 0000 40000000 00000000 00000000') }, 'not-ndp'],
    ['UDP', { icmp: hex(NS), nextHeader: 17 }, 'not-icmpv6'],
  ] as const)('%s: %s', (_name, spec, expected) => {
    expect(reasonOf(rawNdpFrame(spec))).toBe(expected);
  });

  it('rejects a payload length beyond the frame as truncated, and IP version 4 as bad-version', () => {
    const frame = rawNdpFrame({ icmp: hex(NS) });
    frame[14 + 5]! += 1;
    expect(reasonOf(frame)).toBe('truncated');
    const v4 = rawNdpFrame({ icmp: hex(NS) });
    v4[14] = 0x45;
    expect(reasonOf(v4)).toBe('bad-version');
  });

  it('ignores Ethernet padding after the IPv6 payload', () => {
    const frame = rawNdpFrame({ icmp: hex(NS) });
    const padded = new Uint8Array(frame.length + 10);
    padded.set(frame);
    expect(reasonOf(padded)).toBe('ok');
  });

  it('says not-ipv6 for ARP, and decodeFrame says unsupported-ether-type for IPv4', () => {
    const frame = rawNdpFrame({ icmp: hex(NS) });
    frame[12] = 0x08;
    frame[13] = 0x06;
    expect(reasonOf(frame)).toBe('not-ipv6');
    frame[13] = 0x00;
    expect(decodeFrame(frame)).toEqual({ ok: false, reason: 'unsupported-ether-type' });
  });
});

describe('isDadProbe', () => {
  it('is true for an NS from :: and false for an NS from an address or an NA from ::', () => {
    const cases: [string, string, boolean][] = [
      [`${NS_HEAD} ${TARGET_2}`, '::', true],
      [NS, '2001:db8::1', false],
      [`8800 0000 00000000 ${TARGET_2}`, '::', false],
    ];
    for (const [icmp, source, expected] of cases) {
      const ip = decodeIpv6(rawNdpFrame({ icmp: hex(icmp), source }).subarray(14));
      if (!ip.ok) throw new Error(ip.reason);
      const message = decodeNdpMessage(ip.value.payload);
      if (!message.ok) throw new Error(message.reason);
      expect(isDadProbe(ip.value, message.value)).toBe(expected);
    }
  });
});
