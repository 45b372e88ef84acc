/**
 * NDP option TLVs (RFC 4861 §4.6): type, length in units of 8 octets (type and length
 * included), data. A length of 0 must be rejected (§4.6, and the receipt checks of §7.1), as must
 * an option running past the message.
 */
import { ArpNdpError } from './errors.js';
import { type DecodeResult, fail, ok } from './result.js';

/** One option; `data` is a view of the bytes after type and length (length x 8 - 2 bytes). */
export interface NdpOption {
  type: number;
  data: Uint8Array;
}

/** Decodes the options filling `buf` from `offset` to its end. Never throws. */
export function decodeNdpOptions(buf: Uint8Array, offset: number): DecodeResult<NdpOption[]> {
  const options: NdpOption[] = [];
  let at = offset;
  while (at < buf.length) {
    if (buf.length - at < 2) return fail('bad-option-length');
    const units = buf[at + 1]!;
    // RFC 4861 §4.6: "Nodes MUST silently discard an ND packet that contains an option with
    // length zero."
    if (units === 0) return fail('bad-option-length');
    const end = at + units * 8;
    if (end > buf.length) return fail('bad-option-length');
    options.push({ type: buf[at]!, data: buf.subarray(at + 2, end) });
    at = end;
  }
  return ok(options);
}

/** Bytes the options take on the wire. */
export function encodedLengthNdpOptions(options: readonly NdpOption[]): number {
  let length = 0;
  for (const option of options) length += 2 + option.data.length;
  return length;
}

/**
 * Writes `options` at `offset`; returns the offset past them. @throws ArpNdpError when an
 * option's 2 + data length is not a positive multiple of 8 (at most 255 units).
 */
export function writeNdpOptions(
  options: readonly NdpOption[],
  out: Uint8Array,
  offset: number,
): number {
  let at = offset;
  for (const option of options) {
    const size = 2 + option.data.length;
    if (size % 8 !== 0 || size > 255 * 8) {
      throw new ArpNdpError(
        'ARP_NDP_ERR_BAD_OPTION',
        `NDP option ${option.type}: ${option.data.length} data bytes, 2 + data must be a multiple of 8`,
      );
    }
    out[at] = option.type;
    out[at + 1] = size / 8;
    out.set(option.data, at + 2);
    at += size;
  }
  return at;
}

/** The first option of `type`'s data (for link-layer address options, the MAC), if any. */
export function findNdpOption(options: readonly NdpOption[], type: number): Uint8Array | undefined {
  for (const option of options) if (option.type === type) return option.data;
  return undefined;
}
