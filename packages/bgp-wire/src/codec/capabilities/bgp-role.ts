/** BGP Role capability (code 9, RFC 9234 §4.1): one octet, the sender's role. */
import { CapabilityCode } from '../constants.js';
import type { BgpRoleName } from '../types.js';
import { type CapabilityCodec, checkUint, malformedCapability } from './codec.js';

const NAME = 'BGP Role';

/** RFC 9234 §4.1 role values, index = wire value. */
const ROLE_NAMES: readonly BgpRoleName[] = ['provider', 'rs', 'rs-client', 'customer', 'peer'];

export const bgpRoleCodec: CapabilityCodec<'bgp-role'> = {
  type: 'bgp-role',
  code: CapabilityCode.BGP_ROLE,
  name: NAME,
  decode(buf, offset, length) {
    if (length !== 1) {
      throw malformedCapability(NAME, buf, offset, length, `length ${length}, expected 1`);
    }
    const role = buf[offset];
    // Values 5..255 are unassigned: kept, without a name; judging them is the session's job.
    const name = ROLE_NAMES[role];
    return name === undefined ? { type: 'bgp-role', role } : { type: 'bgp-role', role, name };
  },
  encodedLength() {
    return 1;
  },
  encode(cap, out, offset) {
    checkUint(cap.role, 0xff, 'BGP role');
    out[offset] = cap.role;
    return 1;
  },
};

/** The wire value of a role name (RFC 9234 §4.1). */
export function bgpRoleValue(name: BgpRoleName): number {
  return ROLE_NAMES.indexOf(name);
}
