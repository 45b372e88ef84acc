// A TCP peer for the namespace tests, run as `node .test-dist/peer.js '<PeerSpec JSON>'` inside
// a network namespace (a test process cannot be in two namespaces at once). It prints one JSON
// PeerEvent per line on stdout. `serve` echoes what it receives and runs until SIGTERM;
// `connect` prints one outcome and exits.
import { connect, createServer, type Socket } from 'node:net';
import { connectTcp } from '../connect-tcp.js';
import { NativeNetError } from '../errors.js';
import { setSocketMd5Key, setSocketMinTtl, setSocketTtl } from '../socket-options.js';

export interface ServeSpec {
  mode: 'serve';
  host: string;
  port: number;
  md5?: { peer: string; key: string; prefixLength?: number }[];
  minTtl?: number;
  ttl?: number;
}

export interface ConnectSpec {
  mode: 'connect';
  host: string;
  port: number;
  timeoutMs: number;
  /** Use Node's own net.connect (no key can be set) instead of connectTcp. */
  plain?: boolean;
  md5Key?: string;
  ttl?: number;
  minTtl?: number;
  localAddress?: string;
  /** Written once connected. */
  send?: string;
  /** Wait for this many bytes (default: the length of `send`, or 0) before reporting. */
  readBytes?: number;
}

export type PeerSpec = ServeSpec | ConnectSpec;

export type PeerEvent =
  | { event: 'listening'; port: number }
  | { event: 'accepted'; remoteAddress: string; remotePort: number }
  | {
      event: 'connected';
      localAddress: string;
      remoteAddress: string;
      remotePort: number;
      /** Hex of the bytes read after connecting. */
      received: string;
    }
  | { event: 'error'; code: string; name: string; message: string; elapsedMs: number };

function emit(event: PeerEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function serve(spec: ServeSpec): void {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    emit({
      event: 'accepted',
      remoteAddress: socket.remoteAddress ?? '',
      remotePort: socket.remotePort ?? 0,
    });
    socket.pipe(socket);
  });
  server.listen(spec.port, spec.host, () => {
    for (const { peer, key, prefixLength } of spec.md5 ?? []) {
      setSocketMd5Key(server, peer, key, { prefixLength });
    }
    if (spec.minTtl !== undefined) setSocketMinTtl(server, spec.minTtl);
    if (spec.ttl !== undefined) setSocketTtl(server, spec.ttl);
    const address = server.address();
    emit({ event: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
  });
  process.on('SIGTERM', () => {
    for (const s of sockets) s.destroy();
    server.close(() => process.exit(0));
  });
}

function plainConnect(spec: ConnectSpec): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: spec.host, port: spec.port, localAddress: spec.localAddress });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error('plain connect timed out'), { code: 'ETIMEDOUT' }));
    }, spec.timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function readAtLeast(socket: Socket, count: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const done = (): void => {
      clearTimeout(timer);
      socket.removeAllListeners('data');
      resolve(Buffer.concat(chunks));
    };
    const timer = setTimeout(done, timeoutMs);
    if (count === 0) return done();
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= count) done();
    });
    socket.once('close', done);
  });
}

async function connectOnce(spec: ConnectSpec): Promise<void> {
  const started = Date.now();
  try {
    const socket = spec.plain
      ? await plainConnect(spec)
      : await connectTcp({
          host: spec.host,
          port: spec.port,
          md5Key: spec.md5Key,
          ttl: spec.ttl,
          minTtl: spec.minTtl,
          localAddress: spec.localAddress,
          timeoutMs: spec.timeoutMs,
        });
    socket.on('error', () => {});
    if (spec.send !== undefined) socket.write(spec.send);
    const want = spec.readBytes ?? Buffer.byteLength(spec.send ?? '');
    const received = await readAtLeast(socket, want, spec.timeoutMs);
    emit({
      event: 'connected',
      localAddress: socket.localAddress ?? '',
      remoteAddress: socket.remoteAddress ?? '',
      remotePort: socket.remotePort ?? 0,
      received: received.toString('hex'),
    });
    socket.destroy();
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    emit({
      event: 'error',
      code: String((e as { code?: unknown }).code ?? ''),
      name: err instanceof NativeNetError ? 'NativeNetError' : e.name,
      message: e.message,
      elapsedMs: Date.now() - started,
    });
  }
}

const spec = JSON.parse(process.argv[2] ?? '{}') as PeerSpec;
if (spec.mode === 'serve') serve(spec);
else await connectOnce(spec);
