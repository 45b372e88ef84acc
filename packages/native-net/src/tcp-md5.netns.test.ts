// RFC 2385 against the real kernel: two network namespaces, a server in `a` keyed with
// setSocketMd5Key, clients in `b` (connectTcp, or Node's net.connect for an unkeyed peer).
// A mismatch is never refused, only dropped, so it shows as a connect timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LabProcess, NetnsLab, shouldSkipLab } from './testing/netns-lab.js';
import type { PeerEvent } from './testing/peer.js';

const TIMEOUT_MS = 1_500;
const KEY = 'rfc2385-s3cret';
const ping = Buffer.from('ping').toString('hex');

const isListening = (e: PeerEvent): boolean => e.event === 'listening';
const accepted = (server: LabProcess) => server.events.filter((e) => e.event === 'accepted');

describe.skipIf(shouldSkipLab('TCP-MD5 namespace tests'))(
  'TCP-MD5 (RFC 2385) between namespaces',
  () => {
    let lab: NetnsLab;
    beforeAll(() => {
      lab = NetnsLab.create();
    });
    afterAll(async () => {
      await lab?.close();
    });

    async function keyedServer(host: string, port: number, peer: string): Promise<LabProcess> {
      const server = lab.startPeer(lab.a.ns, {
        mode: 'serve',
        host,
        port,
        md5: [{ peer, key: KEY }],
      });
      await server.waitFor(isListening, 5_000);
      return server;
    }

    it('connects and exchanges bytes when both sides have the same key', async () => {
      const server = await keyedServer(lab.a.v4, 17901, lab.b.v4);
      const result = await lab.connectFrom(lab.b.ns, {
        host: lab.a.v4,
        port: 17901,
        md5Key: KEY,
        send: 'ping',
        timeoutMs: TIMEOUT_MS,
      });
      expect(result).toMatchObject({
        event: 'connected',
        remoteAddress: lab.a.v4,
        remotePort: 17901,
        localAddress: lab.b.v4,
        received: ping,
      });
      expect(accepted(server)).toEqual([expect.objectContaining({ remoteAddress: lab.b.v4 })]);
      await server.stop();
    });

    it('keys an IPv4 peer on a dual-stack server listening on ::', async () => {
      const server = await keyedServer('::', 17902, lab.b.v4);
      const result = await lab.connectFrom(lab.b.ns, {
        host: lab.a.v4,
        port: 17902,
        md5Key: KEY,
        send: 'ping',
        timeoutMs: TIMEOUT_MS,
      });
      expect(result).toMatchObject({ event: 'connected', received: ping });
      await server.stop();
    });

    it('times out, instead of hanging, when the client has the wrong key', async () => {
      const server = await keyedServer(lab.a.v4, 17903, lab.b.v4);
      const result = await lab.connectFrom(lab.b.ns, {
        host: lab.a.v4,
        port: 17903,
        md5Key: 'not-the-key',
        timeoutMs: TIMEOUT_MS,
      });
      expect(result).toMatchObject({ event: 'error', code: 'ETIMEDOUT', name: 'NativeNetError' });
      if (result.event !== 'error') throw new Error('unreachable');
      expect(result.elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(result.elapsedMs).toBeLessThan(TIMEOUT_MS + 2_000);
      expect(accepted(server)).toEqual([]);
      await server.stop();
    });

    it('never lets a plain net.connect in when only the server has a key', async () => {
      const server = await keyedServer(lab.a.v4, 17904, lab.b.v4);
      const result = await lab.connectFrom(lab.b.ns, {
        host: lab.a.v4,
        port: 17904,
        plain: true,
        timeoutMs: TIMEOUT_MS,
      });
      expect(result).toMatchObject({ event: 'error', code: 'ETIMEDOUT' });
      expect(accepted(server)).toEqual([]);
      await server.stop();
    });

    it('times out when only the client has a key (the server drops signed SYNs it expects no key for)', async () => {
      const server = lab.startPeer(lab.a.ns, { mode: 'serve', host: lab.a.v4, port: 17905 });
      await server.waitFor(isListening, 5_000);
      const result = await lab.connectFrom(lab.b.ns, {
        host: lab.a.v4,
        port: 17905,
        md5Key: KEY,
        timeoutMs: TIMEOUT_MS,
      });
      expect(result).toMatchObject({ event: 'error', code: 'ETIMEDOUT' });
      expect(accepted(server)).toEqual([]);
      await server.stop();
    });

    it('applies a key to a whole prefix with TCP_MD5SIG_EXT', async () => {
      const server = lab.startPeer(lab.a.ns, {
        mode: 'serve',
        host: lab.a.v4,
        port: 17906,
        md5: [{ peer: '192.0.2.0', key: KEY, prefixLength: 24 }],
      });
      await server.waitFor(isListening, 5_000);
      const result = await lab.connectFrom(lab.b.ns, {
        host: lab.a.v4,
        port: 17906,
        md5Key: KEY,
        send: 'ping',
        timeoutMs: TIMEOUT_MS,
      });
      expect(result).toMatchObject({ event: 'connected', received: ping });
      await server.stop();
    });

    describe('over IPv6', () => {
      it('connects with the same key and times out with a wrong one', async () => {
        const server = await keyedServer(lab.a.v6, 17907, lab.b.v6);
        const good = await lab.connectFrom(lab.b.ns, {
          host: lab.a.v6,
          port: 17907,
          md5Key: KEY,
          send: 'ping',
          timeoutMs: TIMEOUT_MS,
        });
        expect(good).toMatchObject({
          event: 'connected',
          remoteAddress: lab.a.v6,
          localAddress: lab.b.v6,
          received: ping,
        });
        const bad = await lab.connectFrom(lab.b.ns, {
          host: lab.a.v6,
          port: 17907,
          md5Key: 'not-the-key',
          timeoutMs: TIMEOUT_MS,
        });
        expect(bad).toMatchObject({ event: 'error', code: 'ETIMEDOUT' });
        expect(accepted(server)).toHaveLength(1);
        await server.stop();
      });
    });
  },
);
