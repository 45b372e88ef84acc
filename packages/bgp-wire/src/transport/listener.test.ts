import { connect, createServer, type Socket } from 'node:net';
import { setImmediate as tick } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from './connection.js';
import { BgpTransportError } from './errors.js';
import { BgpListener } from './listener.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function dial(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    cleanups.push(() => void socket.destroy());
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    socket.once('close', () => resolve());
  });
}

describe('BgpListener', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '::1'],
    ['::', '127.0.0.1'],
  ])('on %s dispatches a registered peer (%s) by its address', async (host, peer) => {
    const listener = await BgpListener.listen({ port: 0, host });
    cleanups.push(() => listener.close());
    const accepted: Connection[] = [];
    await listener.addPeer(peer, (conn) => accepted.push(conn));
    const socket = await dial(peer, listener.port);
    for (let i = 0; i < 100 && accepted.length === 0; i++) await tick();
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.remoteAddress).toBe(peer);
    expect(accepted[0]!.remotePort).toBe(socket.localPort);
    const got: number[] = [];
    accepted[0]!.start({ data: (c) => got.push(...c), close: () => {} });
    socket.write(Uint8Array.of(7, 8));
    for (let i = 0; i < 100 && got.length < 2; i++) await tick();
    expect(got).toEqual([7, 8]);
    accepted[0]!.destroy();
  });

  it('closes connections from addresses with no registered peer and reports them', async () => {
    const listener = await BgpListener.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => listener.close());
    const rejected: string[] = [];
    listener.setHooks({ onRejected: (address) => rejected.push(address) });
    await listener.addPeer('192.0.2.99', () => expect.fail('not this peer'));
    const socket = await dial('127.0.0.1', listener.port);
    await closed(socket);
    expect(rejected).toEqual(['127.0.0.1']);
  });

  it('stops dispatching to a removed peer', async () => {
    const listener = await BgpListener.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => listener.close());
    await listener.addPeer('127.0.0.1', () => expect.fail('removed'));
    listener.removePeer('127.0.0.1');
    await closed(await dial('127.0.0.1', listener.port));
  });

  it('rejects a TCP-MD5 peer with a typed error when native-net cannot load', async () => {
    const listener = await BgpListener.listen({
      port: 0,
      host: '127.0.0.1',
      loadNativeNet: () => Promise.reject(new Error('not built')),
    });
    cleanups.push(() => listener.close());
    const err = await listener.addPeer('127.0.0.1', () => {}, { md5Key: 'k' }).catch((e) => e);
    expect(err).toBeInstanceOf(BgpTransportError);
    expect(err.failure).toBe('capability-unavailable');
    expect(err.capability).toBe('tcp-md5');
  });

  it('adopts a listening server and reports a port it cannot bind', async () => {
    const server = createServer({ pauseOnConnect: true });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const listener = BgpListener.fromServer(server);
    cleanups.push(() => listener.close());
    const err = await BgpListener.listen({ port: listener.port, host: '127.0.0.1' }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(BgpTransportError);
    expect(err.failure).toBe('listen-failed');
    expect(err.syscallCode).toBe('EADDRINUSE');
  });
});
