/**
 * MP_REACH_NLRI (RFC 4760 §3): AFI (2), SAFI (1), next hop length (1), next hop, reserved (1),
 * NLRI. Parsed for IPv4 and IPv6 unicast; other families keep next hop and NLRI as byte views
 * in `raw`. Next hops: 4 bytes for IPv4; 16, or 32 for global + link-local, for IPv6
 * (RFC 2545 §3) and for IPv4 NLRI over an IPv6 next hop (RFC 8950 §3).
 *
 * Gotcha: the reserved octet "SHOULD be ignored upon receipt" (RFC 4760 §3); it is not kept,
 * and encoders write 0, so a message with a non-zero one does not re-encode byte for byte.
 */

import { readUint16, writeUint16 } from '../bytes.js';
import { Afi, Safi } from '../constants.js';
import type { CodecContext } from '../context.js';
import { BgpEncodeError } from '../errors.js';
import { formatIpv4, formatIpv6, parseIpv4Into, parseIpv6Into } from '../ip.js';
import { encodedNlriLength, encodeNlriInto, type NlriFamily, tryDecodeNlri } from '../nlri.js';
import type { AttributeOf } from './attribute-codec.js';
import { AttributeMalformed } from './attribute-codec.js';

type MpReach = AttributeOf<'mp-reach-nlri'>;

/** The NLRI family this codec parses for (afi, safi), or 0 when it keeps the bytes raw. */
export function parsedFamily(afi: number, safi: number): NlriFamily | 0 {
  if (safi !== Safi.UNICAST) return 0;
  return afi === Afi.IPV4 || afi === Afi.IPV6 ? afi : 0;
}

/** Whether NLRI of this family carry RFC 7911 path identifiers on this session. */
export function hasPathIdFor(family: NlriFamily, ctx: CodecContext): boolean {
  return family === 1 ? ctx.addPath.ipv4 : ctx.addPath.ipv6;
}

function decodeNextHops(
  afi: NlriFamily,
  value: Uint8Array,
  offset: number,
  length: number,
): string[] {
  if (length === 4 && afi === 1) return [formatIpv4(value, offset)];
  if (length === 16) return [formatIpv6(value, offset)];
  if (length === 32) return [formatIpv6(value, offset), formatIpv6(value, offset + 16)];
  // RFC 7606 §7.11: a next hop length inconsistent with the AFI/SAFI is an error in the attribute.
  throw new AttributeMalformed(`MP_REACH_NLRI next hop length ${length} for AFI ${afi}`);
}

/** Decodes MP_REACH_NLRI; NLRI of parsed families are decoded, views kept for the rest. */
export function decodeMpReach(value: Uint8Array, flags: number, ctx: CodecContext): MpReach {
  if (value.length < 5) throw new AttributeMalformed(`MP_REACH_NLRI length ${value.length} < 5`);
  const afi = readUint16(value, 0);
  const safi = value[2];
  const nextHopLength = value[3];
  const nlriStart = 5 + nextHopLength;
  if (nlriStart > value.length) {
    throw new AttributeMalformed(`MP_REACH_NLRI next hop length ${nextHopLength} overruns`);
  }
  const family = parsedFamily(afi, safi);
  if (family === 0) {
    const raw = { nextHop: value.subarray(4, 4 + nextHopLength), nlri: value.subarray(nlriStart) };
    return { type: 'mp-reach-nlri', afi, safi, nextHops: [], nlri: [], raw, flags };
  }
  const nextHops = decodeNextHops(family, value, 4, nextHopLength);
  const nlri = tryDecodeNlri(value, nlriStart, value.length, family, hasPathIdFor(family, ctx));
  if (typeof nlri === 'string') throw new AttributeMalformed(`MP_REACH_NLRI: ${nlri}`);
  return { type: 'mp-reach-nlri', afi, safi, nextHops, nlri, flags };
}

function nextHopLength(attr: MpReach): number {
  if (attr.raw !== undefined) return attr.raw.nextHop.length;
  let length = 0;
  for (let i = 0; i < attr.nextHops.length; i++) length += attr.nextHops[i].includes(':') ? 16 : 4;
  return length;
}

/** Bytes the MP_REACH_NLRI value takes on the wire. */
export function mpReachValueLength(attr: MpReach, ctx: CodecContext): number {
  if (attr.raw !== undefined) return 5 + attr.raw.nextHop.length + attr.raw.nlri.length;
  const family = requireParsedFamily(attr.afi, attr.safi);
  return 5 + nextHopLength(attr) + encodedNlriLength(attr.nlri, hasPathIdFor(family, ctx));
}

/** Throws BgpEncodeError unless the codec can build this family from parsed fields. */
export function requireParsedFamily(afi: number, safi: number): NlriFamily {
  const family = parsedFamily(afi, safi);
  if (family === 0) throw new BgpEncodeError(`AFI ${afi} SAFI ${safi} needs \`raw\` bytes`);
  return family;
}

/** Writes the next hop(s); checks they fit the family (RFC 4760 §3, RFC 2545, RFC 8950). */
function encodeNextHops(
  family: NlriFamily,
  hops: readonly string[],
  out: Uint8Array,
  offset: number,
): number {
  const isIpv4 = hops.length === 1 && !hops[0].includes(':');
  if (isIpv4 && family === 1) {
    parseIpv4Into(hops[0], out, offset);
    return offset + 4;
  }
  if (hops.length < 1 || hops.length > 2 || isIpv4) {
    throw new BgpEncodeError(`MP_REACH_NLRI next hops [${hops.join(', ')}] for AFI ${family}`);
  }
  for (let i = 0; i < hops.length; i++, offset += 16) parseIpv6Into(hops[i], out, offset);
  return offset;
}

/** Writes the MP_REACH_NLRI value at `offset`; returns the offset after it. */
export function encodeMpReachValue(
  attr: MpReach,
  ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  writeUint16(out, offset, attr.afi);
  out[offset + 2] = attr.safi;
  out[offset + 3] = nextHopLength(attr);
  offset += 4;
  if (attr.raw !== undefined) {
    out.set(attr.raw.nextHop, offset);
    offset += attr.raw.nextHop.length;
    out[offset++] = 0;
    out.set(attr.raw.nlri, offset);
    return offset + attr.raw.nlri.length;
  }
  const family = requireParsedFamily(attr.afi, attr.safi);
  offset = encodeNextHops(family, attr.nextHops, out, offset);
  out[offset++] = 0; // RFC 4760 §3: Reserved, MUST be 0.
  return encodeNlriInto(attr.nlri, family, hasPathIdFor(family, ctx), out, offset);
}
