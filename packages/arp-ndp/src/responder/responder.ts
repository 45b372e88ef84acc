/**
 * The ARP / NDP responder: owns a set of addresses on a set of interfaces, answers ARP requests
 * and Neighbor Solicitations for them, and announces each newly owned address with gratuitous
 * ARP / unsolicited NA on MetalLB's cadence. It knows nothing of Kubernetes: the speaker
 * decides what is owned (own/disown), as MetalLB's `announce` callback does.
 *
 * Layout: decide.ts (pure per-frame decision), interface-responder.ts (one interface's socket
 * and counters), announcer.ts (cadence), link.ts (the host, injectable), this file (the set).
 */
import { formatIp, linkLocalFromMac, parseIp, parseMac } from '../codec/addresses.js';
import { type AnnounceOptions, Announcer } from './announcer.js';
import { type Clock, systemClock } from './clock.js';
import { type ResponderCounters, snapshotCounters } from './counters.js';
import { ResponderError } from './errors.js';
import type { ResponderEvent, ResponderEventHandler } from './events.js';
import { refusalOf } from './interface-check.js';
import { InterfaceResponder } from './interface-responder.js';
import { type LinkLayer, nativeLink } from './link.js';

/** `new Responder(options)`. */
export interface ResponderOptions {
  /** Interfaces to answer on (each checked: up, not NOARP, not enslaved, Ethernet). */
  interfaces: readonly string[];
  /** Gratuitous cadence; MetalLB's 1.1 s / 5 s by default. */
  announce?: AnnounceOptions;
  /** Events (started, refused, announced, answered, error, stopped). */
  onEvent?: ResponderEventHandler;
  /** Time source for the announcer; the system clock by default. */
  clock?: Clock;
  /** The host's interfaces and sockets; native-net AF_PACKET by default (tests pass a fake). */
  link?: LinkLayer;
}

type State = 'new' | 'running' | 'stopped';

/**
 * Answers ARP and NDP for the addresses it owns, on the interfaces it was given.
 *
 * **When to use:** one per speaker (or per `arp-ndp respond`); call `own(ip)` when this node
 * becomes the owner of an address, `disown(ip)` when it stops being it.
 *
 * **Gotchas:** needs CAP_NET_RAW (AF_PACKET). Interfaces that are down, NOARP or enslaved are
 * refused with a `refused` event; `start()` throws only when none is left. No address is
 * configured on the interface: the kernel itself does not answer for it, only we do.
 *
 * @example
 * ```ts
 * const responder = new Responder({ interfaces: ['eth0'], onEvent: (e) => log.info(e) });
 * responder.start();
 * responder.own('192.0.2.10'); // gratuitous ARP now, then every 1.1 s for 5 s
 * responder.own('2001:db8::10');
 * // ...
 * responder.stop();
 * ```
 */
export class Responder {
  private state: State = 'new';
  private readonly ips = new Set<string>();
  private readonly links: InterfaceResponder[] = [];
  private readonly announcer: Announcer;
  private readonly clock: Clock;
  private readonly link: LinkLayer;
  private readonly perIp: ResponderCounters = {
    requests_received: {},
    responses_sent: {},
    gratuitous_sent: {},
    interfaces: {},
  };

  constructor(private readonly options: ResponderOptions) {
    this.clock = options.clock ?? systemClock;
    this.link = options.link ?? nativeLink;
    this.announcer = new Announcer(this.clock, (ip) => this.burst(ip), options.announce);
  }

  /**
   * Checks every interface and opens its socket; then announces what is already owned.
   * @throws ResponderError `ARP_NDP_ERR_NO_USABLE_INTERFACE` when all are refused,
   * `ARP_NDP_ERR_SOCKET` when a socket cannot be opened (EPERM, ...: see `cause`).
   */
  start(): void {
    if (this.state !== 'new') throw new ResponderError('ARP_NDP_ERR_BAD_STATE', 'start() twice');
    if (this.options.interfaces.length === 0) {
      throw new ResponderError('ARP_NDP_ERR_BAD_STATE', 'no interfaces given');
    }
    const refusals: string[] = [];
    try {
      for (const name of this.options.interfaces) {
        const refusal = this.openInterface(name);
        if (refusal !== undefined) refusals.push(refusal);
      }
    } catch (err) {
      this.closeLinks();
      this.state = 'stopped';
      throw err;
    }
    if (this.links.length === 0) {
      this.state = 'stopped';
      throw new ResponderError(
        'ARP_NDP_ERR_NO_USABLE_INTERFACE',
        `no usable interface: ${refusals.join('; ')}`,
      );
    }
    this.state = 'running';
    for (const link of this.links) this.emit(link.startedEvent());
    for (const ip of this.ips) this.activate(ip);
  }

  /**
   * Owns `ip` (IPv4 or IPv6 text): answer for it and announce it now and on the cadence. Owning
   * it again restarts the announcement window. @throws ArpNdpError on bad address text.
   */
  own(ip: string): void {
    const key = formatIp(parseIp(ip));
    const isNew = !this.ips.has(key);
    this.ips.add(key);
    if (this.state !== 'running') return;
    if (isNew) this.activate(key);
    else this.announcer.announce(key);
  }

  /** Stops answering for and announcing `ip`; leaves its solicited-node group. */
  disown(ip: string): void {
    const key = formatIp(parseIp(ip));
    if (!this.ips.delete(key)) return;
    this.announcer.cancel(key);
    if (this.state === 'running') for (const link of this.links) link.leave(key);
  }

  /** Owned addresses, canonical text, in the order they were owned. */
  owned(): string[] {
    return [...this.ips];
  }

  /** Interfaces answering now. */
  interfaces(): string[] {
    return this.links.map((l) => l.name);
  }

  /** Stops announcing, closes every socket; idempotent. Emits `stopped` once. */
  stop(): void {
    if (this.state === 'stopped') return;
    const wasRunning = this.state === 'running';
    this.state = 'stopped';
    this.announcer.cancelAll();
    this.closeLinks();
    if (wasRunning) this.emit({ event: 'stopped' });
  }

  /** A snapshot of every counter (MetalLB's per-address names, plus per interface). */
  counters(): ResponderCounters {
    const interfaces: ResponderCounters['interfaces'] = {};
    for (const link of this.links) interfaces[link.name] = link.countersNow();
    return snapshotCounters({
      ...this.perIp,
      interfaces: { ...this.perIp.interfaces, ...interfaces },
    });
  }

  /** Refusal message, or undefined once the interface is open. Throws on socket errors. */
  private openInterface(name: string): string | undefined {
    let info: ReturnType<LinkLayer['interfaceInfo']>;
    try {
      info = this.link.interfaceInfo(name);
    } catch (err) {
      const message = `${name}: ${err instanceof Error ? err.message : String(err)}`;
      this.emit({ event: 'refused', interface: name, reason: 'missing', message });
      return message;
    }
    const refusal = refusalOf(info);
    if (refusal !== undefined) {
      this.emit({ event: 'refused', interface: name, ...refusal });
      return refusal.message;
    }
    const linkLocal = this.link.linkLocalAddress(name) ?? linkLocalFromMac(parseMac(info.mac));
    try {
      this.links.push(
        new InterfaceResponder(name, info.mac, linkLocal, {
          link: this.link,
          isOwned: (ip) => this.ips.has(ip),
          emit: (event) => this.emit(event),
          count: (counter, ip) => {
            const table = this.perIp[counter];
            table[ip] = (table[ip] ?? 0) + 1;
          },
        }),
      );
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new ResponderError('ARP_NDP_ERR_SOCKET', `${name}: ${why}`, { cause: err });
    }
    return undefined;
  }

  private activate(ip: string): void {
    for (const link of this.links) link.join(ip);
    this.announcer.announce(ip);
  }

  private burst(ip: string): void {
    for (const link of this.links) {
      const frames = link.announce(ip);
      if (frames > 0) this.emit({ event: 'announced', interface: link.name, ip, frames });
    }
  }

  private closeLinks(): void {
    for (const link of this.links) {
      link.close(); // first: closing reads the socket's last kernel-side counts
      this.perIp.interfaces[link.name] = link.countersNow();
    }
    this.links.length = 0;
  }

  private emit(event: ResponderEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // a throwing handler must not stop frame handling (documented on ResponderEventHandler)
    }
  }
}
