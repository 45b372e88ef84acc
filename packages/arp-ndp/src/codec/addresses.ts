/**
 * MAC, IPv4 and IPv6 addresses as bytes: text parsing and formatting for logs and tests, and the
 * IPv6 multicast mappings NDP needs (RFC 4291 §2.7.1 solicited-node groups, RFC 2464 §7
 * multicast MACs, RFC 4291 Appendix A EUI-64 link-local addresses). Pure; only node:net's
 * `isIP` for validating text.
 */
import { isIP } from 'node:net';
import { ArpNdpError, requireLength } from './errors.js';

function badText(what: string, text: string): ArpNdpError {
  return new ArpNdpError('ARP_NDP_ERR_BAD_ADDRESS_TEXT', `${what}: cannot parse "${text}"`);
}

/** Parses "aa:bb:cc:dd:ee:ff" (or with dashes) into 6 bytes. @throws ArpNdpError */
export function parseMac(text: string): Uint8Array {
  const parts = text.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) {
    throw badText('MAC', text);
  }
  return Uint8Array.from(parts, (p) => Number.parseInt(p, 16));
}

/** Formats 6 bytes as lower-case "aa:bb:cc:dd:ee:ff". */
export function formatMac(mac: Uint8Array): string {
  requireLength(mac, 6, 'MAC');
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join(':');
}

/** Parses dotted-quad IPv4 text into 4 bytes. @throws ArpNdpError */
export function parseIpv4(text: string): Uint8Array {
  if (isIP(text) !== 4) throw badText('IPv4', text);
  return Uint8Array.from(text.split('.'), Number);
}

/** Formats 4 bytes as dotted-quad text. */
export function formatIpv4(address: Uint8Array): string {
  requireLength(address, 4, 'IPv4 address');
  return address.join('.');
}

/** Parses IPv6 text (with "::" and an embedded IPv4 tail) into 16 bytes. @throws ArpNdpError */
export function parseIpv6(text: string): Uint8Array {
  if (isIP(text) !== 6) throw badText('IPv6', text);
  let groups: number[] = [];
  let tail = text;
  const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  const v4Groups: number[] = [];
  if (v4) {
    const b = parseIpv4(v4[1]!);
    v4Groups.push((b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!);
    tail = text.slice(0, v4.index);
    if (tail.endsWith(':')) tail += ':'; // "::1.2.3.4": the match took the second colon
  }
  const toGroups = (s: string): number[] =>
    s === '' ? [] : s.split(':').map((g) => Number.parseInt(g, 16));
  const gap = tail.indexOf('::');
  if (gap >= 0) {
    const head = toGroups(tail.slice(0, gap));
    const rest = [...toGroups(tail.slice(gap + 2)), ...v4Groups];
    groups = [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest];
  } else {
    groups = [...toGroups(tail), ...v4Groups];
  }
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

/** Formats 16 bytes as RFC 5952 text: lower case, the longest run of zero groups as "::". */
export function formatIpv6(address: Uint8Array): string {
  requireLength(address, 16, 'IPv6 address');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((address[i]! << 8) | address[i + 1]!);
  let bestStart = -1;
  let bestLength = 1; // RFC 5952 §4.2.2: a single zero group is not shortened
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/** Parses IPv4 or IPv6 text into 4 or 16 bytes. @throws ArpNdpError */
export function parseIp(text: string): Uint8Array {
  return isIP(text) === 4 ? parseIpv4(text) : parseIpv6(text);
}

/** Formats a 4- or 16-byte address. */
export function formatIp(address: Uint8Array): string {
  return address.length === 4 ? formatIpv4(address) : formatIpv6(address);
}

/** True for the IPv6 unspecified address "::" (the source of a DAD probe). */
export function isUnspecifiedIpv6(address: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (address[i] !== 0) return false;
  return true;
}

/** True for an IPv6 multicast address (ff00::/8, RFC 4291 §2.7). */
export function isMulticastIpv6(address: Uint8Array): boolean {
  return address[0] === 0xff;
}

/** The solicited-node multicast group ff02::1:ffXX:XXXX of an IPv6 address (RFC 4291 §2.7.1). */
export function solicitedNodeMulticast(address: Uint8Array): Uint8Array {
  requireLength(address, 16, 'IPv6 address');
  const out = new Uint8Array(16);
  out[0] = 0xff;
  out[1] = 0x02;
  out[11] = 0x01;
  out[12] = 0xff;
  out.set(address.subarray(13, 16), 13);
  return out;
}

/** True when `address` is some solicited-node multicast group (ff02::1:ff00:0/104). */
export function isSolicitedNodeMulticast(address: Uint8Array): boolean {
  if (address[0] !== 0xff || address[1] !== 0x02 || address[11] !== 0x01) return false;
  for (let i = 2; i < 11; i++) if (address[i] !== 0) return false;
  return address[12] === 0xff;
}

/** The Ethernet MAC of an IPv6 multicast group: 33:33 and its last 32 bits (RFC 2464 §7). */
export function ipv6MulticastMac(group: Uint8Array): Uint8Array {
  requireLength(group, 16, 'IPv6 address');
  const out = new Uint8Array(6);
  out[0] = 0x33;
  out[1] = 0x33;
  out.set(group.subarray(12, 16), 2);
  return out;
}

/** The MAC to join for an address's solicited-node group: 33:33:ff:XX:XX:XX. */
export function solicitedNodeMulticastMac(address: Uint8Array): Uint8Array {
  return ipv6MulticastMac(solicitedNodeMulticast(address));
}

/** The fe80::/64 link-local address a kernel derives from a MAC (modified EUI-64, RFC 4291). */
export function linkLocalFromMac(mac: Uint8Array): Uint8Array {
  requireLength(mac, 6, 'MAC');
  const out = new Uint8Array(16);
  out[0] = 0xfe;
  out[1] = 0x80;
  out[8] = mac[0]! ^ 0x02; // flip the universal/local bit
  out[9] = mac[1]!;
  out[10] = mac[2]!;
  out[11] = 0xff;
  out[12] = 0xfe;
  out[13] = mac[3]!;
  out[14] = mac[4]!;
  out[15] = mac[5]!;
  return out;
}

/** True when two byte views hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
