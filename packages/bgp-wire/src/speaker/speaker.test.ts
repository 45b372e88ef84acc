/**
 * Two of our own speakers over the in-memory pair with a ManualClock: establishing,
 * announcing with attributes, withdrawing, coalescing, eBGP/iBGP rules, IPv6, scopes.
 * Speaker B keeps an Adj-RIB-In, which is what "the peer's view" means here.
 */
import { describe, expect, it } from 'vitest';
import { BgpError } from '../codec/errors.js';
import type { PathAttribute } from '../codec/types.js';
import { isEndOfRib } from '../codec/update.js';
import type { ReceivedRoute } from '../session/adj-rib-in.js';
import { speakerPair, until } from './testing/memory-network.js';

function attr<T extends PathAttribute['type']>(route: ReceivedRoute | undefined, type: T) {
  return route?.attributes.find((a) => a.type === type) as
    | Extract<PathAttribute, { type: T }>
    | undefined;
}

describe('BgpSpeaker over the in-memory pair', () => {
  it('establishes eBGP and sends routes with AS_PATH prepended, next hop self and no LOCAL_PREF', async () => {
    const t = await speakerPair({ aAs: 4200000001 });
    t.a.announce([
      {
        prefix: '203.0.113.10/32',
        communities: ['65000:200', '65000:100', '65000:100'],
        largeCommunities: ['65000:1:2'],
        extendedCommunities: ['rt:65000:100', 'soo:192.0.2.1:7'],
        med: 5,
        localPref: 300,
      },
    ]);
    await t.established();
    await until(() => t.ribB().size === 1);
    const route = t.ribB().get('203.0.113.10/32');
    expect(route?.nextHop).toBe('192.0.2.1');
    expect(attr(route, 'as-path')?.segments).toEqual([{ type: 'sequence', asns: [4200000001] }]);
    expect(attr(route, 'communities')?.communities).toEqual(['65000:100', '65000:200']);
    expect(attr(route, 'large-communities')?.communities).toEqual(['65000:1:2']);
    expect(attr(route, 'extended-communities')?.communities).toEqual([
      { type: 'route-target', form: 'as2', global: 65000, local: 100, transitive: true },
      { type: 'route-origin', form: 'ipv4', global: '192.0.2.1', local: 7, transitive: true },
    ]);
    expect(attr(route, 'med')?.med).toBe(5);
    expect(attr(route, 'local-pref')).toBeUndefined(); // RFC 4271 §5.1.5: not on eBGP
    expect(t.events.a.established[0]).toMatchObject({ peer: '192.0.2.2', peerAs: 64513 });
    await t.close();
  });

  it('sends LOCAL_PREF (100 by default) and an empty AS_PATH on iBGP', async () => {
    const t = await speakerPair({ aAs: 64512, bAs: 64512 });
    t.a.announce([{ prefix: '203.0.113.1/32' }, { prefix: '203.0.113.2/32', localPref: 250 }]);
    await t.established();
    await until(() => t.ribB().size === 2);
    const one = t.ribB().get('203.0.113.1/32');
    expect(attr(one, 'local-pref')?.localPref).toBe(100);
    expect(attr(one, 'as-path')?.segments).toEqual([]);
    expect(attr(t.ribB().get('203.0.113.2/32'), 'local-pref')?.localPref).toBe(250);
    await t.close();
  });

  it('withdraws, and replaces attributes in place', async () => {
    const t = await speakerPair();
    t.a.announce([{ prefix: '203.0.113.10/32' }, { prefix: '203.0.113.11/32', med: 1 }]);
    await t.established();
    await until(() => t.ribB().size === 2);
    t.a.announce([{ prefix: '203.0.113.11/32', med: 2 }]);
    await until(() => attr(t.ribB().get('203.0.113.11/32'), 'med')?.med === 2);
    t.a.withdraw(['203.0.113.10/32']);
    await until(() => t.ribB().size === 1);
    expect(t.ribB().get('203.0.113.10/32')).toBeUndefined();
    await t.close();
  });

  it('coalesces: an announce withdrawn in the same turn sends nothing', async () => {
    const t = await speakerPair();
    await t.established();
    await until(() => t.events.b.update.length === 2); // End-of-RIB for IPv4 and IPv6
    expect(t.events.b.update.every((e) => isEndOfRib(e.update))).toBe(true);
    t.a.announce([{ prefix: '203.0.113.10/32' }]);
    t.a.withdraw(['203.0.113.10/32']);
    t.a.announce([{ prefix: '203.0.113.20/32', med: 1 }]);
    t.a.announce([{ prefix: '203.0.113.20/32', med: 2 }]);
    await until(() => t.ribB().size === 1);
    await t.a.flushed();
    const after = t.events.b.update.slice(2);
    expect(after).toHaveLength(1);
    expect(after[0]!.update.nlri).toEqual([{ prefix: '203.0.113.20/32' }]);
    expect(after[0]!.update.withdrawn).toEqual([]);
    await t.close();
  });

  it('sends the initial table, then End-of-RIB for each negotiated family', async () => {
    const t = await speakerPair();
    t.a.announce([{ prefix: '203.0.113.10/32' }, { prefix: '2001:db8:99::/48' }]);
    await t.established();
    await until(() => t.events.b.update.length === 4);
    const kinds = t.events.b.update.map((e) => {
      const eor = isEndOfRib(e.update);
      return eor ? `eor ${eor.afi}` : 'routes';
    });
    expect(kinds).toEqual(['routes', 'routes', 'eor 1', 'eor 2']);
    await t.close();
  });

  it('carries IPv6 prefixes over IPv6 transport with the local address as next hop', async () => {
    const t = await speakerPair({ aAddress: '2001:db8:1::11', bAddress: '2001:db8:1::1' });
    t.a.announce([{ prefix: '2001:DB8:99:0::/48', communities: ['65000:6'] }]);
    await t.established();
    await until(() => t.ribB().size === 1);
    expect(t.ribB().get('2001:db8:99::/48')?.nextHop).toBe('2001:db8:1::11');
    await t.close();
  });

  it('announces to chosen peers only, and seeds peers added later with the shared routes', async () => {
    const t = await speakerPair();
    await t.established();
    t.a.announce([{ prefix: '203.0.113.1/32' }]);
    t.a.announce([{ prefix: '203.0.113.2/32' }], { peers: ['192.0.2.2'] });
    await until(() => t.ribB().size === 2);
    await t.a.removePeer('192.0.2.2');
    await until(() => t.b.peerState('192.0.2.1') !== 'established');
    await t.a.addPeer({ address: '192.0.2.2', peerAs: 64513 });
    // B took the Cease as a failure: it refuses connections for its 5 s IdleHold, and A's
    // refused attempt waits for its ConnectRetryTimer (120 s, jittered).
    t.clock.advance(125_000);
    await t.established();
    await until(() => t.ribB().size === 1);
    expect(t.ribB().get('203.0.113.1/32')).toBeDefined();
    expect(() => t.a.announce([{ prefix: '203.0.113.3/32' }], { peers: ['192.0.2.99'] })).toThrow(
      BgpError,
    );
    await t.close();
  });

  it('withdrawAll() withdraws every route, chosen-peer ones too, or one scope only', async () => {
    const t = await speakerPair();
    await t.established();
    t.a.announce([{ prefix: '203.0.113.1/32' }, { prefix: '2001:db8:99::/48' }]);
    t.a.announce([{ prefix: '203.0.113.2/32' }], { peers: ['192.0.2.2'] });
    await until(() => t.ribB().size === 3);
    t.a.withdrawAll({ peers: ['192.0.2.2'] });
    await until(() => t.ribB().size === 0);
    t.a.announce([{ prefix: '203.0.113.3/32' }]);
    await until(() => t.ribB().size === 1);
    t.a.withdrawAll();
    await until(() => t.ribB().size === 0);
    expect(() => t.a.withdrawAll({ peers: ['192.0.2.99'] })).toThrow(BgpError);
    await t.close();
  });

  it('rejects invalid routes before changing anything', async () => {
    const t = await speakerPair();
    await t.established();
    const bad = [
      [{ prefix: '203.0.113.10/32' }, { prefix: '203.0.113.1/24' }],
      [{ prefix: 'not-a-prefix' }],
      [{ prefix: '203.0.113.10/32', communities: ['65536:1'] }],
      [{ prefix: '203.0.113.10/32', nextHop: '2001:db8::1' }],
      [{ prefix: '203.0.113.10/32', extendedCommunities: ['xx:1:2'] }],
      [{ prefix: '203.0.113.10/32', med: -1 }],
    ];
    for (const routes of bad) {
      const err = (() => {
        try {
          t.a.announce(routes);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(BgpError);
      expect((err as BgpError).code).toBe('BGP_ERR_INVALID_ARGUMENT');
    }
    expect(t.a.peers()[0]!.announced).toBe(0);
    await t.close();
  });

  it('adds GRACEFUL_SHUTDOWN on drain, then ends with Cease / Administrative Shutdown', async () => {
    const t = await speakerPair();
    t.a.announce([{ prefix: '203.0.113.10/32', communities: ['65000:1'] }]);
    await t.established();
    await until(() => t.ribB().size === 1);
    const draining = t.a.drain({ waitMs: 30_000, shutdownMessage: 'maintenance' });
    await until(() =>
      (attr(t.ribB().get('203.0.113.10/32'), 'communities')?.communities ?? []).includes('65535:0'),
    );
    expect(t.b.peerState('192.0.2.1')).toBe('established');
    t.clock.advance(30_000);
    await draining;
    await until(() => t.events.b.notification.length > 0);
    expect(t.events.b.notification[0]).toMatchObject({
      direction: 'received',
      notification: { errorCode: 6, errorSubcode: 2, shutdownCommunication: 'maintenance' },
    });
    await t.close();
  });
});
