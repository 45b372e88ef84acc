/**
 * AGGREGATOR (RFC 4271 §5.1.7): ASN + IPv4 address of the aggregating speaker; 6 octets with
 * 2-octet ASNs, 8 once 4-octet AS is negotiated (RFC 6793 §3). AS4_AGGREGATOR (RFC 6793 §3)
 * is always 8.
 */

import { readUint16, readUint32, writeUint16, writeUint32 } from '../bytes.js';
import type { CodecContext } from '../context.js';
import { formatIpv4, parseIpv4Into } from '../ip.js';
import type { AttributeOf } from './attribute-codec.js';
import { requireLength, requireUint } from './attribute-codec.js';

/** Decodes AGGREGATOR; RFC 7606 §7.7: any other length is malformed (attribute discard). */
export function decodeAggregator(
  value: Uint8Array,
  flags: number,
  ctx: CodecContext,
): AttributeOf<'aggregator'> {
  if (ctx.fourOctetAs) {
    requireLength(value, 8, 'AGGREGATOR');
    return { type: 'aggregator', asn: readUint32(value, 0), address: formatIpv4(value, 4), flags };
  }
  requireLength(value, 6, 'AGGREGATOR');
  return { type: 'aggregator', asn: readUint16(value, 0), address: formatIpv4(value, 2), flags };
}

/** Decodes AS4_AGGREGATOR; RFC 6793 §6: malformed ones are discarded. */
export function decodeAs4Aggregator(
  value: Uint8Array,
  flags: number,
): AttributeOf<'as4-aggregator'> {
  requireLength(value, 8, 'AS4_AGGREGATOR');
  return {
    type: 'as4-aggregator',
    asn: readUint32(value, 0),
    address: formatIpv4(value, 4),
    flags,
  };
}

/** Bytes the AGGREGATOR value takes on the wire. */
export function aggregatorValueLength(_attr: unknown, ctx: CodecContext): number {
  return ctx.fourOctetAs ? 8 : 6;
}

/** Bytes the AS4_AGGREGATOR value takes on the wire. */
export function as4AggregatorValueLength(): number {
  return 8;
}

/** Writes the AGGREGATOR value at `offset`; returns the offset after it. */
export function encodeAggregatorValue(
  attr: AttributeOf<'aggregator'>,
  ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  if (!ctx.fourOctetAs) {
    requireUint(attr.asn, 0xffff, 'ASN in a 2-octet AGGREGATOR');
    writeUint16(out, offset, attr.asn);
    parseIpv4Into(attr.address, out, offset + 2);
    return offset + 6;
  }
  requireUint(attr.asn, 0xffffffff, 'AGGREGATOR ASN');
  writeUint32(out, offset, attr.asn);
  parseIpv4Into(attr.address, out, offset + 4);
  return offset + 8;
}

/** Writes the AS4_AGGREGATOR value at `offset`; returns the offset after it. */
export function encodeAs4AggregatorValue(
  attr: AttributeOf<'as4-aggregator'>,
  _ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  requireUint(attr.asn, 0xffffffff, 'AS4_AGGREGATOR ASN');
  writeUint32(out, offset, attr.asn);
  parseIpv4Into(attr.address, out, offset + 4);
  return offset + 8;
}
