/**
 * AS_PATH (RFC 4271 §4.3 c, §5.1.2) and AS4_PATH (RFC 6793 §3): segments of ASNs, typed
 * AS_SET (1), AS_SEQUENCE (2), and RFC 5065's AS_CONFED_SEQUENCE (3) / AS_CONFED_SET (4).
 * AS_PATH carries 2-octet ASNs unless both sides negotiated 4-octet AS (`ctx.fourOctetAs`);
 * AS4_PATH always carries 4-octet ASNs.
 *
 * Gotcha: RFC 6793 §6 says confederation segments in an AS4_PATH are to be ignored, not the
 * attribute discarded. They are decoded as received (so the message re-encodes byte for byte);
 * whoever merges AS4_PATH into AS_PATH (RFC 6793 §4.2.3) must skip them.
 */

import { readUint16, readUint32, writeUint16, writeUint32 } from '../bytes.js';
import type { CodecContext } from '../context.js';
import { BgpEncodeError } from '../errors.js';
import type { AsPathSegment, AsPathSegmentType } from '../types.js';
import type { AttributeOf } from './attribute-codec.js';
import { AttributeMalformed, requireUint } from './attribute-codec.js';

const TYPE_BY_CODE: readonly (AsPathSegmentType | undefined)[] = [
  undefined,
  'set',
  'sequence',
  'confed-sequence',
  'confed-set',
];
const CODE_BY_TYPE: Record<AsPathSegmentType, number> = {
  set: 1,
  sequence: 2,
  'confed-sequence': 3,
  'confed-set': 4,
};

function decodeSegments(value: Uint8Array, asnSize: 2 | 4, what: string): AsPathSegment[] {
  const segments: AsPathSegment[] = [];
  let p = 0;
  while (p < value.length) {
    // RFC 7606 §7.2: an overrun, an unknown segment type or a zero-length segment is malformed.
    if (p + 2 > value.length) throw new AttributeMalformed(`${what} segment header truncated`);
    const type = TYPE_BY_CODE[value[p]];
    const count = value[p + 1];
    if (type === undefined) throw new AttributeMalformed(`${what} segment type ${value[p]}`);
    if (count === 0) throw new AttributeMalformed(`${what} segment of length 0`);
    const end = p + 2 + count * asnSize;
    if (end > value.length) throw new AttributeMalformed(`${what} segment overruns the attribute`);
    const asns = new Array<number>(count);
    for (let i = 0, q = p + 2; i < count; i++, q += asnSize) {
      asns[i] = asnSize === 4 ? readUint32(value, q) : readUint16(value, q);
    }
    segments.push({ type, asns });
    p = end;
  }
  return segments;
}

/** Decodes AS_PATH, 2- or 4-octet by `ctx.fourOctetAs`. */
export function decodeAsPath(
  value: Uint8Array,
  flags: number,
  ctx: CodecContext,
): AttributeOf<'as-path'> {
  const segments = decodeSegments(value, ctx.fourOctetAs ? 4 : 2, 'AS_PATH');
  if (!ctx.ibgp) {
    for (let i = 0; i < segments.length; i++) {
      const type = segments[i].type;
      // RFC 7606 §7.2 / RFC 5065 §5.3: confederation segments from outside the confederation.
      if (type === 'confed-sequence' || type === 'confed-set') {
        throw new AttributeMalformed(`AS_PATH ${type} segment from an external peer`);
      }
    }
  }
  return { type: 'as-path', segments, flags };
}

/** Decodes AS4_PATH (always 4-octet ASNs). */
export function decodeAs4Path(value: Uint8Array, flags: number): AttributeOf<'as4-path'> {
  return { type: 'as4-path', segments: decodeSegments(value, 4, 'AS4_PATH'), flags };
}

function segmentsLength(segments: readonly AsPathSegment[], asnSize: number): number {
  let total = 0;
  for (let i = 0; i < segments.length; i++) total += 2 + segments[i].asns.length * asnSize;
  return total;
}

/**
 * A segment holds 1..255 ASNs: longer or empty ones are refused rather than split, since
 * splitting an AS_SET would change the path length (RFC 4271 §9.1.2.2).
 */
function encodeSegments(
  segments: readonly AsPathSegment[],
  asnSize: 2 | 4,
  out: Uint8Array,
  offset: number,
): number {
  for (let s = 0; s < segments.length; s++) {
    const { type, asns } = segments[s];
    if (asns.length === 0 || asns.length > 255) {
      throw new BgpEncodeError(`AS path segment of ${asns.length} ASNs (must be 1..255)`);
    }
    out[offset] = CODE_BY_TYPE[type];
    out[offset + 1] = asns.length;
    offset += 2;
    for (let i = 0; i < asns.length; i++, offset += asnSize) {
      const asn = asns[i];
      if (asnSize === 2) {
        // RFC 6793 §4.2.2: a 4-octet ASN goes to an OLD speaker as AS_TRANS plus AS4_PATH,
        // which is the caller's policy, not the codec's.
        requireUint(asn, 0xffff, 'ASN in a 2-octet AS_PATH');
        writeUint16(out, offset, asn);
      } else {
        requireUint(asn, 0xffffffff, 'ASN');
        writeUint32(out, offset, asn);
      }
    }
  }
  return offset;
}

/** Bytes the AS_PATH value takes on the wire. */
export function asPathValueLength(attr: AttributeOf<'as-path'>, ctx: CodecContext): number {
  return segmentsLength(attr.segments, ctx.fourOctetAs ? 4 : 2);
}

/** Writes the AS_PATH value at `offset`; returns the offset after it. */
export function encodeAsPathValue(
  attr: AttributeOf<'as-path'>,
  ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  return encodeSegments(attr.segments, ctx.fourOctetAs ? 4 : 2, out, offset);
}

/** Bytes the AS4_PATH value takes on the wire. */
export function as4PathValueLength(attr: AttributeOf<'as4-path'>): number {
  return segmentsLength(attr.segments, 4);
}

/** Writes the AS4_PATH value at `offset`; returns the offset after it. */
export function encodeAs4PathValue(
  attr: AttributeOf<'as4-path'>,
  _ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  return encodeSegments(attr.segments, 4, out, offset);
}
