/** ORIGIN (RFC 4271 §4.3 b, §5.1.1): IGP, EGP or INCOMPLETE. */

import { UpdateErrorSubcode } from '../constants.js';
import type { AttributeOf } from './attribute-codec.js';
import { AttributeMalformed, requireLength } from './attribute-codec.js';

type Origin = AttributeOf<'origin'>['origin'];

const ORIGIN_BY_CODE: readonly Origin[] = ['igp', 'egp', 'incomplete'];
const CODE_BY_ORIGIN: Record<Origin, number> = { igp: 0, egp: 1, incomplete: 2 };

/** Decodes an ORIGIN value (1 octet). */
export function decodeOrigin(value: Uint8Array, flags: number): AttributeOf<'origin'> {
  requireLength(value, 1, 'ORIGIN');
  const origin = ORIGIN_BY_CODE[value[0]];
  // RFC 4271 §6.3: an undefined ORIGIN value is "Invalid ORIGIN Attribute".
  if (origin === undefined) {
    throw new AttributeMalformed(
      `ORIGIN value ${value[0]} undefined`,
      UpdateErrorSubcode.INVALID_ORIGIN_ATTRIBUTE,
    );
  }
  return { type: 'origin', origin, flags };
}

/** Bytes the ORIGIN value takes on the wire. */
export function originValueLength(): number {
  return 1;
}

/** Writes the ORIGIN value at `offset`; returns the offset after it. */
export function encodeOriginValue(
  attr: AttributeOf<'origin'>,
  _ctx: unknown,
  out: Uint8Array,
  offset: number,
): number {
  out[offset] = CODE_BY_ORIGIN[attr.origin];
  return offset + 1;
}
