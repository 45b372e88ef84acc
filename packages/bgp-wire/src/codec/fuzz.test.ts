/**
 * The fuzz run: BGP_FUZZ_COUNT random and mutated messages (CI: 20,000; `npm run fuzz` in
 * packages/bgp-wire: 1,000,000) through decodeMessage under varied session contexts. Zero
 * escapes allowed: every fault must be a BgpMessageError. Messages that decode must encode
 * and decode again to the same value. BGP_FUZZ_SEED replays a run.
 */
import { describe, expect, it } from 'vitest';
import { toJsonValue } from '../cli/json.js';
import { type CodecContext, makeContext } from './context.js';
import { BgpMessageError } from './errors.js';
import { decodeMessage, encodeMessage } from './message.js';
import { fuzzInput, Prng } from './testing/mutate.js';
import { seedMessages } from './testing/seeds.js';

const COUNT = Number(process.env.BGP_FUZZ_COUNT ?? 20_000);
const SEED = Number(process.env.BGP_FUZZ_SEED ?? Date.now() % 2 ** 31);

const CONTEXTS: CodecContext[] = [
  makeContext(),
  makeContext({ fourOctetAs: false }),
  makeContext({ addPath: { ipv4: true, ipv6: true } }),
  makeContext({ ibgp: true }),
  makeContext({ extendedMessages: true, addPath: { ipv4: false, ipv6: true } }),
];

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const canonical = (m: object) => JSON.stringify(toJsonValue({ ...m, error: undefined }));

describe('fuzz: decodeMessage on random and mutated messages', () => {
  it(`lets only BgpMessageError escape, and re-encodes what it accepts stably (${COUNT} inputs)`, () => {
    const seeds = seedMessages();
    const rng = new Prng(SEED);
    const escapes: string[] = [];
    const unstable: string[] = [];
    const outcomes: Record<string, number> = { decoded: 0 };
    let slowestMs = 0;
    for (let i = 0; i < COUNT; i++) {
      const input = fuzzInput(rng, seeds);
      const ctx = rng.pick(CONTEXTS);
      const started = performance.now();
      try {
        const message = decodeMessage(input, ctx);
        const outcome =
          message.type === 'update' && message.error ? message.error.action : 'decoded';
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        // A treat-as-withdraw UPDATE is only good for its prefixes; re-encoding it means nothing.
        if (outcome !== 'treat-as-withdraw') {
          const again = decodeMessage(encodeMessage(message, ctx), ctx);
          if (canonical(again) !== canonical(message)) unstable.push(hex(input));
        }
      } catch (err) {
        if (err instanceof BgpMessageError) outcomes[err.action] = (outcomes[err.action] ?? 0) + 1;
        else escapes.push(`${hex(input)} ${String(err)}`);
      }
      slowestMs = Math.max(slowestMs, performance.now() - started);
    }
    console.log(
      `fuzz: ${COUNT} inputs, seed ${SEED}, ${escapes.length} escapes, ${unstable.length} unstable, ` +
        `slowest ${slowestMs.toFixed(1)} ms, outcomes ${JSON.stringify(outcomes)}`,
    );
    expect(escapes.slice(0, 5)).toEqual([]);
    expect(unstable.slice(0, 5)).toEqual([]);
    // A hang would show as one input taking far longer than any decode should.
    expect(slowestMs).toBeLessThan(1000);
  }, 3_600_000);
});
