/**
 * Session lifecycle between two of our speakers (in-memory, ManualClock): hold-timer expiry,
 * connection collisions, reconnecting with backoff, route refresh, peer removal and
 * re-configuration, metrics hooks and missing native capabilities.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { isEndOfRib } from '../codec/update.js';
import { BgpTransportError } from '../transport/errors.js';
import type { SpeakerMetrics } from './metrics.js';
import { BgpSpeaker } from './speaker.js';
import { MemoryNetwork, record, settle, speakerPair, until } from './testing/memory-network.js';

describe('BgpSpeaker sessions', () => {
  it('sends Hold Timer Expired when the peer falls silent, then comes back up', async () => {
    const t = await speakerPair({ aPeer: { holdTimeSec: 3, backoff: { initialSec: 1 } } });
    await t.established();
    // Time jumps 3 s at once: keepalives are written but not read before the hold timer fires.
    t.clock.advance(3000);
    await until(() => t.events.a.down.length > 0);
    expect(t.events.a.down[0]).toMatchObject({
      peer: '192.0.2.2',
      reason: 'hold-timer-expired',
      notification: { errorCode: 4, errorSubcode: 0 },
    });
    expect(t.events.a.notification.some((n) => n.direction === 'sent')).toBe(true);
    t.clock.advance(10_000); // IdleHold backoff on both sides, then A reconnects
    await t.established();
    await t.close();
  });

  it('resolves a connection collision: one connection survives, the loser gets Cease/7', async () => {
    const t = await speakerPair({ bPeer: { passive: false } });
    await t.established();
    await settle();
    expect(t.net.openConnections).toBe(2); // one connection, two ends
    const notes = [...t.events.a.notification, ...t.events.b.notification];
    expect(
      notes.some((n) => n.notification.errorCode === 6 && n.notification.errorSubcode === 7),
    ).toBe(true);
    expect(t.events.a.down).toEqual([]);
    expect(t.events.b.down).toEqual([]);
    t.a.announce([{ prefix: '203.0.113.7/32' }]);
    await until(() => t.ribB().size === 1);
    await t.close();
  });

  it('reconnects with the damped backoff when the peer restarts', async () => {
    const t = await speakerPair({ aPeer: { connectRetrySec: 10 } });
    t.a.announce([{ prefix: '203.0.113.10/32' }]);
    await t.established();
    await until(() => t.ribB().size === 1);
    await t.b.removePeer('192.0.2.1'); // the peer "restarts": Cease, then gone
    await until(() => t.a.peerState('192.0.2.2') === 'idle');
    expect(t.events.a.down[0]).toMatchObject({ reason: 'notification-received' });
    const attempts = t.net.attempts.length;
    t.clock.advance(4999);
    await settle();
    expect(t.net.attempts.length).toBe(attempts); // IdleHold: 5 s
    t.clock.advance(1);
    await until(() => t.net.attempts.length === attempts + 1);
    await t.b.addPeer({ address: '192.0.2.1', peerAs: 64512, passive: true, keepAdjRibIn: true });
    t.clock.advance(10_000); // the refused attempt waits ConnectRetryTime
    await t.established();
    await until(() => t.ribB().size === 1);
    await t.close();
  });

  it('doubles the backoff while the peer keeps closing sessions', async () => {
    const clock = new ManualClock();
    const net = new MemoryNetwork();
    const times: number[] = [];
    const a = new BgpSpeaker({
      localAs: 64512,
      routerId: '192.0.2.1',
      clock,
      connect: net.connectFrom('192.0.2.1'),
      random: () => 0.5,
    });
    // A peer that accepts and drops every connection at once.
    net.attach('192.0.2.2', {
      acceptConnection: (c) => {
        times.push(clock.now());
        c.start({ data: () => {}, close: () => {} });
        c.write(Buffer.from('ffffffffffffffffffffffffffffffff0015030602', 'hex'));
        c.end();
      },
    });
    await a.addPeer({ address: '192.0.2.2', peerAs: 64513 });
    for (const step of [0, 5000, 10_000, 20_000]) {
      clock.advance(step);
      await until(() => times.at(-1) === clock.now(), `an attempt at ${clock.now()}: ${times}`);
      // Wait for the NOTIFICATION to put the session back in Idle with its IdleHoldTimer.
      await until(() => a.peerState('192.0.2.2') === 'idle' && clock.pendingTimers().length > 0);
    }
    expect(times).toEqual([0, 5000, 15_000, 35_000]);
    await a.close();
  });

  it('answers ROUTE-REFRESH with the table between BoRR and EoRR (RFC 7313)', async () => {
    const t = await speakerPair();
    t.a.announce([{ prefix: '203.0.113.1/32' }, { prefix: '203.0.113.2/32' }]);
    await t.established();
    await until(() => t.ribB().size === 2);
    const before = t.events.b.update.length;
    expect(t.b.requestRouteRefresh('192.0.2.1', 'ipv4')).toBe(true);
    await until(() => t.events.b.routeRefresh.length === 2);
    expect(t.events.b.routeRefresh.map((r) => r.subtype)).toEqual([1, 2]);
    expect(t.events.a.routeRefresh).toEqual([{ peer: '192.0.2.2', afi: 1, safi: 1, subtype: 0 }]);
    const again = t.events.b.update.slice(before).filter((e) => !isEndOfRib(e.update));
    expect(again.flatMap((e) => e.update.nlri.map((n) => n.prefix)).sort()).toEqual([
      '203.0.113.1/32',
      '203.0.113.2/32',
    ]);
    await t.close();
  });

  it('keeps the session on an unchanged updatePeer and resets it on a changed one', async () => {
    const t = await speakerPair();
    t.a.announce([{ prefix: '203.0.113.1/32' }]);
    await t.established();
    await t.a.updatePeer({ address: '192.0.2.2', peerAs: 64513 });
    expect(t.events.a.down).toEqual([]);
    await t.a.updatePeer({ address: '192.0.2.2', peerAs: 64513, holdTimeSec: 30 });
    await until(() => t.events.b.notification.length > 0);
    expect(t.events.b.notification[0]!.notification).toMatchObject({
      errorCode: 6,
      errorSubcode: 6,
    });
    t.clock.advance(125_000);
    await t.established();
    await until(() => t.ribB().size === 1);
    expect(t.a.peers()).toEqual([
      expect.objectContaining({
        address: '192.0.2.2',
        peerAs: 64513,
        state: 'established',
        announced: 1,
      }),
    ]);
    await t.close();
  });

  it('reports session state, messages and prefixes to the metric hooks', async () => {
    const calls: string[] = [];
    const metrics: SpeakerMetrics = {
      sessionUp: (peer, up) => calls.push(`up ${peer} ${up}`),
      messagesSent: (_p, type, n) => calls.push(`sent ${type} ${n}`),
      messagesReceived: (_p, type, n) => calls.push(`received ${type} ${n}`),
      prefixes: (_p, announced, pending) => calls.push(`prefixes ${announced} ${pending}`),
      removePeer: (peer) => calls.push(`remove ${peer}`),
    };
    const clock = new ManualClock();
    const net = new MemoryNetwork();
    const a = new BgpSpeaker({
      localAs: 64512,
      routerId: '192.0.2.1',
      clock,
      metrics,
      connect: net.connectFrom('192.0.2.1'),
    });
    const b = new BgpSpeaker({
      localAs: 64513,
      routerId: '192.0.2.2',
      clock,
      connect: net.connectFrom('192.0.2.2'),
    });
    net.attach('192.0.2.1', a);
    net.attach('192.0.2.2', b);
    await b.addPeer({ address: '192.0.2.1', peerAs: 64512, passive: true });
    await a.addPeer({ address: '192.0.2.2', peerAs: 64513 });
    a.announce([{ prefix: '203.0.113.1/32' }]);
    await until(() => calls.includes('sent update 1'));
    await a.removePeer('192.0.2.2');
    for (const c of [
      'up 192.0.2.2 true',
      'sent open 1',
      'received open 1',
      'sent keepalive 1',
      'received keepalive 1',
      'sent notification 1',
      'up 192.0.2.2 false',
      'remove 192.0.2.2',
    ]) {
      expect(calls).toContain(c);
    }
    expect(calls).toContain('prefixes 1 0');
    await Promise.all([a.close(), b.close()]);
  });

  it('fails a peer that needs TCP-MD5 with a typed error when native-net cannot load', async () => {
    const a = new BgpSpeaker({
      localAs: 64512,
      routerId: '192.0.2.1',
      loadNativeNet: () => Promise.reject(new Error('not built')),
    });
    const events = record(a);
    const err = await a.addPeer({ address: '192.0.2.2', peerAs: 1, password: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(BgpTransportError);
    expect(err).toMatchObject({ failure: 'capability-unavailable', capability: 'tcp-md5' });
    expect(a.peers()).toEqual([]);
    const gtsm = await a.addPeer({ address: '192.0.2.3', peerAs: 1, gtsm: true }).catch((e) => e);
    expect(gtsm).toMatchObject({ failure: 'capability-unavailable', capability: 'gtsm' });
    expect(events.peerError).toEqual([]);
    await a.close();
  });
});
