import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTEXT } from '../codec/context.js';
import type { NegotiatedSession } from '../fsm/negotiate.js';
import type { SessionInfo } from '../session/session-types.js';
import { resolveAttributes } from './resolve-attributes.js';
import { DEFAULT_ATTRIBUTES, routeTemplate } from './route.js';

function info(over: Partial<NegotiatedSession> = {}, localAddress = '192.0.2.11'): SessionInfo {
  const negotiated = {
    localAs: 4200000001,
    peerAs: 64512,
    ibgp: false,
    fourOctetAs: true,
    sendContext: DEFAULT_CONTEXT,
    ...over,
  } as NegotiatedSession;
  return { negotiated, localAddress, remoteAddress: '192.0.2.1', gracefulShutdown: false };
}

const PEER = { localAs: 4200000001 };

describe('resolveAttributes', () => {
  it('prepends our AS on eBGP, with next hop self and no LOCAL_PREF', () => {
    const r = resolveAttributes(DEFAULT_ATTRIBUTES, info(), PEER);
    expect(r.ipv4).toEqual([
      { type: 'origin', origin: 'igp' },
      { type: 'as-path', segments: [{ type: 'sequence', asns: [4200000001] }] },
      { type: 'next-hop', nextHop: '192.0.2.11' },
    ]);
    expect(r.ipv6?.nextHops).toEqual(['::ffff:192.0.2.11']);
  });

  it('sends AS_TRANS plus AS4_PATH to a peer without 4-octet AS (RFC 6793 §4.2.2)', () => {
    const r = resolveAttributes(DEFAULT_ATTRIBUTES, info({ fourOctetAs: false }), PEER);
    expect(r.ipv4?.slice(1, 3)).toEqual([
      { type: 'as-path', segments: [{ type: 'sequence', asns: [23456] }] },
      { type: 'as4-path', segments: [{ type: 'sequence', asns: [4200000001] }] },
    ]);
  });

  it('sends LOCAL_PREF 100 and the route AS_PATH as is on iBGP, GRACEFUL_SHUTDOWN when draining', () => {
    const t = routeTemplate(
      { prefix: 'p', asPath: [65001], communities: ['65000:1'] },
      '192.0.2.0/24',
    );
    const s = { ...info({ ibgp: true }), gracefulShutdown: true };
    const r = resolveAttributes(t.attributes, s, PEER);
    expect(r.ipv4).toContainEqual({ type: 'local-pref', localPref: 100 });
    expect(r.ipv4).toContainEqual({
      type: 'as-path',
      segments: [{ type: 'sequence', asns: [65001] }],
    });
    expect(r.ipv4).toContainEqual({ type: 'communities', communities: ['65000:1', '65535:0'] });
  });

  it('takes the route next hop, then the peer override, then the local address', () => {
    const t = routeTemplate({ prefix: 'p', nextHop: '192.0.2.99' }, '192.0.2.0/24');
    expect(resolveAttributes(t.attributes, info(), PEER).ipv4).toContainEqual({
      type: 'next-hop',
      nextHop: '192.0.2.99',
    });
    const override = { ...PEER, nextHopIpv4: '192.0.2.50', nextHopIpv6: ['2001:db8::50'] };
    const r = resolveAttributes(DEFAULT_ATTRIBUTES, info(), override);
    expect(r.ipv4).toContainEqual({ type: 'next-hop', nextHop: '192.0.2.50' });
    expect(r.ipv6?.nextHops).toEqual(['2001:db8::50']);
  });

  it('has no IPv4 next hop on an IPv6 session unless configured', () => {
    const r = resolveAttributes(DEFAULT_ATTRIBUTES, info({}, '2001:db8:1::11'), PEER);
    expect(r.ipv4).toBeUndefined();
    expect(r.ipv6?.nextHops).toEqual(['2001:db8:1::11']);
  });
});
