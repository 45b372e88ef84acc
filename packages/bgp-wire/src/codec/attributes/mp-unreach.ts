/**
 * MP_UNREACH_NLRI (RFC 4760 §4): AFI (2), SAFI (1), withdrawn routes. Parsed for IPv4 and
 * IPv6 unicast; other families keep the withdrawn bytes as a view in `raw`. An empty one is
 * the End-of-RIB marker for its family (RFC 4724 §2).
 */

import { readUint16, writeUint16 } from '../bytes.js';
import type { CodecContext } from '../context.js';
import { encodedNlriLength, encodeNlriInto, tryDecodeNlri } from '../nlri.js';
import type { AttributeOf } from './attribute-codec.js';
import { AttributeMalformed } from './attribute-codec.js';
import { hasPathIdFor, parsedFamily, requireParsedFamily } from './mp-reach.js';

type MpUnreach = AttributeOf<'mp-unreach-nlri'>;

/** Decodes MP_UNREACH_NLRI. */
export function decodeMpUnreach(value: Uint8Array, flags: number, ctx: CodecContext): MpUnreach {
  if (value.length < 3) throw new AttributeMalformed(`MP_UNREACH_NLRI length ${value.length} < 3`);
  const afi = readUint16(value, 0);
  const safi = value[2];
  const family = parsedFamily(afi, safi);
  if (family === 0) {
    return {
      type: 'mp-unreach-nlri',
      afi,
      safi,
      withdrawn: [],
      raw: { nlri: value.subarray(3) },
      flags,
    };
  }
  const withdrawn = tryDecodeNlri(value, 3, value.length, family, hasPathIdFor(family, ctx));
  if (typeof withdrawn === 'string') throw new AttributeMalformed(`MP_UNREACH_NLRI: ${withdrawn}`);
  return { type: 'mp-unreach-nlri', afi, safi, withdrawn, flags };
}

/** Bytes the MP_UNREACH_NLRI value takes on the wire. */
export function mpUnreachValueLength(attr: MpUnreach, ctx: CodecContext): number {
  if (attr.raw !== undefined) return 3 + attr.raw.nlri.length;
  const family = requireParsedFamily(attr.afi, attr.safi);
  return 3 + encodedNlriLength(attr.withdrawn, hasPathIdFor(family, ctx));
}

/** Writes the MP_UNREACH_NLRI value at `offset`; returns the offset after it. */
export function encodeMpUnreachValue(
  attr: MpUnreach,
  ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  writeUint16(out, offset, attr.afi);
  out[offset + 2] = attr.safi;
  offset += 3;
  if (attr.raw !== undefined) {
    out.set(attr.raw.nlri, offset);
    return offset + attr.raw.nlri.length;
  }
  const family = requireParsedFamily(attr.afi, attr.safi);
  return encodeNlriInto(attr.withdrawn, family, hasPathIdFor(family, ctx), out, offset);
}
