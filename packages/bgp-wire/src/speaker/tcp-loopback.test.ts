/**
 * Two speakers over real TCP on loopback (port 0, the system clock): the listener dispatches
 * the active speaker's connection to the passive peer, over IPv4 and IPv6.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BgpSpeaker } from './speaker.js';

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('BgpSpeaker over TCP loopback', () => {
  it.each(['127.0.0.1', '::1'])(
    'establishes through the listener on %s and carries a route',
    async (host) => {
      await using passive = new BgpSpeaker({
        localAs: 64512,
        routerId: '192.0.2.1',
        listen: { port: 0, host },
      });
      await using active = new BgpSpeaker({ localAs: 64513, routerId: '192.0.2.2' });
      await passive.start();
      await passive.addPeer({ address: host, peerAs: 64513, passive: true, keepAdjRibIn: true });
      await active.addPeer({ address: host, peerAs: 64512, port: passive.listenPort });
      active.announce([{ prefix: '203.0.113.10/32', nextHop: '192.0.2.2' }]);
      await waitFor(() => passive.adjRibIn(host)?.size === 1, 'the route');
      expect(passive.peerState(host)).toBe('established');
      expect(passive.adjRibIn(host)?.get('203.0.113.10/32')?.nextHop).toBe('192.0.2.2');
      active.withdraw(['203.0.113.10/32']);
      await waitFor(() => passive.adjRibIn(host)?.size === 0, 'the withdrawal');
    },
  );
});
