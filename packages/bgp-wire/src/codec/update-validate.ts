/**
 * Reading and judging the path attributes of an UPDATE: the RFC 7606 / RFC 4271 §6.3 checks.
 * The attribute decoders (`attributes/`) know bytes; this file knows the rules that need the
 * whole message or the session (duplicates, flags, eBGP vs iBGP, missing well-known
 * attributes), as GoBGP's validate.go does.
 *
 * Faults are collected and the strongest kept (RFC 7606 §3). A 'session-reset' is thrown at
 * once, since nothing can be stronger; 'treat-as-withdraw' and 'attribute-discard' are returned,
 * the offending attribute left out of the list.
 */

import { type AttributeCodec, AttributeMalformed } from './attributes/attribute-codec.js';
import { codecForCode } from './attributes/table.js';
import { decodeUnknown } from './attributes/unknown.js';
import { readUint16 } from './bytes.js';
import { AttrFlag, AttrType, ErrorCode, UpdateErrorSubcode } from './constants.js';
import type { CodecContext } from './context.js';
import { BgpMessageError, type ErrorAction, strongerError } from './errors.js';
import type { PathAttribute } from './types.js';

/** The path attributes of one UPDATE, as read. */
export interface AttributeScan {
  /** Decoded attributes in wire order, without discarded or malformed ones. */
  attributes: PathAttribute[];
  /** The strongest non-fatal fault, if any. */
  error: BgpMessageError | undefined;
  /** Bit `c` set when type code `c` (< 32) appeared at all, well-formed or not. */
  seenLowCodes: number;
}

/** Generation-stamped "seen" marks per type code: no allocation per message. */
const SEEN = new Uint32Array(256);
let generation = 0;

/** A BgpMessageError for an UPDATE fault. */
export function updateError(
  message: string,
  action: ErrorAction,
  errorSubcode: number,
  data?: Uint8Array,
  attributeType?: number,
): BgpMessageError {
  return new BgpMessageError(`UPDATE: ${message}`, {
    code: 'BGP_ERR_BAD_UPDATE',
    errorCode: ErrorCode.UPDATE_MESSAGE_ERROR,
    errorSubcode,
    data,
    action,
    attributeType,
  });
}

/**
 * Reads the path attributes at `body[start..end)`.
 *
 * @throws BgpMessageError with action 'session-reset' for faults that leave the message
 * unusable: a truncated attribute, an unrecognized well-known attribute, a duplicate or
 * malformed MP_REACH_NLRI / MP_UNREACH_NLRI.
 */
export function readPathAttributes(
  body: Uint8Array,
  start: number,
  end: number,
  ctx: CodecContext,
): AttributeScan {
  generation = (generation + 1) >>> 0 || 1;
  const scan: AttributeScan = { attributes: [], error: undefined, seenLowCodes: 0 };
  let p = start;
  while (p < end) {
    const flags = body[p];
    const headerLength = flags & AttrFlag.EXTENDED_LENGTH ? 4 : 3;
    // RFC 7606 §4: a header or length running past the attribute area leaves no way to find
    // the next attribute: session reset.
    if (p + headerLength > end) {
      throw updateError(
        'path attribute header truncated',
        'session-reset',
        UpdateErrorSubcode.MALFORMED_ATTRIBUTE_LIST,
      );
    }
    const code = body[p + 1];
    const length = headerLength === 4 ? readUint16(body, p + 2) : body[p + 2];
    const valueEnd = p + headerLength + length;
    if (valueEnd > end) {
      const what = `attribute ${code} length ${length} overruns the attribute area`;
      throw updateError(
        what,
        'session-reset',
        UpdateErrorSubcode.MALFORMED_ATTRIBUTE_LIST,
        undefined,
        code,
      );
    }
    readOne(
      body.subarray(p, valueEnd),
      body.subarray(p + headerLength, valueEnd),
      flags,
      code,
      ctx,
      scan,
    );
    p = valueEnd;
  }
  return scan;
}

/** Reads one attribute whose bounds are known good; records it or a fault in `scan`. */
function readOne(
  whole: Uint8Array,
  value: Uint8Array,
  flags: number,
  code: number,
  ctx: CodecContext,
  scan: AttributeScan,
): void {
  if (SEEN[code] === generation) {
    // RFC 7606 §3 g: a repeated MP_REACH_NLRI or MP_UNREACH_NLRI is fatal; any other repeat is
    // discarded, the first occurrence kept.
    const isMp = code === AttrType.MP_REACH_NLRI || code === AttrType.MP_UNREACH_NLRI;
    const action = isMp ? 'session-reset' : 'attribute-discard';
    const subcode = UpdateErrorSubcode.MALFORMED_ATTRIBUTE_LIST;
    addFault(scan, updateError(`attribute ${code} repeated`, action, subcode, whole, code));
    return;
  }
  SEEN[code] = generation;
  if (code < 32) scan.seenLowCodes |= 1 << code;
  const codec = codecForCode(code);
  if (codec === undefined) {
    // RFC 4271 §6.3: an unrecognized well-known attribute ends the session, the attribute as data.
    if ((flags & AttrFlag.OPTIONAL) === 0) {
      throw updateError(
        `unrecognized well-known attribute ${code}`,
        'session-reset',
        UpdateErrorSubcode.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
        whole,
        code,
      );
    }
    scan.attributes.push(decodeUnknown(code, value, flags));
    return;
  }
  if (codec.isInternalOnly === true && !ctx.ibgp) {
    // RFC 7606 §7.5 (LOCAL_PREF), §7.9 (ORIGINATOR_ID), §7.10 (CLUSTER_LIST): from an
    // external peer the attribute is discarded, whatever it holds.
    addFault(
      scan,
      updateError(`${codec.name} from an external peer`, 'attribute-discard', 0, whole, code),
    );
    return;
  }
  readKnown(codec, whole, value, flags, ctx, scan);
}

/** Checks flags, then decodes; a malformed attribute becomes a fault with the row's action. */
function readKnown(
  codec: AttributeCodec,
  whole: Uint8Array,
  value: Uint8Array,
  flags: number,
  ctx: CodecContext,
  scan: AttributeScan,
): void {
  const optionalTransitive = AttrFlag.OPTIONAL | AttrFlag.TRANSITIVE;
  if ((flags & optionalTransitive) !== codec.flags) {
    // RFC 7606 §3 c: O/T bits in conflict with the type make the attribute malformed, handled
    // as that attribute's malformation is (treat-as-withdraw unless its RFC says otherwise).
    const what = `${codec.name} flags 0x${flags.toString(16)}, expected O/T 0x${codec.flags.toString(16)}`;
    const subcode = UpdateErrorSubcode.ATTRIBUTE_FLAGS_ERROR;
    addFault(scan, updateError(what, codec.action, subcode, whole, codec.code));
    return;
  }
  try {
    scan.attributes.push(codec.decode(value, flags, ctx));
  } catch (err) {
    if (!(err instanceof AttributeMalformed)) throw err;
    const subcode = err.subcode ?? codec.subcode;
    addFault(scan, updateError(err.message, codec.action, subcode, whole, codec.code));
  }
}

function addFault(scan: AttributeScan, error: BgpMessageError): void {
  if (error.action === 'session-reset') throw error;
  scan.error = strongerError(scan.error, error);
}

/**
 * RFC 7606 §3 d / RFC 4271 §6.3: a message that carries reachability must carry ORIGIN and
 * AS_PATH, and NEXT_HOP when the NLRI field holds IPv4 prefixes (RFC 4760 §3 makes NEXT_HOP
 * optional for MP_REACH_NLRI-only messages). Returns the treat-as-withdraw fault for the first
 * missing one, or undefined.
 */
export function checkMandatoryAttributes(
  scan: AttributeScan,
  hasNlriField: boolean,
): BgpMessageError | undefined {
  const hasMpReach = (scan.seenLowCodes & (1 << AttrType.MP_REACH_NLRI)) !== 0;
  if (!hasNlriField && !hasMpReach) return undefined;
  const last = hasNlriField ? AttrType.NEXT_HOP : AttrType.AS_PATH;
  // Type codes 1 (ORIGIN), 2 (AS_PATH), 3 (NEXT_HOP), in that order.
  for (let code: number = AttrType.ORIGIN; code <= last; code++) {
    if ((scan.seenLowCodes & (1 << code)) === 0) {
      const what = `missing well-known attribute ${code}`;
      const subcode = UpdateErrorSubcode.MISSING_WELL_KNOWN_ATTRIBUTE;
      return updateError(what, 'treat-as-withdraw', subcode, Uint8Array.of(code), code);
    }
  }
  return undefined;
}
