// connectTcp over loopback in the test's own process: the parts that need no second
// namespace (wrapping the fd, errors, timeout, abort, binding, validation). The peer-to-peer
// TCP-MD5 and GTSM cases are in *.netns.test.ts.
import { readdirSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectTcp } from './connect-tcp.js';
import { NativeNetError, NativeNetErrorCodes } from './errors.js';
import { setSocketMd5Key } from './socket-options.js';

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(
    servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
  );
});

/** An echo server on 127.0.0.1, optionally accepting only segments signed with `md5Key`. */
async function echoServer(md5Key?: string): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.pipe(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  if (md5Key !== undefined) setSocketMd5Key(server, '127.0.0.1', md5Key);
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { server, port: address.port };
}

async function rejection(promise: Promise<unknown>): Promise<NativeNetError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(NativeNetError);
    return err as NativeNetError;
  }
  throw new Error('expected a rejection');
}

function roundTrip(socket: Socket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    socket.on('data', (chunk: Buffer) => {
      got += chunk.toString();
      if (got.length >= text.length) resolve(got);
    });
    socket.once('error', reject);
    socket.write(text);
  });
}

const openFds = (): number => readdirSync('/proc/self/fd').length;

describe('connectTcp', () => {
  it('resolves with a connected net.Socket that reads and writes', async () => {
    const { port } = await echoServer();
    const socket = await connectTcp({ host: '127.0.0.1', port, timeoutMs: 2_000 });
    sockets.push(socket);
    expect(socket.remoteAddress).toBe('127.0.0.1');
    expect(socket.remotePort).toBe(port);
    expect(socket.localAddress).toBe('127.0.0.1');
    expect(await roundTrip(socket, 'hello')).toBe('hello');
  });

  it('signs with md5Key so that a keyed listener accepts it', async () => {
    const { port } = await echoServer('loopback-key');
    const socket = await connectTcp({
      host: '127.0.0.1',
      port,
      md5Key: new TextEncoder().encode('loopback-key'),
      timeoutMs: 2_000,
    });
    sockets.push(socket);
    expect(await roundTrip(socket, 'signed')).toBe('signed');
  });

  it('binds localAddress and localPort', async () => {
    const { port } = await echoServer();
    const probe = await echoServer();
    const localPort = probe.port;
    await new Promise<void>((resolve) => probe.server.close(() => resolve()));
    servers.splice(servers.indexOf(probe.server), 1);
    const socket = await connectTcp({
      host: '127.0.0.1',
      port,
      localAddress: '127.0.0.1',
      localPort,
      timeoutMs: 2_000,
    });
    sockets.push(socket);
    expect(socket.localPort).toBe(localPort);
  });

  it('rejects with ECONNREFUSED when nothing listens', async () => {
    const { server, port } = await echoServer();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    servers.splice(servers.indexOf(server), 1);
    const err = await rejection(connectTcp({ host: '127.0.0.1', port, timeoutMs: 2_000 }));
    expect(err).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect' });
  });

  it('rejects with ETIMEDOUT when the SYN is dropped, and leaks no fd', async () => {
    const { port } = await echoServer('the-servers-key');
    const before = openFds();
    const started = Date.now();
    const err = await rejection(
      connectTcp({ host: '127.0.0.1', port, md5Key: 'another-key', timeoutMs: 300 }),
    );
    expect(err.code).toBe(NativeNetErrorCodes.TIMEOUT);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(openFds()).toBe(before);
  });

  it('rejects with ABORT_ERR when the signal aborts, carrying its reason', async () => {
    const { port } = await echoServer('the-servers-key');
    const controller = new AbortController();
    const pending = connectTcp({ host: '127.0.0.1', port, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    const err = await rejection(pending);
    expect(err.code).toBe(NativeNetErrorCodes.ABORTED);
    expect((err.cause as Error).message).toBe('shutting down');
  });

  it('rejects at once for an already aborted signal', async () => {
    const err = await rejection(
      connectTcp({ host: '127.0.0.1', port: 9, signal: AbortSignal.abort() }),
    );
    expect(err.code).toBe(NativeNetErrorCodes.ABORTED);
  });

  it.each([
    ['a host name', { host: 'localhost', port: 179 }],
    ['port 0', { host: '127.0.0.1', port: 0 }],
    ['an 81-byte key', { host: '127.0.0.1', port: 179, md5Key: 'k'.repeat(81) }],
    ['an empty key', { host: '127.0.0.1', port: 179, md5Key: '' }],
    ['ttl 0', { host: '127.0.0.1', port: 179, ttl: 0 }],
    ['minTtl 256', { host: '127.0.0.1', port: 179, minTtl: 256 }],
    [
      'a local address of the other IP version',
      { host: '127.0.0.1', port: 179, localAddress: '::1' },
    ],
  ])('refuses %s with NATIVE_NET_ERR_INVALID_ARG', async (_what, options) => {
    const err = await rejection(connectTcp(options));
    expect(err.code).toBe(NativeNetErrorCodes.INVALID_ARG);
  });
});
