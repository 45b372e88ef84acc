/**
 * Single IP addresses as `{ family, value: bigint }`: parsing with Go's `net.ParseIP` rules
 * (what MetalLB accepts) and canonical formatting (dotted quad; RFC 5952 for IPv6).
 *
 * IPv4-mapped IPv6 (`::ffff:1.2.3.4`): Go's ParseIP returns a 16-byte address whose `To4()`
 * is non-nil, and MetalLB treats it as IPv4 everywhere it asks for the family; so
 * `parseAddress` returns it as IPv4. CIDRs are different: Go's ParseCIDR keeps a 128-bit mask
 * for `::ffff:1.2.3.0/120`, so `parseAddressRange` keeps such a CIDR IPv6 (see range.ts).
 */
import { IpamError } from './errors.js';

/** The two IP families. */
export type IpFamily = 'ipv4' | 'ipv6';

/** Number of bits in an address of the family. */
export function familyBits(family: IpFamily): number {
  return family === 'ipv4' ? 32 : 128;
}

/** Largest value an address of the family can have. */
export function familyMax(family: IpFamily): bigint {
  return (1n << BigInt(familyBits(family))) - 1n;
}

const V4_MAPPED_PREFIX = 0xffffn << 32n;
const V4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseV4(text: string): bigint | undefined {
  const m = V4_RE.exec(text);
  if (!m) return undefined;
  let value = 0n;
  for (let i = 1; i <= 4; i++) {
    const part = m[i]!;
    // Go rejects leading zeros (ambiguous octal since Go 1.17).
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseGroups(text: string, allowV4Tail: boolean): bigint[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: bigint[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (allowV4Tail && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseV4(part);
      if (v4 === undefined) return undefined;
      groups.push(v4 >> 16n, v4 & 0xffffn);
    } else {
      if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return undefined;
      groups.push(BigInt(`0x${part}`));
    }
  }
  return groups;
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  let groups: bigint[];
  if (halves.length === 2) {
    const head = parseGroups(halves[0]!, false);
    const tail = parseGroups(halves[1]!, true);
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<bigint>(8 - head.length - tail.length).fill(0n), ...tail];
  } else {
    const all = parseGroups(text, true);
    if (all?.length !== 8) return undefined;
    groups = all!;
  }
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/**
 * Parses an address exactly as written in the family it is written in (no IPv4-mapped
 * folding). Returns undefined when it is not an address; zones (`%eth0`) are refused, as Go
 * does.
 */
export function parseRawAddress(text: string): { family: IpFamily; value: bigint } | undefined {
  if (text.includes(':')) {
    const value = parseV6(text);
    return value === undefined ? undefined : { family: 'ipv6', value };
  }
  const value = parseV4(text);
  return value === undefined ? undefined : { family: 'ipv4', value };
}

/**
 * Parses one IP address as Go's `net.ParseIP` does; IPv4-mapped IPv6 comes back as IPv4.
 * @throws IpamError `IPAM_ERR_INVALID_ADDRESS` when the text is not an address.
 * @example parseAddress('2001:db8::1') // { family: 'ipv6', value: 0x20010db8...01n }
 */
export function parseAddress(text: string): { family: IpFamily; value: bigint } {
  const raw = parseRawAddress(text);
  if (!raw)
    throw new IpamError('IPAM_ERR_INVALID_ADDRESS', `invalid IP address ${JSON.stringify(text)}`);
  if (raw.family === 'ipv6' && raw.value >> 32n === V4_MAPPED_PREFIX >> 32n) {
    return { family: 'ipv4', value: raw.value & 0xffffffffn };
  }
  return raw;
}

function formatV4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
}

function formatV6(value: bigint): string {
  if (value >> 32n === V4_MAPPED_PREFIX >> 32n) return `::ffff:${formatV4(value & 0xffffffffn)}`;
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952 §4.2: compress the longest run (length >= 2) of zero groups, the first on a tie.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLen).join(':');
  return `${head}::${tail}`;
}

/**
 * Canonical text of an address: dotted quad for IPv4, RFC 5952 for IPv6 (lower-case, longest
 * zero run compressed, IPv4-mapped written `::ffff:a.b.c.d`).
 * @throws IpamError `IPAM_ERR_INVALID_ARGUMENT` when the value is outside the family.
 */
export function formatAddress(family: IpFamily, value: bigint): string {
  if (value < 0n || value > familyMax(family)) {
    throw new IpamError('IPAM_ERR_INVALID_ARGUMENT', `value ${value} is not an ${family} address`);
  }
  return family === 'ipv4' ? formatV4(value) : formatV6(value);
}

/** One address, as the allocator stores it. */
export interface Addr {
  readonly family: IpFamily;
  readonly value: bigint;
}
