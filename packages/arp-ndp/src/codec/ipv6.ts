/**
 * The fixed IPv6 header (RFC 8200 §3). NDP messages carry no extension headers in practice, and
 * RFC 4861 gives a responder no reason to walk them, so a Next Header other than ICMPv6 is
 * reported by the NDP layer as 'not-icmpv6' rather than followed.
 */
import { IPV6_HEADER_LENGTH } from './constants.js';
import { outputBuffer, requireLength } from './errors.js';
import { type DecodeResult, fail, ok } from './result.js';

/**
 * An IPv6 packet. `source`, `destination` and `payload` are views into the decoded buffer. The
 * Payload Length field is `payload.length`; bytes after it (Ethernet padding) are not included.
 */
export interface Ipv6Packet {
  trafficClass: number;
  /** 20 bits. */
  flowLabel: number;
  nextHeader: number;
  hopLimit: number;
  source: Uint8Array;
  destination: Uint8Array;
  payload: Uint8Array;
}

/** Decodes an IPv6 packet at `offset`. Never throws. */
export function decodeIpv6(buf: Uint8Array, offset = 0): DecodeResult<Ipv6Packet> {
  if (buf.length - offset < IPV6_HEADER_LENGTH) return fail('truncated');
  if (buf[offset]! >> 4 !== 6) return fail('bad-version');
  const payloadLength = (buf[offset + 4]! << 8) | buf[offset + 5]!;
  const end = offset + IPV6_HEADER_LENGTH + payloadLength;
  if (buf.length < end) return fail('truncated');
  return ok({
    trafficClass: ((buf[offset]! & 0x0f) << 4) | (buf[offset + 1]! >> 4),
    flowLabel: ((buf[offset + 1]! & 0x0f) << 16) | (buf[offset + 2]! << 8) | buf[offset + 3]!,
    nextHeader: buf[offset + 6]!,
    hopLimit: buf[offset + 7]!,
    source: buf.subarray(offset + 8, offset + 24),
    destination: buf.subarray(offset + 24, offset + 40),
    payload: buf.subarray(offset + IPV6_HEADER_LENGTH, end),
  });
}

/**
 * Writes the 40-byte header for a payload of `payloadLength` bytes at `offset`; returns the
 * offset where the payload goes. @throws ArpNdpError
 */
export function writeIpv6Header(
  header: Omit<Ipv6Packet, 'payload'>,
  payloadLength: number,
  out: Uint8Array,
  offset = 0,
): number {
  requireLength(header.source, 16, 'IPv6 source');
  requireLength(header.destination, 16, 'IPv6 destination');
  outputBuffer(out, offset, IPV6_HEADER_LENGTH);
  const tc = header.trafficClass & 0xff;
  const flow = header.flowLabel & 0xfffff;
  out[offset] = 0x60 | (tc >> 4);
  out[offset + 1] = ((tc & 0x0f) << 4) | (flow >> 16);
  out[offset + 2] = (flow >> 8) & 0xff;
  out[offset + 3] = flow & 0xff;
  out[offset + 4] = payloadLength >> 8;
  out[offset + 5] = payloadLength & 0xff;
  out[offset + 6] = header.nextHeader;
  out[offset + 7] = header.hopLimit;
  out.set(header.source, offset + 8);
  out.set(header.destination, offset + 24);
  return offset + IPV6_HEADER_LENGTH;
}

/** Encodes header and a copy of the payload; returns the buffer written. @throws ArpNdpError */
export function encodeIpv6(packet: Ipv6Packet, out?: Uint8Array, offset = 0): Uint8Array {
  const buffer = outputBuffer(out, offset, IPV6_HEADER_LENGTH + packet.payload.length);
  const at = writeIpv6Header(packet, packet.payload.length, buffer, offset);
  buffer.set(packet.payload, at);
  return buffer;
}
