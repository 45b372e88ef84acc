/**
 * Whole received frames: Ethernet, then ARP or IPv6 + NDP. These are the responder's entry
 * points; each returns views into the frame (valid until the socket reuses its buffer) or the
 * reason the frame is to be dropped.
 */
import { type ArpPacket, decodeArp } from './arp.js';
import { EtherType } from './constants.js';
import { decodeEthernet, type EthernetFrame } from './ethernet.js';
import { decodeIpv6, type Ipv6Packet } from './ipv6.js';
import type { NdpMessage } from './ndp.js';
import { decodeNdp } from './ndp-validate.js';
import { type DecodeResult, fail, ok } from './result.js';

/** An ARP frame. */
export interface ArpFrame {
  kind: 'arp';
  ethernet: EthernetFrame;
  arp: ArpPacket;
}

/** An NDP frame: Ethernet, the IPv6 header and the validated NDP message. */
export interface NdpFrame {
  kind: 'ndp';
  ethernet: EthernetFrame;
  ipv6: Ipv6Packet;
  ndp: NdpMessage;
}

function arpFrom(ethernet: EthernetFrame): DecodeResult<ArpFrame> {
  const arp = decodeArp(ethernet.payload);
  if (!arp.ok) return arp;
  return ok({ kind: 'arp', ethernet, arp: arp.value });
}

function ndpFrom(ethernet: EthernetFrame): DecodeResult<NdpFrame> {
  const ipv6 = decodeIpv6(ethernet.payload);
  if (!ipv6.ok) return ipv6;
  const ndp = decodeNdp(ipv6.value);
  if (!ndp.ok) return ndp;
  return ok({ kind: 'ndp', ethernet, ipv6: ipv6.value, ndp: ndp.value });
}

/** Decodes an ARP frame; 'not-arp' for any other EtherType. Never throws. */
export function decodeArpFrame(buf: Uint8Array): DecodeResult<ArpFrame> {
  const ethernet = decodeEthernet(buf);
  if (!ethernet.ok) return ethernet;
  return ethernet.value.etherType === EtherType.ARP ? arpFrom(ethernet.value) : fail('not-arp');
}

/** Decodes and validates an NDP frame; 'not-ipv6' for any other EtherType. Never throws. */
export function decodeNdpFrame(buf: Uint8Array): DecodeResult<NdpFrame> {
  const ethernet = decodeEthernet(buf);
  if (!ethernet.ok) return ethernet;
  return ethernet.value.etherType === EtherType.IPV6 ? ndpFrom(ethernet.value) : fail('not-ipv6');
}

/** Decodes either kind by EtherType; 'unsupported-ether-type' otherwise. Never throws. */
export function decodeFrame(buf: Uint8Array): DecodeResult<ArpFrame | NdpFrame> {
  const ethernet = decodeEthernet(buf);
  if (!ethernet.ok) return ethernet;
  switch (ethernet.value.etherType) {
    case EtherType.ARP:
      return arpFrom(ethernet.value);
    case EtherType.IPV6:
      return ndpFrom(ethernet.value);
    default:
      return fail('unsupported-ether-type');
  }
}
