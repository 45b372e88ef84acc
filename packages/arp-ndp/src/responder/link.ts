/**
 * What the responder needs from the host, as an interface: an interface's MAC and flags, its
 * IPv6 link-local address, and a frame socket bound to it. `nativeLink` is the real thing
 * (@baremetal-lb/native-net AF_PACKET sockets, /proc/net/if_inet6); tests pass a fake, as
 * mdlayher/ndp's unexported `newConn` takes any packet conn (STYLE.md §5).
 */
import { readFileSync } from 'node:fs';
import type { InterfaceInfo, PacketType } from '@baremetal-lb/native-net';
import { EtherProtocols, interfaceInfo, openPacketSocket } from '@baremetal-lb/native-net';

/** A socket sending and receiving whole Ethernet frames (ARP and IPv6) on one interface. */
export interface FrameSocket {
  send(frame: Uint8Array): void;
  addMembership(mac: string): void;
  dropMembership(mac: string): void;
  close(): void;
  /** What the socket counts itself; kept after close. Optional for fakes. */
  readonly counters?: { readonly kernelDrops: number };
}

/** Receive callbacks for `LinkLayer.open`. */
export interface FrameHandlers {
  onFrame(frame: Uint8Array, packetType: PacketType): void;
  onError(err: Error & { code?: string }): void;
}

/** The host's side of the responder. */
export interface LinkLayer {
  /** Index, MAC, flags and master of `ifname`; throws (code ENODEV) when it does not exist. */
  interfaceInfo(ifname: string): InterfaceInfo;
  /** The interface's IPv6 link-local address (16 bytes), or undefined when it has none. */
  linkLocalAddress(ifname: string): Uint8Array | undefined;
  /** Opens a socket for ARP and IPv6 frames on `ifname` only. */
  open(ifname: string, handlers: FrameHandlers): FrameSocket;
}

/** The first link-scope (0x20) address of `ifname` in /proc/net/if_inet6, if any. */
export function linkLocalFromProc(ifname: string, text?: string): Uint8Array | undefined {
  let table = text;
  if (table === undefined) {
    try {
      table = readFileSync('/proc/net/if_inet6', 'utf8');
    } catch {
      return undefined; // IPv6 disabled: no table at all
    }
  }
  for (const line of table.split('\n')) {
    // "fe800000000000000000000000000001 02 40 20 80 eth0": address, index, prefix, scope, flags
    const [hex, , , scope, , name] = line.trim().split(/\s+/);
    if (name === ifname && scope === '20' && hex?.length === 32) {
      return new Uint8Array(Buffer.from(hex, 'hex'));
    }
  }
  return undefined;
}

/** The real link layer: native-net AF_PACKET sockets for ETH_P_ARP and ETH_P_IPV6. */
export const nativeLink: LinkLayer = Object.freeze({
  interfaceInfo: (ifname: string): InterfaceInfo => interfaceInfo(ifname),
  linkLocalAddress: (ifname: string): Uint8Array | undefined => linkLocalFromProc(ifname),
  open(ifname: string, handlers: FrameHandlers): FrameSocket {
    return openPacketSocket(ifname, {
      protocols: [EtherProtocols.ETH_P_ARP, EtherProtocols.ETH_P_IPV6],
      onFrame: (frame, info) => handlers.onFrame(frame, info.packetType),
      onError: (err) => handlers.onError(err),
    });
  },
});
