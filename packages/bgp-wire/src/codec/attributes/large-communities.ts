/** LARGE_COMMUNITY (RFC 8092): 12-octet values, written "global:local1:local2". */

import { readUint32, writeUint32 } from '../bytes.js';
import type { CodecContext } from '../context.js';
import type { AttributeOf } from './attribute-codec.js';
import { requireMultipleOf, requireNonEmpty } from './attribute-codec.js';
import { parseColonNumbers } from './communities.js';

/** Decodes LARGE_COMMUNITY. RFC 8092 §6: malformed if empty or not a multiple of 12. */
export function decodeLargeCommunities(
  value: Uint8Array,
  flags: number,
): AttributeOf<'large-communities'> {
  requireMultipleOf(value, 12, 'LARGE_COMMUNITY');
  const communities = new Array<string>(value.length / 12);
  for (let i = 0, p = 0; i < communities.length; i++, p += 12) {
    communities[i] =
      `${readUint32(value, p)}:${readUint32(value, p + 4)}:${readUint32(value, p + 8)}`;
  }
  return { type: 'large-communities', communities, flags };
}

/** Bytes the LARGE_COMMUNITY value takes on the wire. */
export function largeCommunitiesValueLength(attr: AttributeOf<'large-communities'>): number {
  return attr.communities.length * 12;
}

const SCRATCH = [0, 0, 0];

/** Writes the LARGE_COMMUNITY value at `offset`; returns the offset after it. */
export function encodeLargeCommunitiesValue(
  attr: AttributeOf<'large-communities'>,
  _ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  const list = attr.communities;
  requireNonEmpty(list, 'LARGE_COMMUNITY');
  for (let i = 0; i < list.length; i++, offset += 12) {
    parseColonNumbers(list[i], 0xffffffff, 3, SCRATCH);
    writeUint32(out, offset, SCRATCH[0]);
    writeUint32(out, offset + 4, SCRATCH[1]);
    writeUint32(out, offset + 8, SCRATCH[2]);
  }
  return offset;
}
