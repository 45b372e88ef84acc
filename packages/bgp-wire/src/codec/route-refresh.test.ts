import { it as prop } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { BgpEncodeError, BgpMessageError } from './errors.js';
import {
  decodeRouteRefreshBody,
  encodedRouteRefreshLength,
  encodeRouteRefresh,
  encodeRouteRefreshInto,
} from './route-refresh.js';
import { arbRouteRefreshMessage } from './testing/arb-messages.js';
import type { RouteRefreshMessage } from './types.js';

const hex = (buf: Uint8Array) => Buffer.from(buf).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

describe('ROUTE-REFRESH', () => {
  it.each<[string, string, RouteRefreshMessage]>([
    [
      'a normal request for IPv4 unicast (RFC 2918)',
      '00010001',
      { type: 'route-refresh', afi: 1, safi: 1, subtype: 0 },
    ],
    [
      'BoRR for IPv6 unicast (RFC 7313)',
      '00020101',
      { type: 'route-refresh', afi: 2, safi: 1, subtype: 1 },
    ],
    ['EoRR for IPv6 unicast', '00020201', { type: 'route-refresh', afi: 2, safi: 1, subtype: 2 }],
    [
      'subtype 7, kept for the session to ignore (RFC 7313 §5)',
      '00010701',
      { type: 'route-refresh', afi: 1, safi: 1, subtype: 7 },
    ],
  ])('decodes and encodes %s', (_, body, msg) => {
    expect(decodeRouteRefreshBody(bytes(body))).toEqual(msg);
    expect(hex(encodeRouteRefresh(msg))).toBe(`${'ff'.repeat(16)}001705${body}`);
  });

  it('rejects a body that is not 4 bytes: ROUTE-REFRESH Message Error / Invalid Message Length', () => {
    let err: unknown;
    try {
      decodeRouteRefreshBody(bytes('0001000100'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BgpMessageError);
    const e = err as BgpMessageError;
    expect([e.code, e.errorCode, e.errorSubcode, e.action]).toEqual([
      'BGP_ERR_BAD_ROUTE_REFRESH',
      7,
      1,
      'session-reset',
    ]);
  });

  it('writes at offset 10 of a larger buffer', () => {
    const msg: RouteRefreshMessage = { type: 'route-refresh', afi: 2, safi: 1, subtype: 2 };
    const out = new Uint8Array(50);
    expect(encodeRouteRefreshInto(msg, out, 10)).toBe(encodedRouteRefreshLength());
    expect(hex(out.subarray(10, 33))).toBe(hex(encodeRouteRefresh(msg)));
    expect(out[9] + out[33]).toBe(0);
  });

  it.each<[string, RouteRefreshMessage]>([
    ['an AFI over 65535', { type: 'route-refresh', afi: 70000, safi: 1, subtype: 0 }],
    ['a subtype over 255', { type: 'route-refresh', afi: 1, safi: 1, subtype: 256 }],
  ])('refuses %s', (_, msg) => {
    expect(() => encodeRouteRefresh(msg)).toThrow(BgpEncodeError);
  });

  prop.prop([arbRouteRefreshMessage])('decodes what it encodes', (msg) => {
    expect(decodeRouteRefreshBody(encodeRouteRefresh(msg).subarray(19))).toEqual(msg);
  });
});
