/**
 * OPEN (RFC 4271 §4.2): version, My AS, Hold Time, BGP Identifier, optional parameters. The only
 * optional parameter in use is Capabilities (RFC 5492); its values go through the capability
 * table. Both optional-parameter forms are read: RFC 4271's 1-octet lengths and RFC 9072's
 * extended 2-octet lengths. How the capabilities were grouped into parameters is recorded, so
 * a peer's OPEN re-encodes to the same bytes (BIRD sends one parameter with every capability,
 * GoBGP and FRR one parameter per capability).
 */
import { readUint16, readUint32, writeUint16 } from './bytes.js';
import { checkUint } from './capabilities/codec.js';
import {
  decodeCapabilities,
  encodeCapabilityInto,
  encodedCapabilityLength,
} from './capabilities/table.js';
import {
  AS_TRANS,
  ErrorCode,
  HEADER_LENGTH,
  HeaderErrorSubcode,
  MAX_MESSAGE_LENGTH,
  MessageType,
  OpenErrorSubcode,
  OptionalParameterType,
} from './constants.js';
import { BgpEncodeError, type BgpErrorCode, BgpMessageError } from './errors.js';
import { writeHeader } from './header.js';
import { formatIpv4, parseIpv4Into } from './ip.js';
import type { Capability, OpenMessage } from './types.js';

const BGP_VERSION = 4;
/** Version, My AS, Hold Time, BGP Identifier, Opt Parm Len. */
const FIXED_BODY_LENGTH = 10;
const OPT_PARM_LEN_AT = 9;
/** RFC 9072 §2: Non-Ext OP Len 255, Non-Ext OP Type 255, then a 2-octet length. */
const EXTENDED_MARKER = OptionalParameterType.EXTENDED_LENGTH;
const EXTENDED_PREFIX_LENGTH = 3;

/**
 * Decodes an OPEN body (the bytes after the header) and applies the checks that need no session
 * (RFC 4271 §6.2): version, hold time, BGP Identifier, optional parameter structure. Bad Peer AS
 * and a BGP Identifier equal to ours are the session's to judge.
 *
 * @throws BgpMessageError, OPEN Message Error with action 'session-reset'.
 */
export function decodeOpenBody(body: Uint8Array): OpenMessage {
  if (body.length < FIXED_BODY_LENGTH) {
    // Only reachable by calling this directly: readHeader enforces the 29-byte minimum.
    throw openError('BGP_ERR_BAD_MESSAGE_LENGTH', HeaderErrorSubcode.BAD_MESSAGE_LENGTH, {
      message: `OPEN: body of ${body.length} bytes, at least ${FIXED_BODY_LENGTH} expected`,
      errorCode: ErrorCode.MESSAGE_HEADER_ERROR,
      data: uint16Bytes(HEADER_LENGTH + body.length),
    });
  }
  const version = body[0];
  if (version !== BGP_VERSION) {
    // RFC 4271 §6.2: the data is the largest locally supported version, as 2 octets.
    throw openError('BGP_ERR_BAD_OPEN', OpenErrorSubcode.UNSUPPORTED_VERSION_NUMBER, {
      message: `OPEN: version ${version}, only ${BGP_VERSION} is supported`,
      data: uint16Bytes(BGP_VERSION),
    });
  }
  const holdTimeSec = readUint16(body, 3);
  if (holdTimeSec === 1 || holdTimeSec === 2) {
    // RFC 4271 §6.2: a hold time of one or two seconds MUST be rejected.
    throw openError('BGP_ERR_BAD_OPEN', OpenErrorSubcode.UNACCEPTABLE_HOLD_TIME, {
      message: `OPEN: hold time ${holdTimeSec} s, must be 0 or at least 3`,
    });
  }
  if (readUint32(body, 5) === 0) {
    // RFC 6286 §2.2: the BGP Identifier is a non-zero 4-octet unsigned integer.
    throw openError('BGP_ERR_BAD_OPEN', OpenErrorSubcode.BAD_BGP_IDENTIFIER, {
      message: 'OPEN: BGP Identifier 0.0.0.0',
    });
  }
  const capabilities: Capability[] = [];
  const parameterGroups: number[] = [];
  const extendedParameters = decodeOptionalParameters(body, capabilities, parameterGroups);
  return {
    type: 'open',
    version,
    myAs: readUint16(body, 1),
    holdTimeSec,
    bgpIdentifier: formatIpv4(body, 5),
    capabilities,
    parameterGroups,
    extendedParameters,
  };
}

/** Reads every optional parameter; returns whether RFC 9072's extended form was used. */
function decodeOptionalParameters(
  body: Uint8Array,
  capabilities: Capability[],
  parameterGroups: number[],
): boolean {
  const optParmLen = body[OPT_PARM_LEN_AT];
  let at = FIXED_BODY_LENGTH;
  // RFC 9072 §2: when the first octet after Non-Ext OP Len is 255, the extended form is used.
  const extended = optParmLen !== 0 && body.length > at && body[at] === EXTENDED_MARKER;
  let paramsLength: number;
  if (extended) {
    // RFC 9072 §2: the sender sets Non-Ext OP Len to 255 in the extended form.
    if (optParmLen !== EXTENDED_MARKER || body.length < at + EXTENDED_PREFIX_LENGTH) {
      throw malformedParameters('RFC 9072 extended optional parameters header is malformed');
    }
    paramsLength = readUint16(body, at + 1);
    at += EXTENDED_PREFIX_LENGTH;
  } else {
    paramsLength = optParmLen;
  }
  // RFC 4271 §6.2: the optional parameters must fill the message exactly.
  if (at + paramsLength !== body.length) {
    throw malformedParameters(
      `optional parameters length ${paramsLength}, but ${body.length - at} bytes follow`,
    );
  }
  const lengthSize = extended ? 2 : 1;
  while (at < body.length) {
    const valueAt = at + 1 + lengthSize;
    if (valueAt > body.length) throw malformedParameters('optional parameter header truncated');
    const type = body[at];
    const length = extended ? readUint16(body, at + 1) : body[at + 1];
    if (valueAt + length > body.length) {
      throw malformedParameters(`optional parameter of ${length} bytes overruns the message`);
    }
    // RFC 4271 §6.2 (and RFC 5492 §5, which deprecates type 1): only Capabilities is supported.
    if (type !== OptionalParameterType.CAPABILITIES) {
      throw openError('BGP_ERR_BAD_OPEN', OpenErrorSubcode.UNSUPPORTED_OPTIONAL_PARAMETER, {
        message: `OPEN: unsupported optional parameter type ${type}`,
      });
    }
    parameterGroups.push(decodeCapabilities(body, valueAt, valueAt + length, capabilities));
    at = valueAt + length;
  }
  return extended;
}

/** Bytes of the whole OPEN message `encodeOpenInto` writes, header included. */
export function encodedOpenLength(msg: OpenMessage): number {
  return HEADER_LENGTH + FIXED_BODY_LENGTH + planParameters(msg).length;
}

/**
 * Writes the whole OPEN message (header included) at `offset`; returns the bytes written.
 * Capabilities go into optional parameters as `parameterGroups` says (absent: one parameter
 * holding all, none when there are no capabilities), in RFC 9072's extended form when
 * `extendedParameters` is true or a length does not fit one octet.
 *
 * @throws BgpEncodeError for values that do not fit their fields, or when `out` is too small;
 * BgpError 'BGP_ERR_INVALID_ARGUMENT' for a `bgpIdentifier` that is no dotted quad.
 */
export function encodeOpenInto(msg: OpenMessage, out: Uint8Array, offset: number): number {
  const plan = planParameters(msg);
  const length = HEADER_LENGTH + FIXED_BODY_LENGTH + plan.length;
  if (out.length - offset < length) {
    throw new BgpEncodeError(`OPEN needs ${length} bytes, ${out.length - offset} left in buffer`);
  }
  checkUint(msg.version, 0xff, 'OPEN version');
  // A 4-octet ASN belongs in the four-octet-as capability, with AS_TRANS here (RFC 6793 §3).
  checkUint(msg.myAs, 0xffff, 'OPEN My AS (use AS_TRANS and buildOpen for 4-octet ASNs)');
  checkUint(msg.holdTimeSec, 0xffff, 'OPEN hold time');
  writeHeader(out, offset, length, MessageType.OPEN);
  let at = offset + HEADER_LENGTH;
  out[at] = msg.version;
  writeUint16(out, at + 1, msg.myAs);
  writeUint16(out, at + 3, msg.holdTimeSec);
  parseIpv4Into(msg.bgpIdentifier, out, at + 5);
  at += OPT_PARM_LEN_AT;
  if (plan.extended) {
    out[at] = EXTENDED_MARKER;
    out[at + 1] = EXTENDED_MARKER;
    writeUint16(out, at + 2, plan.length - EXTENDED_PREFIX_LENGTH);
    at += 1 + EXTENDED_PREFIX_LENGTH;
  } else {
    out[at] = plan.length;
    at += 1;
  }
  let next = 0;
  for (const count of plan.groups) {
    out[at] = OptionalParameterType.CAPABILITIES;
    const valueAt = at + (plan.extended ? 3 : 2);
    let end = valueAt;
    for (let i = next; i < next + count; i++) {
      end += encodeCapabilityInto(msg.capabilities[i], out, end);
    }
    if (plan.extended) writeUint16(out, at + 1, end - valueAt);
    else out[at + 1] = end - valueAt;
    next += count;
    at = end;
  }
  return length;
}

/** The whole OPEN message in a new buffer. */
export function encodeOpen(msg: OpenMessage): Uint8Array {
  const out = new Uint8Array(encodedOpenLength(msg));
  encodeOpenInto(msg, out, 0);
  return out;
}

interface ParameterPlan {
  groups: readonly number[];
  extended: boolean;
  /** Bytes after Opt Parm Len (extended: from Non-Ext OP Type on). */
  length: number;
}

/** Decides the optional parameters' layout and size; checks `parameterGroups`. */
function planParameters(msg: OpenMessage): ParameterPlan {
  const caps = msg.capabilities;
  const groups = msg.parameterGroups ?? (caps.length === 0 ? [] : [caps.length]);
  let total = 0;
  let valueBytes = 0;
  let largestValue = 0;
  for (const count of groups) {
    if (!Number.isInteger(count) || count < 0 || total + count > caps.length) {
      throw new BgpEncodeError(
        `OPEN parameterGroups ${JSON.stringify(groups)} do not fit the capabilities`,
      );
    }
    let value = 0;
    for (let i = total; i < total + count; i++) value += encodedCapabilityLength(caps[i]);
    largestValue = Math.max(largestValue, value);
    valueBytes += value;
    total += count;
  }
  if (total !== caps.length) {
    throw new BgpEncodeError(`OPEN parameterGroups hold ${total} of ${caps.length} capabilities`);
  }
  const shortLength = valueBytes + 2 * groups.length;
  // RFC 9072 §2: the extended form when asked for, or when a length needs more than one octet.
  const extended = msg.extendedParameters === true || shortLength > 0xff || largestValue > 0xff;
  const length = extended ? EXTENDED_PREFIX_LENGTH + valueBytes + 3 * groups.length : shortLength;
  // RFC 8654 §4: the OPEN message never exceeds 4096 bytes, extended messages or not.
  if (HEADER_LENGTH + FIXED_BODY_LENGTH + length > MAX_MESSAGE_LENGTH) {
    throw new BgpEncodeError(
      `OPEN would be ${HEADER_LENGTH + FIXED_BODY_LENGTH + length} bytes, at most 4096`,
    );
  }
  return { groups, extended, length };
}

/** What `buildOpen` needs: the speaker's real ASN (2- or 4-octet) and its settings. */
export interface BuildOpenOptions {
  /** The real ASN, 0..4294967295. */
  myAs: number;
  /** 0 (no keepalives) or 3..65535 (RFC 4271 §4.2). */
  holdTimeSec: number;
  /** Dotted quad, not 0.0.0.0 (RFC 6286 §2.2). */
  bgpIdentifier: string;
  /** Sent in this order, in one optional parameter; four-octet-as is added if missing. */
  capabilities?: readonly Capability[];
}

/**
 * Builds the OPEN a speaker sends. A 4-octet ASN goes into the four-octet-as capability and
 * AS_TRANS into My AS (RFC 6793 §3); the capability is sent for 2-octet ASNs too, as every
 * RFC 6793 speaker does.
 *
 * @example
 * ```ts
 * const open = buildOpen({
 *   myAs: 4200000001,
 *   holdTimeSec: 90,
 *   bgpIdentifier: '192.0.2.11',
 *   capabilities: [{ type: 'multiprotocol', afi: 1, safi: 1 }, { type: 'route-refresh' }],
 * });
 * open.myAs; // 23456 (AS_TRANS)
 * fourOctetAsOf(open); // 4200000001
 * ```
 * @throws BgpEncodeError for out-of-range values or a four-octet-as capability that disagrees.
 */
export function buildOpen(options: BuildOpenOptions): OpenMessage {
  const { myAs, holdTimeSec, bgpIdentifier } = options;
  checkUint(myAs, 0xffffffff, 'OPEN ASN');
  checkUint(holdTimeSec, 0xffff, 'OPEN hold time');
  if (holdTimeSec === 1 || holdTimeSec === 2) {
    throw new BgpEncodeError(`OPEN hold time ${holdTimeSec} s, must be 0 or at least 3`);
  }
  const identifier = new Uint8Array(4);
  parseIpv4Into(bgpIdentifier, identifier, 0);
  if (readUint32(identifier, 0) === 0) throw new BgpEncodeError('OPEN BGP Identifier 0.0.0.0');
  const capabilities = [...(options.capabilities ?? [])];
  const given = capabilities.find((cap) => cap.type === 'four-octet-as');
  if (given === undefined) {
    capabilities.push({ type: 'four-octet-as', asn: myAs });
  } else if (given.asn !== myAs) {
    throw new BgpEncodeError(`four-octet-as capability says ${given.asn}, myAs is ${myAs}`);
  }
  return {
    type: 'open',
    version: BGP_VERSION,
    myAs: myAs > 0xffff ? AS_TRANS : myAs,
    holdTimeSec,
    bgpIdentifier,
    capabilities,
  };
}

/** The peer's real ASN: from its four-octet-as capability if sent, else My AS (RFC 6793 §4.1). */
export function fourOctetAsOf(open: OpenMessage): number {
  for (const cap of open.capabilities) if (cap.type === 'four-octet-as') return cap.asn;
  return open.myAs;
}

function openError(
  code: BgpErrorCode,
  subcode: number,
  details: { message: string; data?: Uint8Array; errorCode?: number },
): BgpMessageError {
  return new BgpMessageError(details.message, {
    code,
    errorCode: details.errorCode ?? ErrorCode.OPEN_MESSAGE_ERROR,
    errorSubcode: subcode,
    data: details.data,
    action: 'session-reset',
  });
}

/** RFC 4271 §6.2: a recognized optional parameter that is malformed gets subcode 0. */
function malformedParameters(detail: string): BgpMessageError {
  return openError('BGP_ERR_BAD_OPEN', 0, { message: `OPEN: ${detail}` });
}

function uint16Bytes(value: number): Uint8Array {
  return new Uint8Array([value >>> 8, value & 0xff]);
}
