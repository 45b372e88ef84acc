/**
 * The optional `@baremetal-lb/native-net` package (TCP-MD5, TTL, GTSM socket options), loaded
 * on first need by a dynamic `import()` of a name held in a variable, so that neither
 * TypeScript nor a bundler requires it: peers without a password, TTL or GTSM never load it,
 * and a host without it fails only those peers, with a typed error.
 */

import type { Server, Socket } from 'node:net';
import { BgpTransportError, type NativeCapability } from './errors.js';

/** The subset of `@baremetal-lb/native-net` this package uses (kept in step with its API). */
export interface NativeNet {
  connectTcp(options: {
    host: string;
    port: number;
    localAddress?: string;
    localPort?: number;
    md5Key?: string | Uint8Array;
    ttl?: number;
    minTtl?: number;
    timeoutMs?: number;
    signal?: AbortSignal;
  }): Promise<Socket>;
  setSocketMd5Key(
    socketOrServer: Socket | Server,
    peerAddress: string,
    key: string | Uint8Array | null,
  ): void;
  setSocketMinTtl(socketOrServer: Socket | Server, minTtl: number): void;
  setSocketTtl(socketOrServer: Socket | Server, ttl: number): void;
  isAvailable(): boolean;
  unavailableReason(): string | undefined;
}

/** Loads the native module, or rejects; injectable so tests can stand in for it. */
export type NativeNetLoader = () => Promise<NativeNet>;

/** Held in a variable so that the TypeScript compiler and bundlers do not resolve it. */
const NATIVE_NET_MODULE = '@baremetal-lb/native-net';

let cached: Promise<NativeNet> | undefined;

async function importNativeNet(): Promise<NativeNet> {
  const name = NATIVE_NET_MODULE;
  const mod = (await import(/* @vite-ignore */ name)) as Partial<NativeNet> & {
    default?: Partial<NativeNet>;
  };
  const api = typeof mod.connectTcp === 'function' ? mod : mod.default;
  if (api === undefined || typeof api.connectTcp !== 'function') {
    throw new Error(`${NATIVE_NET_MODULE} does not export connectTcp`);
  }
  const native = api as NativeNet;
  if (!native.isAvailable()) {
    throw new Error(native.unavailableReason() ?? `${NATIVE_NET_MODULE}: addon not available`);
  }
  return native;
}

/** The default loader: imports once per process and remembers the outcome. */
export const loadNativeNet: NativeNetLoader = () => {
  cached ??= importNativeNet();
  return cached;
};

/**
 * The native module, or a `BgpTransportError` (`capability-unavailable`) naming the socket
 * option that needed it.
 */
export async function requireNativeNet(
  capability: NativeCapability,
  loader: NativeNetLoader = loadNativeNet,
): Promise<NativeNet> {
  try {
    return await loader();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new BgpTransportError(
      `${capabilityName(capability)} needs ${NATIVE_NET_MODULE}, which cannot be loaded: ${why}`,
      { failure: 'capability-unavailable', capability, cause: err },
    );
  }
}

function capabilityName(capability: NativeCapability): string {
  switch (capability) {
    case 'tcp-md5':
      return 'TCP-MD5 (RFC 2385)';
    case 'ttl':
      return 'an outgoing TTL (eBGP multihop)';
    case 'gtsm':
      return 'GTSM (RFC 5082)';
  }
}
