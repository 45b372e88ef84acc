// RFC 5082 GTSM against the real kernel. a and b are directly connected (one veth), so a
// packet arrives with exactly the TTL / hop limit it was sent with: 255 passes a minimum of
// 255, 254 is what one router hop would have left and is dropped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetnsLab, shouldSkipLab } from './testing/netns-lab.js';
import type { PeerEvent } from './testing/peer.js';

const TIMEOUT_MS = 1_500;
const ping = Buffer.from('ping').toString('hex');
const isListening = (e: PeerEvent): boolean => e.event === 'listening';

describe.skipIf(shouldSkipLab('GTSM namespace tests'))('GTSM (RFC 5082) between namespaces', () => {
  let lab: NetnsLab;
  beforeAll(() => {
    lab = NetnsLab.create();
  });
  afterAll(async () => {
    await lab?.close();
  });

  for (const family of ['v4', 'v6'] as const) {
    it(`a server with minTtl 255 accepts TTL 255 and drops TTL 254 (IP${family})`, async () => {
      const port = family === 'v4' ? 17911 : 17912;
      const server = lab.startPeer(lab.a.ns, {
        mode: 'serve',
        host: lab.a[family],
        port,
        minTtl: 255,
      });
      await server.waitFor(isListening, 5_000);
      const at255 = await lab.connectFrom(lab.b.ns, {
        host: lab.a[family],
        port,
        ttl: 255,
        send: 'ping',
        timeoutMs: TIMEOUT_MS,
      });
      expect(at255).toMatchObject({ event: 'connected', received: ping });
      const at254 = await lab.connectFrom(lab.b.ns, {
        host: lab.a[family],
        port,
        ttl: 254,
        timeoutMs: TIMEOUT_MS,
      });
      expect(at254).toMatchObject({ event: 'error', code: 'ETIMEDOUT' });
      expect(server.events.filter((e) => e.event === 'accepted')).toHaveLength(1);
      await server.stop();
    });
  }

  it('a client with minTtl 255 connects to a server sending TTL 255, not to one sending 64', async () => {
    const gtsmServer = lab.startPeer(lab.a.ns, {
      mode: 'serve',
      host: lab.a.v4,
      port: 17913,
      ttl: 255,
    });
    const plainServer = lab.startPeer(lab.a.ns, { mode: 'serve', host: lab.a.v4, port: 17914 });
    await gtsmServer.waitFor(isListening, 5_000);
    await plainServer.waitFor(isListening, 5_000);
    const toGtsm = await lab.connectFrom(lab.b.ns, {
      host: lab.a.v4,
      port: 17913,
      ttl: 255,
      minTtl: 255,
      send: 'ping',
      timeoutMs: TIMEOUT_MS,
    });
    expect(toGtsm).toMatchObject({ event: 'connected', received: ping });
    // The SYN-ACK comes back with TTL 64 and the client's kernel drops it.
    const toPlain = await lab.connectFrom(lab.b.ns, {
      host: lab.a.v4,
      port: 17914,
      ttl: 255,
      minTtl: 255,
      timeoutMs: TIMEOUT_MS,
    });
    expect(toPlain).toMatchObject({ event: 'error', code: 'ETIMEDOUT' });
    await gtsmServer.stop();
    await plainServer.stop();
  });
});
