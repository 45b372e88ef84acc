import { fc, it as prop } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { BgpMessageError } from './errors.js';
import { MessageFramer } from './framer.js';
import { writeHeader } from './header.js';
import { encodeKeepalive } from './keepalive.js';
import { buildNotification, encodeNotification } from './notification.js';
import { buildOpen, encodeOpen } from './open.js';
import { encodeRouteRefresh } from './route-refresh.js';
import { arbFramedGarbage, arbNonUpdateMessage } from './testing/arb-messages.js';
import type { BgpMessage } from './types.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The non-UPDATE encoders, so these tests do not depend on update.ts. */
function encode(msg: BgpMessage): Uint8Array {
  switch (msg.type) {
    case 'open':
      return encodeOpen(msg);
    case 'notification':
      return encodeNotification(msg);
    case 'keepalive':
      return encodeKeepalive();
    case 'route-refresh':
      return encodeRouteRefresh(msg);
    default:
      throw new Error('UPDATE is not used here');
  }
}

/** A message of `length` bytes with a valid header; the body is a counter. */
function message(length: number, type = 2): Uint8Array {
  const out = new Uint8Array(length);
  writeHeader(out, 0, length, type);
  for (let i = 19; i < length; i++) out[i] = i & 0xff;
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** Pushes `chunks`, draining after each push; returns the messages as hex. */
function frame(chunks: Uint8Array[], framer = new MessageFramer()): string[] {
  const out: string[] = [];
  for (const chunk of chunks) {
    framer.push(chunk);
    for (const msg of framer) out.push(hex(msg));
  }
  return out;
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

const OPEN = encodeOpen(
  buildOpen({ myAs: 64512, holdTimeSec: 90, bgpIdentifier: '192.0.2.1', capabilities: [] }),
);
const KEEPALIVE = encodeKeepalive();
const REFRESH = encodeRouteRefresh({ type: 'route-refresh', afi: 1, safi: 1, subtype: 0 });
const STREAM = [OPEN, KEEPALIVE, message(300), REFRESH, message(23), KEEPALIVE];
const EXPECTED = STREAM.map(hex);

describe('MessageFramer', () => {
  it('returns nothing until a whole message is buffered', () => {
    const framer = new MessageFramer();
    framer.push(OPEN.subarray(0, 10));
    expect(framer.next()).toBeUndefined();
    framer.push(OPEN.subarray(10, OPEN.length - 1));
    expect(framer.next()).toBeUndefined();
    expect(framer.bufferedLength).toBe(OPEN.length - 1);
    framer.push(OPEN.subarray(OPEN.length - 1));
    expect(hex(framer.next()!)).toBe(hex(OPEN));
    expect(framer.next()).toBeUndefined();
    expect(framer.bufferedLength).toBe(0);
  });

  it('gives the same messages fed one byte at a time', () => {
    const stream = concat(STREAM);
    const bytes = Array.from(stream, (_, i) => stream.subarray(i, i + 1));
    expect(frame(bytes)).toEqual(EXPECTED);
  });

  it('returns views into the chunk when messages arrive whole (zero-copy)', () => {
    const stream = concat(STREAM);
    const framer = new MessageFramer();
    framer.push(stream);
    const messages = [...framer];
    expect(messages.map(hex)).toEqual(EXPECTED);
    for (const msg of messages) expect(msg.buffer).toBe(stream.buffer);
  });

  it('copies only the message split across chunks, and views the rest of the chunk', () => {
    const stream = concat(STREAM);
    const cut = OPEN.length + 5;
    const framer = new MessageFramer();
    framer.push(stream.subarray(0, cut));
    expect(hex(framer.next()!)).toBe(hex(OPEN));
    expect(framer.next()).toBeUndefined();
    framer.push(stream.subarray(cut));
    const [stitched, ...rest] = [...framer];
    expect(hex(stitched)).toBe(hex(KEEPALIVE));
    expect(stitched.buffer).not.toBe(stream.buffer);
    expect(rest.map(hex)).toEqual(EXPECTED.slice(2));
    for (const msg of rest) expect(msg.buffer).toBe(stream.buffer);
  });

  it('stitches a message whose length field straddles two chunks', () => {
    const stream = concat(STREAM);
    const cut = OPEN.length + 17;
    expect(frame([stream.subarray(0, cut), stream.subarray(cut)])).toEqual(EXPECTED);
  });

  it('keeps every message when chunks are pushed without draining in between', () => {
    const stream = concat(STREAM);
    const framer = new MessageFramer();
    const bounds = [0, 7, 40, 41, 200, 333, stream.length];
    for (let i = 0; i < bounds.length - 1; i++)
      framer.push(stream.subarray(bounds[i], bounds[i + 1]));
    expect([...framer].map(hex)).toEqual(EXPECTED);
  });

  it('never writes into the chunks it is given', () => {
    const stream = concat(STREAM);
    const before = hex(stream);
    const bounds = [0, 5, 60, 61, 62, 400, stream.length];
    const chunks = bounds.slice(1).map((end, i) => stream.subarray(bounds[i], end));
    expect(frame(chunks)).toEqual(EXPECTED);
    expect(hex(stream)).toBe(before);
  });

  it('fails on a bad marker as soon as the header is in, and stays failed', () => {
    const bad = message(4000);
    bad[3] = 0;
    const framer = new MessageFramer();
    framer.push(bad.subarray(0, 19));
    const err = caught(() => framer.next());
    expect([err.code, err.errorCode, err.errorSubcode, err.action]).toEqual([
      'BGP_ERR_CONNECTION_NOT_SYNCHRONIZED',
      1,
      1,
      'session-reset',
    ]);
    expect(caught(() => framer.next())).toBe(err);
    expect(caught(() => framer.push(KEEPALIVE))).toBe(err);
  });

  it('fails on a length over the limit without waiting for the body', () => {
    const framer = new MessageFramer();
    framer.push(message(5000).subarray(0, 19));
    const err = caught(() => framer.next());
    expect([err.code, err.errorCode, err.errorSubcode]).toEqual([
      'BGP_ERR_BAD_MESSAGE_LENGTH',
      1,
      2,
    ]);
    expect([...err.data]).toEqual([5000 >> 8, 5000 & 0xff]);
  });

  it('waits for a whole ROUTE-REFRESH of the wrong length, as its data is the message (RFC 7313 §5)', () => {
    const bad = message(30, 5);
    const framer = new MessageFramer();
    framer.push(bad.subarray(0, 25));
    expect(framer.next()).toBeUndefined();
    framer.push(bad.subarray(25));
    const err = caught(() => framer.next());
    expect([err.code, err.errorCode, err.errorSubcode]).toEqual([
      'BGP_ERR_BAD_ROUTE_REFRESH',
      7,
      1,
    ]);
    expect(hex(err.data)).toBe(hex(bad));
  });

  it('applies an extended-message limit negotiated mid-chunk from the next message on', () => {
    let extended = false;
    const framer = new MessageFramer({ maxMessageLength: () => (extended ? 65535 : 4096) });
    framer.push(concat([OPEN, message(10000), KEEPALIVE]));
    expect(hex(framer.next()!)).toBe(hex(OPEN));
    extended = true; // the session read the OPEN and agreed on RFC 8654 extended messages
    expect(framer.next()!.length).toBe(10000);
    expect(hex(framer.next()!)).toBe(hex(KEEPALIVE));
  });

  it('takes its limit from a context', () => {
    const framer = new MessageFramer({
      ctx: {
        fourOctetAs: true,
        addPath: { ipv4: false, ipv6: false },
        extendedMessages: true,
        ibgp: false,
      },
    });
    framer.push(message(10000));
    expect(framer.next()!.length).toBe(10000);
  });

  it('grows its buffer for a large message split into many chunks', () => {
    const big = message(65535);
    const framer = new MessageFramer({ maxMessageLength: () => 65535 });
    const chunks = [];
    for (let at = 0; at < big.length; at += 1000) chunks.push(big.subarray(at, at + 1000));
    expect(frame([...chunks, KEEPALIVE], framer)).toEqual([hex(big), hex(KEEPALIVE)]);
  });

  prop.prop([
    fc.array(arbNonUpdateMessage, { minLength: 1, maxLength: 8 }),
    fc.array(fc.nat(), { maxLength: 12 }),
    fc.array(fc.boolean(), { maxLength: 12 }),
  ])(
    'gives the same messages for any split of the stream (pg-protocol split test)',
    (messages, cuts, drains) => {
      const encoded = messages.map(encode);
      const stream = concat(encoded);
      const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
      const bounds = [0, ...points, stream.length];
      const framer = new MessageFramer();
      const out: string[] = [];
      for (let i = 0; i < bounds.length - 1; i++) {
        framer.push(stream.subarray(bounds[i], bounds[i + 1]));
        // Sometimes pull after every push, sometimes let chunks pile up.
        if (drains[i] !== false) for (const msg of framer) out.push(hex(msg));
      }
      for (const msg of framer) out.push(hex(msg));
      expect(out).toEqual(encoded.map(hex));
      expect(framer.bufferedLength).toBe(0);
    },
  );

  prop.prop([
    fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      fc.array(arbFramedGarbage, { maxLength: 4 }).map(concat),
    ),
    fc.array(fc.nat(), { maxLength: 8 }),
  ])(
    'lets only BgpMessageError out of random bytes in random chunks, and terminates',
    (bytes, cuts) => {
      const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      const bounds = [0, ...points, bytes.length];
      const framer = new MessageFramer();
      try {
        for (let i = 0; i < bounds.length - 1; i++) {
          framer.push(bytes.subarray(bounds[i], bounds[i + 1]));
          for (const msg of framer) expect(msg.length).toBeGreaterThanOrEqual(19);
        }
      } catch (err) {
        expect(err).toBeInstanceOf(BgpMessageError);
      }
    },
  );
});

describe('MessageFramer with a NOTIFICATION', () => {
  it('frames a NOTIFICATION carrying a Shutdown Communication', () => {
    const bye = encodeNotification(
      buildNotification({ errorCode: 6, errorSubcode: 2, shutdownCommunication: 'bye' }),
    );
    expect(frame([bye.subarray(0, 20), bye.subarray(20)])).toEqual([hex(bye)]);
  });
});
