// The options set on Node's own sockets, read back with getsockopt through the addon. Whether
// the kernel then drops what it should is tested between namespaces (*.netns.test.ts).
import { connect, createServer, type Server, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAddon } from './addon.js';
import { NativeNetError, NativeNetErrorCodes } from './errors.js';
import { fdOf, setSocketMd5Key, setSocketMinTtl, setSocketTtl } from './socket-options.js';

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(
    servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
  );
});

async function listening(host: string, onConnection?: (s: Socket) => void): Promise<Server> {
  const server = createServer((socket) => {
    sockets.push(socket);
    onConnection?.(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return server;
}

function portOf(server: Server): number {
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return address.port;
}

function thrown(fn: () => void): NativeNetError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(NativeNetError);
    return err as NativeNetError;
  }
  throw new Error('expected a throw');
}

describe('setSocketMinTtl', () => {
  it.each(['127.0.0.1', '::1', '::'])(
    'sets the minimum on a server listening on %s',
    async (host) => {
      const server = await listening(host);
      setSocketMinTtl(server, 255);
      expect(loadAddon().getMinTtl(fdOf(server, 'test'))).toBe(255);
      setSocketMinTtl(server, 0);
      expect(loadAddon().getMinTtl(fdOf(server, 'test'))).toBe(0);
    },
  );

  it('refuses values outside 0..255', async () => {
    const server = await listening('127.0.0.1');
    expect(thrown(() => setSocketMinTtl(server, 256)).code).toBe(NativeNetErrorCodes.INVALID_ARG);
    expect(thrown(() => setSocketMinTtl(server, -1)).code).toBe(NativeNetErrorCodes.INVALID_ARG);
  });
});

describe('setSocketTtl', () => {
  it('sets the TTL of a connected net.Socket', async () => {
    const server = await listening('127.0.0.1');
    const client = connect(portOf(server), '127.0.0.1');
    sockets.push(client);
    await new Promise((resolve) => client.once('connect', resolve));
    setSocketTtl(client, 255);
    expect(loadAddon().getTtl(fdOf(client, 'test'))).toBe(255);
  });

  it('on a server, is inherited by the sockets it accepts', async () => {
    let acceptedTtl: number | undefined;
    const server = await listening('127.0.0.1', (socket) => {
      acceptedTtl = loadAddon().getTtl(fdOf(socket, 'test'));
    });
    setSocketTtl(server, 255);
    const client = connect(portOf(server), '127.0.0.1');
    sockets.push(client);
    await new Promise((resolve) => client.once('connect', resolve));
    await expect.poll(() => acceptedTtl, { timeout: 2_000 }).toBe(255);
  });
});

describe('setSocketMd5Key', () => {
  it('adds and removes a key on a listening server; removing twice is fine', async () => {
    const server = await listening('127.0.0.1');
    setSocketMd5Key(server, '127.0.0.1', 'secret');
    setSocketMd5Key(server, '127.0.0.1', null);
    setSocketMd5Key(server, '127.0.0.1', null);
  });

  it('keys IPv4 peers on a dual-stack server (v4-mapped) and IPv6 peers', async () => {
    const server = await listening('::');
    setSocketMd5Key(server, '192.0.2.2', 'secret');
    setSocketMd5Key(server, '2001:db8::2', new Uint8Array([1, 2, 3]));
  });

  it('keys a prefix with TCP_MD5SIG_EXT and removes it by the same prefix', async () => {
    const server = await listening('127.0.0.1');
    setSocketMd5Key(server, '192.0.2.0', 'secret', { prefixLength: 24 });
    setSocketMd5Key(server, '192.0.2.0', null, { prefixLength: 24 });
  });

  it('throws NATIVE_NET_ERR_NO_FD before the server listens', () => {
    const server = createServer();
    expect(thrown(() => setSocketMd5Key(server, '192.0.2.2', 'k')).code).toBe(
      NativeNetErrorCodes.NO_FD,
    );
    expect(thrown(() => setSocketMinTtl(new Socket(), 255)).code).toBe(NativeNetErrorCodes.NO_FD);
  });

  it('keeps the kernel errno name when the kernel refuses', async () => {
    const server = await listening('127.0.0.1');
    const err = thrown(() => setSocketMd5Key(server, '2001:db8::2', 'secret'));
    expect(err).toMatchObject({ code: 'EAFNOSUPPORT', syscall: 'setsockopt(TCP_MD5SIG)' });
  });

  it.each([
    ['a host name', 'router.example', 'k', {}],
    ['an 81-byte key', '192.0.2.2', 'k'.repeat(81), {}],
    ['prefix 33 for IPv4', '192.0.2.0', 'k', { prefixLength: 33 }],
    ['prefix 129 for IPv6', '2001:db8::', 'k', { prefixLength: 129 }],
  ])('refuses %s with NATIVE_NET_ERR_INVALID_ARG', async (_what, peer, key, options) => {
    const server = await listening('::');
    expect(thrown(() => setSocketMd5Key(server, peer, key, options)).code).toBe(
      NativeNetErrorCodes.INVALID_ARG,
    );
  });
});
