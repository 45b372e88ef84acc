/**
 * Ethernet II frames with up to two VLAN tags (IEEE 802.1Q 0x8100, 802.1ad 0x88a8). On Linux an
 * AF_PACKET socket usually sees tags stripped into metadata, but a socket on a trunk without
 * offload, or a capture, sees them inline; decoding them keeps the inner EtherType reachable.
 */
import { ETHERNET_HEADER_LENGTH, EtherType, VLAN_TAG_LENGTH } from './constants.js';
import { outputBuffer, requireLength } from './errors.js';
import { type DecodeResult, fail, ok } from './result.js';

/** One VLAN tag: TPID, then the TCI split into PCP, DEI and VID. */
export interface VlanTag {
  /** 0x8100 (802.1Q) or 0x88a8 (802.1ad). */
  tpid: number;
  /** Priority Code Point, 0..7. */
  priority: number;
  /** Drop Eligible Indicator. */
  dropEligible: boolean;
  /** VLAN identifier, 0..4095. */
  vlanId: number;
}

/**
 * A decoded frame. `destination`, `source` and `payload` are views into the decoded buffer:
 * valid until the caller reuses it (copy what you keep).
 */
export interface EthernetFrame {
  destination: Uint8Array;
  source: Uint8Array;
  /** Outer tag first; empty for an untagged frame. */
  vlanTags: readonly VlanTag[];
  /** The inner EtherType, after any tags. */
  etherType: number;
  /** Everything after the header, Ethernet padding included. */
  payload: Uint8Array;
}

/** Tags decoded at most: QinQ. A third TPID is left as the EtherType (and so not ARP/IPv6). */
const MAX_VLAN_TAGS = 2;

function isTpid(value: number): boolean {
  return value === EtherType.VLAN || value === EtherType.QINQ;
}

/** Decodes an Ethernet II frame from `offset` to the end of `buf`. Never throws. */
export function decodeEthernet(buf: Uint8Array, offset = 0): DecodeResult<EthernetFrame> {
  let at = offset + 12;
  if (buf.length < at + 2) return fail('truncated');
  let etherType = (buf[at]! << 8) | buf[at + 1]!;
  const vlanTags: VlanTag[] = [];
  while (isTpid(etherType) && vlanTags.length < MAX_VLAN_TAGS) {
    if (buf.length < at + VLAN_TAG_LENGTH + 2) return fail('truncated');
    const tci = (buf[at + 2]! << 8) | buf[at + 3]!;
    vlanTags.push({
      tpid: etherType,
      priority: tci >> 13,
      dropEligible: (tci & 0x1000) !== 0,
      vlanId: tci & 0x0fff,
    });
    at += VLAN_TAG_LENGTH;
    etherType = (buf[at]! << 8) | buf[at + 1]!;
  }
  return ok({
    destination: buf.subarray(offset, offset + 6),
    source: buf.subarray(offset + 6, offset + 12),
    vlanTags,
    etherType,
    payload: buf.subarray(at + 2),
  });
}

/** Header bytes of `frame` (14 plus 4 per tag). */
export function encodedLengthEthernetHeader(frame: Pick<EthernetFrame, 'vlanTags'>): number {
  return ETHERNET_HEADER_LENGTH + VLAN_TAG_LENGTH * frame.vlanTags.length;
}

/**
 * Writes the header of `frame` (addresses, tags, EtherType) at `offset`; returns the offset
 * just past it, where the payload goes. @throws ArpNdpError when it does not fit.
 */
export function writeEthernetHeader(
  frame: Omit<EthernetFrame, 'payload'>,
  out: Uint8Array,
  offset = 0,
): number {
  requireLength(frame.destination, 6, 'Ethernet destination');
  requireLength(frame.source, 6, 'Ethernet source');
  outputBuffer(out, offset, encodedLengthEthernetHeader(frame));
  out.set(frame.destination, offset);
  out.set(frame.source, offset + 6);
  let at = offset + 12;
  for (const tag of frame.vlanTags) {
    const tci = ((tag.priority & 7) << 13) | (tag.dropEligible ? 0x1000 : 0) | (tag.vlanId & 0xfff);
    out[at] = tag.tpid >> 8;
    out[at + 1] = tag.tpid & 0xff;
    out[at + 2] = tci >> 8;
    out[at + 3] = tci & 0xff;
    at += VLAN_TAG_LENGTH;
  }
  out[at] = frame.etherType >> 8;
  out[at + 1] = frame.etherType & 0xff;
  return at + 2;
}

/** Bytes `encodeEthernet` writes: header plus payload. */
export function encodedLengthEthernet(frame: EthernetFrame): number {
  return encodedLengthEthernetHeader(frame) + frame.payload.length;
}

/** Encodes a whole frame (header, then a copy of `payload`); returns the buffer written. */
export function encodeEthernet(frame: EthernetFrame, out?: Uint8Array, offset = 0): Uint8Array {
  const buffer = outputBuffer(out, offset, encodedLengthEthernet(frame));
  const at = writeEthernetHeader(frame, buffer, offset);
  buffer.set(frame.payload, at);
  return buffer;
}
