/**
 * The responder's decision for one received frame, as a value (MetalLB's arp.go returns a
 * `dropReason` for every ignored packet): the frame to answer with, or why it was dropped.
 * Pure: no sockets, no clock, so every rule is a table-driven unit test.
 *
 * Rules:
 * - Malformed frames are dropped with the codec's `DecodeReason` (truncated, bad-hardware-type,
 *   bad-checksum, bad-hop-limit, ...).
 * - Only owned targets are ever answered ('not-owned' otherwise): we never claim an address we
 *   were not given, DAD probes included.
 * - ARP: requests only (replies: 'arp-reply'), broadcast or unicast to our MAC. An RFC 5227
 *   probe (sender IP 0.0.0.0) for an owned address is answered, as the Linux kernel and MetalLB
 *   do: that is how a host probing for the address learns that it is taken (RFC 5227 §2.1.1).
 * - NDP: Neighbor Solicitations only. An NS for an owned target is answered with a solicited NA
 *   (S=1, O=1, TLLA = our MAC) to its source. A DAD probe (source ::) for an owned target is
 *   answered as RFC 4861 §7.2.4 says, to ff02::1 with S=0: the owner defends its address.
 */
import { bytesEqual, formatIpv4, formatIpv6, isUnspecifiedIpv6 } from '../codec/addresses.js';
import { buildArpReply, buildSolicitedNeighborAdvertisement } from '../codec/builders.js';
import { ArpOperation, Icmpv6Type } from '../codec/constants.js';
import { type ArpFrame, decodeFrame, type NdpFrame } from '../codec/frame.js';
import type { DecodeReason } from '../codec/result.js';

/** Why the responder ignored a frame: a codec reason, or one of its own rules. */
export type DropReason =
  | DecodeReason
  /** The target is not an address we own. */
  | 'not-owned'
  /** Sent from our own MAC (a looped-back frame). */
  | 'own-frame'
  /** An ARP reply: nothing to answer. */
  | 'arp-reply'
  /** ICMPv6 NDP other than a Neighbor Solicitation (RS, NA). */
  | 'not-solicitation'
  /** Ethernet destination neither broadcast/multicast nor our MAC, or the kernel says "other host". */
  | 'ethernet-destination';

/** The packet types the kernel reports (native-net `PacketType`). */
export type ReceivedPacketType = 'host' | 'broadcast' | 'multicast' | 'otherhost';

/** What a frame asks of us. */
export type Decision =
  | {
      kind: 'answer';
      protocol: 'arp' | 'ndp';
      /** The owned address asked for, as text. */
      ip: string;
      /** The whole frame to send. */
      frame: Uint8Array;
      /** Who asked: an IPv4/IPv6 address as text ("0.0.0.0" / "::" for probes). */
      requester: string;
    }
  | { kind: 'drop'; reason: DropReason; ip?: string };

/** The interface-side facts a decision needs. */
export interface DecisionContext {
  /** The interface MAC (6 bytes). */
  mac: Uint8Array;
  /** The IPv6 source of our unsolicited NAs: the interface's link-local address. */
  linkLocal: Uint8Array;
  /** Is `ip` (canonical text) ours? */
  isOwned(ip: string): boolean;
}

function drop(reason: DropReason, ip?: string): Decision {
  return ip === undefined ? { kind: 'drop', reason } : { kind: 'drop', reason, ip };
}

function isGroupAddress(mac: Uint8Array): boolean {
  return ((mac[0] ?? 0) & 1) === 1;
}

function forUs(destination: Uint8Array, ctx: DecisionContext): boolean {
  return isGroupAddress(destination) || bytesEqual(destination, ctx.mac);
}

function decideArp(frame: ArpFrame, ctx: DecisionContext): Decision {
  const { arp, ethernet } = frame;
  if (bytesEqual(ethernet.source, ctx.mac) || bytesEqual(arp.senderHardwareAddress, ctx.mac)) {
    return drop('own-frame');
  }
  if (arp.operation !== ArpOperation.REQUEST) return drop('arp-reply');
  if (!forUs(ethernet.destination, ctx)) return drop('ethernet-destination');
  const ip = formatIpv4(arp.targetProtocolAddress);
  if (!ctx.isOwned(ip)) return drop('not-owned', ip);
  return {
    kind: 'answer',
    protocol: 'arp',
    ip,
    frame: buildArpReply(arp, ctx.mac),
    requester: formatIpv4(arp.senderProtocolAddress),
  };
}

function decideNdp(frame: NdpFrame, ctx: DecisionContext): Decision {
  const { ndp, ethernet, ipv6 } = frame;
  if (bytesEqual(ethernet.source, ctx.mac)) return drop('own-frame');
  if (ndp.type !== Icmpv6Type.NEIGHBOR_SOLICITATION) return drop('not-solicitation');
  if (!forUs(ethernet.destination, ctx)) return drop('ethernet-destination');
  const ip = formatIpv6(ndp.targetAddress);
  if (!ctx.isOwned(ip)) return drop('not-owned', ip);
  return {
    kind: 'answer',
    protocol: 'ndp',
    ip,
    frame: buildSolicitedNeighborAdvertisement({
      solicitation: frame,
      hardwareAddress: ctx.mac,
      // From the owned address itself, as the Linux kernel answers for its own addresses:
      // ndisc6 (and so operators checking with it) ignores an NA for the target that comes
      // from another source, such as our link-local (seen in the lab: "No response").
      source: ndp.targetAddress,
    }),
    requester: isUnspecifiedIpv6(ipv6.source) ? '::' : formatIpv6(ipv6.source),
  };
}

/**
 * Decides what to do with one received frame. Never throws: a malformed frame is a drop with
 * the codec's reason.
 */
export function decideFrame(
  frame: Uint8Array,
  packetType: ReceivedPacketType,
  ctx: DecisionContext,
): Decision {
  // A frame for another host (promiscuous NIC, or a VLAN this host does not own).
  if (packetType === 'otherhost') return drop('ethernet-destination');
  const decoded = decodeFrame(frame);
  if (!decoded.ok) return drop(decoded.reason);
  return decoded.value.kind === 'arp'
    ? decideArp(decoded.value, ctx)
    : decideNdp(decoded.value, ctx);
}
