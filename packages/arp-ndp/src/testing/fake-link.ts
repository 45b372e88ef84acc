/**
 * A fake link layer for unit tests of the responder: interfaces described by hand, sockets that
 * record what was sent and joined, and a way to deliver frames as the kernel would.
 */
import type { InterfaceInfo } from '@baremetal-lb/native-net';
import type { FrameHandlers, FrameSocket, LinkLayer } from '../responder/link.js';

/** A recorded fake socket. */
export interface FakeSocket extends FrameSocket {
  sent: Uint8Array[];
  groups: Set<string>;
  closed: boolean;
  handlers: FrameHandlers;
  /** When set, `send` throws this. */
  failSend?: Error;
  /** The kernel-side counts; set them to play a full receive buffer. */
  counters: { kernelDrops: number };
  /** Drops the kernel reports only when the socket is closed (its last read). */
  dropsAtClose?: number;
}

/** An Ethernet interface that passes every check, with `overrides` applied. */
export function fakeInterface(name: string, overrides: Partial<InterfaceInfo> = {}): InterfaceInfo {
  return {
    name,
    index: 2,
    mac: '02:00:5e:00:53:aa',
    mtu: 1500,
    hardwareType: 1,
    flags: {
      up: true,
      broadcast: true,
      loopback: false,
      noarp: false,
      running: true,
      multicast: true,
    },
    ...overrides,
  };
}

/** The fake: `interfaces` by name, and the sockets opened on them. */
export class FakeLink implements LinkLayer {
  readonly sockets = new Map<string, FakeSocket>();

  constructor(readonly interfaces: Record<string, InterfaceInfo>) {}

  interfaceInfo(ifname: string): InterfaceInfo {
    const info = this.interfaces[ifname];
    if (info === undefined) {
      throw Object.assign(new Error(`no interface named "${ifname}"`), { code: 'ENODEV' });
    }
    return info;
  }

  linkLocalAddress(): Uint8Array | undefined {
    return undefined;
  }

  open(ifname: string, handlers: FrameHandlers): FrameSocket {
    const socket: FakeSocket = {
      sent: [],
      groups: new Set(),
      closed: false,
      handlers,
      send(frame) {
        if (socket.failSend !== undefined) throw socket.failSend;
        socket.sent.push(frame);
      },
      addMembership: (mac) => socket.groups.add(mac),
      dropMembership: (mac) => socket.groups.delete(mac),
      counters: { kernelDrops: 0 },
      close: () => {
        if (!socket.closed) socket.counters.kernelDrops += socket.dropsAtClose ?? 0;
        socket.closed = true;
      },
    };
    this.sockets.set(ifname, socket);
    return socket;
  }

  /** The socket on `ifname`; throws when none was opened. */
  socket(ifname: string): FakeSocket {
    const s = this.sockets.get(ifname);
    if (s === undefined) throw new Error(`no socket on ${ifname}`);
    return s;
  }
}
