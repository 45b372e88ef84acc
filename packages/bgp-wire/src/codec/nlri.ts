/**
 * NLRI lists: the Withdrawn Routes and NLRI fields of an UPDATE (RFC 4271 §4.3) and the NLRI
 * inside MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760 §5), for IPv4 and IPv6 unicast, with or
 * without RFC 7911 path identifiers. Each entry is `[path id (4)] length (1) prefix (ceil(len/8))`.
 *
 * Host bits: RFC 4271 §4.3 pads a prefix to an octet boundary with trailing bits that "are
 * irrelevant". The decoder masks them off in the prefix string, so a peer's `17 c0 00 03`
 * reads as "192.0.2.0/23"; re-encoding then writes `17 c0 00 02`, so such input is the one
 * NLRI form that does not re-encode byte for byte. Encoders accept a host
 * address with host bits ("192.0.2.77/24") and mask them.
 *
 * The encoders write straight into the caller's buffer (no per-prefix objects), parsing the
 * text by hand (prefix-text.ts) because the packer runs them a million times.
 */

import { writeUint32 } from './bytes.js';
import { ErrorCode, UpdateErrorSubcode } from './constants.js';
import { BgpEncodeError, BgpError, BgpMessageError } from './errors.js';
import { parsePrefix } from './ip.js';
import { formatIpv6PrefixText, writeIpv4PrefixText, writeIpv6PrefixText } from './prefix-text.js';
import type { Nlri } from './types.js';

/** Address family of an NLRI list: 1 IPv4, 2 IPv6 (the AFI numbers). */
export type NlriFamily = 1 | 2;

/** Scratch for masking an IPv6 prefix before formatting; decoding is synchronous, so one is enough. */
const IPV6_SCRATCH = new Uint8Array(16);

/** `MASK_BY_REMAINDER[len & 7]`: the bits of the trailing octet that belong to the prefix. */
const MASK_BY_REMAINDER = new Uint8Array([0xff, 0x80, 0xc0, 0xe0, 0xf0, 0xf8, 0xfc, 0xfe]);

/**
 * Decodes an NLRI list at `buf[start..end)`. Returns the entries, or a string saying what is
 * wrong (the caller picks the RFC 7606 action: the NLRI field and MP attributes differ).
 */
export function tryDecodeNlri(
  buf: Uint8Array,
  start: number,
  end: number,
  afi: NlriFamily,
  hasPathId: boolean,
): Nlri[] | string {
  const maxLength = afi === 1 ? 32 : 128;
  const list: Nlri[] = [];
  let p = start;
  while (p < end) {
    let pathId = 0;
    if (hasPathId) {
      if (p + 5 > end) return `path identifier at offset ${p} runs past the end`;
      pathId = ((buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]) >>> 0;
      p += 4;
    }
    const prefixLength = buf[p];
    // RFC 7606 §5.3: a length larger than the address is a syntax error.
    if (prefixLength > maxLength) return `prefix length ${prefixLength} > ${maxLength}`;
    const byteLength = (prefixLength + 7) >> 3;
    if (p + 1 + byteLength > end) return `prefix /${prefixLength} at offset ${p} runs past the end`;
    const prefix =
      afi === 1
        ? formatIpv4Prefix(buf, p + 1, prefixLength, byteLength)
        : formatIpv6Prefix(buf, p + 1, prefixLength, byteLength);
    list.push(hasPathId ? { prefix, pathId } : { prefix });
    p += 1 + byteLength;
  }
  return list;
}

/**
 * Decodes the Withdrawn Routes or NLRI field of an UPDATE, `buf[start..end)`.
 *
 * @throws BgpMessageError UPDATE_MESSAGE_ERROR / INVALID_NETWORK_FIELD, action 'session-reset':
 * RFC 7606 §5.3 leaves no way to tell where the next prefix starts.
 */
export function decodeNlri(
  buf: Uint8Array,
  start: number,
  end: number,
  afi: NlriFamily,
  hasPathId: boolean,
): Nlri[] {
  const result = tryDecodeNlri(buf, start, end, afi, hasPathId);
  if (typeof result === 'string') {
    throw new BgpMessageError(`UPDATE: invalid NLRI: ${result}`, {
      code: 'BGP_ERR_BAD_UPDATE',
      errorCode: ErrorCode.UPDATE_MESSAGE_ERROR,
      errorSubcode: UpdateErrorSubcode.INVALID_NETWORK_FIELD,
      action: 'session-reset',
    });
  }
  return result;
}

function formatIpv4Prefix(
  buf: Uint8Array,
  offset: number,
  prefixLength: number,
  byteLength: number,
): string {
  let address = 0;
  for (let i = 0; i < byteLength; i++) address |= buf[offset + i] << (24 - 8 * i);
  address &= prefixLength === 0 ? 0 : -1 << (32 - prefixLength);
  return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}/${prefixLength}`;
}

function formatIpv6Prefix(
  buf: Uint8Array,
  offset: number,
  prefixLength: number,
  byteLength: number,
): string {
  IPV6_SCRATCH.fill(0);
  for (let i = 0; i < byteLength; i++) IPV6_SCRATCH[i] = buf[offset + i];
  if (byteLength > 0) IPV6_SCRATCH[byteLength - 1] &= MASK_BY_REMAINDER[prefixLength & 7];
  return formatIpv6PrefixText(IPV6_SCRATCH, 0, prefixLength);
}

// ---------------------------------------------------------------- encoding

/**
 * The prefix length written in a prefix string: the number after '/', or the full address
 * width for a bare address. Cheap (reads at most 4 chars from the end, no address parsing);
 * garbage gives NaN or a wrong number, which the encoder then rejects.
 */
export function prefixLengthOf(prefix: string): number {
  const n = prefix.length;
  let value = 0;
  let scale = 1;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const c = prefix.charCodeAt(i);
    if (c === 47 /* / */) return i === n - 1 ? Number.NaN : value;
    const digit = c - 48;
    if (digit < 0 || digit > 9) break;
    value += digit * scale;
    scale *= 10;
  }
  return prefix.includes(':') ? 128 : 32;
}

/** Bytes one prefix takes on the wire: optional path id, length octet, address octets. */
export function encodedPrefixLength(prefix: string, hasPathId: boolean): number {
  return (hasPathId ? 5 : 1) + ((prefixLengthOf(prefix) + 7) >> 3);
}

/** Bytes an NLRI list takes on the wire. */
export function encodedNlriLength(list: readonly Nlri[], hasPathId: boolean): number {
  let total = 0;
  for (let i = 0; i < list.length; i++) total += encodedPrefixLength(list[i].prefix, hasPathId);
  return total;
}

/**
 * Writes an NLRI list into `out` at `offset`; returns the offset after it.
 * Under ADD-PATH an entry without `pathId` gets path id 0; without ADD-PATH `pathId` is ignored.
 *
 * @throws BgpEncodeError for a prefix of the other family; BgpError BGP_ERR_INVALID_ARGUMENT
 * for text that is no prefix.
 */
export function encodeNlriInto(
  list: readonly Nlri[],
  afi: NlriFamily,
  hasPathId: boolean,
  out: Uint8Array,
  offset: number,
): number {
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    offset = encodePrefixInto(entry.prefix, entry.pathId, afi, hasPathId, out, offset);
  }
  return offset;
}

/**
 * Writes one NLRI entry (`[path id] length prefix`) into `out` at `offset`, masking host bits;
 * returns the offset after it. `out` must have room for 21 bytes (4 + 1 + 16).
 *
 * @throws BgpEncodeError for a prefix of the other family; BgpError BGP_ERR_INVALID_ARGUMENT
 * for text that is no prefix.
 */
export function encodePrefixInto(
  prefix: string,
  pathId: number | undefined,
  afi: NlriFamily,
  hasPathId: boolean,
  out: Uint8Array,
  offset: number,
): number {
  if (hasPathId) {
    writeUint32(out, offset, pathId ?? 0);
    offset += 4;
  }
  const written =
    afi === 1 ? writeIpv4PrefixText(prefix, out, offset) : writeIpv6PrefixText(prefix, out, offset);
  return written >= 0 ? written : writeParsedPrefix(prefix, afi, out, offset);
}

function writeParsedPrefix(
  prefix: string,
  afi: NlriFamily,
  out: Uint8Array,
  offset: number,
): number {
  const parsed = parsePrefix(prefix);
  if (parsed.afi !== afi) {
    throw new BgpEncodeError(`prefix "${prefix}" is not ${afi === 1 ? 'IPv4' : 'IPv6'}`);
  }
  const { prefixLength, address } = parsed;
  if (prefixLength !== prefixLengthOf(prefix)) {
    throw new BgpError('BGP_ERR_INVALID_ARGUMENT', `invalid prefix "${prefix}"`);
  }
  const byteLength = (prefixLength + 7) >> 3;
  out[offset++] = prefixLength;
  for (let b = 0; b < byteLength; b++) out[offset + b] = address[b];
  if (byteLength > 0) out[offset + byteLength - 1] &= MASK_BY_REMAINDER[prefixLength & 7];
  return offset + byteLength;
}
