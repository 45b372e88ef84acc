// The N announced prefixes and the three forms the senders load them from: a prefix list
// (ours), a BIRD static block (BIRD) and an MRT TABLE_DUMP_V2 file (gobgpd, see mrt.mjs).
//
// Address choice: N goes up to 1,000,000 distinct /32s, and the documentation ranges are far
// too small (203.0.113.0/24 holds 256, RFC 2544's 198.18.0.0/15 131,072). We use RFC 6598
// shared address space, 100.64.0.0/10 (4,194,304 addresses). These prefixes only ever exist
// inside the BGP tables of daemons in the bench's own namespaces: no daemon writes a kernel
// route (the receiver BIRD has no `protocol kernel` and exports nothing, the sender BIRD's
// statics are blackholes in its own table, gobgpd runs without zebra) and nothing is routed.

const BASE = 0x64400000; // 100.64.0.0
export const MAX_PREFIXES = 1 << 22; // a /10 holds 2^22 /32s

/** Next hop of every route: the sender node's own LAN address (host 0 of the lab). */
export const SENDER_NEXT_HOP = '192.0.2.11';

/** The i-th /32 (0-based) as a 32-bit unsigned integer. */
export function prefixAddress(i) {
  if (!Number.isInteger(i) || i < 0 || i >= MAX_PREFIXES)
    throw new RangeError(`prefix index ${i} outside 100.64.0.0/10`);
  return BASE + i;
}

export function ipv4Text(address) {
  return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
}

/** Text of the i-th prefix, "100.64.x.y/32". */
export function prefixText(i) {
  return `${ipv4Text(prefixAddress(i))}/32`;
}

/** One prefix a line, as `bgp-wire speak`'s `prefixesFile` takes them. */
export function prefixList(n) {
  const lines = new Array(n);
  for (let i = 0; i < n; i++) lines[i] = prefixText(i);
  return n === 0 ? '' : `${lines.join('\n')}\n`;
}

/** The `route ... blackhole;` lines of a BIRD static protocol. */
export function birdStaticRoutes(n) {
  const lines = new Array(n);
  for (let i = 0; i < n; i++) lines[i] = `  route ${prefixText(i)} blackhole;`;
  return lines.join('\n');
}
