/**
 * Wire constants, named as their RFCs name them (STYLE.md §2): EtherTypes (IEEE 802), ARP
 * (RFC 826), IPv6 next header (RFC 8200), ICMPv6 NDP types and options (RFC 4861 §4, §4.6).
 */

/** EtherType values this codec knows. */
export const EtherType = {
  IPV4: 0x0800,
  ARP: 0x0806,
  /** IEEE 802.1Q customer VLAN tag. */
  VLAN: 0x8100,
  IPV6: 0x86dd,
  /** IEEE 802.1ad service VLAN tag (QinQ outer tag). */
  QINQ: 0x88a8,
} as const;

/** ARP operation codes (RFC 826 ar$op). */
export const ArpOperation = { REQUEST: 1, REPLY: 2 } as const;
/** An ARP operation code. */
export type ArpOperation = (typeof ArpOperation)[keyof typeof ArpOperation];

/** ARP hardware type Ethernet (RFC 826 ar$hrd; IANA ARP parameters). */
export const ARP_HARDWARE_TYPE_ETHERNET = 1;
/** ARP packet length for Ethernet/IPv4: 8 fixed bytes plus 2 x (6 + 4). */
export const ARP_LENGTH = 28;
/** Ethernet II header without VLAN tags. */
export const ETHERNET_HEADER_LENGTH = 14;
/** One 802.1Q/802.1ad tag: TPID plus TCI. */
export const VLAN_TAG_LENGTH = 4;
/** The fixed IPv6 header (RFC 8200 §3). */
export const IPV6_HEADER_LENGTH = 40;
/** IPv6 Next Header value of ICMPv6. */
export const NEXT_HEADER_ICMPV6 = 58;
/** Hop Limit every NDP message is sent and must be received with (RFC 4861 §7.1). */
export const NDP_HOP_LIMIT = 255;

/** ICMPv6 types of Neighbor Discovery (RFC 4861 §4). */
export const Icmpv6Type = {
  ROUTER_SOLICITATION: 133,
  ROUTER_ADVERTISEMENT: 134,
  NEIGHBOR_SOLICITATION: 135,
  NEIGHBOR_ADVERTISEMENT: 136,
  REDIRECT: 137,
} as const;

/** NDP option types (RFC 4861 §4.6; Nonce from RFC 7527). */
export const NdpOptionType = {
  SOURCE_LINK_LAYER_ADDRESS: 1,
  TARGET_LINK_LAYER_ADDRESS: 2,
  PREFIX_INFORMATION: 3,
  REDIRECTED_HEADER: 4,
  MTU: 5,
  NONCE: 14,
} as const;
