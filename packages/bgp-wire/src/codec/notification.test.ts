import { it as prop } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { BgpEncodeError, BgpMessageError } from './errors.js';
import {
  buildNotification,
  decodeNotificationBody,
  describeNotification,
  encodedNotificationLength,
  encodeNotification,
  encodeNotificationInto,
} from './notification.js';
import { arbNotificationMessage } from './testing/arb-messages.js';

const bytes = (hex: string) => new Uint8Array(Buffer.from(hex.replace(/\s/g, ''), 'hex'));
const hex = (buf: Uint8Array) => Buffer.from(buf).toString('hex');

describe('decodeNotificationBody', () => {
  it('reads code, subcode and data as a view', () => {
    const body = bytes('0302 0004');
    const n = decodeNotificationBody(body);
    expect(n).toEqual({ type: 'notification', errorCode: 3, errorSubcode: 2, data: bytes('0004') });
    expect(n.data.buffer).toBe(body.buffer);
  });

  it('reads a Shutdown Communication on Cease / Administrative Shutdown (RFC 9003)', () => {
    const n = decodeNotificationBody(bytes('0602 06 627965e280a6'));
    expect(n.shutdownCommunication).toBe('bye\u2026');
  });

  it('reads one on Administrative Reset too, and an empty one as ""', () => {
    expect(decodeNotificationBody(bytes('0604 03 616263')).shutdownCommunication).toBe('abc');
    expect(decodeNotificationBody(bytes('0602 00')).shutdownCommunication).toBe('');
  });

  it('reads 255 bytes, the RFC 9003 limit (RFC 8203 allowed 128)', () => {
    const text = 'x'.repeat(255);
    const n = decodeNotificationBody(bytes(`0602ff${Buffer.from(text).toString('hex')}`));
    expect(n.shutdownCommunication).toBe(text);
  });

  it.each([
    ['no data', '0602'],
    ['a length beyond the data', '0602 05 6162'],
    ['bytes after the text', '0602 01 61 62'],
    ['invalid UTF-8', '0602 02 c328'],
    ['another Cease subcode', '0603 03 616263'],
    ['another error code', '0202 03 616263'],
  ])(
    'leaves shutdownCommunication out for %s, keeping the data (RFC 9003 §4: log it)',
    (_, wire) => {
      const n = decodeNotificationBody(bytes(wire));
      expect(n.shutdownCommunication).toBeUndefined();
      expect(hex(n.data)).toBe(wire.replace(/\s/g, '').slice(4));
    },
  );

  it.each(['', '06'])(
    'throws for a body of %s (under 2 bytes), with a code that says not to answer',
    (wire) => {
      let err: unknown;
      try {
        decodeNotificationBody(bytes(wire));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(BgpMessageError);
      const e = err as BgpMessageError;
      expect([e.code, e.errorCode, e.errorSubcode, e.action]).toEqual([
        'BGP_ERR_BAD_NOTIFICATION',
        1,
        2,
        'session-reset',
      ]);
    },
  );
});

describe('buildNotification', () => {
  it('encodes a Shutdown Communication as length octet + UTF-8', () => {
    const n = buildNotification({ errorCode: 6, errorSubcode: 2, shutdownCommunication: 'ré' });
    expect(hex(n.data)).toBe('0372c3a9');
    expect(n.shutdownCommunication).toBe('ré');
    expect(hex(encodeNotification(n))).toBe(`${'ff'.repeat(16)}0019030602${'0372c3a9'}`);
  });

  it('takes plain data for any other error', () => {
    const n = buildNotification({ errorCode: 1, errorSubcode: 2, data: bytes('0011') });
    expect(n).toEqual({ type: 'notification', errorCode: 1, errorSubcode: 2, data: bytes('0011') });
    expect(buildNotification({ errorCode: 4, errorSubcode: 0 }).data.length).toBe(0);
  });

  it.each([
    [
      'over 255 bytes of UTF-8',
      { errorCode: 6, errorSubcode: 2, shutdownCommunication: '\u00e9'.repeat(128) },
    ],
    ['on a subcode without one', { errorCode: 6, errorSubcode: 3, shutdownCommunication: 'x' }],
    [
      'together with data',
      { errorCode: 6, errorSubcode: 4, shutdownCommunication: 'x', data: bytes('00') },
    ],
    ['an error code over 255', { errorCode: 256, errorSubcode: 0 }],
  ])('refuses a communication %s', (_, options) => {
    expect(() => buildNotification(options)).toThrow(BgpEncodeError);
  });
});

describe('encodeNotificationInto', () => {
  it('writes at offset 10 of a larger buffer, returning the length it promised', () => {
    const n = buildNotification({ errorCode: 6, errorSubcode: 4, shutdownCommunication: 'reset' });
    const length = encodedNotificationLength(n);
    const out = new Uint8Array(length + 20);
    expect(encodeNotificationInto(n, out, 10)).toBe(length);
    expect(hex(out.subarray(10, 10 + length))).toBe(hex(encodeNotification(n)));
    expect(out[9] + out[10 + length]).toBe(0);
  });

  it('refuses a Shutdown Communication it would drop (set by hand, data left empty)', () => {
    const n = {
      type: 'notification' as const,
      errorCode: 6,
      errorSubcode: 2,
      data: new Uint8Array(0),
      shutdownCommunication: 'x',
    };
    expect(() => encodeNotification(n)).toThrow(BgpEncodeError);
  });

  it('refuses a buffer without room', () => {
    expect(() =>
      encodeNotificationInto(
        buildNotification({ errorCode: 4, errorSubcode: 0 }),
        new Uint8Array(20),
        0,
      ),
    ).toThrow(BgpEncodeError);
  });

  prop.prop([arbNotificationMessage])('decodes what it encodes, for any NOTIFICATION', (n) => {
    const wire = encodeNotification(n);
    expect(wire.length).toBe(encodedNotificationLength(n));
    expect(decodeNotificationBody(wire.subarray(19))).toEqual(n);
  });
});

describe('describeNotification', () => {
  it.each([
    [6, 2, 'Cease / Administrative Shutdown'],
    [6, 4, 'Cease / Administrative Reset'],
    [4, 0, 'Hold Timer Expired'],
    [2, 0, 'OPEN Message Error'],
    [2, 11, 'OPEN Message Error / Role Mismatch'],
    [5, 0, 'Finite State Machine Error / Unspecified Error'],
    [7, 1, 'ROUTE-REFRESH Message Error / Invalid Message Length'],
    [3, 42, 'UPDATE Message Error / subcode 42'],
    [99, 1, 'error code 99 / subcode 1'],
  ])('names code %i subcode %i "%s"', (errorCode, errorSubcode, name) => {
    expect(describeNotification({ errorCode, errorSubcode })).toBe(name);
  });
});
