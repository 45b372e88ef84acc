/**
 * Reading what a frame agent in `listen` mode saw (./frame-agent.ts): its `frame` events decoded
 * with the codec, and predicates for the frames the namespace tests look for or must never see
 * (an ARP reply or a Neighbor Advertisement claiming an address, the requests that ask for one).
 */
import { formatIpv4, formatIpv6 } from '../codec/addresses.js';
import { ArpOperation, Icmpv6Type } from '../codec/constants.js';
import { type ArpFrame, decodeFrame, type NdpFrame } from '../codec/frame.js';
import type { LabEvent, LabProcess } from './lan-lab.js';

/** One frame a listener saw, decoded. */
export type SeenFrame = ArpFrame | NdpFrame;

function frameOf(event: LabEvent): SeenFrame | undefined {
  if (event.event !== 'frame' || typeof event.hex !== 'string') return undefined;
  const decoded = decodeFrame(new Uint8Array(Buffer.from(event.hex, 'hex')));
  return decoded.ok ? decoded.value : undefined;
}

/** The well-formed ARP and NDP frames `listener` has seen so far (malformed ones left out). */
export function seenFrames(listener: LabProcess): SeenFrame[] {
  return listener.events.flatMap((e) => frameOf(e.event) ?? []);
}

/** Waits (bounded) until `listener` sees a frame matching `match`. */
export async function waitForFrame(
  listener: LabProcess,
  match: (frame: SeenFrame) => boolean,
  timeoutMs?: number,
): Promise<SeenFrame> {
  const found = await listener.waitFor((e) => {
    const frame = frameOf(e);
    return frame !== undefined && match(frame);
  }, timeoutMs);
  const frame = frameOf(found.event);
  if (frame === undefined) throw new Error('matched event is not a frame');
  return frame;
}

/** An ARP reply saying `ip` is at the sender's MAC. */
export function isArpReplyFor(ip: string): (frame: SeenFrame) => boolean {
  return (f) =>
    f.kind === 'arp' &&
    f.arp.operation === ArpOperation.REPLY &&
    formatIpv4(f.arp.senderProtocolAddress) === ip;
}

/** An ARP request asking for `ip`. */
export function isArpRequestFor(ip: string): (frame: SeenFrame) => boolean {
  return (f) =>
    f.kind === 'arp' &&
    f.arp.operation === ArpOperation.REQUEST &&
    formatIpv4(f.arp.targetProtocolAddress) === ip;
}

/** A Neighbor Advertisement for target `ip`; with `solicited`, only with that S flag. */
export function isAdvertisementFor(ip: string, solicited?: boolean): (frame: SeenFrame) => boolean {
  return (f) =>
    f.kind === 'ndp' &&
    f.ndp.type === Icmpv6Type.NEIGHBOR_ADVERTISEMENT &&
    formatIpv6(f.ndp.targetAddress) === ip &&
    (solicited === undefined || f.ndp.isSolicited === solicited);
}

/** A Neighbor Solicitation for target `ip`. */
export function isSolicitationFor(ip: string): (frame: SeenFrame) => boolean {
  return (f) =>
    f.kind === 'ndp' &&
    f.ndp.type === Icmpv6Type.NEIGHBOR_SOLICITATION &&
    formatIpv6(f.ndp.targetAddress) === ip;
}
