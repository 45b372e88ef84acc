/**
 * @baremetal-lb/arp-ndp: ARP (IPv4) and NDP (IPv6) for Node.
 *
 * Map: `codec/` decodes and encodes Ethernet II (802.1Q/802.1ad tags), ARP (RFC 826), the IPv6
 * header, and ICMPv6 Neighbor Discovery (RFC 4861: RS, NS, NA, options, checksum), pure and
 * zero-copy. Receive path: `decodeFrame` (or `decodeArpFrame` / `decodeNdpFrame`) -> Ethernet ->
 * ARP, or IPv6 -> `decodeNdp` (hop limit, checksum, RFC 4861 §7.1 receipt rules) -> a value or a
 * `DecodeReason` to count. Send path: the `build*` functions return whole frames.
 * `responder/`: `Responder` owns addresses on interfaces through native-net AF_PACKET sockets,
 * answers ARP requests and Neighbor Solicitations for them (decide.ts: one pure decision per
 * frame), and announces them with gratuitous ARP / unsolicited NA on MetalLB's cadence.
 * `cli.ts` + `cli/`: the `arp-ndp respond` bin.
 */
export {
  bytesEqual,
  formatIp,
  formatIpv4,
  formatIpv6,
  formatMac,
  ipv6MulticastMac,
  isMulticastIpv6,
  isSolicitedNodeMulticast,
  isUnspecifiedIpv6,
  linkLocalFromMac,
  parseIp,
  parseIpv4,
  parseIpv6,
  parseMac,
  solicitedNodeMulticast,
  solicitedNodeMulticastMac,
} from './codec/addresses.js';
export { type ArpPacket, decodeArp, encodeArp } from './codec/arp.js';
export {
  buildArpFrame,
  buildArpReply,
  buildArpRequest,
  buildGratuitousArp,
  buildNeighborAdvertisement,
  buildNeighborSolicitation,
  buildSolicitedNeighborAdvertisement,
  buildUnsolicitedNeighborAdvertisement,
  type NeighborAdvertisementFrameOptions,
  type NeighborSolicitationFrameOptions,
} from './codec/builders.js';
export {
  computeIcmpv6Checksum,
  fillIcmpv6Checksum,
  verifyIcmpv6Checksum,
} from './codec/checksum.js';
export {
  ARP_LENGTH,
  ArpOperation,
  ETHERNET_HEADER_LENGTH,
  EtherType,
  Icmpv6Type,
  IPV6_HEADER_LENGTH,
  NDP_HOP_LIMIT,
  NdpOptionType,
  NEXT_HEADER_ICMPV6,
} from './codec/constants.js';
export { ArpNdpError, type ArpNdpErrorCode } from './codec/errors.js';
export {
  decodeEthernet,
  type EthernetFrame,
  encodedLengthEthernet,
  encodedLengthEthernetHeader,
  encodeEthernet,
  type VlanTag,
  writeEthernetHeader,
} from './codec/ethernet.js';
export {
  type ArpFrame,
  decodeArpFrame,
  decodeFrame,
  decodeNdpFrame,
  type NdpFrame,
} from './codec/frame.js';
export { decodeIpv6, encodeIpv6, type Ipv6Packet, writeIpv6Header } from './codec/ipv6.js';
export {
  decodeNdpMessage,
  encodedLengthNdpMessage,
  encodeNdpMessage,
  type NdpMessage,
  type NeighborAdvertisement,
  type NeighborSolicitation,
  type RouterSolicitation,
} from './codec/ndp.js';
export {
  decodeNdpOptions,
  encodedLengthNdpOptions,
  findNdpOption,
  type NdpOption,
} from './codec/ndp-options.js';
export { decodeNdp, isDadProbe, receiptError } from './codec/ndp-validate.js';
export { DecodeReason, type DecodeResult } from './codec/result.js';
export {
  type AnnounceOptions,
  DEFAULT_ANNOUNCE_DURATION_MS,
  DEFAULT_ANNOUNCE_INTERVAL_MS,
} from './responder/announcer.js';
export { type Clock, ManualClock, systemClock, type Timer } from './responder/clock.js';
export type {
  InterfaceCounters,
  ResponderCounters,
} from './responder/counters.js';
export {
  type Decision,
  type DecisionContext,
  type DropReason,
  decideFrame,
  type ReceivedPacketType,
} from './responder/decide.js';
export { ResponderError, type ResponderErrorCode } from './responder/errors.js';
export type { ResponderEvent, ResponderEventHandler } from './responder/events.js';
export { type RefusalReason, refusalOf } from './responder/interface-check.js';
export {
  type FrameHandlers,
  type FrameSocket,
  type LinkLayer,
  nativeLink,
} from './responder/link.js';
export { type MetricSample, metricSamples, SOCKET_BUFFER_FULL } from './responder/metrics.js';
export { Responder, type ResponderOptions } from './responder/responder.js';
