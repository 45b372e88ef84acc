/** Support for 4-octet AS number capability (code 65, RFC 6793 §3): the speaker's real ASN. */
import { readUint32, writeUint32 } from '../bytes.js';
import { CapabilityCode } from '../constants.js';
import { type CapabilityCodec, checkUint, malformedCapability } from './codec.js';

const NAME = '4-octet AS number';

const LENGTH = 4;

export const fourOctetAsCodec: CapabilityCodec<'four-octet-as'> = {
  type: 'four-octet-as',
  code: CapabilityCode.FOUR_OCTET_AS,
  name: NAME,
  decode(buf, offset, length) {
    if (length !== LENGTH) {
      throw malformedCapability(NAME, buf, offset, length, `length ${length}, expected 4`);
    }
    return { type: 'four-octet-as', asn: readUint32(buf, offset) };
  },
  encodedLength() {
    return LENGTH;
  },
  encode(cap, out, offset) {
    checkUint(cap.asn, 0xffffffff, 'four-octet-as ASN');
    writeUint32(out, offset, cap.asn);
    return LENGTH;
  },
};
