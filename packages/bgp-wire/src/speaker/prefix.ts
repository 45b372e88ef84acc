/**
 * Prefix and address text in one canonical form, so that the Adj-RIB-Out (keyed by text) sees
 * one route per prefix however the caller spelled it. The IPv4 path is a character loop that
 * returns the caller's own string when it is already canonical (the common case, and the
 * one a million-route table takes).
 */

import { isIPv4, isIPv6, SocketAddress } from 'node:net';
import { BgpError } from '../codec/errors.js';
import { parsePrefix } from '../codec/ip.js';
import { normalizeAddress } from '../transport/connection.js';

function invalid(what: string): BgpError {
  return new BgpError('BGP_ERR_INVALID_ARGUMENT', what);
}

/**
 * "a.b.c.d/len" (or a bare "a.b.c.d", a /32) checked and made canonical; undefined when the
 * text is not of that shape (the caller then tries IPv6 or reports it).
 */
function canonicalIpv4(text: string): string | undefined {
  let address = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let isCanonical = true;
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && octet === 0) isCanonical = false; // leading zero
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return undefined;
    } else if (c === 46 && digits > 0 && dots < 3) {
      address = address * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else break;
  }
  if (dots !== 3 || digits === 0) return undefined;
  address = address * 256 + octet;
  let length = 32;
  if (i < text.length) {
    if (text.charCodeAt(i) !== 47 || i === text.length - 1 || text.length - i > 4) return undefined;
    length = 0;
    for (let j = i + 1; j < text.length; j++) {
      const d = text.charCodeAt(j) - 48;
      if (d < 0 || d > 9) return undefined;
      if (j === i + 1 && d === 0 && text.length - i > 2) isCanonical = false;
      length = length * 10 + d;
    }
    if (length > 32) return undefined;
  } else isCanonical = false;
  // A prefix with host bits set would be a different text for the same NLRI.
  const hostBits = length === 32 ? 0 : address % 2 ** (32 - length);
  if (hostBits !== 0) throw invalid(`prefix "${text}" has host bits set`);
  if (isCanonical) return text;
  return `${text.slice(0, i).split('.').map(Number).join('.')}/${length}`;
}

/** Canonical IPv6 prefix text ("2001:DB8:0::/48" -> "2001:db8::/48"). */
function canonicalIpv6(text: string): string {
  let parsed: ReturnType<typeof parsePrefix>;
  try {
    parsed = parsePrefix(text);
  } catch (err) {
    throw new BgpError('BGP_ERR_INVALID_ARGUMENT', `invalid prefix "${text}"`, { cause: err });
  }
  const { address, prefixLength } = parsed;
  for (let bit = prefixLength; bit < 128; bit++) {
    if (address[bit >> 3] & (0x80 >> (bit & 7))) {
      throw invalid(`prefix "${text}" has host bits set`);
    }
  }
  const slash = text.indexOf('/');
  const head = slash < 0 ? text : text.slice(0, slash);
  // RFC 5952 text (SocketAddress prints what inet_ntop does), v4-mapped forms kept as IPv6.
  return `${new SocketAddress({ address: head, family: 'ipv6' }).address}/${prefixLength}`;
}

/**
 * A prefix in canonical text: dotted quad or compressed lowercase IPv6, always with
 * "/length", host bits zero.
 *
 * @throws BgpError BGP_ERR_INVALID_ARGUMENT for text that is no prefix, or has host bits set.
 */
export function canonicalPrefix(text: string): string {
  if (typeof text !== 'string') throw invalid(`prefix ${String(text)} is not a string`);
  const v4 = canonicalIpv4(text);
  if (v4 !== undefined) return v4;
  if (text.includes(':')) return canonicalIpv6(text);
  throw invalid(`invalid prefix "${text}"`);
}

/** The family of a canonical prefix or address. */
export function familyOfText(text: string): 'ipv4' | 'ipv6' {
  return text.includes(':') ? 'ipv6' : 'ipv4';
}

/**
 * An IP address in canonical text.
 *
 * @throws BgpError BGP_ERR_INVALID_ARGUMENT for anything else.
 */
export function canonicalAddress(text: string, what: string): string {
  if (typeof text === 'string' && (isIPv4(text) || isIPv6(text))) return normalizeAddress(text);
  throw invalid(`${what} "${String(text)}" is not an IP address`);
}
