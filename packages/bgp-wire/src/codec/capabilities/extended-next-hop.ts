/**
 * Extended Next Hop Encoding capability (code 5, RFC 8950 §4): entries of NLRI AFI(2),
 * NLRI SAFI(2), Nexthop AFI(2). The SAFI is two octets here, unlike everywhere else.
 */
import { readUint16, writeUint16 } from '../bytes.js';
import { CapabilityCode } from '../constants.js';
import type { Capability } from '../types.js';
import { type CapabilityCodec, checkUint, malformedCapability } from './codec.js';

const NAME = 'Extended Next Hop Encoding';
const ENTRY_LENGTH = 6;

type ExtendedNextHop = Extract<Capability, { type: 'extended-next-hop' }>;

export const extendedNextHopCodec: CapabilityCodec<'extended-next-hop'> = {
  type: 'extended-next-hop',
  code: CapabilityCode.EXTENDED_NEXT_HOP,
  name: NAME,
  decode(buf, offset, length) {
    if (length % ENTRY_LENGTH !== 0) {
      throw malformedCapability(NAME, buf, offset, length, `length ${length}, expected 6n`);
    }
    const entries: ExtendedNextHop['entries'] = [];
    for (let at = offset; at < offset + length; at += ENTRY_LENGTH) {
      entries.push({
        afi: readUint16(buf, at),
        safi: readUint16(buf, at + 2),
        nextHopAfi: readUint16(buf, at + 4),
      });
    }
    return { type: 'extended-next-hop', entries };
  },
  encodedLength(cap) {
    return cap.entries.length * ENTRY_LENGTH;
  },
  encode(cap, out, offset) {
    let at = offset;
    for (const entry of cap.entries) {
      checkUint(entry.afi, 0xffff, 'extended-next-hop AFI');
      checkUint(entry.safi, 0xffff, 'extended-next-hop SAFI');
      checkUint(entry.nextHopAfi, 0xffff, 'extended-next-hop next hop AFI');
      writeUint16(out, at, entry.afi);
      writeUint16(out, at + 2, entry.safi);
      writeUint16(out, at + 4, entry.nextHopAfi);
      at += ENTRY_LENGTH;
    }
    return at - offset;
  },
};
