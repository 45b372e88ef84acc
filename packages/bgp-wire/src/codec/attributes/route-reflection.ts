/** ORIGINATOR_ID and CLUSTER_LIST (RFC 4456 §8): route reflection, iBGP only. */

import type { CodecContext } from '../context.js';
import { formatIpv4, parseIpv4Into } from '../ip.js';
import type { AttributeOf } from './attribute-codec.js';
import { requireLength, requireMultipleOf, requireNonEmpty } from './attribute-codec.js';

/** RFC 7606 §7.9: ORIGINATOR_ID is malformed unless 4 octets. */
export function decodeOriginatorId(value: Uint8Array, flags: number): AttributeOf<'originator-id'> {
  requireLength(value, 4, 'ORIGINATOR_ID');
  return { type: 'originator-id', originatorId: formatIpv4(value, 0), flags };
}

/** RFC 7606 §7.10: CLUSTER_LIST is malformed unless a non-zero multiple of 4 octets. */
export function decodeClusterList(value: Uint8Array, flags: number): AttributeOf<'cluster-list'> {
  requireMultipleOf(value, 4, 'CLUSTER_LIST');
  const clusterIds = new Array<string>(value.length >> 2);
  for (let i = 0; i < clusterIds.length; i++) clusterIds[i] = formatIpv4(value, i * 4);
  return { type: 'cluster-list', clusterIds, flags };
}

/** Bytes the ORIGINATOR_ID value takes on the wire. */
export function originatorIdValueLength(): number {
  return 4;
}

/** Writes the ORIGINATOR_ID value at `offset`; returns the offset after it. */
export function encodeOriginatorIdValue(
  attr: AttributeOf<'originator-id'>,
  _ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  parseIpv4Into(attr.originatorId, out, offset);
  return offset + 4;
}

/** Bytes the CLUSTER_LIST value takes on the wire. */
export function clusterListValueLength(attr: AttributeOf<'cluster-list'>): number {
  return attr.clusterIds.length * 4;
}

/** Writes the CLUSTER_LIST value at `offset`; returns the offset after it. */
export function encodeClusterListValue(
  attr: AttributeOf<'cluster-list'>,
  _ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  const ids = attr.clusterIds;
  requireNonEmpty(ids, 'CLUSTER_LIST');
  for (let i = 0; i < ids.length; i++, offset += 4) parseIpv4Into(ids[i], out, offset);
  return offset;
}
