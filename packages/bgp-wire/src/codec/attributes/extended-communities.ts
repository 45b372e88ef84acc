/**
 * EXTENDED_COMMUNITIES (RFC 4360): 8-octet values. Decoded by type: Route Target / Route
 * Origin in the 2-octet-AS (0x00/0x40), IPv4 (0x01/0x41) and 4-octet-AS (0x02/0x42, RFC 5668)
 * forms, link bandwidth (0x00/0x40 sub-type 0x04, draft-ietf-idr-link-bandwidth), opaque
 * (0x03/0x43); anything else is kept as its 8 bytes. The 0x40 bit of the type means
 * non-transitive (RFC 4360 §2).
 */

import { readUint16, readUint32, writeUint16, writeUint32 } from '../bytes.js';
import type { CodecContext } from '../context.js';
import { BgpEncodeError } from '../errors.js';
import { formatIpv4, parseIpv4Into } from '../ip.js';
import type { ExtendedCommunity } from '../types.js';
import type { AttributeOf } from './attribute-codec.js';
import { requireMultipleOf, requireNonEmpty, requireUint } from './attribute-codec.js';

const NON_TRANSITIVE = 0x40;
const TYPE_AS2 = 0x00;
const TYPE_IPV4 = 0x01;
const TYPE_AS4 = 0x02;
const TYPE_OPAQUE = 0x03;
const SUBTYPE_ROUTE_TARGET = 0x02;
const SUBTYPE_ROUTE_ORIGIN = 0x03;
const SUBTYPE_LINK_BANDWIDTH = 0x04;

type RouteTargetForm = 'as2' | 'ipv4' | 'as4';
const FORM_BY_TYPE: readonly RouteTargetForm[] = ['as2', 'ipv4', 'as4'];
const TYPE_BY_FORM: Record<RouteTargetForm, number> = {
  as2: TYPE_AS2,
  ipv4: TYPE_IPV4,
  as4: TYPE_AS4,
};

/** Big-endian float32 <-> number through one shared 4-byte view. */
const FLOAT_VIEW = new DataView(new ArrayBuffer(4));

/** Decodes one extended community at `p`. Views, not copies, for opaque and unknown values. */
export function decodeExtendedCommunity(buf: Uint8Array, p: number): ExtendedCommunity {
  const type = buf[p];
  const subType = buf[p + 1];
  const base = type & ~NON_TRANSITIVE;
  const transitive = (type & NON_TRANSITIVE) === 0;
  if (base <= TYPE_AS4 && (subType === SUBTYPE_ROUTE_TARGET || subType === SUBTYPE_ROUTE_ORIGIN)) {
    const kind = subType === SUBTYPE_ROUTE_TARGET ? 'route-target' : 'route-origin';
    const form = FORM_BY_TYPE[base];
    if (form === 'as2') {
      const local = readUint32(buf, p + 4);
      return { type: kind, form, global: readUint16(buf, p + 2), local, transitive };
    }
    const global = form === 'ipv4' ? formatIpv4(buf, p + 2) : readUint32(buf, p + 2);
    return { type: kind, form, global, local: readUint16(buf, p + 6), transitive };
  }
  if (base === TYPE_AS2 && subType === SUBTYPE_LINK_BANDWIDTH) {
    FLOAT_VIEW.setUint32(0, readUint32(buf, p + 4));
    const bandwidth = FLOAT_VIEW.getFloat32(0);
    return { type: 'link-bandwidth', asn: readUint16(buf, p + 2), bandwidth, transitive };
  }
  if (base === TYPE_OPAQUE) {
    return { type: 'opaque', subType, value: buf.subarray(p + 2, p + 8), transitive };
  }
  return { type: 'unknown', value: buf.subarray(p, p + 8) };
}

/** Decodes EXTENDED_COMMUNITIES. RFC 7606 §7.14: malformed unless a non-zero multiple of 8. */
export function decodeExtendedCommunities(
  value: Uint8Array,
  flags: number,
): AttributeOf<'extended-communities'> {
  requireMultipleOf(value, 8, 'EXTENDED_COMMUNITIES');
  const communities = new Array<ExtendedCommunity>(value.length >> 3);
  for (let i = 0; i < communities.length; i++) {
    communities[i] = decodeExtendedCommunity(value, i * 8);
  }
  return { type: 'extended-communities', communities, flags };
}

/** Bytes the EXTENDED_COMMUNITIES value takes on the wire. */
export function extendedCommunitiesValueLength(attr: AttributeOf<'extended-communities'>): number {
  return attr.communities.length * 8;
}

/** Writes one extended community (8 bytes) at `offset`. Throws BgpEncodeError on bad fields. */
export function encodeExtendedCommunity(
  c: ExtendedCommunity,
  out: Uint8Array,
  offset: number,
): void {
  const transitiveBit = c.type !== 'unknown' && !c.transitive ? NON_TRANSITIVE : 0;
  switch (c.type) {
    case 'route-target':
    case 'route-origin':
      out[offset] = TYPE_BY_FORM[c.form] | transitiveBit;
      out[offset + 1] = c.type === 'route-target' ? SUBTYPE_ROUTE_TARGET : SUBTYPE_ROUTE_ORIGIN;
      encodeRouteTargetFields(c.form, c.global, c.local, out, offset + 2);
      return;
    case 'link-bandwidth':
      requireUint(c.asn, 0xffff, 'link bandwidth ASN');
      out[offset] = TYPE_AS2 | transitiveBit;
      out[offset + 1] = SUBTYPE_LINK_BANDWIDTH;
      writeUint16(out, offset + 2, c.asn);
      FLOAT_VIEW.setFloat32(0, c.bandwidth);
      writeUint32(out, offset + 4, FLOAT_VIEW.getUint32(0));
      return;
    case 'opaque':
      requireUint(c.subType, 0xff, 'opaque sub-type');
      requireBytes(c.value, 6, 'opaque extended community value');
      out[offset] = TYPE_OPAQUE | transitiveBit;
      out[offset + 1] = c.subType;
      out.set(c.value, offset + 2);
      return;
    case 'unknown':
      requireBytes(c.value, 8, 'extended community');
      out.set(c.value, offset);
      return;
  }
}

function encodeRouteTargetFields(
  form: RouteTargetForm,
  global: number | string,
  local: number,
  out: Uint8Array,
  offset: number,
): void {
  if (form === 'ipv4') {
    if (typeof global !== 'string') throw new BgpEncodeError('IPv4-form global must be an address');
    parseIpv4Into(global, out, offset);
    requireUint(local, 0xffff, 'route target local');
    writeUint16(out, offset + 4, local);
    return;
  }
  if (typeof global !== 'number') throw new BgpEncodeError(`${form}-form global must be an ASN`);
  if (form === 'as2') {
    requireUint(global, 0xffff, 'route target ASN');
    requireUint(local, 0xffffffff, 'route target local');
    writeUint16(out, offset, global);
    writeUint32(out, offset + 2, local);
    return;
  }
  requireUint(global, 0xffffffff, 'route target ASN');
  requireUint(local, 0xffff, 'route target local');
  writeUint32(out, offset, global);
  writeUint16(out, offset + 4, local);
}

function requireBytes(value: Uint8Array, length: number, what: string): void {
  if (value.length !== length) throw new BgpEncodeError(`${what} must be ${length} bytes`);
}

/** Writes the EXTENDED_COMMUNITIES value at `offset`; returns the offset after it. */
export function encodeExtendedCommunitiesValue(
  attr: AttributeOf<'extended-communities'>,
  _ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  const list = attr.communities;
  requireNonEmpty(list, 'EXTENDED_COMMUNITIES');
  for (let i = 0; i < list.length; i++, offset += 8) encodeExtendedCommunity(list[i], out, offset);
  return offset;
}
