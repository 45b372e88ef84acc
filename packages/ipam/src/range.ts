/**
 * Address ranges: one inclusive [first, last] span of one family, parsed from a pool entry as
 * MetalLB writes it (CIDR or `start-end`), summarised back into CIDRs, compared and counted.
 * Values are bigint so an IPv6 /64 (or a /0) keeps full precision.
 */
import {
  familyBits,
  familyMax,
  formatAddress,
  type IpFamily,
  parseAddress,
  parseRawAddress,
} from './address.js';
import { IpamError } from './errors.js';

/** An inclusive range of addresses of one family; values as bigint (IPv6 without losing precision). */
export interface AddressRange {
  readonly family: IpFamily;
  readonly first: bigint;
  readonly last: bigint;
}

const q = (s: string): string => JSON.stringify(s);

/**
 * Parses a CIDR as Go's `net.ParseCIDR` does (host bits allowed and masked off:
 * `1000::1/127` is `1000::/127`).
 * @throws IpamError `IPAM_ERR_INVALID_CIDR` with MetalLB's message `invalid CIDR "x"`.
 */
export function parseCidr(text: string): AddressRange {
  const bad = (): IpamError => new IpamError('IPAM_ERR_INVALID_CIDR', `invalid CIDR ${q(text)}`);
  const slash = text.indexOf('/');
  if (slash < 0) throw bad();
  const addr = parseRawAddress(text.slice(0, slash));
  const lenText = text.slice(slash + 1);
  if (!addr || !/^\d{1,3}$/.test(lenText)) throw bad();
  const bits = familyBits(addr.family);
  const prefixLength = Number(lenText);
  if (prefixLength > bits) throw bad();
  const hostMask = (1n << BigInt(bits - prefixLength)) - 1n;
  const first = addr.value & ~hostMask & familyMax(addr.family);
  return { family: addr.family, first, last: first | hostMask };
}

/**
 * A pool entry as MetalLB writes it: CIDR (`10.0.0.0/24`, host bits masked off) or
 * `start-end` (spaces around `-` trimmed). An entry without `-` is a CIDR, as in MetalLB's
 * `ParseCIDR`, so a bare address is `invalid CIDR "x"`.
 * @throws IpamError with MetalLB's messages: `invalid CIDR "x"`, `invalid IP range "x": invalid
 * start IP "a"`, `invalid IP range "x": invalid end IP "b"`, `invalid IP range "x": start IP "a"
 * is after the end IP "b"`, and `invalid IP range "x": start IP "a" and end IP "b" are of
 * different families` (MetalLB has no such check; Go would compare 16-byte forms).
 * @example parseAddressRange('192.168.1.240 - 192.168.1.250') // { family: 'ipv4', first: 3232236016n, last: 3232236026n }
 */
export function parseAddressRange(text: string): AddressRange {
  const dash = text.indexOf('-');
  if (dash < 0) return parseCidr(text);
  const startText = text.slice(0, dash);
  const endText = text.slice(dash + 1);
  const fail = (detail: string): IpamError =>
    new IpamError('IPAM_ERR_INVALID_RANGE', `invalid IP range ${q(text)}: ${detail}`);
  let start: { family: IpFamily; value: bigint };
  let end: { family: IpFamily; value: bigint };
  try {
    start = parseAddress(startText.trim());
  } catch {
    throw fail(`invalid start IP ${q(startText)}`);
  }
  try {
    end = parseAddress(endText.trim());
  } catch {
    throw fail(`invalid end IP ${q(endText)}`);
  }
  const startStr = formatAddress(start.family, start.value);
  const endStr = formatAddress(end.family, end.value);
  if (start.family !== end.family) {
    throw fail(`start IP ${q(startStr)} and end IP ${q(endStr)} are of different families`);
  }
  if (start.value > end.value) {
    throw fail(`start IP ${q(startStr)} is after the end IP ${q(endStr)}`);
  }
  return { family: start.family, first: start.value, last: end.value };
}

/** True when the two ranges share at least one address (never across families). */
export function rangesOverlap(a: AddressRange, b: AddressRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** True when the address lies in the range. */
export function rangeContains(range: AddressRange, family: IpFamily, value: bigint): boolean {
  return range.family === family && range.first <= value && value <= range.last;
}

/** Number of addresses in the range. */
export function rangeSize(range: AddressRange): bigint {
  return range.last - range.first + 1n;
}

function trailingZeros(value: bigint, cap: number): number {
  let n = 0;
  while (n < cap && ((value >> BigInt(n)) & 1n) === 0n) n++;
  return n;
}

function floorLog2(value: bigint): number {
  return value.toString(2).length - 1;
}

/**
 * The range as the fewest CIDR blocks, ascending (`mikioh/ipaddr.Summarize`, what MetalLB
 * does to `start-end` entries), each `first/prefixLength`.
 */
export function rangeToPrefixes(range: AddressRange): { first: bigint; prefixLength: number }[] {
  const bits = familyBits(range.family);
  const out: { first: bigint; prefixLength: number }[] = [];
  let cur = range.first;
  while (cur <= range.last) {
    const alignBits = trailingZeros(cur, bits);
    const fitBits = floorLog2(range.last - cur + 1n);
    const hostBits = Math.min(alignBits, fitBits);
    out.push({ first: cur, prefixLength: bits - hostBits });
    cur += 1n << BigInt(hostBits);
  }
  return out;
}

/** Summarised CIDRs covering exactly the range, ascending, as MetalLB does for ranges. */
export function rangeToCidrs(range: AddressRange): string[] {
  return rangeToPrefixes(range).map(
    (p) => `${formatAddress(range.family, p.first)}/${p.prefixLength}`,
  );
}

/** Canonical text of the range: `a/n` when it is one CIDR block, else `a-b`. */
export function formatRange(range: AddressRange): string {
  const cidrs = rangeToCidrs(range);
  if (cidrs.length === 1) return cidrs[0]!;
  return `${formatAddress(range.family, range.first)}-${formatAddress(range.family, range.last)}`;
}

/** Count of values v in [first, last] with v mod 256 === residue. */
function countResidue(first: bigint, last: bigint, residue: bigint): bigint {
  const upTo = (x: bigint): bigint => (x < residue ? 0n : (x - residue) / 256n + 1n);
  return upTo(last) - (first === 0n ? 0n : upTo(first - 1n));
}

/**
 * IPv4 addresses ending `.0` or `.255` in the range: the ones avoidBuggyIPs never hands out
 * (MetalLB `ipConfusesBuggyFirmwares`). Always 0 for IPv6.
 */
export function buggyCount(range: AddressRange): bigint {
  if (range.family !== 'ipv4') return 0n;
  return countResidue(range.first, range.last, 0n) + countResidue(range.first, range.last, 255n);
}

/** True for an IPv4 address ending `.0` or `.255`. */
export function isBuggyAddress(family: IpFamily, value: bigint): boolean {
  if (family !== 'ipv4') return false;
  const low = value & 0xffn;
  return low === 0n || low === 255n;
}
