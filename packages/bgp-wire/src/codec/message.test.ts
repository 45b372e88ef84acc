import { fc, it as prop } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { makeContext } from './context.js';
import { BgpEncodeError, BgpMessageError } from './errors.js';
import { MessageFramer } from './framer.js';
import {
  decodeMessage,
  encodedMessageLength,
  encodeMessage,
  encodeMessageInto,
} from './message.js';
import { buildNotification } from './notification.js';
import { buildOpen } from './open.js';
import { arbFramedGarbage, arbNonUpdateMessage } from './testing/arb-messages.js';
import { listVectorFiles, readExpected, readVectorFile } from './testing/vectors.js';
import type { BgpMessage } from './types.js';

const hex = (buf: Uint8Array) => Buffer.from(buf).toString('hex');
const ctx = makeContext();

/** dns-packet's testEncoder: the promised length is what gets written, at offset 0 and 10. */
function testEncoder(msg: BgpMessage, context = ctx): Uint8Array {
  const length = encodedMessageLength(msg, context);
  const alone = encodeMessage(msg, context);
  expect(alone.length).toBe(length);
  const out = new Uint8Array(length + 20);
  expect(encodeMessageInto(msg, context, out, 10)).toBe(length);
  expect(hex(out.subarray(10, 10 + length))).toBe(hex(alone));
  expect(out[9]).toBe(0);
  expect(out[10 + length]).toBe(0);
  return alone;
}

function caught(fn: () => unknown): BgpMessageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BgpMessageError);
    return err as BgpMessageError;
  }
  throw new Error('expected a BgpMessageError');
}

/** Every non-UPDATE message of the golden vectors, with its expected value. */
const GOLDEN = listVectorFiles().flatMap((file) => {
  const expected = readExpected(file);
  return readVectorFile(file)
    .messages.map((m, i) => [`${file} #${i + 1} ${m.label}`, m.bytes, expected[i]] as const)
    .filter(([, wire]) => wire[18] !== 2);
});

describe('decodeMessage and encodeMessage on golden vectors', () => {
  it('has OPEN, KEEPALIVE, NOTIFICATION and ROUTE-REFRESH vectors', () => {
    expect(new Set(GOLDEN.map(([, wire]) => wire[18]))).toEqual(new Set([1, 3, 4, 5]));
  });

  it.each(GOLDEN)(
    '%s: decodes to the expected value and re-encodes byte for byte',
    (_, wire, value) => {
      const msg = decodeMessage(wire, ctx);
      expect(msg).toEqual(value);
      expect(hex(testEncoder(msg))).toBe(hex(wire));
    },
  );

  it('frames a whole captured session fed in awkward chunks', () => {
    const stream = new Uint8Array(Buffer.concat(GOLDEN.map(([, wire]) => wire)));
    const framer = new MessageFramer({ ctx });
    let count = 0;
    for (let at = 0; at < stream.length; at += 7) {
      framer.push(stream.subarray(at, at + 7));
      // Decoded byte fields are views into the framer's buffer: check them before the next push.
      for (const message of framer) expect(decodeMessage(message, ctx)).toEqual(GOLDEN[count++][2]);
    }
    expect(count).toBe(GOLDEN.length);
  });
});

describe('decodeMessage', () => {
  const keepalive = encodeMessage({ type: 'keepalive' });

  it('rejects more bytes than the header says, as Bad Message Length', () => {
    const err = caught(() => decodeMessage(new Uint8Array([...keepalive, 0]), ctx));
    expect([err.code, err.errorCode, err.errorSubcode, err.action]).toEqual([
      'BGP_ERR_BAD_MESSAGE_LENGTH',
      1,
      2,
      'session-reset',
    ]);
  });

  it('rejects a truncated message as Bad Message Length', () => {
    const open = encodeMessage(
      buildOpen({ myAs: 65001, holdTimeSec: 90, bgpIdentifier: '192.0.2.1' }),
    );
    const err = caught(() => decodeMessage(open.subarray(0, open.length - 1), ctx));
    expect([err.code, err.errorCode, err.errorSubcode]).toEqual([
      'BGP_ERR_BAD_MESSAGE_LENGTH',
      1,
      2,
    ]);
  });

  it('dispatches UPDATE to update.ts (End-of-RIB for IPv4 unicast)', () => {
    const eor = new Uint8Array(Buffer.from(`${'ff'.repeat(16)}00170200000000`, 'hex'));
    const msg = decodeMessage(eor, ctx);
    expect(msg.type).toBe('update');
    expect(hex(testEncoder(msg))).toBe(hex(eor));
  });

  prop.prop([fc.oneof(fc.uint8Array({ maxLength: 200 }), arbFramedGarbage)])(
    'lets only BgpMessageError out of random bytes (UPDATE included)',
    (bytes) => {
      try {
        decodeMessage(bytes, ctx);
      } catch (err) {
        expect(err).toBeInstanceOf(BgpMessageError);
      }
    },
  );

  prop.prop([arbFramedGarbage.filter((bytes) => bytes[18] !== 2)])(
    'is stable on what it accepts: decode, encode, decode gives the same value',
    (bytes) => {
      let msg: BgpMessage;
      try {
        msg = decodeMessage(bytes, ctx);
      } catch (err) {
        expect(err).toBeInstanceOf(BgpMessageError);
        return;
      }
      expect(decodeMessage(encodeMessage(msg, ctx), ctx)).toEqual(msg);
    },
  );
});

describe('encodeMessageInto', () => {
  it.each<[string, BgpMessage]>([
    ['OPEN', buildOpen({ myAs: 4200000001, holdTimeSec: 90, bgpIdentifier: '192.0.2.11' })],
    ['KEEPALIVE', { type: 'keepalive' }],
    [
      'NOTIFICATION',
      buildNotification({ errorCode: 6, errorSubcode: 2, shutdownCommunication: 'bye' }),
    ],
    ['ROUTE-REFRESH', { type: 'route-refresh', afi: 2, safi: 1, subtype: 1 }],
    ['UPDATE', { type: 'update', withdrawn: [], attributes: [], nlri: [] }],
  ])('writes a %s at offset 10 of a larger buffer, as long as promised', (_, msg) => {
    testEncoder(msg);
  });

  it('refuses a NOTIFICATION over 4096 bytes unless extended messages are negotiated (RFC 8654)', () => {
    const big = buildNotification({ errorCode: 3, errorSubcode: 1, data: new Uint8Array(4080) });
    expect(() => encodeMessage(big, ctx)).toThrow(BgpEncodeError);
    expect(testEncoder(big, makeContext({ extendedMessages: true })).length).toBe(4101);
  });

  it('refuses a buffer without room', () => {
    expect(() => encodeMessageInto({ type: 'keepalive' }, ctx, new Uint8Array(18), 0)).toThrow(
      BgpEncodeError,
    );
  });

  prop.prop([arbNonUpdateMessage])('decodes what it encodes, for any non-UPDATE message', (msg) => {
    expect(decodeMessage(testEncoder(msg), ctx)).toEqual(msg);
  });
});
