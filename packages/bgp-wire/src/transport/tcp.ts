/**
 * Outgoing TCP connections for BGP: `node:net` for plain sessions; the optional native module
 * when a socket option must be set before the SYN (TCP-MD5, RFC 2385) or Node cannot set it
 * at all (TTL for eBGP multihop, GTSM's minimum TTL, RFC 5082).
 */

import { connect as netConnect, type Socket } from 'node:net';
import { type Connection, StreamConnection } from './connection.js';
import {
  BgpTransportError,
  type NativeCapability,
  syscallCodeOf,
  type TransportFailure,
} from './errors.js';
import { type NativeNetLoader, requireNativeNet } from './native-net.js';

/** Options for {@link openTcpConnection}. */
export interface TcpConnectOptions {
  /** The peer's address (IPv4 or IPv6 literal). */
  readonly host: string;
  readonly port: number;
  /** Source address to bind. */
  readonly localAddress?: string;
  /** RFC 2385 TCP-MD5 key. Needs `@baremetal-lb/native-net`. */
  readonly md5Key?: string | Uint8Array;
  /** TTL / hop limit of what we send (eBGP multihop; 255 for GTSM). Needs native-net. */
  readonly ttl?: number;
  /** Lowest TTL accepted from the peer (GTSM, RFC 5082). Needs native-net. */
  readonly minTtl?: number;
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** Abort the attempt (rejects with failure `aborted`). */
  readonly signal?: AbortSignal;
}

/** Opens a connection; {@link openTcpConnection} is the default, tests pass their own. */
export type ConnectFunction = (options: TcpConnectOptions) => Promise<Connection>;

/** Injection points for {@link openTcpConnection}. */
export interface TcpConnectDeps {
  /** Loads `@baremetal-lb/native-net`; default: dynamic import. */
  readonly loadNativeNet?: NativeNetLoader;
}

/**
 * Connects to a BGP peer over TCP.
 *
 * **When to use:** the default `connect` of `BgpSpeaker`; call it yourself to build a custom
 * transport.
 *
 * **Gotchas:**
 * - With `md5Key`, `ttl` or `minTtl`, the optional package `@baremetal-lb/native-net` is
 *   loaded; where it cannot be, this rejects with `BgpTransportError` failure
 *   `capability-unavailable` naming the option, without touching the network.
 * - A TCP-MD5 key mismatch is not refused but dropped by the kernel: it shows up as
 *   `connect-timeout`.
 *
 * @example
 * ```ts
 * const conn = await openTcpConnection({ host: '192.0.2.1', port: 179, timeoutMs: 5000 });
 * conn.start({ data: (chunk) => framer.push(chunk), close: (err) => console.log('closed', err) });
 * ```
 */
export async function openTcpConnection(
  options: TcpConnectOptions,
  deps: TcpConnectDeps = {},
): Promise<Connection> {
  if (options.signal?.aborted) throw connectError(options, 'aborted', options.signal.reason);
  const capability = nativeCapabilityOf(options);
  const socket =
    capability === undefined
      ? await connectPlain(options)
      : await connectNative(options, capability, deps.loadNativeNet);
  return StreamConnection.fromSocket(socket);
}

/** Which native capability the options need, if any (the strongest requirement named). */
export function nativeCapabilityOf(
  options: Pick<TcpConnectOptions, 'md5Key' | 'ttl' | 'minTtl'>,
): NativeCapability | undefined {
  if (options.md5Key !== undefined) return 'tcp-md5';
  if (options.minTtl !== undefined) return 'gtsm';
  if (options.ttl !== undefined) return 'ttl';
  return undefined;
}

function connectPlain(options: TcpConnectOptions): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const socket = netConnect({
      host: options.host,
      port: options.port,
      localAddress: options.localAddress,
    });
    const fail = (failure: TransportFailure, err?: unknown) => {
      cleanup();
      socket.destroy();
      reject(connectError(options, failure, err));
    };
    const onError = (err: Error) => fail('connect-failed', err);
    const onAbort = () => fail('aborted', options.signal?.reason);
    const timer = setTimeout(() => fail('connect-timeout'), options.timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      socket.off('error', onError);
      options.signal?.removeEventListener('abort', onAbort);
    };
    socket.once('error', onError);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      cleanup();
      resolve(socket);
    });
  });
}

async function connectNative(
  options: TcpConnectOptions,
  capability: NativeCapability,
  loader: NativeNetLoader | undefined,
): Promise<Socket> {
  const native = await requireNativeNet(capability, loader);
  try {
    return await native.connectTcp({
      host: options.host,
      port: options.port,
      localAddress: options.localAddress,
      md5Key: options.md5Key,
      ttl: options.ttl,
      minTtl: options.minTtl,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
  } catch (err) {
    const code = syscallCodeOf(err);
    const failure =
      code === 'ETIMEDOUT'
        ? 'connect-timeout'
        : code === 'ABORT_ERR'
          ? 'aborted'
          : 'connect-failed';
    throw connectError(options, failure, err);
  }
}

function connectError(
  options: TcpConnectOptions,
  failure: TransportFailure,
  cause: unknown,
): BgpTransportError {
  const where = `${options.host} port ${options.port}`;
  const what =
    failure === 'connect-timeout'
      ? `no connection to ${where} within ${options.timeoutMs} ms`
      : failure === 'aborted'
        ? `connection to ${where} aborted`
        : `connection to ${where} failed: ${cause instanceof Error ? cause.message : String(cause)}`;
  return new BgpTransportError(what, { failure, syscallCode: syscallCodeOf(cause), cause });
}
