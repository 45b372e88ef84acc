/**
 * One listening socket shared by every peer of a speaker. Accepted connections are dispatched
 * by remote address to the peer registered for it; connections from anyone else are closed at
 * once (RFC 4271 §8.2.1.1: a speaker accepts connections from configured peers only).
 * Per-peer TCP-MD5 keys are set on the listening socket (the kernel then drops unsigned SYNs
 * from that peer), per-peer GTSM on each accepted socket.
 */

import { createServer, type Server, type Socket } from 'node:net';
import { type Connection, normalizeAddress, StreamConnection } from './connection.js';
import { BgpTransportError, syscallCodeOf } from './errors.js';
import { type NativeNet, type NativeNetLoader, requireNativeNet } from './native-net.js';

/** Receives a connection accepted from a registered peer. */
export type IncomingHandler = (connection: Connection) => void;

/** Per-peer socket options applied by the listener. */
export interface ListenerPeerOptions {
  /** RFC 2385 key, set on the listening socket for this peer's address. */
  readonly md5Key?: string;
  /** GTSM (RFC 5082): lowest TTL accepted, set on each socket accepted from this peer. */
  readonly minTtl?: number;
  /** TTL of what we send on sockets accepted from this peer (eBGP multihop, GTSM 255). */
  readonly ttl?: number;
}

/** Options for {@link BgpListener.listen}. */
export interface BgpListenerOptions {
  /** TCP port; 0 lets the kernel choose (tests). */
  readonly port: number;
  /** Address to bind. Default `::` with IPv4 too (dual stack), `0.0.0.0` where IPv6 is off. */
  readonly host?: string;
  /** Loads `@baremetal-lb/native-net` for peers with TCP-MD5 or GTSM. */
  readonly loadNativeNet?: NativeNetLoader;
}

/** Optional callbacks of a {@link BgpListener}. */
export interface BgpListenerHooks {
  /** A connection from an address no peer is registered for, already closed. */
  readonly onRejected?: (remoteAddress: string) => void;
  /** A server or socket-option error (the listener keeps running). */
  readonly onError?: (err: Error) => void;
}

interface Registration {
  readonly handler: IncomingHandler;
  readonly options: ListenerPeerOptions;
  readonly native: NativeNet | undefined;
}

/**
 * A shared BGP listener.
 *
 * **When to use:** `BgpSpeaker` makes one from its `listen` option. Make one yourself to share
 * it between speakers, or from a `net.Server` created elsewhere (e.g. in another network
 * namespace) with {@link BgpListener.fromServer}.
 *
 * **Gotchas:** registering a peer with `md5Key`, `minTtl` or `ttl` loads
 * `@baremetal-lb/native-net` and rejects with `BgpTransportError` (`capability-unavailable`)
 * where it cannot; other peers are unaffected. Addresses are compared in canonical form.
 *
 * @example
 * ```ts
 * await using listener = await BgpListener.listen({ port: 0, host: '127.0.0.1' });
 * await listener.addPeer('127.0.0.1', (conn) => session.accept(conn));
 * console.log(listener.port);
 * ```
 */
export class BgpListener {
  readonly #server: Server;
  readonly #peers = new Map<string, Registration>();
  readonly #loadNativeNet: NativeNetLoader | undefined;
  #hooks: BgpListenerHooks = {};
  #closing: Promise<void> | undefined;

  private constructor(server: Server, loadNativeNet: NativeNetLoader | undefined) {
    this.#server = server;
    this.#loadNativeNet = loadNativeNet;
    server.on('connection', (socket: Socket) => this.#dispatch(socket));
    server.on('error', (err: Error) => this.#hooks.onError?.(err));
  }

  /** Binds a new server. Rejects with `BgpTransportError` (`listen-failed`). */
  static async listen(options: BgpListenerOptions): Promise<BgpListener> {
    const server = createServer({ pauseOnConnect: true });
    const host = options.host ?? '::';
    try {
      await bind(server, options.port, host);
    } catch (err) {
      const noIpv6 = options.host === undefined && syscallCodeOf(err) === 'EAFNOSUPPORT';
      if (!noIpv6) throw listenError(host, options.port, err);
      await bind(server, options.port, '0.0.0.0').catch((e: unknown) => {
        throw listenError('0.0.0.0', options.port, e);
      });
    }
    return new BgpListener(server, options.loadNativeNet);
  }

  /**
   * Adopts a server that is already listening (created with `pauseOnConnect: true`, so no
   * bytes are read before a session takes the socket). The listener owns it from now on.
   */
  static fromServer(server: Server, options: { loadNativeNet?: NativeNetLoader } = {}) {
    return new BgpListener(server, options.loadNativeNet);
  }

  /** The bound port. */
  get port(): number {
    const address = this.#server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** Sets the callbacks for rejected connections and errors. */
  setHooks(hooks: BgpListenerHooks): void {
    this.#hooks = hooks;
  }

  /** Registers (or replaces) the handler for connections from `address`. */
  async addPeer(
    address: string,
    handler: IncomingHandler,
    options: ListenerPeerOptions = {},
  ): Promise<void> {
    const key = normalizeAddress(address);
    const capability =
      options.md5Key !== undefined
        ? 'tcp-md5'
        : options.minTtl !== undefined
          ? 'gtsm'
          : options.ttl !== undefined
            ? 'ttl'
            : undefined;
    const native =
      capability === undefined
        ? undefined
        : await requireNativeNet(capability, this.#loadNativeNet);
    if (native && options.md5Key !== undefined) {
      try {
        native.setSocketMd5Key(this.#server, key, options.md5Key);
      } catch (err) {
        throw new BgpTransportError(`TCP-MD5 key for ${key} on the listener: ${String(err)}`, {
          failure: 'listen-failed',
          capability: 'tcp-md5',
          cause: err,
        });
      }
    }
    this.#peers.set(key, { handler, options, native });
  }

  /** Forgets a peer (and removes its TCP-MD5 key from the listening socket). */
  removePeer(address: string): void {
    const key = normalizeAddress(address);
    const registration = this.#peers.get(key);
    this.#peers.delete(key);
    if (registration?.native && registration.options.md5Key !== undefined) {
      try {
        registration.native.setSocketMd5Key(this.#server, key, null);
      } catch (err) {
        this.#hooks.onError?.(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }

  /** Stops listening; accepted connections are not affected. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
    });
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #dispatch(socket: Socket): void {
    socket.on('error', () => socket.destroy());
    const remote = normalizeAddress(socket.remoteAddress);
    const registration = this.#peers.get(remote);
    if (!registration) {
      socket.destroy();
      this.#hooks.onRejected?.(remote);
      return;
    }
    try {
      const { native, options } = registration;
      if (native && options.minTtl !== undefined) native.setSocketMinTtl(socket, options.minTtl);
      if (native && options.ttl !== undefined) native.setSocketTtl(socket, options.ttl);
      registration.handler(StreamConnection.fromSocket(socket));
    } catch (err) {
      socket.destroy();
      this.#hooks.onError?.(err instanceof Error ? err : new Error(String(err)));
    }
  }
}

function bind(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen({ port, host, ipv6Only: false }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function listenError(host: string, port: number, cause: unknown): BgpTransportError {
  return new BgpTransportError(`cannot listen on ${host} port ${port}: ${String(cause)}`, {
    failure: 'listen-failed',
    syscallCode: syscallCodeOf(cause),
    cause,
  });
}
