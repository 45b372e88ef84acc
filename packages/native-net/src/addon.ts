/**
 * Loads build/Release/native_net.node lazily, on the first call that needs it, so importing
 * the package never throws: a user without the addon gets a clear `NativeNetError` (code
 * NATIVE_NET_ERR_UNAVAILABLE) when they ask for TCP-MD5 or GTSM, and `isAvailable()` to check.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeNetError, NativeNetErrorCodes } from './errors.js';

/** What src/native/*.cc export. Internal: the public API is in index.ts. */
export interface NativeBinding {
  createTcpSocket(family: 4 | 6): number;
  bindSocket(fd: number, address: string, port: number): void;
  closeSocket(fd: number): void;
  ConnectRequest: new (
    fd: number,
    address: string,
    port: number,
    callback: (err: Error | null) => void,
  ) => { cancel(): void };
  /** prefixLength < 0: this address only (TCP_MD5SIG); else TCP_MD5SIG_EXT with a prefix. */
  setMd5Sig(fd: number, address: string, key: Uint8Array | null, prefixLength: number): void;
  setMinTtl(fd: number, minTtl: number): void;
  setTtl(fd: number, ttl: number): void;
  getMinTtl(fd: number): number;
  getTtl(fd: number): number;
  PacketSocket: new (
    ifname: string,
    protocol: number,
    onBatch: (
      frames: Buffer[],
      packetTypes: Uint8Array,
      timestampsNs: BigInt64Array,
      err: Error | null,
    ) => void,
  ) => NativePacketSocket;
  /** [ifindex, mac (6 bytes), mtu, IFF_* flags, ARPHRD_* type] */
  interfaceInfo(ifname: string): [number, Buffer, number, number, number];
  /** [ifindex, name] per interface of this network namespace. */
  listInterfaces(): [number, string][];
  /** clock_gettime(CLOCK_REALTIME) in nanoseconds: the clock of the frames' timestamps. */
  realtimeNs(): bigint;
}

/** One AF_PACKET socket of src/native/packet-socket.cc. Internal: see packet-socket.ts. */
export interface NativePacketSocket {
  readonly ifindex: number;
  send(frame: Uint8Array): void;
  addMembership(mac: Uint8Array, add: boolean): void;
  setPromiscuous(on: boolean): void;
  close(): void;
  /** [framesReceived, framesSent, receiveErrors, kernelDrops] */
  stats(): [number, number, number, number];
  ref(): void;
  unref(): void;
}

export interface AddonLoader {
  load(): NativeBinding;
  reason(): string | undefined;
}

const BUILD_HINT =
  'run `npm run build` in packages/native-net, or `npm rebuild @baremetal-lb/native-net` ' +
  'where it is a dependency; building needs g++, make and python3';

/** A loader for the addon at `path`; the outcome (binding or reason) is remembered. */
export function createAddonLoader(path: string, platform: string = process.platform): AddonLoader {
  let binding: NativeBinding | undefined;
  let failure: string | undefined;

  const attempt = (): void => {
    if (binding !== undefined || failure !== undefined) return;
    if (platform !== 'linux') {
      failure = `native-net: TCP-MD5 and GTSM sockets need Linux; this is ${platform}`;
    } else if (!existsSync(path)) {
      failure = `native-net: the addon is not built (${BUILD_HINT}); TCP-MD5 and GTSM need it. Looked for ${path}`;
    } else {
      try {
        binding = createRequire(import.meta.url)(path) as NativeBinding;
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        failure = `native-net: the addon at ${path} failed to load (${why}); rebuild it: ${BUILD_HINT}`;
      }
    }
  };

  return {
    load() {
      attempt();
      if (binding === undefined) {
        throw new NativeNetError(failure ?? 'native-net: the addon failed to load', {
          code: NativeNetErrorCodes.UNAVAILABLE,
        });
      }
      return binding;
    },
    reason() {
      attempt();
      return failure;
    },
  };
}

// src/, dist/ and the test bundle in .test-dist/ all sit one level below the package root.
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ADDON_PATH = join(packageRoot, 'build', 'Release', 'native_net.node');

const defaultLoader = createAddonLoader(ADDON_PATH);

/** The binding, or a NativeNetError (NATIVE_NET_ERR_UNAVAILABLE) that says how to build it. */
export function loadAddon(): NativeBinding {
  return defaultLoader.load();
}

/**
 * Whether the addon is built and loads here, so that TCP-MD5 and GTSM can be used.
 *
 * @example
 * ```ts
 * import { isAvailable, unavailableReason } from '@baremetal-lb/native-net';
 * if (!isAvailable()) console.warn(`BGP passwords disabled: ${unavailableReason()}`);
 * ```
 */
export function isAvailable(): boolean {
  return defaultLoader.reason() === undefined;
}

/** Why the addon cannot be used (not built, failed to load, not Linux), or undefined if it can. */
export function unavailableReason(): string | undefined {
  return defaultLoader.reason();
}
