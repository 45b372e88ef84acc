/**
 * Graceful Restart capability (code 64, RFC 4724 §3, N bit from RFC 8538 §2): a 4-bit flags
 * field and a 12-bit Restart Time, then per AFI/SAFI: AFI(2), SAFI(1), flags(1).
 */
import { readUint16, writeUint16 } from '../bytes.js';
import { CapabilityCode } from '../constants.js';
import type { Capability } from '../types.js';
import { type CapabilityCodec, checkUint, malformedCapability } from './codec.js';

const NAME = 'Graceful Restart';
/** Restart Flags are the top nibble of the first 16 bits: R (restarted), N (RFC 8538). */
const RESTART_STATE_BIT = 0x8000;
const NOTIFICATION_BIT = 0x4000;
const RESTART_TIME_MASK = 0x0fff;
/** Per-family flags: F, the forwarding state was preserved. */
const FORWARDING_STATE_BIT = 0x80;
const FAMILY_LENGTH = 4;

type GracefulRestart = Extract<Capability, { type: 'graceful-restart' }>;

export const gracefulRestartCodec: CapabilityCodec<'graceful-restart'> = {
  type: 'graceful-restart',
  code: CapabilityCode.GRACEFUL_RESTART,
  name: NAME,
  decode(buf, offset, length) {
    if (length < 2 || (length - 2) % FAMILY_LENGTH !== 0) {
      throw malformedCapability(NAME, buf, offset, length, `length ${length}, expected 2 + 4n`);
    }
    // Reserved flag bits (RFC 4724 §3: "ignored upon receipt") are not kept.
    const word = readUint16(buf, offset);
    const families: GracefulRestart['families'] = [];
    for (let at = offset + 2; at < offset + length; at += FAMILY_LENGTH) {
      families.push({
        afi: readUint16(buf, at),
        safi: buf[at + 2],
        forwardingPreserved: (buf[at + 3] & FORWARDING_STATE_BIT) !== 0,
      });
    }
    return {
      type: 'graceful-restart',
      restarting: (word & RESTART_STATE_BIT) !== 0,
      notification: (word & NOTIFICATION_BIT) !== 0,
      restartTimeSec: word & RESTART_TIME_MASK,
      families,
    };
  },
  encodedLength(cap) {
    return 2 + cap.families.length * FAMILY_LENGTH;
  },
  encode(cap, out, offset) {
    checkUint(cap.restartTimeSec, RESTART_TIME_MASK, 'graceful-restart restart time');
    let word = cap.restartTimeSec;
    if (cap.restarting) word |= RESTART_STATE_BIT;
    if (cap.notification) word |= NOTIFICATION_BIT;
    writeUint16(out, offset, word);
    let at = offset + 2;
    for (const family of cap.families) {
      checkUint(family.afi, 0xffff, 'graceful-restart AFI');
      checkUint(family.safi, 0xff, 'graceful-restart SAFI');
      writeUint16(out, at, family.afi);
      out[at + 2] = family.safi;
      out[at + 3] = family.forwardingPreserved ? FORWARDING_STATE_BIT : 0;
      at += FAMILY_LENGTH;
    }
    return at - offset;
  },
};
