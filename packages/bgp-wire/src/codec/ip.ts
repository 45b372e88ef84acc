/**
 * Fast IPv4/IPv6 address and prefix text <-> bytes, for the codec's hot paths. Output follows
 * RFC 5952 (lower case, longest zero run compressed, IPv4-mapped shown dotted).
 */
import { BgpError } from './errors.js';

export function formatIpv4(buf: Uint8Array, offset: number): string {
  return `${buf[offset]}.${buf[offset + 1]}.${buf[offset + 2]}.${buf[offset + 3]}`;
}

/** Formats `byteLength` (<= 4) address bytes as a full dotted quad, zero-filled. */
function formatIpv4Partial(buf: Uint8Array, offset: number, byteLength: number): string {
  const a = byteLength > 0 ? buf[offset] : 0;
  const b = byteLength > 1 ? buf[offset + 1] : 0;
  const c = byteLength > 2 ? buf[offset + 2] : 0;
  const d = byteLength > 3 ? buf[offset + 3] : 0;
  return `${a}.${b}.${c}.${d}`;
}

export function formatIpv6(buf: Uint8Array, offset: number, byteLength = 16): string {
  const words = new Array<number>(8);
  for (let i = 0; i < 8; i++) {
    const hi = 2 * i < byteLength ? buf[offset + 2 * i] : 0;
    const lo = 2 * i + 1 < byteLength ? buf[offset + 2 * i + 1] : 0;
    words[i] = (hi << 8) | lo;
  }
  // RFC 5952 §5: ::ffff:a.b.c.d for IPv4-mapped addresses.
  if (
    words[0] === 0 &&
    words[1] === 0 &&
    words[2] === 0 &&
    words[3] === 0 &&
    words[4] === 0 &&
    words[5] === 0xffff
  ) {
    return `::ffff:${words[6] >> 8}.${words[6] & 0xff}.${words[7] >> 8}.${words[7] & 0xff}`;
  }
  // RFC 5952 §4.2: compress the longest run (>= 2) of zero words, the first on a tie.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return words.map((w) => w.toString(16)).join(':');
  const head = words
    .slice(0, bestStart)
    .map((w) => w.toString(16))
    .join(':');
  const tail = words
    .slice(bestStart + bestLength)
    .map((w) => w.toString(16))
    .join(':');
  return `${head}::${tail}`;
}

const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Writes a dotted-quad IPv4 address into `out` at `offset`; throws BgpError if malformed. */
export function parseIpv4Into(text: string, out: Uint8Array, offset: number): void {
  const m = IPV4_RE.exec(text);
  if (!m) throw new BgpError('BGP_ERR_INVALID_ARGUMENT', `invalid IPv4 address "${text}"`);
  for (let i = 0; i < 4; i++) {
    const octet = Number(m[i + 1]);
    if (octet > 255)
      throw new BgpError('BGP_ERR_INVALID_ARGUMENT', `invalid IPv4 address "${text}"`);
    out[offset + i] = octet;
  }
}

export function parseIpv4(text: string): Uint8Array {
  const out = new Uint8Array(4);
  parseIpv4Into(text, out, 0);
  return out;
}

/** Writes an IPv6 address (any RFC 4291 text form, incl. embedded IPv4) into `out`. */
export function parseIpv6Into(text: string, out: Uint8Array, offset: number): void {
  const fail = (): never => {
    throw new BgpError('BGP_ERR_INVALID_ARGUMENT', `invalid IPv6 address "${text}"`);
  };
  const words: number[] = [];
  let tailWords: number[] | undefined;
  const halves = text.split('::');
  if (halves.length > 2) fail();
  const parseHalf = (half: string, allowV4: boolean): number[] => {
    if (half === '') return [];
    const parts = half.split(':');
    const result: number[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (allowV4 && i === parts.length - 1 && part.includes('.')) {
        const v4 = new Uint8Array(4);
        try {
          parseIpv4Into(part, v4, 0);
        } catch {
          fail();
        }
        result.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(part)) fail();
        result.push(Number.parseInt(part, 16));
      }
    }
    return result;
  };
  if (halves.length === 2) {
    words.push(...parseHalf(halves[0], false));
    tailWords = parseHalf(halves[1], true);
    if (words.length + tailWords.length > 7) fail();
  } else {
    words.push(...parseHalf(halves[0], true));
    if (words.length !== 8) fail();
  }
  const all =
    tailWords === undefined
      ? words
      : [...words, ...new Array<number>(8 - words.length - tailWords.length).fill(0), ...tailWords];
  for (let i = 0; i < 8; i++) {
    out[offset + 2 * i] = all[i] >> 8;
    out[offset + 2 * i + 1] = all[i] & 0xff;
  }
}

export function parseIpv6(text: string): Uint8Array {
  const out = new Uint8Array(16);
  parseIpv6Into(text, out, 0);
  return out;
}

/** 1 for IPv4 text, 2 for IPv6 text (AFI numbers), by the presence of ':'. */
export function addressFamilyOf(text: string): 1 | 2 {
  return text.includes(':') ? 2 : 1;
}

/** `prefixLength` bits of address bytes as "a.b.c.d/len" or "x::/len". */
export function formatPrefix(
  afi: 1 | 2,
  buf: Uint8Array,
  offset: number,
  prefixLength: number,
): string {
  const byteLength = (prefixLength + 7) >> 3;
  const address =
    afi === 1 ? formatIpv4Partial(buf, offset, byteLength) : formatIpv6(buf, offset, byteLength);
  return `${address}/${prefixLength}`;
}

export interface ParsedPrefix {
  afi: 1 | 2;
  prefixLength: number;
  /** Address bytes, full width (4 or 16), host bits as written. */
  address: Uint8Array;
}

/** Parses "192.0.2.0/24" or "2001:db8::/32"; a bare address is a host prefix. */
export function parsePrefix(text: string): ParsedPrefix {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const afi = addressFamilyOf(addressText);
  const maxLength = afi === 1 ? 32 : 128;
  let prefixLength = maxLength;
  if (slash >= 0) {
    const lengthText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(lengthText) || Number(lengthText) > maxLength) {
      throw new BgpError('BGP_ERR_INVALID_ARGUMENT', `invalid prefix length in "${text}"`);
    }
    prefixLength = Number(lengthText);
  }
  const address = afi === 1 ? parseIpv4(addressText) : parseIpv6(addressText);
  return { afi, prefixLength, address };
}
