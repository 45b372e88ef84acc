/**
 * `Connection`: what a BGP session needs from a byte stream (addresses, write with
 * backpressure, data and close callbacks, orderly close), over any Node `Duplex`: a
 * `net.Socket` in production, the in-memory pair in tests (memory.ts).
 */

import { isIP, type Socket, SocketAddress } from 'node:net';
import type { Duplex } from 'node:stream';

/** What a connection reports to its one consumer. */
export interface ConnectionHandlers {
  /** A chunk of the byte stream. The chunk is not reused by the connection. */
  data(chunk: Uint8Array): void;
  /** Called once when the connection is gone (peer closed, reset, or we closed it). */
  close(error: Error | undefined): void;
}

/** Both ends of a connection. */
export interface ConnectionEndpoints {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

/**
 * A connected byte stream to one peer.
 *
 * **When to use:** implement it (or wrap a `Duplex` with {@link StreamConnection}) to carry a
 * BGP session over something other than TCP, and hand it to `BgpSpeaker.acceptConnection`.
 *
 * **Gotchas:** addresses are plain IP text: an IPv4 peer on a dual-stack socket is
 * `192.0.2.1`, not `::ffff:192.0.2.1`. Nothing is delivered before `start`.
 */
export interface Connection extends ConnectionEndpoints {
  readonly isClosed: boolean;
  /** Starts delivering data; call once. */
  start(handlers: ConnectionHandlers): void;
  /** Queues bytes; false means the buffer is full: wait for {@link Connection.drained}. */
  write(bytes: Uint8Array): boolean;
  /** Resolves once the write buffer has room again, or the connection is closed. */
  drained(): Promise<void>;
  /** Sends what is queued, then closes; forces the close after `graceMs` (default 2000). */
  end(graceMs?: number): void;
  /** Closes at once, dropping anything queued. */
  destroy(): void;
  /** Resolves once the connection is closed. */
  whenClosed(): Promise<void>;
}

/**
 * An IP address in one canonical text form, so that configured peers and accepted sockets
 * compare equal: IPv6 compressed and lowercase (`2001:DB8:0::1` -> `2001:db8::1`), an IPv4
 * peer on a dual-stack socket as plain IPv4 (`::ffff:192.0.2.1` -> `192.0.2.1`). A zone id
 * (`%eth0`) is dropped. Text that is no address comes back lowercased, unchanged otherwise.
 */
export function normalizeAddress(address: string | undefined): string {
  if (address === undefined) return '';
  const family = isIP(address.split('%')[0] ?? '');
  if (family === 0) return address.toLowerCase();
  if (family === 4) return address;
  const canonical = new SocketAddress({ address, family: 'ipv6' }).address;
  return canonical.startsWith('::ffff:') && canonical.includes('.')
    ? canonical.slice(7)
    : canonical;
}

const DEFAULT_GRACE_MS = 2000;

/**
 * A {@link Connection} over a Node `Duplex`.
 *
 * **Gotchas:** the stream's `'error'` is handled here (it ends the connection, it never
 * becomes an uncaught exception), and an exception thrown by a handler destroys the
 * connection instead of escaping into the stream's event loop.
 *
 * @example
 * ```ts
 * const socket = net.connect({ host: '127.0.0.1', port });
 * socket.once('connect', () => {
 *   const conn = StreamConnection.fromSocket(socket);
 *   conn.start({ data: (c) => framer.push(c), close: () => {} });
 * });
 * ```
 */
export class StreamConnection implements Connection {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly #stream: Duplex;
  #handlers: ConnectionHandlers | undefined;
  #error: Error | undefined;
  #isClosed = false;
  #drain: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  readonly #closedPromise: Promise<void>;
  #resolveClosed: () => void = () => {};

  constructor(stream: Duplex, endpoints: ConnectionEndpoints) {
    this.#stream = stream;
    this.#closedPromise = new Promise<void>((resolve) => {
      this.#resolveClosed = resolve;
    });
    this.localAddress = normalizeAddress(endpoints.localAddress);
    this.localPort = endpoints.localPort;
    this.remoteAddress = normalizeAddress(endpoints.remoteAddress);
    this.remotePort = endpoints.remotePort;
    stream.on('error', (err: Error) => {
      this.#error ??= err;
      stream.destroy();
    });
    stream.on('drain', () => this.#wakeWriters());
    stream.once('close', () => this.#closed());
    // allowHalfOpen streams would stay writable after the peer's FIN; BGP has no half-close.
    stream.once('end', () => stream.destroy());
    if (stream.destroyed) queueMicrotask(() => this.#closed());
  }

  /** Wraps a connected `net.Socket` (addresses read from it). */
  static fromSocket(socket: Socket): StreamConnection {
    socket.setNoDelay(true);
    return new StreamConnection(socket, {
      localAddress: socket.localAddress ?? '',
      localPort: socket.localPort ?? 0,
      remoteAddress: socket.remoteAddress ?? '',
      remotePort: socket.remotePort ?? 0,
    });
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  start(handlers: ConnectionHandlers): void {
    if (this.#handlers) throw new Error('Connection.start: already started');
    this.#handlers = handlers;
    if (this.#isClosed) {
      this.#callClose();
      return;
    }
    this.#stream.on('data', (chunk: Uint8Array) => {
      if (this.#isClosed) return;
      try {
        handlers.data(chunk);
      } catch (err) {
        this.#error ??= err instanceof Error ? err : new Error(String(err));
        this.#stream.destroy();
      }
    });
    // A server created with pauseOnConnect leaves the socket paused until told otherwise.
    this.#stream.resume();
  }

  write(bytes: Uint8Array): boolean {
    if (this.#isClosed || this.#stream.writableEnded) return false;
    return this.#stream.write(bytes);
  }

  drained(): Promise<void> {
    if (this.#isClosed || !this.#stream.writableNeedDrain) return Promise.resolve();
    this.#drain ??= new Promise<void>((resolve) => {
      this.#wake = resolve;
    });
    return this.#drain;
  }

  end(graceMs = DEFAULT_GRACE_MS): void {
    if (this.#isClosed) return;
    this.#stream.end();
    // The peer may never read what is queued: do not wait for it forever.
    setTimeout(() => this.#stream.destroy(), graceMs).unref();
  }

  destroy(): void {
    this.#stream.destroy();
  }

  whenClosed(): Promise<void> {
    return this.#closedPromise;
  }

  #wakeWriters(): void {
    const wake = this.#wake;
    this.#drain = undefined;
    this.#wake = undefined;
    wake?.();
  }

  #closed(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#resolveClosed();
    this.#wakeWriters();
    this.#callClose();
  }

  #callClose(): void {
    const handlers = this.#handlers;
    if (!handlers) return;
    this.#handlers = undefined;
    try {
      handlers.close(this.#error);
    } catch {
      // A consumer's close handler must not take the process down; nothing is left to clean.
    }
  }
}
