/**
 * The receipt checks a responder must apply to NDP (RFC 4861 §6.1.1 for RS, §7.1.1 for NS,
 * §7.1.2 for NA), given the IPv6 packet that carried the message. Each failed check has its own
 * reason so the responder's drop counter says which rule a sender broke.
 */
import { isMulticastIpv6, isSolicitedNodeMulticast, isUnspecifiedIpv6 } from './addresses.js';
import { verifyIcmpv6Checksum } from './checksum.js';
import { Icmpv6Type, NDP_HOP_LIMIT, NdpOptionType, NEXT_HEADER_ICMPV6 } from './constants.js';
import type { Ipv6Packet } from './ipv6.js';
import { decodeNdpMessage, isNdpType, type NdpMessage } from './ndp.js';
import { type DecodeReason, type DecodeResult, fail } from './result.js';

/**
 * Decodes and validates the NDP message in `packet` (RS, NS or NA). Cheap rejections come first
 * (not ICMPv6, not NDP, hop limit) so other IPv6 traffic costs no checksum. Never throws.
 */
export function decodeNdp(packet: Ipv6Packet): DecodeResult<NdpMessage> {
  if (packet.nextHeader !== NEXT_HEADER_ICMPV6) return fail('not-icmpv6');
  const bytes = packet.payload;
  if (bytes.length < 4) return fail('truncated');
  if (!isNdpType(bytes[0]!)) return fail('not-ndp');
  // RFC 4861 §7.1.1/§7.1.2: "The IP Hop Limit field has a value of 255", i.e. the packet
  // cannot have been forwarded by a router.
  if (packet.hopLimit !== NDP_HOP_LIMIT) return fail('bad-hop-limit');
  if (!verifyIcmpv6Checksum(packet.source, packet.destination, bytes)) return fail('bad-checksum');
  const decoded = decodeNdpMessage(bytes);
  if (!decoded.ok) return decoded;
  const reason = receiptError(packet, decoded.value);
  return reason === undefined ? decoded : fail(reason);
}

/** The first RFC 4861 receipt rule `message` breaks in `packet`, or undefined. */
export function receiptError(packet: Ipv6Packet, message: NdpMessage): DecodeReason | undefined {
  for (const option of message.options) {
    const isLinkLayer =
      option.type === NdpOptionType.SOURCE_LINK_LAYER_ADDRESS ||
      option.type === NdpOptionType.TARGET_LINK_LAYER_ADDRESS;
    // RFC 2464 §6: on Ethernet the link-layer address option is 8 bytes, a 6-byte MAC.
    if (isLinkLayer && option.data.length !== 6) return 'bad-option-length';
  }
  const fromUnspecified = isUnspecifiedIpv6(packet.source);
  const hasSourceLinkLayer = message.options.some(
    (o) => o.type === NdpOptionType.SOURCE_LINK_LAYER_ADDRESS,
  );
  switch (message.type) {
    case Icmpv6Type.ROUTER_SOLICITATION:
      // §6.1.1: from the unspecified address, no source link-layer address option.
      return fromUnspecified && hasSourceLinkLayer
        ? 'unexpected-source-link-layer-address'
        : undefined;
    case Icmpv6Type.NEIGHBOR_SOLICITATION:
      // §7.1.1: "Target Address is not a multicast address."
      if (isMulticastIpv6(message.targetAddress)) return 'multicast-target';
      if (!fromUnspecified) return undefined;
      // §7.1.1: from the unspecified address (DAD), the destination is a solicited-node group
      // and there is no source link-layer address option.
      if (!isSolicitedNodeMulticast(packet.destination)) return 'bad-destination';
      return hasSourceLinkLayer ? 'unexpected-source-link-layer-address' : undefined;
    case Icmpv6Type.NEIGHBOR_ADVERTISEMENT:
      if (isMulticastIpv6(message.targetAddress)) return 'multicast-target';
      // §7.1.2: "If the IP Destination Address is a multicast address the Solicited flag is zero."
      return isMulticastIpv6(packet.destination) && message.isSolicited
        ? 'solicited-to-multicast'
        : undefined;
  }
}

/**
 * True for a Duplicate Address Detection probe: an NS from the unspecified address (RFC 4862
 * §5.4.2). Its sender does not own the address yet; a responder that answers it as owner makes
 * the sender give the address up, so MetalLB's rule is to not answer it as owner.
 */
export function isDadProbe(packet: Ipv6Packet, message: NdpMessage): boolean {
  return message.type === Icmpv6Type.NEIGHBOR_SOLICITATION && isUnspecifiedIpv6(packet.source);
}
