import { describe, expect, it } from 'vitest';
import { makeContext } from './context.js';
import { BgpEncodeError, BgpMessageError } from './errors.js';
import { readHeader, writeHeader } from './header.js';

const ctx = makeContext();

/** A header (plus `extra` zero bytes of body) claiming `length` and `type`. */
function header(length: number, type: number, extra = 0): Uint8Array {
  const out = new Uint8Array(19 + extra).fill(0xff, 0, 16);
  out[16] = length >> 8;
  out[17] = length & 0xff;
  out[18] = type;
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

describe('writeHeader', () => {
  it('writes the all-ones marker, the length and the type at an offset', () => {
    const out = new Uint8Array(40);
    writeHeader(out, 10, 0x1234, 2);
    expect(Buffer.from(out.subarray(10, 29)).toString('hex')).toBe(`${'ff'.repeat(16)}123402`);
    expect(out[9]).toBe(0);
    expect(out[29]).toBe(0);
  });

  it('refuses a length that cannot be a message', () => {
    expect(() => writeHeader(new Uint8Array(19), 0, 18, 4)).toThrow(BgpEncodeError);
  });
});

describe('readHeader', () => {
  it('returns length and type of a valid header at an offset', () => {
    const buf = new Uint8Array(5 + 23);
    writeHeader(buf, 5, 23, 5);
    expect(readHeader(buf, 5, ctx)).toEqual({ length: 23, type: 5 });
  });

  it('rejects a marker that is not all ones: Connection Not Synchronized (RFC 4271 §6.1)', () => {
    const buf = header(19, 4);
    buf[7] = 0xfe;
    const err = caught(() => readHeader(buf, 0, ctx));
    expect(err.code).toBe('BGP_ERR_CONNECTION_NOT_SYNCHRONIZED');
    expect([err.errorCode, err.errorSubcode, err.action]).toEqual([1, 1, 'session-reset']);
  });

  it.each([
    ['under 19', 18, 4],
    ['over 4096 without extended messages', 4097, 2],
    ['an OPEN under 29', 28, 1],
    ['an UPDATE under 23', 22, 2],
    ['a KEEPALIVE over 19', 20, 4],
  ])(
    'rejects a length %s with Bad Message Length and the length field as data',
    (_, length, type) => {
      const err = caught(() => readHeader(header(length, type), 0, ctx));
      expect(err.code).toBe('BGP_ERR_BAD_MESSAGE_LENGTH');
      expect([err.errorCode, err.errorSubcode, err.action]).toEqual([1, 2, 'session-reset']);
      expect([...err.data]).toEqual([length >> 8, length & 0xff]);
    },
  );

  it('allows 65535 bytes once extended messages are negotiated (RFC 8654)', () => {
    const extended = makeContext({ extendedMessages: true });
    expect(readHeader(header(65535, 2), 0, extended)).toEqual({ length: 65535, type: 2 });
  });

  it('keeps OPEN within 4096 bytes even with extended messages (RFC 8654 §4)', () => {
    const extended = makeContext({ extendedMessages: true });
    const err = caught(() => readHeader(header(4097, 1), 0, extended));
    expect([err.code, err.errorCode, err.errorSubcode]).toEqual([
      'BGP_ERR_BAD_MESSAGE_LENGTH',
      1,
      2,
    ]);
  });

  it('rejects an unknown type with Bad Message Type and the type octet as data', () => {
    const err = caught(() => readHeader(header(19, 6), 0, ctx));
    expect(err.code).toBe('BGP_ERR_BAD_MESSAGE_TYPE');
    expect([err.errorCode, err.errorSubcode, err.action]).toEqual([1, 3, 'session-reset']);
    expect([...err.data]).toEqual([6]);
  });

  it('rejects a short NOTIFICATION with a code that says not to answer it (RFC 4271 §6.4)', () => {
    const err = caught(() => readHeader(header(20, 3), 0, ctx));
    expect(err.code).toBe('BGP_ERR_BAD_NOTIFICATION');
    expect([err.errorCode, err.errorSubcode, err.action]).toEqual([1, 2, 'session-reset']);
    expect([...err.data]).toEqual([0, 20]);
  });

  it('reports a ROUTE-REFRESH of the wrong length as ROUTE-REFRESH Message Error with the message as data (RFC 7313 §5)', () => {
    const buf = header(24, 5, 5);
    buf[19] = 0;
    buf[20] = 1;
    const err = caught(() => readHeader(buf, 0, ctx));
    expect(err.code).toBe('BGP_ERR_BAD_ROUTE_REFRESH');
    expect([err.errorCode, err.errorSubcode, err.action]).toEqual([7, 1, 'session-reset']);
    expect(err.data).toEqual(buf.subarray(0, 24));
  });

  it('throws Bad Message Length, not a RangeError, for fewer than 19 bytes', () => {
    const err = caught(() => readHeader(new Uint8Array(10).fill(0xff), 0, ctx));
    expect([err.code, err.errorCode, err.errorSubcode]).toEqual([
      'BGP_ERR_BAD_MESSAGE_LENGTH',
      1,
      2,
    ]);
  });
});
