/**
 * COMMUNITIES (RFC 1997): 4-octet values, written "asn:value" ("65000:100"), plus the
 * well-known ones from the IANA registry.
 */

import { readUint16, writeUint16 } from '../bytes.js';
import { UpdateErrorSubcode } from '../constants.js';
import type { CodecContext } from '../context.js';
import { BgpError } from '../errors.js';
import type { AttributeOf } from './attribute-codec.js';
import { AttributeMalformed } from './attribute-codec.js';

/** Well-known communities (IANA "BGP Well-known Communities"), in "65535:n" form. */
export const WELL_KNOWN_COMMUNITIES = Object.freeze({
  /** RFC 8326 */
  GRACEFUL_SHUTDOWN: '65535:0',
  /** RFC 7611 */
  ACCEPT_OWN: '65535:1',
  /** RFC 9494 */
  LLGR_STALE: '65535:6',
  /** RFC 9494 */
  NO_LLGR: '65535:7',
  /** RFC 7999 */
  BLACKHOLE: '65535:666',
  /** RFC 1997 */
  NO_EXPORT: '65535:65281',
  /** RFC 1997 */
  NO_ADVERTISE: '65535:65282',
  /** RFC 1997 */
  NO_EXPORT_SUBCONFED: '65535:65283',
  /** RFC 3765 */
  NO_PEER: '65535:65284',
} as const);

export type WellKnownCommunityName = keyof typeof WELL_KNOWN_COMMUNITIES;

const NAME_BY_COMMUNITY = new Map<string, WellKnownCommunityName>(
  (Object.keys(WELL_KNOWN_COMMUNITIES) as WellKnownCommunityName[]).map((name) => [
    WELL_KNOWN_COMMUNITIES[name],
    name,
  ]),
);

/**
 * The well-known name of a community ("65535:65281" -> "NO_EXPORT"), or undefined.
 *
 * @example
 * communityName(WELL_KNOWN_COMMUNITIES.BLACKHOLE) // 'BLACKHOLE'
 */
export function communityName(community: string): WellKnownCommunityName | undefined {
  return NAME_BY_COMMUNITY.get(community);
}

/** Decodes COMMUNITIES. RFC 7606 §7.8: malformed if the length is not a multiple of 4. */
export function decodeCommunities(value: Uint8Array, flags: number): AttributeOf<'communities'> {
  // RFC 7606 §7.8 says "nonzero and not a multiple of 4": an empty COMMUNITIES is accepted.
  if ((value.length & 3) !== 0) {
    throw new AttributeMalformed(
      `COMMUNITIES length ${value.length}, expected a multiple of 4`,
      UpdateErrorSubcode.ATTRIBUTE_LENGTH_ERROR,
    );
  }
  const communities = new Array<string>(value.length >> 2);
  for (let i = 0, p = 0; i < communities.length; i++, p += 4) {
    communities[i] = `${readUint16(value, p)}:${readUint16(value, p + 2)}`;
  }
  return { type: 'communities', communities, flags };
}

/** Bytes the COMMUNITIES value takes on the wire. */
export function communitiesValueLength(attr: AttributeOf<'communities'>): number {
  return attr.communities.length * 4;
}

/** Writes the COMMUNITIES value at `offset`; returns the offset after it. */
export function encodeCommunitiesValue(
  attr: AttributeOf<'communities'>,
  _ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  const list = attr.communities;
  for (let i = 0; i < list.length; i++, offset += 4) {
    parseColonNumbers(list[i], 0xffff, 2, SCRATCH);
    writeUint16(out, offset, SCRATCH[0]);
    writeUint16(out, offset + 2, SCRATCH[1]);
  }
  return offset;
}

const SCRATCH = [0, 0, 0];

/**
 * Parses `count` colon-separated decimal numbers, each <= max, into `into`; throws BgpError
 * BGP_ERR_INVALID_ARGUMENT otherwise. Shared with LARGE_COMMUNITY ("a:b:c").
 */
export function parseColonNumbers(text: string, max: number, count: number, into: number[]): void {
  let field = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 58; /* ':' ends the last field */
    if (c >= 48 && c <= 57 && digits < 10) {
      value = value * 10 + (c - 48);
      digits++;
    } else if (c === 58 && digits > 0 && value <= max && field < count) {
      into[field++] = value;
      value = 0;
      digits = 0;
    } else {
      field = -1;
      break;
    }
  }
  if (field !== count) {
    throw new BgpError('BGP_ERR_INVALID_ARGUMENT', `invalid community "${text}"`);
  }
}
