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

/** (address, length) -> slot, linear probing, at most half full. */
export class Ipv4Table {
  #addresses = new Uint32Array(INITIAL_CAPACITY);
  /** Prefix length + 1; 0 marks an empty entry. */
  #lengths = new Uint8Array(INITIAL_CAPACITY);
  #slots = new Int32Array(INITIAL_CAPACITY);
  #size = 0;

  /** Entries held. */
  get size(): number {
    return this.#size;
  }

  /** The slot of (address, length), or -1. */
  get(address: number, length: number): number {
    const mask = this.#lengths.length - 1;
    const tag = length + 1;
    for (let i = hash(address, length) & mask; ; i = (i + 1) & mask) {
      const l = this.#lengths[i];
      if (l === 0) return -1;
      if (l === tag && this.#addresses[i] === address) return this.#slots[i]!;
    }
  }

  /** Adds (address, length) -> slot; the pair must not be present. */
  add(address: number, length: number, slot: number): void {
    if ((this.#size + 1) * 2 > this.#lengths.length) this.#grow();
    this.#insert(address, length, slot);
    this.#size++;
  }

  #insert(address: number, length: number, slot: number): void {
    const mask = this.#lengths.length - 1;
    let i = hash(address, length) & mask;
    while (this.#lengths[i] !== 0) i = (i + 1) & mask;
    this.#addresses[i] = address;
    this.#lengths[i] = length + 1;
    this.#slots[i] = slot;
  }

  #grow(): void {
    const [addresses, lengths, slots] = [this.#addresses, this.#lengths, this.#slots];
    const capacity = lengths.length * 2;
    this.#addresses = new Uint32Array(capacity);
    this.#lengths = new Uint8Array(capacity);
    this.#slots = new Int32Array(capacity);
    for (let i = 0; i < lengths.length; i++) {
      if (lengths[i] !== 0) this.#insert(addresses[i]!, lengths[i]! - 1, slots[i]!);
    }
  }
}

/** Fibonacci hashing of the address mixed with the length; well spread for sequential /32s. */
function hash(address: number, length: number): number {
  const h = Math.imul(address ^ Math.imul(length, 0x27d4eb2f), 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}
