/**
 * The lab's one text form for extended communities (RFC 4360), so the four daemons' outputs
 * compare equal:
 *
 * - Route Target: `rt:<global>:<local>`; Route Origin (Site of Origin): `soo:<global>:<local>`.
 *   `<global>` is a decimal ASN (two-octet AS type 0x00, four-octet AS type 0x02, RFC 5668)
 *   or a dotted IPv4 address (type 0x01); `<local>` is decimal. Examples: `rt:65000:100`,
 *   `rt:4200000000:7`, `soo:192.0.2.1:7`.
 * - Anything else: `raw:` + the 8 octets as 16 lowercase hex digits (`raw:030c00000000000a`).
 *
 * The two-octet and four-octet AS forms of a small ASN are different communities on the wire but
 * print the same (BIRD's output cannot tell them apart either): text with an ASN <= 65535 reads
 * back as the two-octet form. To originate exactly the other one, write it as `raw:`.
 */

import { LabError } from './errors.js';

const SUBTYPE_RT = 0x02;
const SUBTYPE_SOO = 0x03;
const KIND_BY_SUBTYPE: Record<number, 'rt' | 'soo'> = { [SUBTYPE_RT]: 'rt', [SUBTYPE_SOO]: 'soo' };

/** Canonical text of one extended community given as its 8 octets. */
export function extCommunityFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 8) throw new LabError('LAB_ERR_PARSE', 'an extended community is 8 octets');
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const type = bytes[0]!;
  const kind = KIND_BY_SUBTYPE[bytes[1]!];
  if (kind !== undefined) {
    if (type === 0x00) return `${kind}:${view.getUint16(2)}:${view.getUint32(4)}`;
    if (type === 0x01) return `${kind}:${bytes.subarray(2, 6).join('.')}:${view.getUint16(6)}`;
    if (type === 0x02) return `${kind}:${view.getUint32(2)}:${view.getUint16(6)}`;
  }
  return `raw:${Buffer.from(bytes).toString('hex')}`;
}

/** Canonical text of one extended community given as a 64-bit integer (ExaBGP's `value`). */
export function extCommunityFromBigInt(value: bigint): string {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, value);
  return extCommunityFromBytes(bytes);
}

/**
 * Canonical text from the parts daemons print: a kind word, a global and a local part.
 * `kind` is 'rt' or 'soo'; `global` an ASN or IPv4 text. Picks the type as the daemons do:
 * IPv4 if dotted, two-octet AS if it fits, else four-octet AS.
 */
export function extCommunityFromParts(
  kind: 'rt' | 'soo',
  global: string,
  local: string | number,
): string {
  return extCommunityFromBytes(extCommunityToBytes(`${kind}:${global}:${local}`));
}

/**
 * Canonical text from a transitive type (0x00 two-octet AS, 0x01 IPv4, 0x02 four-octet AS),
 * a sub-type and the printed global and local parts. Four-octet ASNs may be asdot ("64086.59904",
 * as GoBGP prints them).
 */
export function extCommunityFromTyped(
  type: number,
  subType: number,
  global: string,
  local: string | number,
): string {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  bytes[0] = type;
  bytes[1] = subType;
  const parts = global.split('.').map(Number);
  if (type === 0x01 && parts.length === 4) {
    bytes.set(parts, 2);
    view.setUint16(6, Number(local));
  } else if (type === 0x02 && parts.length <= 2) {
    view.setUint32(2, parts.length === 2 ? parts[0]! * 65536 + parts[1]! : parts[0]!);
    view.setUint16(6, Number(local));
  } else if (type === 0x00 && parts.length === 1) {
    view.setUint16(2, parts[0]!);
    view.setUint32(4, Number(local));
  } else {
    throw new LabError('LAB_ERR_PARSE', `extended community type ${type} with global ${global}`);
  }
  return extCommunityFromBytes(bytes);
}

/** The 8 octets of a canonical text form. Throws LAB_ERR_INVALID_ARGUMENT on anything else. */
export function extCommunityToBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  const raw = /^raw:([0-9a-f]{16})$/.exec(text);
  if (raw) {
    bytes.set(Buffer.from(raw[1]!, 'hex'));
    return bytes;
  }
  const m = /^(rt|soo):([0-9.]+):(\d+)$/.exec(text);
  if (!m) throw badExt(text);
  const [, kind, global, localText] = m as unknown as [string, 'rt' | 'soo', string, string];
  const local = Number(localText);
  bytes[1] = kind === 'rt' ? SUBTYPE_RT : SUBTYPE_SOO;
  if (global.includes('.')) {
    const octets = global.split('.').map(Number);
    if (octets.length !== 4 || octets.some((o) => !(o <= 255)) || local > 0xffff)
      throw badExt(text);
    bytes[0] = 0x01;
    bytes.set(octets, 2);
    view.setUint16(6, local);
    return bytes;
  }
  const asn = Number(global);
  if (asn <= 0xffff && local <= 0xffffffff) {
    bytes[0] = 0x00;
    view.setUint16(2, asn);
    view.setUint32(4, local);
    return bytes;
  }
  if (asn > 0xffffffff || local > 0xffff) throw badExt(text);
  bytes[0] = 0x02;
  view.setUint32(2, asn);
  view.setUint16(6, local);
  return bytes;
}

/** Splits a canonical form for daemons' input syntaxes. */
export type ParsedExtCommunity =
  | { kind: 'rt' | 'soo'; global: string; local: number }
  | { kind: 'raw'; hex: string };

/** Parses (and validates) a canonical text form. */
export function parseExtCommunity(text: string): ParsedExtCommunity {
  const canonical = extCommunityFromBytes(extCommunityToBytes(text));
  if (canonical !== text) throw badExt(text);
  if (text.startsWith('raw:')) return { kind: 'raw', hex: text.slice(4) };
  const [kind, global, local] = text.split(':') as ['rt' | 'soo', string, string];
  return { kind, global, local: Number(local) };
}

function badExt(text: string): LabError {
  return new LabError(
    'LAB_ERR_INVALID_ARGUMENT',
    `extended community ${JSON.stringify(text)} is not rt:G:L, soo:G:L or raw:<16 hex>`,
  );
}
