/**
 * Properties of the UPDATE codec (STYLE.md §8): round trip, byte exactness, stability, and
 * "only BgpMessageError escapes" on arbitrary and mutated bytes, under several session contexts.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { HEADER_LENGTH } from './constants.js';
import { type CodecContext, makeContext } from './context.js';
import { BgpMessageError } from './errors.js';
import { arbUpdateMessage, withoutFlags } from './testing/arb-update.js';
import { decodeUpdateBody, encodeUpdate } from './update.js';

const CONTEXTS: Record<string, CodecContext> = {
  default: makeContext(),
  as2: makeContext({ fourOctetAs: false }),
  ibgp: makeContext({ ibgp: true }),
  addPath: makeContext({ addPath: { ipv4: true, ipv6: true } }),
};

const bodyOf = (message: Uint8Array) => message.subarray(HEADER_LENGTH);

/** decode, returning the error instead of throwing it. */
function tryDecode(body: Uint8Array, ctx: CodecContext): unknown {
  try {
    return decodeUpdateBody(body, ctx);
  } catch (err) {
    return err;
  }
}

describe.each(Object.entries(CONTEXTS))('UPDATE properties (%s context)', (_name, ctx) => {
  test.prop([arbUpdateMessage(ctx)])('decode(encode(msg)) equals msg, without error', (msg) => {
    const decoded = decodeUpdateBody(bodyOf(encodeUpdate(msg, ctx)), ctx);
    expect(decoded.error).toBeUndefined();
    expect(withoutFlags(decoded)).toEqual(withoutFlags(msg));
  });

  test.prop([arbUpdateMessage(ctx, { wireFlags: true })])(
    'encode(decode(bytes)) equals bytes for valid messages with received-style flags',
    (msg) => {
      const bytes = encodeUpdate(msg, ctx);
      const decoded = decodeUpdateBody(bodyOf(bytes), ctx);
      expect(decoded.error).toBeUndefined();
      expect(Buffer.from(encodeUpdate(decoded, ctx)).toString('hex')).toBe(
        Buffer.from(bytes).toString('hex'),
      );
    },
  );

  test.prop([
    arbUpdateMessage(ctx, { wireFlags: true }),
    fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 }),
    fc.nat(),
  ])(
    'mutated bytes only throw BgpMessageError, and what decodes re-encodes stably',
    (msg, mutations, cut) => {
      const body = Uint8Array.from(bodyOf(encodeUpdate(msg, ctx)));
      for (const [at, value] of mutations) if (body.length > 0) body[at % body.length] = value;
      const input = cut % 4 === 0 ? body.subarray(0, cut % (body.length + 1)) : body;
      const result = tryDecode(input, ctx);
      if (!(result instanceof BgpMessageError)) {
        expect(result).not.toBeInstanceOf(Error);
        const first = result as ReturnType<typeof decodeUpdateBody>;
        const again = decodeUpdateBody(bodyOf(encodeUpdate(first, ctx)), ctx);
        expect(withoutFlags(again)).toEqual(withoutFlags(first));
      }
    },
  );

  test.prop([fc.uint8Array({ maxLength: 200 })])(
    'arbitrary bytes only throw BgpMessageError',
    (bytes) => {
      const result = tryDecode(bytes, ctx);
      if (result instanceof Error) expect(result).toBeInstanceOf(BgpMessageError);
    },
  );
});
