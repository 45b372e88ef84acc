/**
 * The responder on one interface: its socket, its MAC and link-local address, its counters and
 * its solicited-node memberships. Receives frames, asks `decideFrame`, sends answers; sends the
 * gratuitous frames the announcer asks for. Nothing throws out of the frame handler: a frame
 * that breaks something is counted and reported as an `error` event.
 */
import {
  formatIpv6,
  formatMac,
  parseIp,
  parseMac,
  solicitedNodeMulticastMac,
} from '../codec/addresses.js';
import { buildGratuitousArp, buildUnsolicitedNeighborAdvertisement } from '../codec/builders.js';
import { ArpOperation } from '../codec/constants.js';
import { bump, emptyInterfaceCounters, type InterfaceCounters } from './counters.js';
import { type DecisionContext, decideFrame, type ReceivedPacketType } from './decide.js';
import type { ResponderEvent } from './events.js';
import type { FrameSocket, LinkLayer } from './link.js';

/** What an interface shares with the responder that owns it. */
export interface InterfaceDeps {
  link: LinkLayer;
  isOwned(ip: string): boolean;
  emit(event: ResponderEvent): void;
  /** Per-address counters (MetalLB's names), shared by every interface. */
  count(counter: 'requests_received' | 'responses_sent' | 'gratuitous_sent', ip: string): void;
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'ERROR';
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One interface's responder; made by `Responder.start()`. */
export class InterfaceResponder {
  readonly counters: InterfaceCounters = emptyInterfaceCounters();
  readonly mac: Uint8Array;
  readonly linkLocal: Uint8Array;
  private readonly socket: FrameSocket;
  private readonly context: DecisionContext;
  /** Solicited-node MAC -> owned addresses mapping to it (several share one group). */
  private readonly groups = new Map<string, number>();

  /** Opens the socket; throws what the link layer throws (EPERM, ENODEV, ...). */
  constructor(
    readonly name: string,
    macText: string,
    linkLocal: Uint8Array,
    private readonly deps: InterfaceDeps,
  ) {
    this.mac = parseMac(macText);
    this.linkLocal = linkLocal;
    this.context = { mac: this.mac, linkLocal, isOwned: (ip) => deps.isOwned(ip) };
    this.socket = deps.link.open(name, {
      onFrame: (frame, packetType) => this.onFrame(frame, packetType),
      onError: (err) => {
        this.counters.receiveErrors++;
        this.report(err);
      },
    });
  }

  /** The `started` event for this interface. */
  startedEvent(): ResponderEvent {
    return {
      event: 'started',
      interface: this.name,
      mac: formatMac(this.mac),
      linkLocal: formatIpv6(this.linkLocal),
    };
  }

  /** Handles one received frame. Never throws. */
  onFrame(frame: Uint8Array, packetType: ReceivedPacketType): void {
    this.counters.framesReceived++;
    try {
      const decision = decideFrame(frame, packetType, this.context);
      if (decision.kind === 'drop') {
        bump(this.counters.dropped, decision.reason);
        return;
      }
      this.counters.requestsReceived++;
      this.deps.count('requests_received', decision.ip);
      if (!this.send(decision.frame)) return;
      this.counters.responsesSent++;
      this.deps.count('responses_sent', decision.ip);
      this.deps.emit({
        event: 'answered',
        interface: this.name,
        ip: decision.ip,
        protocol: decision.protocol,
        requester: decision.requester,
      });
    } catch (err) {
      this.report(err);
    }
  }

  /** Sends the gratuitous frames for `ip` (two ARPs, or one NA); returns how many went out. */
  announce(ip: string): number {
    const address = parseIp(ip);
    const frames =
      address.length === 4
        ? [ArpOperation.REQUEST, ArpOperation.REPLY].map((operation) =>
            buildGratuitousArp({ hardwareAddress: this.mac, protocolAddress: address, operation }),
          )
        : [
            buildUnsolicitedNeighborAdvertisement({
              hardwareAddress: this.mac,
              source: this.linkLocal,
              targetAddress: address,
            }),
          ];
    let sent = 0;
    for (const frame of frames) {
      if (!this.send(frame)) continue;
      sent++;
      this.counters.gratuitousSent++;
      this.deps.count('gratuitous_sent', ip);
    }
    return sent;
  }

  /** Joins the solicited-node group of an owned IPv6 address (no-op for IPv4). */
  join(ip: string): void {
    const group = this.groupOf(ip);
    if (group === undefined) return;
    const users = this.groups.get(group) ?? 0;
    this.groups.set(group, users + 1);
    if (users === 0) this.membership(group, true);
  }

  /** Leaves it again once no owned address needs it. */
  leave(ip: string): void {
    const group = this.groupOf(ip);
    if (group === undefined) return;
    const users = this.groups.get(group) ?? 0;
    if (users <= 1) {
      this.groups.delete(group);
      if (users === 1) this.membership(group, false);
    } else {
      this.groups.set(group, users - 1);
    }
  }

  /** The groups joined now (MACs). */
  memberships(): string[] {
    return [...this.groups.keys()];
  }

  /** The counters now, with the socket's kernel-side drops brought up to date. */
  countersNow(): InterfaceCounters {
    this.counters.socketBufferDrops = this.socket.counters?.kernelDrops ?? 0;
    return this.counters;
  }

  /** Closes the socket (the kernel drops its memberships). Idempotent. */
  close(): void {
    this.groups.clear();
    this.socket.close();
  }

  private groupOf(ip: string): string | undefined {
    const address = parseIp(ip);
    return address.length === 16 ? formatMac(solicitedNodeMulticastMac(address)) : undefined;
  }

  private membership(group: string, join: boolean): void {
    try {
      if (join) this.socket.addMembership(group);
      else this.socket.dropMembership(group);
    } catch (err) {
      this.report(err);
    }
  }

  private send(frame: Uint8Array): boolean {
    try {
      this.socket.send(frame);
      return true;
    } catch (err) {
      this.counters.sendErrors++;
      this.report(err);
      return false;
    }
  }

  private report(err: unknown): void {
    this.deps.emit({
      event: 'error',
      interface: this.name,
      code: errorCode(err),
      message: errorMessage(err),
    });
  }
}
