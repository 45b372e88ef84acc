/**
 * The NDP messages a responder meets (RFC 4861 §4.1, §4.3, §4.4): Router Solicitation, Neighbor
 * Solicitation and Neighbor Advertisement, as ICMPv6 message bytes. This file knows the message
 * layout only; the receipt rules that need the IP header live in ndp-validate.ts.
 */

import { fillIcmpv6Checksum } from './checksum.js';
import { Icmpv6Type } from './constants.js';
import { outputBuffer, requireLength } from './errors.js';
import {
  decodeNdpOptions,
  encodedLengthNdpOptions,
  type NdpOption,
  writeNdpOptions,
} from './ndp-options.js';
import { type DecodeResult, fail, ok } from './result.js';

/** RS: type 133; options (Source Link-Layer Address) after 4 reserved bytes. */
export interface RouterSolicitation {
  type: typeof Icmpv6Type.ROUTER_SOLICITATION;
  options: readonly NdpOption[];
}

/** NS: type 135; "who has `targetAddress`" (a view, 16 bytes). */
export interface NeighborSolicitation {
  type: typeof Icmpv6Type.NEIGHBOR_SOLICITATION;
  targetAddress: Uint8Array;
  options: readonly NdpOption[];
}

/** NA: type 136 with the R(outer), S(olicited) and O(verride) flags. */
export interface NeighborAdvertisement {
  type: typeof Icmpv6Type.NEIGHBOR_ADVERTISEMENT;
  isRouter: boolean;
  isSolicited: boolean;
  isOverride: boolean;
  targetAddress: Uint8Array;
  options: readonly NdpOption[];
}

/** The NDP messages this codec decodes. */
export type NdpMessage = RouterSolicitation | NeighborSolicitation | NeighborAdvertisement;

/** Fixed part before the options: RS 8, NS and NA 24 (RFC 4861 §7.1.1/§7.1.2 minimums). */
function fixedLength(type: number): number {
  return type === Icmpv6Type.ROUTER_SOLICITATION ? 8 : 24;
}

/** True for the ICMPv6 types of `NdpMessage`. */
export function isNdpType(type: number): type is NdpMessage['type'] {
  return (
    type === Icmpv6Type.ROUTER_SOLICITATION ||
    type === Icmpv6Type.NEIGHBOR_SOLICITATION ||
    type === Icmpv6Type.NEIGHBOR_ADVERTISEMENT
  );
}

/**
 * Decodes an ICMPv6 message (`message` is exactly its bytes). Checks type, code, length and
 * options; not the checksum or anything needing the IP header (see `decodeNdp`). Never throws.
 */
export function decodeNdpMessage(message: Uint8Array): DecodeResult<NdpMessage> {
  if (message.length < 4) return fail('truncated');
  const type = message[0]!;
  if (!isNdpType(type)) return fail('not-ndp');
  if (message[1] !== 0) return fail('bad-code');
  const fixed = fixedLength(type);
  if (message.length < fixed) return fail('truncated');
  const options = decodeNdpOptions(message, fixed);
  if (!options.ok) return options;
  if (type === Icmpv6Type.ROUTER_SOLICITATION) return ok({ type, options: options.value });
  const targetAddress = message.subarray(8, 24);
  if (type === Icmpv6Type.NEIGHBOR_SOLICITATION) {
    return ok({ type, targetAddress, options: options.value });
  }
  const flags = message[4]!;
  return ok({
    type,
    isRouter: (flags & 0x80) !== 0,
    isSolicited: (flags & 0x40) !== 0,
    isOverride: (flags & 0x20) !== 0,
    targetAddress,
    options: options.value,
  });
}

/** Bytes `encodeNdpMessage` writes. */
export function encodedLengthNdpMessage(message: NdpMessage): number {
  return fixedLength(message.type) + encodedLengthNdpOptions(message.options);
}

/**
 * Encodes `message` at `offset` with its checksum over the pseudo-header of `source` and
 * `destination` (the IPv6 addresses it will be sent with). Returns the buffer written.
 * @throws ArpNdpError
 */
export function encodeNdpMessage(
  message: NdpMessage,
  addresses: { source: Uint8Array; destination: Uint8Array },
  out?: Uint8Array,
  offset = 0,
): Uint8Array {
  const length = encodedLengthNdpMessage(message);
  const buffer = outputBuffer(out, offset, length);
  buffer.fill(0, offset, offset + fixedLength(message.type));
  buffer[offset] = message.type;
  if (message.type !== Icmpv6Type.ROUTER_SOLICITATION) {
    requireLength(message.targetAddress, 16, 'NDP target address');
    buffer.set(message.targetAddress, offset + 8);
  }
  if (message.type === Icmpv6Type.NEIGHBOR_ADVERTISEMENT) {
    buffer[offset + 4] =
      (message.isRouter ? 0x80 : 0) |
      (message.isSolicited ? 0x40 : 0) |
      (message.isOverride ? 0x20 : 0);
  }
  writeNdpOptions(message.options, buffer, offset + fixedLength(message.type));
  fillIcmpv6Checksum(
    addresses.source,
    addresses.destination,
    buffer.subarray(offset, offset + length),
  );
  return buffer;
}
