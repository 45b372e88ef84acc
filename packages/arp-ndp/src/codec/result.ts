/**
 * Decode results as values. The responder drops malformed frames and counts them by reason, so
 * every decoder returns `{ ok: false, reason }` instead of throwing, and each reason is a short
 * stable string fit to be a metric label (a bounded set, STYLE.md §9).
 */

/** Why a frame was not accepted. Stable strings: they become metric labels. */
export const DecodeReason = {
  /** Fewer bytes than the header or a length field says. */
  TRUNCATED: 'truncated',
  /** An Ethernet frame that is neither ARP nor IPv6. */
  UNSUPPORTED_ETHER_TYPE: 'unsupported-ether-type',
  /** An ARP decoder was handed another EtherType. */
  NOT_ARP: 'not-arp',
  /** An IPv6 decoder was handed another EtherType. */
  NOT_IPV6: 'not-ipv6',
  /** IPv6 whose Next Header is not ICMPv6 (58). */
  NOT_ICMPV6: 'not-icmpv6',
  /** ICMPv6 that is not Router Solicitation, Neighbor Solicitation or Advertisement. */
  NOT_NDP: 'not-ndp',
  /** ARP hardware type other than Ethernet (1). */
  BAD_HARDWARE_TYPE: 'bad-hardware-type',
  /** ARP protocol type other than IPv4 (0x0800). */
  BAD_PROTOCOL_TYPE: 'bad-protocol-type',
  /** ARP hardware or protocol address length other than 6 and 4. */
  BAD_ADDRESS_LENGTH: 'bad-address-length',
  /** ARP operation other than request (1) or reply (2). */
  BAD_OPERATION: 'bad-operation',
  /** IP version field other than 6. */
  BAD_VERSION: 'bad-version',
  /** ICMPv6 checksum over the pseudo-header does not verify (RFC 4443 §2.3). */
  BAD_CHECKSUM: 'bad-checksum',
  /** NDP with an IP Hop Limit other than 255: it crossed a router (RFC 4861 §7.1.1). */
  BAD_HOP_LIMIT: 'bad-hop-limit',
  /** NDP with an ICMP Code other than 0. */
  BAD_CODE: 'bad-code',
  /** An NDP option of length 0, running past the message, or a link-layer address not 6 bytes. */
  BAD_OPTION_LENGTH: 'bad-option-length',
  /** NS or NA whose Target Address is multicast. */
  MULTICAST_TARGET: 'multicast-target',
  /** NS from the unspecified address not sent to a solicited-node multicast address. */
  BAD_DESTINATION: 'bad-destination',
  /** NS or RS from the unspecified address carrying a Source Link-Layer Address option. */
  UNEXPECTED_SOURCE_LINK_LAYER_ADDRESS: 'unexpected-source-link-layer-address',
  /** NA to a multicast destination with the Solicited flag set. */
  SOLICITED_TO_MULTICAST: 'solicited-to-multicast',
} as const;

/** One of the `DecodeReason` strings. */
export type DecodeReason = (typeof DecodeReason)[keyof typeof DecodeReason];

/** A decoder's answer: the value, or why the bytes were rejected. */
export type DecodeResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: DecodeReason };

/** Wraps a decoded value. */
export function ok<T>(value: T): DecodeResult<T> {
  return { ok: true, value };
}

/** Wraps a rejection. */
export function fail<T>(reason: DecodeReason): DecodeResult<T> {
  return { ok: false, reason };
}
