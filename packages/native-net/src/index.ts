/**
 * @baremetal-lb/native-net: the socket options Node does not expose, from one small N-API addon.
 *
 * What is where:
 * - connect-tcp.ts     `connectTcp`: socket made natively, TCP-MD5 / TTL / GTSM set before the
 *                      SYN, non-blocking connect awaited on the event loop, then handed to
 *                      `new net.Socket({ fd })`.
 * - socket-options.ts  `setSocketMd5Key`, `setSocketMinTtl`, `setSocketTtl` on a listening
 *                      `net.Server` or a connected `net.Socket` (their fd).
 * - packet-socket.ts  `openPacketSocket`: AF_PACKET frames in and out of one interface, read on
 *                      the event loop (ARP / NDP), with kernel receive times;
 *                      `realtimeNs` (their clock), `interfaceInfo`, `listInterfaces`.
 * - addon.ts           lazy loader of build/Release/native_net.node; `isAvailable()`.
 * - errors.ts          `NativeNetError` (errno names as codes, plus NATIVE_NET_ERR_*).
 * - native/            the C++ addon, one file per kind of socket (see native/addon.h).
 *
 * RFC 2385 (TCP MD5 signature option), RFC 5082 (GTSM), AF_PACKET (packet(7)). Linux only.
 */
export { isAvailable, unavailableReason } from './addon.js';
export {
  type ConnectTcpOptions,
  connectTcp,
  DEFAULT_CONNECT_TIMEOUT_MS,
} from './connect-tcp.js';
export {
  NativeNetError,
  type NativeNetErrorCode,
  NativeNetErrorCodes,
  type NativeNetErrorOptions,
} from './errors.js';
export {
  EtherProtocols,
  type FrameInfo,
  formatMac,
  type InterfaceFlags,
  type InterfaceInfo,
  interfaceInfo,
  listInterfaces,
  openPacketSocket,
  type PacketSocket,
  type PacketSocketCounters,
  type PacketSocketOptions,
  type PacketType,
  parseMac,
  realtimeNs,
} from './packet-socket.js';
export {
  MAX_MD5_KEY_BYTES,
  type Md5KeyOptions,
  setSocketMd5Key,
  setSocketMinTtl,
  setSocketTtl,
} from './socket-options.js';
