/**
 * connectTcp: a TCP connection whose socket options are in place before the SYN. TCP-MD5 must
 * be (the SYN is signed), and GTSM should be (the SYN-ACK is checked). Node's `net.connect`
 * creates and connects the socket in one step, so the socket is made natively, configured,
 * connected without blocking the event loop, then handed to `new net.Socket({ fd })`.
 */
import { Socket } from 'node:net';
import { loadAddon, type NativeBinding } from './addon.js';
import { checkInt, ipVersionOf } from './address.js';
import { fromNativeError, NativeNetError, NativeNetErrorCodes } from './errors.js';
import { md5KeyBytes } from './socket-options.js';

/** Used when `timeoutMs` is not given: long enough for a slow peer, far below Linux's ~2 min. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

export interface ConnectTcpOptions {
  /** The peer's IP address (IPv4 or IPv6, `%zone` allowed); no host names. */
  host: string;
  port: number;
  /** Source address to bind; same IP version as `host`. */
  localAddress?: string;
  /** Source port to bind (SO_REUSEADDR is set); 0 or absent lets the kernel choose. */
  localPort?: number;
  /** RFC 2385 key for this peer: a string is its UTF-8 bytes; 1..80 bytes. */
  md5Key?: string | Uint8Array;
  /** TTL / hop limit of what we send, 1..255 (255 for GTSM, RFC 5082). */
  ttl?: number;
  /** Lowest TTL / hop limit accepted from the peer, 0..255 (GTSM). */
  minTtl?: number;
  /** Give up after this long with code ETIMEDOUT. Default {@link DEFAULT_CONNECT_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Aborting rejects with code ABORT_ERR (cause: the signal's reason) and closes the socket. */
  signal?: AbortSignal;
}

/**
 * Opens a TCP connection with TCP-MD5, TTL and GTSM set before the first SYN, and resolves
 * with an ordinary connected `net.Socket` (`remoteAddress`, `write`, `'data'` work as usual).
 *
 * **When to use:** the active side of a BGP session that has a password (RFC 2385) or
 * TTL security (RFC 5082). Without either, `net.connect` does the same job.
 *
 * **Gotchas:**
 * - A wrong or missing key on either side is not refused, it is *dropped*: the connect
 *   rejects with code `ETIMEDOUT` after `timeoutMs`. So is a SYN-ACK under `minTtl`.
 * - `host` must be an address literal; resolve names yourself.
 * - Errors are `NativeNetError`s: `ECONNREFUSED`, `ENETUNREACH`, `EADDRINUSE` (bind) keep
 *   their errno names; `NATIVE_NET_ERR_UNAVAILABLE` when the addon is not built.
 * - The returned socket has no `'connect'` event to wait for: it is connected already.
 *
 * @example
 * ```ts
 * import { connectTcp } from '@baremetal-lb/native-net';
 *
 * const socket = await connectTcp({
 *   host: '192.0.2.1',
 *   port: 179,
 *   md5Key: 'bgp-secret',
 *   ttl: 255,
 *   minTtl: 255,
 *   timeoutMs: 5_000,
 * });
 * socket.on('data', (chunk) => console.log(chunk));
 * ```
 */
export async function connectTcp(options: ConnectTcpOptions): Promise<Socket> {
  const { host, signal } = options;
  const version = ipVersionOf(host, 'connectTcp: host');
  const port = checkInt(options.port, 1, 65535, 'connectTcp: port');
  const timeoutMs = checkInt(
    options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    1,
    2 ** 31 - 1,
    'connectTcp: timeoutMs',
  );
  const key = options.md5Key === undefined ? undefined : md5KeyBytes(options.md5Key);
  const ttl = options.ttl === undefined ? undefined : checkInt(options.ttl, 1, 255, 'ttl');
  const minTtl =
    options.minTtl === undefined ? undefined : checkInt(options.minTtl, 0, 255, 'minTtl');
  const localPort =
    options.localPort === undefined ? 0 : checkInt(options.localPort, 0, 65535, 'localPort');
  if (
    options.localAddress !== undefined &&
    ipVersionOf(options.localAddress, 'connectTcp: localAddress') !== version
  ) {
    throw new NativeNetError('native-net: connectTcp: localAddress and host differ in IP version', {
      code: NativeNetErrorCodes.INVALID_ARG,
    });
  }
  if (signal?.aborted) throw abortError(signal);
  const addon = loadAddon();

  let fd = -1;
  try {
    fd = addon.createTcpSocket(version);
    if (key !== undefined) addon.setMd5Sig(fd, host, key, -1);
    if (ttl !== undefined) addon.setTtl(fd, ttl);
    if (minTtl !== undefined) addon.setMinTtl(fd, minTtl);
    if (options.localAddress !== undefined || localPort !== 0) {
      const any = version === 4 ? '0.0.0.0' : '::';
      addon.bindSocket(fd, options.localAddress ?? any, localPort);
    }
    await awaitConnect(addon, fd, { host, port, timeoutMs, signal });
    // From here Node owns the fd: it closes it with the socket.
    const socket = new Socket({ fd, readable: true, writable: true });
    fd = -1;
    return socket;
  } catch (err) {
    if (fd >= 0) closeQuietly(addon, fd);
    throw fromNativeError(err);
  }
}

interface AwaitConnectOptions {
  host: string;
  port: number;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

/** Starts the native connect and settles on completion, timeout or abort, whichever is first. */
function awaitConnect(addon: NativeBinding, fd: number, o: AwaitConnectOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let request: { cancel(): void } | undefined;
    const onAbort = (): void => finish(abortError(o.signal));
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      request?.cancel(); // a no-op once the native side has called back
      if (err === undefined) resolve();
      else reject(err);
    };
    // Throws synchronously for immediate failures (ENETUNREACH, a bad address): the
    // Promise constructor turns that into a rejection.
    request = new addon.ConnectRequest(fd, o.host, o.port, (err) =>
      finish(err === null ? undefined : fromNativeError(err)),
    );
    timer = setTimeout(() => {
      const where = `${o.host.includes(':') ? `[${o.host}]` : o.host}:${o.port}`;
      finish(
        new NativeNetError(
          `native-net: connect to ${where} timed out after ${o.timeoutMs} ms (a TCP-MD5 or GTSM mismatch drops the SYN silently)`,
          { code: NativeNetErrorCodes.TIMEOUT, syscall: 'connect' },
        ),
      );
    }, o.timeoutMs);
    o.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(signal: AbortSignal | undefined): NativeNetError {
  return new NativeNetError('native-net: connect aborted', {
    code: NativeNetErrorCodes.ABORTED,
    cause: signal?.reason,
  });
}

function closeQuietly(addon: NativeBinding, fd: number): void {
  try {
    addon.closeSocket(fd);
  } catch {
    // the error being reported is the one that made us close
  }
}
