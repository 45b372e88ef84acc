/**
 * Test byte builders: raw ICMPv6 messages in an IPv6 + Ethernet frame, with the checksum filled
 * unless a test wants it wrong. Used by the receipt-rule tables and the properties.
 */
import { parseIpv6, parseMac } from '../addresses.js';
import { fillIcmpv6Checksum } from '../checksum.js';
import { EtherType, NEXT_HEADER_ICMPV6 } from '../constants.js';
import { writeEthernetHeader } from '../ethernet.js';
import { writeIpv6Header } from '../ipv6.js';

export const MAC_A = parseMac('00:00:5e:00:53:01');
export const MAC_B = parseMac('00:00:5e:00:53:02');

export interface RawNdpFrame {
  icmp: Uint8Array;
  source?: string;
  destination?: string;
  hopLimit?: number;
  nextHeader?: number;
  fixChecksum?: boolean;
}

/** An Ethernet + IPv6 frame around `icmp` (copied), checksum filled by default. */
export function rawNdpFrame(spec: RawNdpFrame): Uint8Array {
  const source = parseIpv6(spec.source ?? '2001:db8::1');
  const destination = parseIpv6(spec.destination ?? 'ff02::1:ff00:2');
  const out = new Uint8Array(14 + 40 + spec.icmp.length);
  let at = writeEthernetHeader(
    { destination: MAC_B, source: MAC_A, vlanTags: [], etherType: EtherType.IPV6 },
    out,
  );
  at = writeIpv6Header(
    {
      trafficClass: 0,
      flowLabel: 0,
      nextHeader: spec.nextHeader ?? NEXT_HEADER_ICMPV6,
      hopLimit: spec.hopLimit ?? 255,
      source,
      destination,
    },
    spec.icmp.length,
    out,
    at,
  );
  out.set(spec.icmp, at);
  if (spec.fixChecksum !== false) fillIcmpv6Checksum(source, destination, out.subarray(at));
  return out;
}

/** ICMPv6 bytes from hex, spaces allowed. */
export function hex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

/** NS for 2001:db8::2 with an SLLA option (MAC_A), as hex pieces to edit. */
export const NS_HEAD = '8700 0000 00000000';
export const TARGET_2 = '20010db8000000000000000000000002';
export const SLLA_A = '0101 00005e005301';
