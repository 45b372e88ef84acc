/**
 * ARP for Ethernet and IPv4 (RFC 826): the only combination a layer-2 announcer answers. Any
 * other hardware or protocol type is rejected with its own reason, so the responder can count it.
 */
import { ARP_HARDWARE_TYPE_ETHERNET, ARP_LENGTH, ArpOperation, EtherType } from './constants.js';
import { outputBuffer, requireLength } from './errors.js';
import { type DecodeResult, fail, ok } from './result.js';

/**
 * An ARP packet, with RFC 826's field names. The addresses are views into the decoded buffer
 * (6-byte MACs, 4-byte IPv4 addresses): valid until the caller reuses it.
 */
export interface ArpPacket {
  /** ar$op: `ArpOperation.REQUEST` (1) or `ArpOperation.REPLY` (2). */
  operation: ArpOperation;
  senderHardwareAddress: Uint8Array;
  senderProtocolAddress: Uint8Array;
  targetHardwareAddress: Uint8Array;
  targetProtocolAddress: Uint8Array;
}

/**
 * Decodes an ARP packet at `offset`; bytes after its 28 (Ethernet padding) are ignored.
 * Never throws.
 */
export function decodeArp(buf: Uint8Array, offset = 0): DecodeResult<ArpPacket> {
  if (buf.length - offset < 8) return fail('truncated');
  const hardwareType = (buf[offset]! << 8) | buf[offset + 1]!;
  if (hardwareType !== ARP_HARDWARE_TYPE_ETHERNET) return fail('bad-hardware-type');
  const protocolType = (buf[offset + 2]! << 8) | buf[offset + 3]!;
  if (protocolType !== EtherType.IPV4) return fail('bad-protocol-type');
  if (buf[offset + 4] !== 6 || buf[offset + 5] !== 4) return fail('bad-address-length');
  if (buf.length - offset < ARP_LENGTH) return fail('truncated');
  const operation = (buf[offset + 6]! << 8) | buf[offset + 7]!;
  if (operation !== ArpOperation.REQUEST && operation !== ArpOperation.REPLY) {
    return fail('bad-operation');
  }
  const at = offset + 8;
  return ok({
    operation,
    senderHardwareAddress: buf.subarray(at, at + 6),
    senderProtocolAddress: buf.subarray(at + 6, at + 10),
    targetHardwareAddress: buf.subarray(at + 10, at + 16),
    targetProtocolAddress: buf.subarray(at + 16, at + 20),
  });
}

/** Encodes `packet` (28 bytes) at `offset`; returns the buffer written. @throws ArpNdpError */
export function encodeArp(packet: ArpPacket, out?: Uint8Array, offset = 0): Uint8Array {
  requireLength(packet.senderHardwareAddress, 6, 'ARP sender hardware address');
  requireLength(packet.senderProtocolAddress, 4, 'ARP sender protocol address');
  requireLength(packet.targetHardwareAddress, 6, 'ARP target hardware address');
  requireLength(packet.targetProtocolAddress, 4, 'ARP target protocol address');
  const buffer = outputBuffer(out, offset, ARP_LENGTH);
  buffer[offset] = 0;
  buffer[offset + 1] = ARP_HARDWARE_TYPE_ETHERNET;
  buffer[offset + 2] = EtherType.IPV4 >> 8;
  buffer[offset + 3] = EtherType.IPV4 & 0xff;
  buffer[offset + 4] = 6;
  buffer[offset + 5] = 4;
  buffer[offset + 6] = 0;
  buffer[offset + 7] = packet.operation;
  buffer.set(packet.senderHardwareAddress, offset + 8);
  buffer.set(packet.senderProtocolAddress, offset + 14);
  buffer.set(packet.targetHardwareAddress, offset + 18);
  buffer.set(packet.targetProtocolAddress, offset + 24);
  return buffer;
}
