import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BgpTransportError } from './errors.js';
import type { NativeNet } from './native-net.js';
import { nativeCapabilityOf, openTcpConnection } from './tcp.js';

const servers: Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function listen(host: string): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((socket) => sockets.push(socket));
    servers.push(server);
    server.listen(0, host, () => resolve(server));
  });
}

function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

async function rejection(p: Promise<unknown>): Promise<BgpTransportError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BgpTransportError);
  return err as BgpTransportError;
}

describe('openTcpConnection', () => {
  it.each(['127.0.0.1', '::1'])('connects over loopback %s with node:net', async (host) => {
    const server = await listen(host);
    const conn = await openTcpConnection({ host, port: portOf(server), timeoutMs: 2000 });
    expect(conn.remoteAddress).toBe(host);
    expect(conn.remotePort).toBe(portOf(server));
    conn.destroy();
  });

  it('rejects with connect-failed ECONNREFUSED on a closed port', async () => {
    const server = await listen('127.0.0.1');
    const port = portOf(server);
    await new Promise((r) => server.close(r));
    const err = await rejection(openTcpConnection({ host: '127.0.0.1', port, timeoutMs: 2000 }));
    expect(err.failure).toBe('connect-failed');
    expect(err.syscallCode).toBe('ECONNREFUSED');
  });

  it('rejects with aborted when the signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await rejection(
      openTcpConnection({ host: '127.0.0.1', port: 9, timeoutMs: 2000, signal: controller.signal }),
    );
    expect(err.failure).toBe('aborted');
  });

  it('fails a TCP-MD5 peer with a typed error naming the capability when native-net is missing', async () => {
    const loadNativeNet = () => Promise.reject(new Error('Cannot find package'));
    const err = await rejection(
      openTcpConnection(
        { host: '127.0.0.1', port: 9, md5Key: 'secret', timeoutMs: 100 },
        { loadNativeNet },
      ),
    );
    expect(err.failure).toBe('capability-unavailable');
    expect(err.capability).toBe('tcp-md5');
    expect(err.code).toBe('BGP_ERR_INVALID_ARGUMENT');
  });

  it('passes TTL and GTSM options to native-net when it is there', async () => {
    const server = await listen('127.0.0.1');
    const seen: unknown[] = [];
    const native: Partial<NativeNet> = {
      isAvailable: () => true,
      connectTcp: async (options) => {
        seen.push(options);
        const { connect } = await import('node:net');
        const socket = connect({ host: options.host, port: options.port });
        await new Promise((r) => socket.once('connect', r));
        return socket;
      },
    };
    const conn = await openTcpConnection(
      { host: '127.0.0.1', port: portOf(server), ttl: 255, minTtl: 254, timeoutMs: 1000 },
      { loadNativeNet: async () => native as NativeNet },
    );
    expect(seen).toEqual([expect.objectContaining({ ttl: 255, minTtl: 254, timeoutMs: 1000 })]);
    conn.destroy();
  });
});

describe('nativeCapabilityOf', () => {
  it('names the option that needs the native module', () => {
    expect(nativeCapabilityOf({})).toBeUndefined();
    expect(nativeCapabilityOf({ ttl: 2 })).toBe('ttl');
    expect(nativeCapabilityOf({ ttl: 255, minTtl: 254 })).toBe('gtsm');
    expect(nativeCapabilityOf({ md5Key: 'k', minTtl: 254 })).toBe('tcp-md5');
  });
});
