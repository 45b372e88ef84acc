/**
 * TCP-MD5 (RFC 2385) and GTSM (RFC 5082) options on sockets that Node created: a listening
 * `net.Server` or a connected `net.Socket`. Connecting with them set from the first SYN is
 * connect-tcp.ts's job.
 */
import { Server, Socket } from 'node:net';
import { loadAddon } from './addon.js';
import { checkInt, ipVersionOf } from './address.js';
import { fromNativeError, invalidArg, NativeNetError, NativeNetErrorCodes } from './errors.js';

/** The kernel's limit (TCP_MD5SIG_MAXKEYLEN); RFC 2385 itself sets none. */
export const MAX_MD5_KEY_BYTES = 80;

/** A key as the kernel takes it: a string is its UTF-8 bytes, as BIRD and FRR use passwords. */
export function md5KeyBytes(key: string | Uint8Array): Uint8Array {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  if (!(bytes instanceof Uint8Array)) throw invalidArg('md5 key must be a string or Uint8Array');
  if (bytes.length < 1 || bytes.length > MAX_MD5_KEY_BYTES) {
    throw invalidArg(`md5 key must be 1..${MAX_MD5_KEY_BYTES} bytes, got ${bytes.length}`);
  }
  return bytes;
}

/** Node's private handle: on Unix its `fd` getter returns the descriptor, -1 when closed. */
interface HandleWithFd {
  fd?: unknown;
}

/** The file descriptor under a listening server or an open socket, or NATIVE_NET_ERR_NO_FD. */
export function fdOf(target: Socket | Server, what: string): number {
  if (!(target instanceof Socket) && !(target instanceof Server)) {
    throw invalidArg(`${what}: expected a net.Socket or net.Server`);
  }
  const handle = (target as unknown as { _handle?: HandleWithFd | null })._handle;
  const fd = handle?.fd;
  if (typeof fd !== 'number' || !Number.isInteger(fd) || fd < 0) {
    const state =
      target instanceof Server ? 'the server is not listening' : 'the socket is not open';
    throw new NativeNetError(`native-net: ${what}: ${state} (no file descriptor)`, {
      code: NativeNetErrorCodes.NO_FD,
    });
  }
  return fd;
}

export interface Md5KeyOptions {
  /**
   * Apply the key to every peer in `peerAddress/prefixLength` (TCP_MD5SIG_EXT, Linux 4.13+),
   * for a listener that accepts a range of peers. An IPv4 peer takes 0..32, IPv6 0..128.
   * Removing the key (`key: null`) must give the same prefix length it was added with.
   */
  prefixLength?: number;
}

/**
 * Sets (or, with `key: null`, removes) the RFC 2385 TCP-MD5 key for segments to and from
 * `peerAddress` on a listening server or a connected socket.
 *
 * **When to use:** on the listening side of a BGP session with a password. Once the key is
 * set, the kernel drops that peer's SYNs unless they carry a valid signature, so only a peer
 * with the right key ever reaches `'connection'`; other peers are not affected. For the
 * connecting side use `connectTcp({ md5Key })`, which sets the key before the SYN.
 *
 * **Gotchas:**
 * - The server must be listening (call it in the `listen` callback); before that there is
 *   no fd and this throws NATIVE_NET_ERR_NO_FD.
 * - A mismatch is silent: the kernel drops the segments (it counts them in
 *   `TCPMD5NotFound`, `TCPMD5Unexpected` and `TCPMD5Failure` in `nstat`), and the peer
 *   sees a connect timeout.
 * - A server on `::` (Node's default) is dual-stack: an IPv4 peer is keyed as its v4-mapped
 *   address, which this does for you.
 * - On a connected socket a new key takes effect at once: both ends must change together.
 * - Removing a key that is not set is not an error.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:net';
 * import { setSocketMd5Key } from '@baremetal-lb/native-net';
 *
 * const server = createServer((socket) => socket.end());
 * server.listen(179, '192.0.2.1', () => {
 *   setSocketMd5Key(server, '192.0.2.2', 'bgp-secret');
 * });
 * ```
 */
export function setSocketMd5Key(
  socketOrServer: Socket | Server,
  peerAddress: string,
  key: string | Uint8Array | null,
  options: Md5KeyOptions = {},
): void {
  const version = ipVersionOf(peerAddress, 'setSocketMd5Key: peerAddress');
  const prefixLength =
    options.prefixLength === undefined
      ? -1
      : checkInt(options.prefixLength, 0, version === 4 ? 32 : 128, 'prefixLength');
  const bytes = key === null ? null : md5KeyBytes(key);
  const fd = fdOf(socketOrServer, 'setSocketMd5Key');
  const addon = loadAddon();
  try {
    addon.setMd5Sig(fd, peerAddress, bytes, prefixLength);
  } catch (err) {
    throw fromNativeError(err);
  }
}

/**
 * Sets the lowest TTL (IPv4) / hop limit (IPv6) the kernel accepts on this socket: RFC 5082
 * GTSM. 255 accepts only directly connected peers that send with TTL 255; 0 turns it off.
 *
 * **When to use:** on a listening server before peers connect, or on a connected socket,
 * for eBGP peers configured with `ttl-security` / GTSM. The peer must send with TTL 255
 * (`setSocketTtl(socket, 255)` or `connectTcp({ ttl: 255 })`).
 *
 * **Gotchas:** segments below the limit are dropped silently, so a misconfigured peer sees
 * connect timeouts. On a dual-stack socket both the IPv4 and the IPv6 option are set.
 *
 * @example
 * ```ts
 * server.listen(179, () => setSocketMinTtl(server, 255));
 * ```
 */
export function setSocketMinTtl(socketOrServer: Socket | Server, minTtl: number): void {
  const value = checkInt(minTtl, 0, 255, 'setSocketMinTtl: minTtl');
  const fd = fdOf(socketOrServer, 'setSocketMinTtl');
  const addon = loadAddon();
  try {
    addon.setMinTtl(fd, value);
  } catch (err) {
    throw fromNativeError(err);
  }
}

/**
 * Sets the TTL (IPv4) / unicast hop limit (IPv6) of the packets this socket sends.
 *
 * **When to use:** 255 on a GTSM session (RFC 5082 §3), or a larger TTL for multihop eBGP.
 * On a server it applies to the sockets it accepts afterwards (Linux copies it on accept).
 *
 * @example
 * ```ts
 * server.listen(179, () => setSocketTtl(server, 255));
 * ```
 */
export function setSocketTtl(socketOrServer: Socket | Server, ttl: number): void {
  const value = checkInt(ttl, 1, 255, 'setSocketTtl: ttl');
  const fd = fdOf(socketOrServer, 'setSocketTtl');
  const addon = loadAddon();
  try {
    addon.setTtl(fd, value);
  } catch (err) {
    throw fromNativeError(err);
  }
}
