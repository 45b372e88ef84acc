import { describe, expect, it } from 'vitest';
import { BgpEncodeError, BgpMessageError } from './errors.js';
import {
  decodeKeepaliveBody,
  encodedKeepaliveLength,
  encodeKeepalive,
  encodeKeepaliveInto,
} from './keepalive.js';

const hex = (buf: Uint8Array) => Buffer.from(buf).toString('hex');

describe('KEEPALIVE', () => {
  it('is a bare 19-byte header of type 4', () => {
    expect(hex(encodeKeepalive())).toBe(`${'ff'.repeat(16)}001304`);
    expect(decodeKeepaliveBody(new Uint8Array(0))).toEqual({ type: 'keepalive' });
  });

  it('writes at offset 10 of a larger buffer', () => {
    const out = new Uint8Array(40);
    expect(encodeKeepaliveInto(out, 10)).toBe(encodedKeepaliveLength());
    expect(hex(out.subarray(10, 29))).toBe(hex(encodeKeepalive()));
    expect(out[9] + out[29]).toBe(0);
  });

  it('refuses a buffer without room', () => {
    expect(() => encodeKeepaliveInto(new Uint8Array(19), 1)).toThrow(BgpEncodeError);
  });

  it('rejects a body as Bad Message Length with the length as data (RFC 4271 §6.1)', () => {
    let err: unknown;
    try {
      decodeKeepaliveBody(new Uint8Array(1));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BgpMessageError);
    const e = err as BgpMessageError;
    expect([e.code, e.errorCode, e.errorSubcode, e.action]).toEqual([
      'BGP_ERR_BAD_MESSAGE_LENGTH',
      1,
      2,
      'session-reset',
    ]);
    expect(hex(e.data)).toBe('0014');
  });
});
