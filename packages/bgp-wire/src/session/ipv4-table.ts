/**
 * IPv4 prefix -> slot without strings: the prefix text is parsed to (address, length) and
 * looked up in an open-addressing table on typed arrays. For a million /32s this takes a
 * fraction of the time and memory of a `Map<string, number>` (no per-entry objects, no
 * rehash garbage beyond one typed array per doubling).
 */

/** Filled by {@link parseIpv4Prefix}: the parsed address and prefix length. */
export const PARSED = { address: 0, length: 0 };

/**
 * Parses "a.b.c.d/len" (or a bare "a.b.c.d", length 32) into {@link PARSED}; false for
 * anything else. Host bits are kept: "10.0.0.1/24" is not "10.0.0.0/24".
 */
export function parseIpv4Prefix(text: string): boolean {
  let address = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let i = 0;
  const n = text.length;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return false;
    } else if (c === 46 && digits > 0 && dots < 3) {
      address = address * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else break;
  }
  if (dots !== 3 || digits === 0) return false;
  let length = 32;
  if (i < n) {
    if (text.charCodeAt(i) !== 47 || i === n - 1 || n - i > 3) return false;
    length = 0;
    for (let j = i + 1; j < n; j++) {
      const d = text.charCodeAt(j) - 48;
      if (d < 0 || d > 9) return false;
      length = length * 10 + d;
    }
    if (length > 32) return false;
  }
  PARSED.address = (address * 256 + octet) >>> 0;
  PARSED.length = length;
  return true;
}

const INITIAL_CAPACITY = 1024;
/** Entry word 1 holds slot * 64 + (length + 1): slots below 2^26 fit in 32 bits. */
const TAG_BITS = 64;
const MAX_SLOT = 2 ** 26 - 1;

/**
 * (address, length) -> slot, linear probing, at most half full. One entry is two adjacent
 * 32-bit words (address; slot and length), so a lookup in a table far larger than the CPU
 * cache costs one cache miss, not one per field.
 */
export class Ipv4Table {
  /** [address, slot * 64 + length + 1] per entry; word 1 == 0 marks an empty entry. */
  #entries = new Uint32Array(INITIAL_CAPACITY * 2);
  #size = 0;

  /** Entries held. */
  get size(): number {
    return this.#size;
  }

  /** The slot of (address, length), or -1. */
  get(address: number, length: number): number {
    const entries = this.#entries;
    const mask = (entries.length >> 1) - 1;
    const tag = length + 1;
    for (let i = hash(address, length) & mask; ; i = (i + 1) & mask) {
      const word = entries[2 * i + 1]!;
      if (word === 0) return -1;
      if (word % TAG_BITS === tag && entries[2 * i] === address) return Math.floor(word / TAG_BITS);
    }
  }

  /** Adds (address, length) -> slot; the pair must not be present. */
  add(address: number, length: number, slot: number): void {
    if (slot > MAX_SLOT) throw new RangeError(`Ipv4Table: slot ${slot} is over ${MAX_SLOT}`);
    if ((this.#size + 1) * 4 > this.#entries.length) this.#grow();
    this.#insert(this.#entries, address, slot * TAG_BITS + length + 1);
    this.#size++;
  }

  #insert(entries: Uint32Array, address: number, word: number): void {
    const mask = (entries.length >> 1) - 1;
    let i = hash(address, (word % TAG_BITS) - 1) & mask;
    while (entries[2 * i + 1] !== 0) i = (i + 1) & mask;
    entries[2 * i] = address;
    entries[2 * i + 1] = word;
  }

  #grow(): void {
    const old = this.#entries;
    const entries = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] !== 0) this.#insert(entries, old[i]!, old[i + 1]!);
    }
    this.#entries = entries;
  }
}

/**
 * Fibonacci hashing of the address (without its 3 low bits) mixed with the length, the low
 * bits kept: 8 consecutive addresses share one 64-byte cache line of entries, so a run of
 * sequential /32s (a pool, a test table) costs a cache miss per 8 lookups instead of per one.
 */
function hash(address: number, length: number): number {
  const h = Math.imul((address >>> 3) ^ Math.imul(length, 0x27d4eb2f), 0x9e3779b1);
  return (((h ^ (h >>> 15)) << 3) | (address & 7)) >>> 0;
}
