/**
 * The ICMPv6 checksum (RFC 4443 §2.3): the 16-bit one's complement of the one's complement sum
 * of the IPv6 pseudo-header (RFC 8200 §8.1: source, destination, upper-layer length, next
 * header 58) and the ICMPv6 message.
 */
import { NEXT_HEADER_ICMPV6 } from './constants.js';

function sumWords(bytes: Uint8Array, sum: number): number {
  const even = bytes.length & ~1;
  for (let i = 0; i < even; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (even !== bytes.length) sum += bytes[even]! << 8; // odd length: pad with a zero byte
  return sum;
}

function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

function pseudoHeaderSum(source: Uint8Array, destination: Uint8Array, length: number): number {
  let sum = sumWords(source, 0);
  sum = sumWords(destination, sum);
  return sum + Math.floor(length / 0x10000) + (length & 0xffff) + NEXT_HEADER_ICMPV6;
}

/**
 * The checksum `message` should carry, computed as if its checksum field (bytes 2-3) were zero.
 * `message` is the whole ICMPv6 message, at least 4 bytes.
 */
export function computeIcmpv6Checksum(
  source: Uint8Array,
  destination: Uint8Array,
  message: Uint8Array,
): number {
  let sum = pseudoHeaderSum(source, destination, message.length);
  sum = sumWords(message, sum) - ((message[2]! << 8) | message[3]!);
  return ~fold(sum) & 0xffff;
}

/** True when the checksum carried in `message` verifies (the full sum is all ones). */
export function verifyIcmpv6Checksum(
  source: Uint8Array,
  destination: Uint8Array,
  message: Uint8Array,
): boolean {
  if (message.length < 4) return false;
  const sum = sumWords(message, pseudoHeaderSum(source, destination, message.length));
  return fold(sum) === 0xffff;
}

/** Computes and stores the checksum into bytes 2-3 of `message`. */
export function fillIcmpv6Checksum(
  source: Uint8Array,
  destination: Uint8Array,
  message: Uint8Array,
): void {
  const checksum = computeIcmpv6Checksum(source, destination, message);
  message[2] = checksum >> 8;
  message[3] = checksum & 0xff;
}
