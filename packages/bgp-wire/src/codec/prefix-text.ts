/**
 * Prefix text for the NLRI hot paths (the packer and decoder run them a million times).
 * Parsers: "a.b.c.d/len" and "x:y::z/len" straight to a masked NLRI entry (length octet, then
 * ceil(len/8) address octets) in the caller's buffer, with no intermediate objects.
 * They return -1 for anything unusual (embedded IPv4 in IPv6, bad text); the caller then takes
 * the general parser in ip.ts, which accepts every valid form and reports what is wrong.
 */

/** Scratch for the eight 16-bit words of an IPv6 address; encoding is synchronous. */
const WORDS = new Uint16Array(8);

/** Value of a hex digit's char code, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Reads the decimal prefix length after the '/' at `slash`, at most `max`; -1 if malformed.
 * A text that ends at `slash` (no '/') has the full length.
 */
function readLength(text: string, slash: number, max: number): number {
  if (slash === text.length) return max;
  if (text.charCodeAt(slash) !== 47 /* / */) return -1;
  const digits = text.length - slash - 1;
  if (digits < 1 || digits > 3) return -1;
  let value = 0;
  for (let i = slash + 1; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value <= max ? value : -1;
}

/** Writes the masked entry for "a.b.c.d[/len]"; returns the offset after it, or -1. */
export function writeIpv4PrefixText(text: string, out: Uint8Array, offset: number): number {
  let address = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return -1;
    } else if (c === 46 /* . */ && digits > 0 && dots < 3) {
      address = (address << 8) | octet;
      octet = 0;
      digits = 0;
      dots++;
    } else break;
  }
  if (dots !== 3 || digits === 0) return -1;
  address = (address << 8) | octet;
  const prefixLength = readLength(text, i, 32);
  if (prefixLength < 0) return -1;
  address &= prefixLength === 0 ? 0 : -1 << (32 - prefixLength);
  out[offset++] = prefixLength;
  const byteLength = (prefixLength + 7) >> 3;
  for (let b = 0; b < byteLength; b++) out[offset++] = address >>> (24 - 8 * b);
  return offset;
}

/**
 * Parses the address part of IPv6 text into WORDS; returns the index after it (at '/' or the
 * end), or -1 (including for embedded IPv4, left to the general parser).
 */
function parseIpv6Words(text: string): number {
  const n = text.length;
  let count = 0;
  let gap = -1;
  let i = 0;
  if (n >= 2 && text.charCodeAt(0) === 58 && text.charCodeAt(1) === 58) {
    gap = 0;
    i = 2;
  }
  while (i < n && text.charCodeAt(i) !== 47 /* / */) {
    let word = 0;
    let digits = 0;
    for (
      let h = hexValue(text.charCodeAt(i));
      h >= 0 && digits < 5;
      h = hexValue(text.charCodeAt(i))
    ) {
      word = (word << 4) | h;
      digits++;
      i++;
    }
    if (digits === 0 || digits > 4 || count === 8) return -1;
    WORDS[count++] = word;
    if (i === n || text.charCodeAt(i) === 47) break;
    if (text.charCodeAt(i) !== 58 /* : */) return -1;
    i++;
    if (i < n && text.charCodeAt(i) === 58) {
      if (gap >= 0) return -1;
      gap = count;
      i++;
    }
  }
  if (gap < 0) return count === 8 ? i : -1;
  if (count > 7) return -1;
  const tail = count - gap;
  for (let k = tail - 1; k >= 0; k--) WORDS[8 - tail + k] = WORDS[gap + k];
  for (let k = gap; k < 8 - tail; k++) WORDS[k] = 0;
  return i;
}

/** Writes the masked entry for IPv6 "addr[/len]"; returns the offset after it, or -1. */
export function writeIpv6PrefixText(text: string, out: Uint8Array, offset: number): number {
  const end = parseIpv6Words(text);
  if (end < 0) return -1;
  const prefixLength = readLength(text, end, 128);
  if (prefixLength < 0) return -1;
  out[offset++] = prefixLength;
  const byteLength = (prefixLength + 7) >> 3;
  for (let b = 0; b < byteLength; b++) {
    const word = WORDS[b >> 1];
    out[offset++] = b & 1 ? word & 0xff : word >>> 8;
  }
  const rest = prefixLength & 7;
  if (rest !== 0) out[offset - 1] &= 0xff << (8 - rest);
  return offset;
}

/**
 * RFC 5952 text of the 16 address bytes at `buf[offset..]` followed by "/len": lower case,
 * the longest run (>= 2, the first on a tie) of zero words compressed, IPv4-mapped addresses
 * dotted. Same output as ip.ts formatIpv6, without its intermediate arrays (the decoder runs
 * it per prefix).
 */
export function formatIpv6PrefixText(
  buf: Uint8Array,
  offset: number,
  prefixLength: number,
): string {
  for (let i = 0; i < 8; i++) WORDS[i] = (buf[offset + 2 * i] << 8) | buf[offset + 2 * i + 1];
  if (
    WORDS[0] === 0 &&
    WORDS[1] === 0 &&
    WORDS[2] === 0 &&
    WORDS[3] === 0 &&
    WORDS[4] === 0 &&
    WORDS[5] === 0xffff
  ) {
    const b = offset + 12;
    return `::ffff:${buf[b]}.${buf[b + 1]}.${buf[b + 2]}.${buf[b + 3]}/${prefixLength}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (WORDS[i] !== 0) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < 8 && WORDS[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const bestEnd = bestStart < 0 ? -1 : bestStart + bestLength;
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += '::';
      i = bestEnd - 1;
      continue;
    }
    if (i > 0 && i !== bestEnd) text += ':';
    text += WORDS[i].toString(16);
  }
  return `${text}/${prefixLength}`;
}
