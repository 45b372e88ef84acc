/**
 * AF_PACKET sockets, for the ARP / NDP responder: whole Ethernet frames received from and sent
 * to one interface, read on Node's event loop (a uv_poll in src/native/packet-socket.cc, never
 * a blocking read), each with the kernel's receive time (`realtimeNs()` reads that clock).
 * Also `interfaceInfo` / `listInterfaces`: the MAC, MTU and flags a responder needs to answer
 * for an interface. Node offers none of this; ARP has no IP socket at all.
 */
import { readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { loadAddon, type NativePacketSocket } from './addon.js';
import { fromNativeError, invalidArg, NativeNetError } from './errors.js';

/** EtherTypes to open a socket for (`linux/if_ether.h`). */
export const EtherProtocols = {
  /** Every frame, any EtherType. */
  ETH_P_ALL: 0x0003,
  ETH_P_IP: 0x0800,
  ETH_P_ARP: 0x0806,
  ETH_P_IPV6: 0x86dd,
} as const;

/** How the kernel classified a received frame (`sll_pkttype`); our own sends never arrive. */
export type PacketType = 'host' | 'broadcast' | 'multicast' | 'otherhost';

const PACKET_TYPES: readonly PacketType[] = ['host', 'broadcast', 'multicast', 'otherhost'];

/** What a frame's callback gets besides the frame. */
export interface FrameInfo {
  packetType: PacketType;
  /**
   * When the kernel received the frame (SO_TIMESTAMPNS: CLOCK_REALTIME, nanoseconds since
   * the epoch), stamped as it entered the receive path, before this process was woken: the
   * time at the wire, not the time JavaScript saw it. Compare it with `realtimeNs()`, never
   * with `Date.now()` or `performance.now()` (another resolution, another clock).
   *
   * A `bigint` because nanoseconds since 1970 (~1.8e18) are past 2^53, where a `number`
   * loses them; differences are small, so `Number(b - a)` is exact. `0n` if the kernel
   * attached no timestamp (not seen on Linux; every socket asks for one).
   *
   * **Gotchas:** CLOCK_REALTIME can be stepped (NTP, `date -s`); an interval across a step is
   * wrong by the step. Fine for microsecond latencies, not for long durations.
   */
  timestampNs: bigint;
}

export interface PacketSocketOptions {
  /** One EtherType or several (one kernel socket each); default ETH_P_ALL. */
  protocols?: number | readonly number[];
  /**
   * Called once per received frame, in arrival order. `frame` is a fresh copy (starting with
   * the destination MAC; a VLAN tag the NIC stripped is put back), so it may be kept.
   */
  onFrame: (frame: Buffer, info: FrameInfo) => void;
  /** A receive error (ENETDOWN when the interface goes away); counted either way. */
  onError?: (err: NativeNetError) => void;
}

/** Counts since open; kept after close. */
export interface PacketSocketCounters {
  framesReceived: number;
  framesSent: number;
  receiveErrors: number;
  /**
   * Frames the kernel dropped before they were read, because the receive buffer was full
   * (PACKET_STATISTICS tp_drops): the process could not keep up.
   */
  kernelDrops: number;
}

/** An open AF_PACKET socket bound to one interface; see `openPacketSocket`. */
export interface PacketSocket {
  readonly ifname: string;
  readonly ifindex: number;
  /** The protocols it receives, as opened. */
  readonly protocols: readonly number[];
  readonly closed: boolean;
  readonly counters: PacketSocketCounters;
  /** Sends one whole Ethernet frame (from the destination MAC on) out of the interface. */
  send(frame: Uint8Array): void;
  /** Joins a link-layer multicast group, e.g. a solicited-node group `33:33:ff:xx:xx:xx`. */
  addMembership(mac: string): void;
  dropMembership(mac: string): void;
  /** Promiscuous mode for as long as this socket is open (the kernel counts users). */
  setPromiscuous(on: boolean): void;
  /** Stops receiving and frees the fd; idempotent; no `onFrame` call after it. */
  close(): void;
  /** Lets the process exit while the socket is open (like `net.Socket#unref`). */
  unref(): void;
  ref(): void;
}

const CAP_NET_RAW_HINT = 'AF_PACKET needs CAP_NET_RAW (run as root or grant the capability)';

/** Turns an addon error into a NativeNetError that says what to do about it. */
export function packetSocketError(err: unknown, ifname: string): NativeNetError {
  const e = fromNativeError(err);
  if (e.code === 'EPERM' || e.code === 'EACCES') {
    return new NativeNetError(`native-net: ${CAP_NET_RAW_HINT}; ${e.syscall ?? ''} on ${ifname}`, {
      code: e.code,
      errno: e.errno,
      syscall: e.syscall,
      cause: err,
    });
  }
  if (e.code === 'ENODEV' || e.code === 'ENXIO') {
    return new NativeNetError(`native-net: no interface named ${JSON.stringify(ifname)}`, {
      code: 'ENODEV',
      errno: e.errno,
      syscall: e.syscall,
      cause: err,
    });
  }
  return e;
}

/**
 * Checks an interface name as the kernel does (`dev_valid_name`): 1..15 bytes, not `.` or
 * `..`, no `/`, `:` or whitespace. Returns it.
 */
export function checkIfname(ifname: unknown): string {
  if (typeof ifname !== 'string') throw invalidArg('interface name must be a string');
  const bytes = Buffer.byteLength(ifname, 'utf8');
  if (bytes < 1 || bytes > 15 || ifname === '.' || ifname === '..' || /[/:\s]/.test(ifname)) {
    throw invalidArg(`not a valid interface name: ${JSON.stringify(ifname)}`);
  }
  return ifname;
}

/** `aa:bb:cc:dd:ee:ff` (any case; `-` also allowed) to its 6 bytes. */
export function parseMac(mac: unknown): Uint8Array {
  if (typeof mac !== 'string' || !/^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i.test(mac)) {
    throw invalidArg(`not a MAC address (aa:bb:cc:dd:ee:ff): ${JSON.stringify(mac)}`);
  }
  return Uint8Array.from(mac.split(/[:-]/), (octet) => Number.parseInt(octet, 16));
}

/** 6 bytes as `aa:bb:cc:dd:ee:ff`. */
export function formatMac(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join(':');
}

function multicastMac(mac: string): Uint8Array {
  const bytes = parseMac(mac);
  if (((bytes[0] ?? 0) & 1) === 0) {
    throw invalidArg(`membership needs a multicast MAC (group bit set), got ${mac}`);
  }
  return bytes;
}

function checkProtocols(protocols: PacketSocketOptions['protocols']): number[] {
  const list = protocols === undefined ? [EtherProtocols.ETH_P_ALL] : [protocols].flat();
  if (list.length === 0) throw invalidArg('protocols must not be empty');
  for (const p of list) {
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 0xffff) {
      throw invalidArg(`protocol must be an EtherType 1..0xffff, got ${String(p)}`);
    }
  }
  // ETH_P_ALL already receives the rest; a second socket would deliver frames twice.
  return list.includes(EtherProtocols.ETH_P_ALL) ? [EtherProtocols.ETH_P_ALL] : [...new Set(list)];
}

/**
 * Opens an AF_PACKET socket on `ifname` for `options.protocols`, delivering each frame to
 * `options.onFrame` from the event loop.
 *
 * **Gotchas:**
 * - Needs CAP_NET_RAW (EPERM otherwise, with a message that says so).
 * - Bound to the interface: frames of other interfaces never arrive. Frames this host sends
 *   (ours included) are not delivered.
 * - Several protocols use one kernel socket each; `send` goes out through the first.
 * - The socket keeps the process alive until `close()` (or `unref()`).
 *
 * @example
 * ```ts
 * const sock = openPacketSocket('eth0', {
 *   protocols: [EtherProtocols.ETH_P_ARP, EtherProtocols.ETH_P_IPV6],
 *   onFrame: (frame, { packetType }) => responder.handle(frame, packetType),
 * });
 * sock.addMembership('33:33:ff:00:00:09'); // solicited-node group of 2001:db8::9
 * sock.send(replyFrame);
 * sock.close();
 * ```
 */
export function openPacketSocket(ifname: string, options: PacketSocketOptions): PacketSocket {
  checkIfname(ifname);
  if (typeof options?.onFrame !== 'function') throw invalidArg('options.onFrame is required');
  return new AfPacketSocket(ifname, checkProtocols(options.protocols), options);
}

/** One kernel socket per protocol behind one PacketSocket; sends go through the first. */
class AfPacketSocket implements PacketSocket {
  readonly ifindex: number;
  private readonly sockets: NativePacketSocket[] = [];
  private isClosed = false;

  constructor(
    readonly ifname: string,
    readonly protocols: readonly number[],
    private readonly options: PacketSocketOptions,
  ) {
    const addon = loadAddon();
    const onBatch = this.onBatch.bind(this);
    try {
      for (const protocol of protocols) {
        this.sockets.push(new addon.PacketSocket(ifname, protocol, onBatch));
      }
    } catch (err) {
      for (const s of this.sockets) s.close();
      throw packetSocketError(err, ifname);
    }
    this.ifindex = this.first.ifindex;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get counters(): PacketSocketCounters {
    const sum: PacketSocketCounters = {
      framesReceived: 0,
      framesSent: 0,
      receiveErrors: 0,
      kernelDrops: 0,
    };
    for (const s of this.sockets) {
      const [received, sent, errors, drops] = s.stats();
      sum.framesReceived += received;
      sum.framesSent += sent;
      sum.receiveErrors += errors;
      sum.kernelDrops += drops;
    }
    return sum;
  }

  send(frame: Uint8Array): void {
    if (!(frame instanceof Uint8Array)) throw invalidArg('send(frame): frame must be a Uint8Array');
    if (frame.length < 14) throw invalidArg(`send(frame): ${frame.length} bytes is no frame`);
    this.call(() => this.first.send(frame));
  }

  addMembership(mac: string): void {
    const bytes = multicastMac(mac);
    this.call(() => this.first.addMembership(bytes, true));
  }

  dropMembership(mac: string): void {
    const bytes = multicastMac(mac);
    this.call(() => this.first.addMembership(bytes, false));
  }

  setPromiscuous(on: boolean): void {
    this.call(() => this.first.setPromiscuous(on === true));
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const s of this.sockets) s.close();
  }

  unref(): void {
    for (const s of this.sockets) s.unref();
  }

  ref(): void {
    for (const s of this.sockets) s.ref();
  }

  private get first(): NativePacketSocket {
    return this.sockets[0] as NativePacketSocket;
  }

  /** One wakeup's frames from the addon; a close() inside onFrame drops the rest. */
  private onBatch(
    frames: Buffer[],
    types: Uint8Array,
    timestampsNs: BigInt64Array,
    err: Error | null,
  ): void {
    for (let i = 0; i < frames.length && !this.isClosed; i++) {
      const packetType = PACKET_TYPES[types[i] ?? 0] ?? 'otherhost';
      const timestampNs = timestampsNs[i] ?? 0n;
      this.options.onFrame(frames[i] as Buffer, { packetType, timestampNs });
    }
    if (err !== null && !this.isClosed) this.options.onError?.(packetSocketError(err, this.ifname));
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      throw packetSocketError(err, this.ifname);
    }
  }
}

/**
 * The time now on CLOCK_REALTIME (`clock_gettime`), in nanoseconds since the epoch: the clock
 * `FrameInfo.timestampNs` uses. Read it right before `send()` and subtract it from the
 * reply's `timestampNs` for a request/reply latency at the wire, as ping(8) does with
 * SO_TIMESTAMP: no wakeup or event-loop delay of the receiver is in it.
 *
 * @example
 * ```ts
 * const sentNs = realtimeNs();
 * sock.send(request);
 * // later, in onFrame(reply, { timestampNs }):
 * const latencyUs = Number(timestampNs - sentNs) / 1000;
 * ```
 */
export function realtimeNs(): bigint {
  return loadAddon().realtimeNs();
}

/** An interface's flags (`IFF_*`) that a responder cares about. */
export interface InterfaceFlags {
  up: boolean;
  broadcast: boolean;
  loopback: boolean;
  noarp: boolean;
  running: boolean;
  multicast: boolean;
}

export interface InterfaceInfo {
  name: string;
  index: number;
  /** `aa:bb:cc:dd:ee:ff`. */
  mac: string;
  mtu: number;
  /** ARPHRD_* (1 = Ethernet, 772 = loopback). */
  hardwareType: number;
  flags: InterfaceFlags;
  /** The bridge or bond this interface is enslaved to. */
  master?: string;
}

// linux/if.h
const IFF = {
  UP: 0x1,
  BROADCAST: 0x2,
  LOOPBACK: 0x8,
  RUNNING: 0x40,
  NOARP: 0x80,
  MULTICAST: 0x1000,
};

/** The master from sysfs, which `ip netns exec` mounts for the namespace it enters. */
function masterOf(ifname: string): string | undefined {
  try {
    return basename(readlinkSync(`/sys/class/net/${ifname}/master`));
  } catch {
    return undefined;
  }
}

/**
 * The index, MAC, MTU and flags of `ifname` in this process's network namespace (ioctls), and
 * its master (sysfs). Needs no privileges. ENODEV names a missing interface.
 */
export function interfaceInfo(ifname: string): InterfaceInfo {
  checkIfname(ifname);
  let raw: [number, Buffer, number, number, number];
  try {
    raw = loadAddon().interfaceInfo(ifname);
  } catch (err) {
    throw packetSocketError(err, ifname);
  }
  const [index, mac, mtu, bits, hardwareType] = raw;
  const info: InterfaceInfo = {
    name: ifname,
    index,
    mac: formatMac(mac),
    mtu,
    hardwareType,
    flags: {
      up: (bits & IFF.UP) !== 0,
      broadcast: (bits & IFF.BROADCAST) !== 0,
      loopback: (bits & IFF.LOOPBACK) !== 0,
      noarp: (bits & IFF.NOARP) !== 0,
      running: (bits & IFF.RUNNING) !== 0,
      multicast: (bits & IFF.MULTICAST) !== 0,
    },
  };
  const master = masterOf(ifname);
  if (master !== undefined) info.master = master;
  return info;
}

/** Every interface of this network namespace, by index; ones that vanish meanwhile are left out. */
export function listInterfaces(): InterfaceInfo[] {
  let entries: [number, string][];
  try {
    entries = loadAddon().listInterfaces();
  } catch (err) {
    throw fromNativeError(err);
  }
  const out: InterfaceInfo[] = [];
  for (const [, name] of entries.sort((x, y) => x[0] - y[0])) {
    try {
      out.push(interfaceInfo(name));
    } catch (err) {
      if (!(err instanceof NativeNetError && err.code === 'ENODEV')) throw err;
    }
  }
  return out;
}
