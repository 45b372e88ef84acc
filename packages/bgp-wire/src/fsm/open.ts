/**
 * Our OPEN and the session-level checks of the peer's (RFC 4271 §6.2 items that need the
 * configuration, which the decoder cannot know: peer AS, identifier clash, hold time).
 */

import { AS_TRANS, ErrorCode, OpenErrorSubcode } from '../codec/constants.js';
import { BgpMessageError } from '../codec/errors.js';
import type { Capability, OpenMessage } from '../codec/types.js';
import type { FsmContext } from './context.js';
import { parseBgpIdentifier } from './identifier.js';

/** The BGP version we speak (RFC 4271 §4.2). */
export const BGP_VERSION = 4;

/**
 * The AS an OPEN announces: the four-octet-as capability's ASN when present (RFC 6793 §4.1: a
 * NEW speaker uses it and ignores My Autonomous System), else My Autonomous System.
 */
export function announcedAs(open: OpenMessage): number {
  for (const c of open.capabilities) if (c.type === 'four-octet-as') return c.asn;
  return open.myAs;
}

/**
 * The OPEN we send, from the context: version 4, our AS (AS_TRANS in the 2-octet field when it
 * needs 4 octets, RFC 6793 §4.1), our hold time and identifier, and our capabilities with the
 * four-octet-as capability added when missing (we are a NEW speaker in RFC 6793's terms).
 */
export function buildLocalOpen(
  ctx: Pick<FsmContext, 'localAs' | 'bgpIdentifier' | 'holdTimeSec' | 'capabilities'>,
): OpenMessage {
  const hasFourOctet = ctx.capabilities.some((c) => c.type === 'four-octet-as');
  const capabilities: Capability[] = hasFourOctet
    ? [...ctx.capabilities]
    : [...ctx.capabilities, { type: 'four-octet-as', asn: ctx.localAs }];
  return {
    type: 'open',
    version: BGP_VERSION,
    myAs: ctx.localAs > 0xffff ? AS_TRANS : ctx.localAs,
    holdTimeSec: ctx.holdTimeSec,
    bgpIdentifier: ctx.bgpIdentifier,
    capabilities,
  };
}

function openError(message: string, errorSubcode: number, data?: Uint8Array): BgpMessageError {
  return new BgpMessageError(`OPEN: ${message}`, {
    code: 'BGP_ERR_BAD_OPEN',
    errorCode: ErrorCode.OPEN_MESSAGE_ERROR,
    errorSubcode,
    data,
    action: 'session-reset',
  });
}

/**
 * Checks a decoded OPEN against the session's configuration. Returns the error to answer with
 * (a NOTIFICATION OPEN Message Error, RFC 4271 §6.2), or undefined when the OPEN is acceptable.
 *
 * Checks, in RFC 4271 §6.2 order:
 * - version 4, else Unsupported Version Number with our version as data;
 * - the announced AS (four-octet-as capability first, RFC 6793) is the configured peer AS and
 *   not 0 (RFC 7607), else Bad Peer AS;
 * - the BGP Identifier is a non-zero dotted quad, and on iBGP differs from ours (RFC 6286 §2.2;
 *   eBGP peers may share our identifier), else Bad BGP Identifier;
 * - the Hold Time is not 1 or 2 seconds, else Unacceptable Hold Time.
 */
export function validatePeerOpen(
  open: OpenMessage,
  ctx: Pick<FsmContext, 'localAs' | 'peerAs' | 'bgpIdentifier'>,
): BgpMessageError | undefined {
  // RFC 4271 §6.2: data is the largest supported version, 2 octets.
  if (open.version !== BGP_VERSION) {
    return openError(
      `version ${open.version}, expected ${BGP_VERSION}`,
      OpenErrorSubcode.UNSUPPORTED_VERSION_NUMBER,
      Uint8Array.of(0, BGP_VERSION),
    );
  }
  const peerAs = announcedAs(open);
  // RFC 4271 §6.2 Bad Peer AS; RFC 7607 §2: AS 0 in an OPEN is Bad Peer AS too.
  if (peerAs === 0 || peerAs !== ctx.peerAs) {
    return openError(`peer AS ${peerAs}, expected ${ctx.peerAs}`, OpenErrorSubcode.BAD_PEER_AS);
  }
  const id = parseBgpIdentifier(open.bgpIdentifier);
  const isIbgp = ctx.localAs === ctx.peerAs;
  // RFC 6286 §2.2: zero, or equal to ours from an internal peer, is Bad BGP Identifier.
  if (id === undefined || id === 0 || (isIbgp && id === parseBgpIdentifier(ctx.bgpIdentifier))) {
    return openError(
      `BGP Identifier ${open.bgpIdentifier} is ${id ? 'ours, on iBGP' : 'not a non-zero identifier'}`,
      OpenErrorSubcode.BAD_BGP_IDENTIFIER,
    );
  }
  // RFC 4271 §6.2: "An implementation MUST reject Hold Time values of one or two seconds."
  if (open.holdTimeSec === 1 || open.holdTimeSec === 2) {
    return openError(
      `hold time ${open.holdTimeSec} s, expected 0 or >= 3`,
      OpenErrorSubcode.UNACCEPTABLE_HOLD_TIME,
    );
  }
  return undefined;
}
