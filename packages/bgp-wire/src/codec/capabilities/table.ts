/**
 * The capability table: one codec per RFC 5492 capability code, as BIRD's `bgp_attr_table` has
 * one entry per attribute. Codes not in the table decode to `{ type: 'unknown', code, value }`
 * and re-encode to the same bytes. Also the TLV layer every capability shares:
 * code(1), length(1), value.
 */
import { ErrorCode } from '../constants.js';
import { BgpEncodeError, BgpMessageError } from '../errors.js';
import type { Capability } from '../types.js';
import { addPathCodec } from './add-path.js';
import { bgpRoleCodec } from './bgp-role.js';
import type { CapabilityCodec, KnownCapabilityType } from './codec.js';
import { checkUint } from './codec.js';
import { enhancedRouteRefreshCodec, extendedMessageCodec, routeRefreshCodec } from './empty.js';
import { extendedNextHopCodec } from './extended-next-hop.js';
import { fourOctetAsCodec } from './four-octet-as.js';
import { fqdnCodec } from './fqdn.js';
import { gracefulRestartCodec } from './graceful-restart.js';
import { multiprotocolCodec } from './multiprotocol.js';

type AnyCodec = CapabilityCodec<KnownCapabilityType>;

/** Every known capability, by object-model type. */
export const CAPABILITY_CODECS: { readonly [T in KnownCapabilityType]: CapabilityCodec<T> } = {
  multiprotocol: multiprotocolCodec,
  'route-refresh': routeRefreshCodec,
  'enhanced-route-refresh': enhancedRouteRefreshCodec,
  'four-octet-as': fourOctetAsCodec,
  'graceful-restart': gracefulRestartCodec,
  'add-path': addPathCodec,
  'extended-message': extendedMessageCodec,
  'extended-next-hop': extendedNextHopCodec,
  'bgp-role': bgpRoleCodec,
  fqdn: fqdnCodec,
};

/** The same codecs indexed by capability code (undefined: unknown code). */
const BY_CODE: readonly (AnyCodec | undefined)[] = (() => {
  const table: (AnyCodec | undefined)[] = new Array(256).fill(undefined);
  for (const codec of Object.values(CAPABILITY_CODECS) as AnyCodec[]) table[codec.code] = codec;
  return table;
})();

/** The codec for a capability code, if the code is known. */
export function capabilityCodecFor(code: number): AnyCodec | undefined {
  return BY_CODE[code];
}

/** Capability TLV header: code and length octets (RFC 5492 §4). */
const TLV_HEADER_LENGTH = 2;

/**
 * Decodes the capability TLVs filling `[offset, end)` (one Capabilities optional parameter's
 * value) and appends them to `into`. Returns how many it appended.
 *
 * @throws BgpMessageError OPEN Message Error subcode 0 when a TLV overruns the parameter
 * (RFC 4271 §6.2: a recognized optional parameter that is malformed), or from a codec.
 */
export function decodeCapabilities(
  buf: Uint8Array,
  offset: number,
  end: number,
  into: Capability[],
): number {
  let count = 0;
  let at = offset;
  while (at < end) {
    if (end - at < TLV_HEADER_LENGTH || at + TLV_HEADER_LENGTH + buf[at + 1] > end) {
      throw new BgpMessageError(
        `OPEN: capability at byte ${at - offset} of its parameter overruns the parameter`,
        {
          code: 'BGP_ERR_BAD_OPEN',
          errorCode: ErrorCode.OPEN_MESSAGE_ERROR,
          errorSubcode: 0,
          data: buf.subarray(at, end),
          action: 'session-reset',
        },
      );
    }
    const code = buf[at];
    const length = buf[at + 1];
    const valueAt = at + TLV_HEADER_LENGTH;
    const codec = BY_CODE[code];
    into.push(
      codec === undefined
        ? { type: 'unknown', code, value: buf.subarray(valueAt, valueAt + length) }
        : codec.decode(buf, valueAt, length),
    );
    count++;
    at = valueAt + length;
  }
  return count;
}

/** Bytes `encodeCapabilityInto` writes for `cap`: code, length and value. */
export function encodedCapabilityLength(cap: Capability): number {
  const valueLength =
    cap.type === 'unknown'
      ? cap.value.length
      : (CAPABILITY_CODECS[cap.type] as AnyCodec).encodedLength(cap);
  if (valueLength > 0xff) {
    throw new BgpEncodeError(`${cap.type} capability value is ${valueLength} bytes, at most 255`);
  }
  return TLV_HEADER_LENGTH + valueLength;
}

/**
 * Writes one capability TLV at `offset`; returns the bytes written. The caller has sized `out`
 * with `encodedCapabilityLength`.
 */
export function encodeCapabilityInto(cap: Capability, out: Uint8Array, offset: number): number {
  const valueAt = offset + TLV_HEADER_LENGTH;
  let valueLength: number;
  if (cap.type === 'unknown') {
    checkUint(cap.code, 0xff, 'capability code');
    checkUint(cap.value.length, 0xff, 'capability length');
    out[offset] = cap.code;
    out.set(cap.value, valueAt);
    valueLength = cap.value.length;
  } else {
    const codec = CAPABILITY_CODECS[cap.type] as AnyCodec;
    out[offset] = codec.code;
    valueLength = codec.encode(cap, out, valueAt);
    checkUint(valueLength, 0xff, `${cap.type} capability length`);
  }
  out[offset + 1] = valueLength;
  return TLV_HEADER_LENGTH + valueLength;
}
