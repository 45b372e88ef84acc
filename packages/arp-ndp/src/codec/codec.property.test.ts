/**
 * Properties (STYLE.md §8): decode(encode(x)) equals x for every message type; decoders never
 * throw on arbitrary bytes; any single-bit flip in an ICMPv6 message fails the checksum; every
 * truncation of a valid frame is rejected as 'truncated', never thrown.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { decodeArp, encodeArp } from './arp.js';
import {
  buildArpReply,
  buildGratuitousArp,
  buildNeighborSolicitation,
  buildUnsolicitedNeighborAdvertisement,
} from './builders.js';
import { verifyIcmpv6Checksum } from './checksum.js';
import { decodeEthernet, encodeEthernet } from './ethernet.js';
import { decodeArpFrame, decodeFrame, decodeNdpFrame } from './frame.js';
import { decodeIpv6, encodeIpv6 } from './ipv6.js';
import { decodeNdpMessage, encodedLengthNdpMessage, encodeNdpMessage } from './ndp.js';
import { decodeNdp } from './ndp-validate.js';
import {
  arbArpPacket,
  arbEthernetFrame,
  arbIpv4,
  arbIpv6,
  arbIpv6Packet,
  arbMac,
  arbNdpMessage,
} from './testing/arbitraries.js';
import { rawNdpFrame } from './testing/frames.js';

describe('round trips', () => {
  test.prop([arbEthernetFrame])('Ethernet, tags included', (frame) => {
    expect(decodeEthernet(encodeEthernet(frame))).toEqual({ ok: true, value: frame });
  });

  test.prop([arbArpPacket])('ARP, also at an offset in a larger buffer', (packet) => {
    expect(decodeArp(encodeArp(packet))).toEqual({ ok: true, value: packet });
    const out = encodeArp(packet, new Uint8Array(40), 10);
    expect(decodeArp(out, 10)).toEqual({ ok: true, value: packet });
  });

  test.prop([arbIpv6Packet])('IPv6', (packet) => {
    expect(decodeIpv6(encodeIpv6(packet))).toEqual({ ok: true, value: packet });
  });

  test.prop([arbNdpMessage, arbIpv6, arbIpv6])('NDP messages, with a valid checksum', (m, s, d) => {
    const bytes = encodeNdpMessage(m, { source: s, destination: d });
    expect(bytes.length).toBe(encodedLengthNdpMessage(m));
    expect(verifyIcmpv6Checksum(s, d, bytes)).toBe(true);
    expect(decodeNdpMessage(bytes)).toEqual({ ok: true, value: m });
  });
});

describe('built frames decode to what was built', () => {
  // RFC 4861 §7.1.1 makes a multicast source or target invalid: the decoder rightly refuses.
  const unicast = arbIpv6.filter((a) => a[0] !== 0xff);
  test.prop([arbMac, unicast, unicast, fc.integer({ min: 0, max: 0xfffff })])(
    'Neighbor Solicitation: target, SLLA unless a DAD probe, solicited-node destination',
    (mac, source, target, flowLabel) => {
      const d = decodeNdpFrame(
        buildNeighborSolicitation({
          hardwareAddress: mac,
          source,
          targetAddress: target,
          flowLabel,
        }),
      );
      expect(d.ok).toBe(true);
      if (!d.ok || d.value.ndp.type !== 135) return;
      expect(d.value.ndp.targetAddress).toEqual(target);
      expect(d.value.ipv6.flowLabel).toBe(flowLabel);
      expect(d.value.ipv6.destination.subarray(13)).toEqual(target.subarray(13));
      const dad = source.every((b) => b === 0);
      expect(d.value.ndp.options).toEqual(dad ? [] : [{ type: 1, data: mac }]);
    },
  );
});

describe('decoders never throw', () => {
  test.prop([fc.uint8Array({ maxLength: 200 })], { numRuns: 2000 })('on arbitrary bytes', (b) => {
    for (const decode of [decodeFrame, decodeArpFrame, decodeNdpFrame, decodeEthernet, decodeArp]) {
      expect(typeof decode(b).ok).toBe('boolean');
    }
    expect(typeof decodeNdpMessage(b).ok).toBe('boolean');
    const ip = decodeIpv6(b);
    if (ip.ok) expect(typeof decodeNdp(ip.value).ok).toBe('boolean');
  });

  test.prop([arbNdpMessage, fc.uint8Array({ maxLength: 40 })])(
    'on NDP-shaped bytes with a random tail',
    (m, tail) => {
      const body = encodeNdpMessage(m, {
        source: new Uint8Array(16),
        destination: new Uint8Array(16),
      });
      const icmp = new Uint8Array([...body, ...tail]);
      expect(typeof decodeFrame(rawNdpFrame({ icmp })).ok).toBe('boolean');
    },
  );
});

describe('stability', () => {
  test.prop([fc.uint8Array({ minLength: 4, maxLength: 64 }), fc.constantFrom(133, 135, 136)])(
    'decode -> encode -> decode of NDP-typed random bytes is stable',
    (b, type) => {
      const bytes = new Uint8Array(b);
      bytes[0] = type;
      bytes[1] = 0;
      const first = decodeNdpMessage(bytes);
      if (!first.ok) return;
      const zero = new Uint8Array(16);
      const again = decodeNdpMessage(
        encodeNdpMessage(first.value, { source: zero, destination: zero }),
      );
      expect(again).toEqual(first);
    },
  );
});

describe('checksum', () => {
  test.prop([arbNdpMessage, arbIpv6, arbIpv6, fc.nat()])(
    'catches any single-bit flip in the ICMPv6 message',
    (m, s, d, position) => {
      const bytes = encodeNdpMessage(m, { source: s, destination: d });
      const bit = position % (bytes.length * 8);
      bytes[bit >> 3]! ^= 1 << (bit & 7);
      expect(verifyIcmpv6Checksum(s, d, bytes)).toBe(false);
    },
  );
});

describe('truncation', () => {
  test.prop([arbMac, arbIpv6, arbIpv6])(
    'of an NA frame at every length is "truncated"',
    (mac, src, target) => {
      const frame = buildUnsolicitedNeighborAdvertisement({
        hardwareAddress: mac,
        source: src,
        targetAddress: target,
      });
      for (let n = 0; n < frame.length; n++) {
        expect(decodeFrame(frame.subarray(0, n))).toEqual({ ok: false, reason: 'truncated' });
      }
    },
  );

  test.prop([arbArpPacket, arbMac, arbIpv4])(
    'of ARP frames at every length is "truncated"',
    (req, mac, ip) => {
      for (const frame of [
        buildArpReply(req, mac),
        buildGratuitousArp({ hardwareAddress: mac, protocolAddress: ip, operation: 1 }),
      ]) {
        for (let n = 0; n < frame.length; n++) {
          expect(decodeFrame(frame.subarray(0, n))).toEqual({ ok: false, reason: 'truncated' });
        }
      }
    },
  );
});
