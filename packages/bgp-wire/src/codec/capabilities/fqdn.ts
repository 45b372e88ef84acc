/**
 * FQDN capability (code 73, draft-walton-bgp-hostname-capability §3, sent by FRR by default):
 * hostname length(1), hostname, domain name length(1), domain name.
 */
import { CapabilityCode } from '../constants.js';
import { type CapabilityCodec, checkUint, malformedCapability } from './codec.js';

const NAME = 'FQDN';
// ignoreBOM keeps a leading U+FEFF as text, so the name re-encodes to the bytes received.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

export const fqdnCodec: CapabilityCodec<'fqdn'> = {
  type: 'fqdn',
  code: CapabilityCode.FQDN,
  name: NAME,
  decode(buf, offset, length) {
    const end = offset + length;
    const hostnameLength = length > 0 ? buf[offset] : 0;
    const domainAt = offset + 1 + hostnameLength;
    if (length < 2 || domainAt >= end || domainAt + 1 + buf[domainAt] !== end) {
      throw malformedCapability(
        NAME,
        buf,
        offset,
        length,
        `length ${length} does not match its names`,
      );
    }
    try {
      return {
        type: 'fqdn',
        hostname: utf8.decode(buf.subarray(offset + 1, domainAt)),
        domainName: utf8.decode(buf.subarray(domainAt + 1, end)),
      };
    } catch {
      // Not UTF-8 (the draft expects ASCII): kept as bytes rather than resetting the session
      // over a name only shown to operators.
      return { type: 'unknown', code: CapabilityCode.FQDN, value: buf.subarray(offset, end) };
    }
  },
  encodedLength(cap) {
    return 2 + Buffer.byteLength(cap.hostname, 'utf8') + Buffer.byteLength(cap.domainName, 'utf8');
  },
  encode(cap, out, offset) {
    const at = writeName(cap.hostname, 'FQDN hostname', out, offset);
    return writeName(cap.domainName, 'FQDN domain name', out, at) - offset;
  },
};

/** Writes length octet + UTF-8 bytes; returns the offset after them. */
function writeName(text: string, what: string, out: Uint8Array, offset: number): number {
  const length = Buffer.byteLength(text, 'utf8');
  checkUint(length, 0xff, `${what} length`);
  out[offset] = length;
  encoder.encodeInto(text, out.subarray(offset + 1, offset + 1 + length));
  return offset + 1 + length;
}
