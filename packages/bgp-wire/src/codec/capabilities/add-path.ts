/** ADD-PATH capability (code 69, RFC 7911 §4): per family AFI(2), SAFI(1), Send/Receive(1). */
import { readUint16, writeUint16 } from '../bytes.js';
import { CapabilityCode } from '../constants.js';
import type { AddPathDirection, Capability } from '../types.js';
import { type CapabilityCodec, checkUint, malformedCapability } from './codec.js';

const NAME = 'ADD-PATH';
const FAMILY_LENGTH = 4;
/** RFC 7911 §4 Send/Receive values, index = wire value. */
const DIRECTIONS: readonly (AddPathDirection | undefined)[] = [
  undefined,
  'receive',
  'send',
  'both',
];
const DIRECTION_VALUES: Record<AddPathDirection, number> = { receive: 1, send: 2, both: 3 };

type AddPath = Extract<Capability, { type: 'add-path' }>;

export const addPathCodec: CapabilityCodec<'add-path'> = {
  type: 'add-path',
  code: CapabilityCode.ADD_PATH,
  name: NAME,
  decode(buf, offset, length) {
    if (length % FAMILY_LENGTH !== 0) {
      throw malformedCapability(NAME, buf, offset, length, `length ${length}, expected 4n`);
    }
    const families: AddPath['families'] = [];
    for (let at = offset; at < offset + length; at += FAMILY_LENGTH) {
      const direction = DIRECTIONS[buf[at + 3]];
      if (direction === undefined) {
        // RFC 7911 §4: any other Send/Receive value means "treat the capability as not
        // received". Kept as bytes, so it still re-encodes as sent.
        return {
          type: 'unknown',
          code: CapabilityCode.ADD_PATH,
          value: buf.subarray(offset, offset + length),
        };
      }
      families.push({ afi: readUint16(buf, at), safi: buf[at + 2], direction });
    }
    return { type: 'add-path', families };
  },
  encodedLength(cap) {
    return cap.families.length * FAMILY_LENGTH;
  },
  encode(cap, out, offset) {
    let at = offset;
    for (const family of cap.families) {
      checkUint(family.afi, 0xffff, 'add-path AFI');
      checkUint(family.safi, 0xff, 'add-path SAFI');
      const direction = DIRECTION_VALUES[family.direction];
      checkUint(direction, 3, `add-path direction "${family.direction}" as value`);
      writeUint16(out, at, family.afi);
      out[at + 2] = family.safi;
      out[at + 3] = direction;
      at += FAMILY_LENGTH;
    }
    return at - offset;
  },
};
