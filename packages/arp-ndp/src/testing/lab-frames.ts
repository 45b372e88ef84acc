/**
 * The frames the namespace tests send by hand through the frame agent: well-formed ARP requests
 * and Neighbor Solicitations (DAD probes included, which no tool sends on demand), and the
 * malformed ones the responder must drop and count. Built with the codec so that each frame is
 * wrong in exactly one way; the test checks each against `decodeFrame` before sending.
 */
import { createHash } from 'node:crypto';
import {
  isUnspecifiedIpv6,
  parseIpv4,
  parseIpv6,
  solicitedNodeMulticast,
  solicitedNodeMulticastMac,
} from '../codec/addresses.js';
import { buildArpFrame } from '../codec/builders.js';
import {
  ArpOperation,
  ETHERNET_HEADER_LENGTH,
  EtherType,
  Icmpv6Type,
  IPV6_HEADER_LENGTH,
  NdpOptionType,
  NEXT_HEADER_ICMPV6,
} from '../codec/constants.js';
import { writeEthernetHeader } from '../codec/ethernet.js';
import { writeIpv6Header } from '../codec/ipv6.js';
import {
  encodedLengthNdpMessage,
  encodeNdpMessage,
  type NeighborSolicitation,
} from '../codec/ndp.js';

const BROADCAST = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
const ZERO_MAC = new Uint8Array(6);
/** Byte offset of the ARP hardware type, and of the ICMPv6 checksum, in an untagged frame. */
const ARP_HARDWARE_TYPE_AT = ETHERNET_HEADER_LENGTH;
const ICMPV6_CHECKSUM_AT = ETHERNET_HEADER_LENGTH + IPV6_HEADER_LENGTH + 2;

/** "Who has `target`? Tell `sender`", broadcast unless `destination` is given. */
export function arpRequestFrame(options: {
  sourceMac: Uint8Array;
  sender: string;
  target: string;
  destination?: Uint8Array;
}): Uint8Array {
  return buildArpFrame(options.destination ?? BROADCAST, options.sourceMac, {
    operation: ArpOperation.REQUEST,
    senderHardwareAddress: options.sourceMac,
    senderProtocolAddress: parseIpv4(options.sender),
    targetHardwareAddress: ZERO_MAC,
    targetProtocolAddress: parseIpv4(options.target),
  });
}

/**
 * A Neighbor Solicitation for `target` to its solicited-node group, with a correct checksum for
 * the hop limit given (255 unless set). From `::` it is a DAD probe: no SLLA option (RFC 4861
 * §7.2.2); otherwise it carries `sourceMac` as SLLA.
 */
export function neighborSolicitationFrame(options: {
  sourceMac: Uint8Array;
  source: string;
  target: string;
  hopLimit?: number;
}): Uint8Array {
  const source = parseIpv6(options.source);
  const target = parseIpv6(options.target);
  const destination = solicitedNodeMulticast(target);
  const message: NeighborSolicitation = {
    type: Icmpv6Type.NEIGHBOR_SOLICITATION,
    targetAddress: target,
    options: isUnspecifiedIpv6(source)
      ? []
      : [{ type: NdpOptionType.SOURCE_LINK_LAYER_ADDRESS, data: options.sourceMac }],
  };
  const length = encodedLengthNdpMessage(message);
  const out = new Uint8Array(ETHERNET_HEADER_LENGTH + IPV6_HEADER_LENGTH + length);
  let at = writeEthernetHeader(
    {
      destination: solicitedNodeMulticastMac(target),
      source: options.sourceMac,
      vlanTags: [],
      etherType: EtherType.IPV6,
    },
    out,
  );
  at = writeIpv6Header(
    {
      trafficClass: 0,
      flowLabel: 0,
      nextHeader: NEXT_HEADER_ICMPV6,
      hopLimit: options.hopLimit ?? 255,
      source,
      destination,
    },
    length,
    out,
    at,
  );
  encodeNdpMessage(message, { source, destination }, out, at);
  return out;
}

/** `length` pseudo-random bytes, the same for the same `seed` (reproducible failures). */
export function seededBytes(seed: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let block = createHash('sha256').update(seed).digest();
  for (let at = 0; at < length; at += block.length) {
    out.set(block.subarray(0, Math.min(block.length, length - at)), at);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

/** A malformed frame to send, and the drop reason the test expects (undefined: any decode error). */
export interface BadFrame {
  label: string;
  frame: Uint8Array;
  expected?: string;
}

/**
 * The malformed frames, each addressed to the responder (its MAC, broadcast, or the
 * solicited-node group of `ownedV6`) and each asking about an owned address where it has one:
 * truncated ARP, ARP hardware type 6 (IEEE 802), NS with a bad checksum, NS with hop limit 64,
 * and `garbagePerType` frames of seeded garbage after an ARP and an IPv6 EtherType.
 */
export function badFrames(options: {
  clientMac: Uint8Array;
  clientV4: string;
  clientV6: string;
  nodeMac: Uint8Array;
  ownedV4: string;
  ownedV6: string;
  garbagePerType: number;
}): BadFrame[] {
  const { clientMac, nodeMac } = options;
  const request = arpRequestFrame({
    sourceMac: clientMac,
    sender: options.clientV4,
    target: options.ownedV4,
    destination: nodeMac,
  });
  const wrongHardware = arpRequestFrame({
    sourceMac: clientMac,
    sender: options.clientV4,
    target: options.ownedV4,
  });
  wrongHardware[ARP_HARDWARE_TYPE_AT + 1] = 6;
  const ns = { sourceMac: clientMac, source: options.clientV6, target: options.ownedV6 };
  const badChecksum = neighborSolicitationFrame(ns);
  badChecksum[ICMPV6_CHECKSUM_AT] = (badChecksum[ICMPV6_CHECKSUM_AT] ?? 0) ^ 0xff;
  const frames: BadFrame[] = [
    { label: 'ARP cut after 20 of 28 bytes', frame: request.slice(0, 34), expected: 'truncated' },
    { label: 'ARP hardware type 6', frame: wrongHardware, expected: 'bad-hardware-type' },
    { label: 'NS bad checksum', frame: badChecksum, expected: 'bad-checksum' },
    {
      label: 'NS hop limit 64',
      frame: neighborSolicitationFrame({ ...ns, hopLimit: 64 }),
      expected: 'bad-hop-limit',
    },
  ];
  for (const [etherType, name] of [
    [EtherType.ARP, 'arp'],
    [EtherType.IPV6, 'ipv6'],
  ] as const) {
    for (let i = 0; i < options.garbagePerType; i++) {
      const frame = seededBytes(`garbage-${name}-${i}`, 14 + 20 + i * 7);
      writeEthernetHeader(
        { destination: nodeMac, source: clientMac, vlanTags: [], etherType },
        frame,
      );
      frames.push({ label: `garbage ${name} #${i}`, frame });
    }
  }
  return frames;
}
