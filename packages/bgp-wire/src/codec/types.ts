/**
 * The object model of BGP messages, as decoders return them and encoders take them.
 *
 * Decoded values may hold `Uint8Array` views into the input (zero-copy): they live only as long
 * as the caller keeps the input unchanged. Copy where you store (an Adj-RIB-In), not where you
 * decode. Optional `flags`/layout fields record how a peer wrote something so that re-encoding
 * gives back the same bytes; leave them out when building messages and canonical forms are used.
 */

import type { BgpMessageError } from './errors.js';

/** A prefix in an NLRI field: "192.0.2.0/24" or "2001:db8::/32"; `pathId` under RFC 7911 ADD-PATH. */
export interface Nlri {
  prefix: string;
  pathId?: number;
}

// ---------------------------------------------------------------- capabilities (RFC 5492)

export type AddPathDirection = 'receive' | 'send' | 'both';
export type BgpRoleName = 'provider' | 'rs' | 'rs-client' | 'customer' | 'peer';

export type Capability =
  | { type: 'multiprotocol'; afi: number; safi: number }
  | { type: 'route-refresh' }
  | { type: 'enhanced-route-refresh' }
  | { type: 'four-octet-as'; asn: number }
  | {
      type: 'graceful-restart';
      /** R bit: the sender has restarted. */
      restarting: boolean;
      /** N bit (RFC 8538): the sender supports graceful restart for NOTIFICATIONs. */
      notification: boolean;
      restartTimeSec: number;
      families: { afi: number; safi: number; forwardingPreserved: boolean }[];
    }
  | { type: 'add-path'; families: { afi: number; safi: number; direction: AddPathDirection }[] }
  | { type: 'extended-message' }
  | { type: 'extended-next-hop'; entries: { afi: number; safi: number; nextHopAfi: number }[] }
  /** RFC 9234; `role` is the wire value (0..4), `name` its meaning when known. */
  | { type: 'bgp-role'; role: number; name?: BgpRoleName }
  | { type: 'fqdn'; hostname: string; domainName: string }
  | { type: 'unknown'; code: number; value: Uint8Array };

// ---------------------------------------------------------------- messages

export interface OpenMessage {
  type: 'open';
  /** Always 4 on the wire; decoders reject anything else (RFC 4271 §6.2). */
  version: number;
  /** "My Autonomous System": AS_TRANS (23456) when the real ASN needs 4 octets (RFC 6793). */
  myAs: number;
  holdTimeSec: number;
  /** Dotted quad. */
  bgpIdentifier: string;
  /** All capabilities, in wire order, from every Capabilities optional parameter. */
  capabilities: Capability[];
  /**
   * How many capabilities each Capabilities optional parameter held, in order (BIRD sends one
   * parameter holding all, GoBGP and FRR one per capability). Absent: one parameter holding all.
   */
  parameterGroups?: number[];
  /** RFC 9072 extended optional parameters length was (or must be) used. Encoders also use it when needed. */
  extendedParameters?: boolean;
}

export interface ShutdownCommunication {
  /** RFC 8203/9003: UTF-8, at most 255 bytes. */
  text: string;
}

export interface NotificationMessage {
  type: 'notification';
  errorCode: number;
  errorSubcode: number;
  data: Uint8Array;
  /**
   * For Cease / Administrative Shutdown or Administrative Reset (RFC 9003): the operator's
   * message, when the data field holds a well-formed one.
   */
  shutdownCommunication?: string;
}

export interface KeepaliveMessage {
  type: 'keepalive';
}

export interface RouteRefreshMessage {
  type: 'route-refresh';
  afi: number;
  safi: number;
  /** RFC 7313 subtype: 0 normal request, 1 BoRR, 2 EoRR. */
  subtype: number;
}

// ---------------------------------------------------------------- path attributes

export type AsPathSegmentType = 'set' | 'sequence' | 'confed-sequence' | 'confed-set';
export interface AsPathSegment {
  type: AsPathSegmentType;
  asns: number[];
}

export type ExtendedCommunity =
  /** Route Target (sub-type 0x02) or Route Origin (0x03), in the 2-octet AS, IPv4 or 4-octet AS form. */
  | {
      type: 'route-target' | 'route-origin';
      form: 'as2' | 'ipv4' | 'as4';
      /** ASN, or dotted quad for the IPv4 form. */
      global: number | string;
      local: number;
      transitive: boolean;
    }
  /** Link bandwidth (draft-ietf-idr-link-bandwidth): bytes per second as IEEE float32. */
  | { type: 'link-bandwidth'; asn: number; bandwidth: number; transitive: boolean }
  /** Opaque (type 0x03/0x43): sub-type and 6 value bytes. */
  | { type: 'opaque'; subType: number; value: Uint8Array; transitive: boolean }
  /** Anything else: the 8 raw bytes. */
  | { type: 'unknown'; value: Uint8Array };

/** Attribute-level fields common to every attribute. */
interface AttributeBase {
  /** The flags octet as received. Absent when building: the attribute's canonical flags. */
  flags?: number;
}

export type PathAttribute =
  | (AttributeBase & { type: 'origin'; origin: 'igp' | 'egp' | 'incomplete' })
  | (AttributeBase & { type: 'as-path'; segments: AsPathSegment[] })
  | (AttributeBase & { type: 'next-hop'; nextHop: string })
  | (AttributeBase & { type: 'med'; med: number })
  | (AttributeBase & { type: 'local-pref'; localPref: number })
  | (AttributeBase & { type: 'atomic-aggregate' })
  | (AttributeBase & { type: 'aggregator'; asn: number; address: string })
  | (AttributeBase & { type: 'communities'; communities: string[] })
  | (AttributeBase & { type: 'originator-id'; originatorId: string })
  | (AttributeBase & { type: 'cluster-list'; clusterIds: string[] })
  | (AttributeBase & {
      type: 'mp-reach-nlri';
      afi: number;
      safi: number;
      /** Global next hop, then the IPv6 link-local one when present. Empty for unknown families. */
      nextHops: string[];
      nlri: Nlri[];
      /** For families this codec does not parse: next hop and NLRI bytes as received. */
      raw?: { nextHop: Uint8Array; nlri: Uint8Array };
    })
  | (AttributeBase & {
      type: 'mp-unreach-nlri';
      afi: number;
      safi: number;
      withdrawn: Nlri[];
      raw?: { nlri: Uint8Array };
    })
  | (AttributeBase & { type: 'extended-communities'; communities: ExtendedCommunity[] })
  | (AttributeBase & { type: 'as4-path'; segments: AsPathSegment[] })
  | (AttributeBase & { type: 'as4-aggregator'; asn: number; address: string })
  | (AttributeBase & { type: 'large-communities'; communities: string[] })
  | (AttributeBase & { type: 'otc'; asn: number })
  | (AttributeBase & { type: 'unknown'; code: number; value: Uint8Array });

export type PathAttributeType = PathAttribute['type'];

export interface UpdateMessage {
  type: 'update';
  /** IPv4 unicast prefixes in the Withdrawn Routes field. */
  withdrawn: Nlri[];
  /** Path attributes in wire order (discarded ones removed). */
  attributes: PathAttribute[];
  /** IPv4 unicast prefixes in the NLRI field. */
  nlri: Nlri[];
  /**
   * Set by the decoder when RFC 7606 error handling applies but the message is still usable:
   * 'treat-as-withdraw' (every prefix in it is to be withdrawn) or 'attribute-discard' (some
   * attributes were dropped). The strongest fault wins (RFC 7606 §3).
   */
  error?: BgpMessageError;
}

export type BgpMessage =
  | OpenMessage
  | UpdateMessage
  | NotificationMessage
  | KeepaliveMessage
  | RouteRefreshMessage;
