/**
 * Seeded message mutator for the fuzz run: random messages behind a valid-looking header, and
 * mutations of real messages (bit flips, interesting bytes and lengths, truncation, splices),
 * with the header length fixed up half the time so the body parsers get exercised, not only
 * the header check.
 */

/** xorshift32: deterministic for a seed, so any failure replays. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  below(n: number): number {
    return this.next() % n;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
}

const INTERESTING_BYTES = [0x00, 0x01, 0x02, 0x04, 0x10, 0x20, 0x40, 0x7f, 0x80, 0x81, 0xfe, 0xff];
const INTERESTING_LENGTHS = [0, 1, 2, 3, 4, 8, 16, 18, 19, 255, 256, 4095, 4096, 4097, 65535];

function withHeaderLength(bytes: Uint8Array): Uint8Array {
  if (bytes.length >= 18 && bytes.length <= 0xffff) {
    bytes[16] = bytes.length >> 8;
    bytes[17] = bytes.length & 0xff;
  }
  return bytes;
}

function randomMessage(rng: Prng): Uint8Array {
  const length = 19 + rng.below(rng.below(4) === 0 ? 4200 : 120);
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = rng.next() & 0xff;
  bytes.fill(0xff, 0, 16);
  bytes[18] = 1 + rng.below(6);
  return withHeaderLength(bytes);
}

function mutateOnce(rng: Prng, input: Uint8Array, seeds: readonly Uint8Array[]): Uint8Array {
  const body = (b: Uint8Array) => 19 + rng.below(Math.max(1, b.length - 19));
  switch (rng.below(7)) {
    case 0: {
      const out = input.slice();
      for (let n = 1 + rng.below(8); n > 0; n--) out[rng.below(out.length)] ^= 1 << rng.below(8);
      return out;
    }
    case 1: {
      const out = input.slice();
      out[body(out)] = rng.pick(INTERESTING_BYTES);
      return out;
    }
    case 2: {
      const out = input.slice();
      const at = body(out);
      const value =
        rng.below(2) === 0 ? rng.pick(INTERESTING_LENGTHS) : (out[at] << 8) + rng.below(5) - 2;
      out[at] = (value >> 8) & 0xff;
      if (at + 1 < out.length) out[at + 1] = value & 0xff;
      return out;
    }
    case 3:
      return withHeaderLength(input.slice(0, body(input)));
    case 4: {
      const at = body(input);
      const inserted = Array.from({ length: 1 + rng.below(8) }, () => rng.pick(INTERESTING_BYTES));
      return withHeaderLength(
        Uint8Array.from([...input.subarray(0, at), ...inserted, ...input.subarray(at)]),
      );
    }
    case 5: {
      const at = body(input);
      const cut = 1 + rng.below(8);
      return withHeaderLength(
        Uint8Array.from([...input.subarray(0, at), ...input.subarray(at + cut)]),
      );
    }
    default: {
      const other = rng.pick(seeds);
      const at = body(input);
      const from = body(other);
      return withHeaderLength(Uint8Array.from([...input.subarray(0, at), ...other.subarray(from)]));
    }
  }
}

/** One fuzz input: a random message (1 in 5) or 1-3 stacked mutations of a seed. */
export function fuzzInput(rng: Prng, seeds: readonly Uint8Array[]): Uint8Array {
  if (seeds.length === 0 || rng.below(5) === 0) return randomMessage(rng);
  let out = rng.pick(seeds);
  for (let n = 1 + rng.below(3); n > 0; n--) out = mutateOnce(rng, out, seeds);
  return rng.below(2) === 0 ? withHeaderLength(out.slice()) : out;
}
