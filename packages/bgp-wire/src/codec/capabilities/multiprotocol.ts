/** Multiprotocol Extensions capability (code 1, RFC 4760 §8): AFI(2), reserved(1), SAFI(1). */
import { readUint16, writeUint16 } from '../bytes.js';
import { CapabilityCode } from '../constants.js';
import { type CapabilityCodec, checkUint, malformedCapability } from './codec.js';

const NAME = 'Multiprotocol Extensions';

const LENGTH = 4;

export const multiprotocolCodec: CapabilityCodec<'multiprotocol'> = {
  type: 'multiprotocol',
  code: CapabilityCode.MULTIPROTOCOL,
  name: NAME,
  decode(buf, offset, length) {
    if (length !== LENGTH) {
      throw malformedCapability(NAME, buf, offset, length, `length ${length}, expected 4`);
    }
    // RFC 4760 §8: the reserved octet is ignored on receipt (and sent as 0).
    return { type: 'multiprotocol', afi: readUint16(buf, offset), safi: buf[offset + 3] };
  },
  encodedLength() {
    return LENGTH;
  },
  encode(cap, out, offset) {
    checkUint(cap.afi, 0xffff, 'multiprotocol AFI');
    checkUint(cap.safi, 0xff, 'multiprotocol SAFI');
    writeUint16(out, offset, cap.afi);
    out[offset + 2] = 0;
    out[offset + 3] = cap.safi;
    return LENGTH;
  },
};
