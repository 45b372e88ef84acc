/**
 * The fixed-size attributes: MULTI_EXIT_DISC (RFC 4271 §5.1.4), LOCAL_PREF (§5.1.5),
 * ATOMIC_AGGREGATE (§5.1.6, no value) and OTC (RFC 9234 §5, the Only-to-Customer ASN).
 */

import { readUint32, writeUint32 } from '../bytes.js';
import type { CodecContext } from '../context.js';
import type { AttributeOf } from './attribute-codec.js';
import { requireLength, requireUint } from './attribute-codec.js';

type Uint32Name = 'med' | 'local-pref' | 'otc';

/** Decodes MULTI_EXIT_DISC (4 octets); throws `AttributeMalformed`. */
export function decodeMed(value: Uint8Array, flags: number): AttributeOf<'med'> {
  // RFC 7606 §7.4: MULTI_EXIT_DISC is malformed unless 4 octets.
  requireLength(value, 4, 'MULTI_EXIT_DISC');
  return { type: 'med', med: readUint32(value, 0), flags };
}

/** Decodes LOCAL_PREF (4 octets); throws `AttributeMalformed`. */
export function decodeLocalPref(value: Uint8Array, flags: number): AttributeOf<'local-pref'> {
  // RFC 7606 §7.5: LOCAL_PREF (from an internal peer) is malformed unless 4 octets.
  requireLength(value, 4, 'LOCAL_PREF');
  return { type: 'local-pref', localPref: readUint32(value, 0), flags };
}

/** Decodes OTC (4 octets); throws `AttributeMalformed`. */
export function decodeOtc(value: Uint8Array, flags: number): AttributeOf<'otc'> {
  // RFC 9234 §5: OTC is malformed unless 4 octets; treat-as-withdraw.
  requireLength(value, 4, 'OTC');
  return { type: 'otc', asn: readUint32(value, 0), flags };
}

/** Decodes ATOMIC_AGGREGATE (empty); throws `AttributeMalformed`. */
export function decodeAtomicAggregate(
  value: Uint8Array,
  flags: number,
): AttributeOf<'atomic-aggregate'> {
  // RFC 7606 §7.6: ATOMIC_AGGREGATE is malformed unless empty.
  requireLength(value, 0, 'ATOMIC_AGGREGATE');
  return { type: 'atomic-aggregate', flags };
}

/** Bytes the MED, LOCAL_PREF or OTC value takes on the wire. */
export function uint32ValueLength(): number {
  return 4;
}

/** Bytes the ATOMIC_AGGREGATE (empty) value takes on the wire. */
export function emptyValueLength(): number {
  return 0;
}

function uint32Of(attr: AttributeOf<Uint32Name>): number {
  switch (attr.type) {
    case 'med':
      return attr.med;
    case 'local-pref':
      return attr.localPref;
    case 'otc':
      return attr.asn;
  }
}

/** Writes MED, LOCAL_PREF or OTC: one 4-octet unsigned integer. */
export function encodeUint32Value(
  attr: AttributeOf<Uint32Name>,
  _ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  const value = uint32Of(attr);
  requireUint(value, 0xffffffff, attr.type);
  writeUint32(out, offset, value);
  return offset + 4;
}

/** Writes the ATOMIC_AGGREGATE (empty) value at `offset`; returns the offset after it. */
export function encodeEmptyValue(
  _attr: AttributeOf<'atomic-aggregate'>,
  _ctx: CodecContext,
  _out: Uint8Array,
  offset: number,
): number {
  return offset;
}
