/**
 * Whole frames a responder sends: ARP replies and requests, MetalLB's gratuitous ARP (request
 * and reply forms, sender = target = the IP, to broadcast), solicited Neighbor Advertisements
 * answering an NS, and unsolicited NAs to all-nodes; and, for the asking side (a client, a
 * test, a benchmark), the Neighbor Solicitation a host sends. Each returns a new buffer of
 * exactly the frame's bytes (no Ethernet padding: the NIC adds it).
 */

import { ipv6MulticastMac, isUnspecifiedIpv6, solicitedNodeMulticast } from './addresses.js';
import { type ArpPacket, encodeArp } from './arp.js';
import {
  ARP_LENGTH,
  ArpOperation,
  ETHERNET_HEADER_LENGTH,
  EtherType,
  Icmpv6Type,
  IPV6_HEADER_LENGTH,
  NDP_HOP_LIMIT,
  NdpOptionType,
  NEXT_HEADER_ICMPV6,
} from './constants.js';
import { ArpNdpError } from './errors.js';
import { writeEthernetHeader } from './ethernet.js';
import type { NdpFrame } from './frame.js';
import { writeIpv6Header } from './ipv6.js';
import {
  encodedLengthNdpMessage,
  encodeNdpMessage,
  type NdpMessage,
  type NeighborAdvertisement,
  type NeighborSolicitation,
} from './ndp.js';
import { findNdpOption } from './ndp-options.js';

const BROADCAST_MAC = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
const ZERO_MAC = new Uint8Array(6);
/** ff02::1, all nodes (RFC 4291 §2.7.1). */
const ALL_NODES = new Uint8Array([0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);

/** An ARP packet inside an untagged Ethernet frame from `source` to `destination`. */
export function buildArpFrame(
  destination: Uint8Array,
  source: Uint8Array,
  arp: ArpPacket,
): Uint8Array {
  const out = new Uint8Array(ETHERNET_HEADER_LENGTH + ARP_LENGTH);
  const at = writeEthernetHeader(
    { destination, source, vlanTags: [], etherType: EtherType.ARP },
    out,
  );
  encodeArp(arp, out, at);
  return out;
}

/**
 * The reply to an ARP `request` for an address we own: "`request.targetProtocolAddress` is at
 * `hardwareAddress`", unicast to the requester, as the Linux kernel answers.
 */
export function buildArpReply(request: ArpPacket, hardwareAddress: Uint8Array): Uint8Array {
  return buildArpFrame(request.senderHardwareAddress, hardwareAddress, {
    operation: ArpOperation.REPLY,
    senderHardwareAddress: hardwareAddress,
    senderProtocolAddress: request.targetProtocolAddress,
    targetHardwareAddress: request.senderHardwareAddress,
    targetProtocolAddress: request.senderProtocolAddress,
  });
}

/** A broadcast "who has `targetProtocolAddress`" request, target hardware address zero. */
export function buildArpRequest(options: {
  hardwareAddress: Uint8Array;
  senderProtocolAddress: Uint8Array;
  targetProtocolAddress: Uint8Array;
}): Uint8Array {
  return buildArpFrame(BROADCAST_MAC, options.hardwareAddress, {
    operation: ArpOperation.REQUEST,
    senderHardwareAddress: options.hardwareAddress,
    senderProtocolAddress: options.senderProtocolAddress,
    targetHardwareAddress: ZERO_MAC,
    targetProtocolAddress: options.targetProtocolAddress,
  });
}

/**
 * Gratuitous ARP as MetalLB sends it on failover (internal/layer2/arp.go `gratuitous`): sender
 * and target protocol address both `protocolAddress`, target hardware address and Ethernet
 * destination broadcast; once as a request and once as a reply, since hosts differ in which
 * one updates their cache.
 */
export function buildGratuitousArp(options: {
  hardwareAddress: Uint8Array;
  protocolAddress: Uint8Array;
  operation: ArpOperation;
}): Uint8Array {
  return buildArpFrame(BROADCAST_MAC, options.hardwareAddress, {
    operation: options.operation,
    senderHardwareAddress: options.hardwareAddress,
    senderProtocolAddress: options.protocolAddress,
    targetHardwareAddress: BROADCAST_MAC,
    targetProtocolAddress: options.protocolAddress,
  });
}

/** Everything a Neighbor Advertisement frame needs. */
export interface NeighborAdvertisementFrameOptions {
  /** Our MAC: Ethernet source and the Target Link-Layer Address option. */
  hardwareAddress: Uint8Array;
  destinationHardwareAddress: Uint8Array;
  /** IPv6 source (the responder uses the interface's link-local address). */
  source: Uint8Array;
  destination: Uint8Array;
  targetAddress: Uint8Array;
  isRouter: boolean;
  isSolicited: boolean;
  isOverride: boolean;
}

/** The link-layer and IPv6 addresses of an NDP frame; hop limit 255, untagged. */
interface NdpFrameAddresses {
  source: Uint8Array;
  destination: Uint8Array;
  sourceHardwareAddress: Uint8Array;
  destinationHardwareAddress: Uint8Array;
  flowLabel?: number;
}

/** `message` with its IPv6 and Ethernet headers and checksum, in a new buffer. */
function buildNdpFrame(message: NdpMessage, a: NdpFrameAddresses): Uint8Array {
  const length = encodedLengthNdpMessage(message);
  const out = new Uint8Array(ETHERNET_HEADER_LENGTH + IPV6_HEADER_LENGTH + length);
  let at = writeEthernetHeader(
    {
      destination: a.destinationHardwareAddress,
      source: a.sourceHardwareAddress,
      vlanTags: [],
      etherType: EtherType.IPV6,
    },
    out,
  );
  const header = {
    trafficClass: 0,
    flowLabel: a.flowLabel ?? 0,
    nextHeader: NEXT_HEADER_ICMPV6,
    hopLimit: NDP_HOP_LIMIT,
    source: a.source,
    destination: a.destination,
  };
  at = writeIpv6Header(header, length, out, at);
  encodeNdpMessage(message, header, out, at);
  return out;
}

/** An NA with a Target Link-Layer Address option, hop limit 255 and its checksum. */
export function buildNeighborAdvertisement(options: NeighborAdvertisementFrameOptions): Uint8Array {
  const message: NeighborAdvertisement = {
    type: Icmpv6Type.NEIGHBOR_ADVERTISEMENT,
    isRouter: options.isRouter,
    isSolicited: options.isSolicited,
    isOverride: options.isOverride,
    targetAddress: options.targetAddress,
    options: [{ type: NdpOptionType.TARGET_LINK_LAYER_ADDRESS, data: options.hardwareAddress }],
  };
  return buildNdpFrame(message, {
    source: options.source,
    destination: options.destination,
    sourceHardwareAddress: options.hardwareAddress,
    destinationHardwareAddress: options.destinationHardwareAddress,
  });
}

/** Everything a Neighbor Solicitation frame needs. */
export interface NeighborSolicitationFrameOptions {
  /** The asker's MAC: Ethernet source and (unless a DAD probe) the SLLA option. */
  hardwareAddress: Uint8Array;
  /** The asker's IPv6 address; `::` makes a DAD probe (RFC 4862 §5.4.2). */
  source: Uint8Array;
  /** The address whose MAC is asked for. */
  targetAddress: Uint8Array;
  /** IPv6 flow label; default 0 (the kernel's). ndisc6 sets a random one. */
  flowLabel?: number;
}

/**
 * An NS as a host sends it to resolve `targetAddress` (RFC 4861 §7.2.2): to the target's
 * solicited-node group at its 33:33:ff MAC, hop limit 255, with the Source Link-Layer Address
 * option, which a DAD probe (source ::) must not carry (§4.3).
 */
export function buildNeighborSolicitation(options: NeighborSolicitationFrameOptions): Uint8Array {
  const dad = isUnspecifiedIpv6(options.source);
  const message: NeighborSolicitation = {
    type: Icmpv6Type.NEIGHBOR_SOLICITATION,
    targetAddress: options.targetAddress,
    options: dad
      ? []
      : [{ type: NdpOptionType.SOURCE_LINK_LAYER_ADDRESS, data: options.hardwareAddress }],
  };
  const group = solicitedNodeMulticast(options.targetAddress);
  return buildNdpFrame(message, {
    source: options.source,
    destination: group,
    sourceHardwareAddress: options.hardwareAddress,
    destinationHardwareAddress: ipv6MulticastMac(group),
    flowLabel: options.flowLabel,
  });
}

/**
 * The NA answering `solicitation` for its target (RFC 4861 §7.2.4): to the NS's source, at the
 * MAC of its Source Link-Layer Address option (else its Ethernet source), Solicited and
 * Override set. For a DAD probe (source ::) it goes to ff02::1 with Solicited clear, as §7.2.4
 * says; MetalLB's responder does not answer DAD as owner, but the form is here.
 * @throws ArpNdpError when `solicitation` is not a Neighbor Solicitation.
 */
export function buildSolicitedNeighborAdvertisement(options: {
  solicitation: NdpFrame;
  hardwareAddress: Uint8Array;
  source: Uint8Array;
  isRouter?: boolean;
}): Uint8Array {
  const { ipv6, ndp, ethernet } = options.solicitation;
  if (ndp.type !== Icmpv6Type.NEIGHBOR_SOLICITATION) {
    throw new ArpNdpError('ARP_NDP_ERR_NOT_A_SOLICITATION', `NDP type ${ndp.type} is not an NS`);
  }
  const isDad = isUnspecifiedIpv6(ipv6.source);
  const sourceLinkLayer = findNdpOption(ndp.options, NdpOptionType.SOURCE_LINK_LAYER_ADDRESS);
  return buildNeighborAdvertisement({
    hardwareAddress: options.hardwareAddress,
    destinationHardwareAddress: isDad
      ? ipv6MulticastMac(ALL_NODES)
      : (sourceLinkLayer ?? ethernet.source),
    source: options.source,
    destination: isDad ? ALL_NODES : ipv6.source,
    targetAddress: ndp.targetAddress,
    isRouter: options.isRouter ?? false,
    isSolicited: !isDad,
    isOverride: true,
  });
}

/**
 * An unsolicited NA to all nodes (ff02::1) announcing `targetAddress` at `hardwareAddress`,
 * Override set and Solicited clear (RFC 4861 §7.2.6): what MetalLB sends on failover.
 */
export function buildUnsolicitedNeighborAdvertisement(options: {
  hardwareAddress: Uint8Array;
  source: Uint8Array;
  targetAddress: Uint8Array;
  isRouter?: boolean;
}): Uint8Array {
  return buildNeighborAdvertisement({
    hardwareAddress: options.hardwareAddress,
    destinationHardwareAddress: ipv6MulticastMac(ALL_NODES),
    source: options.source,
    destination: ALL_NODES,
    targetAddress: options.targetAddress,
    isRouter: options.isRouter ?? false,
    isSolicited: false,
    isOverride: true,
  });
}
