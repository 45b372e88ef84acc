/** NEXT_HOP (RFC 4271 §4.3 c, §5.1.3): the IPv4 next hop of the routes in the NLRI field. */

import type { CodecContext } from '../context.js';
import { formatIpv4, parseIpv4Into } from '../ip.js';
import type { AttributeOf } from './attribute-codec.js';
import { requireLength } from './attribute-codec.js';

/**
 * Decodes a NEXT_HOP value. Only the syntax (4 octets, RFC 7606 §7.3) is checked here: whether
 * the address is usable (not the receiver's own, not martian) is the session's question.
 */
export function decodeNextHop(value: Uint8Array, flags: number): AttributeOf<'next-hop'> {
  requireLength(value, 4, 'NEXT_HOP');
  return { type: 'next-hop', nextHop: formatIpv4(value, 0), flags };
}

/** Bytes the NEXT_HOP value takes on the wire. */
export function nextHopValueLength(): number {
  return 4;
}

/** Writes the NEXT_HOP value at `offset`; returns the offset after it. */
export function encodeNextHopValue(
  attr: AttributeOf<'next-hop'>,
  _ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  parseIpv4Into(attr.nextHop, out, offset);
  return offset + 4;
}
