/**
 * Writing path attributes: `flags type length value` (RFC 4271 §4.3). The flags are
 * `attr.flags` when present (as received), else the table's canonical ones; the Extended
 * Length bit decides a 1- or 2-octet length. Canonical flags get the bit only when the value
 * exceeds 255 octets; flags without it are given it in that case (the only change the encoder
 * makes to given flags, since the value could not be written otherwise).
 */

import { writeUint16 } from '../bytes.js';
import { AttrFlag } from '../constants.js';
import type { CodecContext } from '../context.js';
import { BgpEncodeError } from '../errors.js';
import type { PathAttribute } from '../types.js';
import type { AttributeCodec } from './attribute-codec.js';
import { codecForType, UNKNOWN_ATTRIBUTE_FLAGS } from './table.js';
import { encodeUnknownValue, unknownValueLength } from './unknown.js';

/** The codec row for an attribute value, or undefined for `unknown`. Throws for a bad type. */
function codecOf(attr: PathAttribute): AttributeCodec | undefined {
  if (attr.type === 'unknown') return undefined;
  const codec = codecForType(attr.type);
  if (codec === undefined) throw new BgpEncodeError(`unknown attribute type "${attr.type}"`);
  return codec;
}

function valueLength(
  attr: PathAttribute,
  codec: AttributeCodec | undefined,
  ctx: CodecContext,
): number {
  const length =
    codec === undefined
      ? unknownValueLength(attr as Extract<PathAttribute, { type: 'unknown' }>)
      : codec.encodedValueLength(attr, ctx);
  if (length > 0xffff) throw new BgpEncodeError(`${attr.type} value of ${length} bytes > 65535`);
  return length;
}

function flagsFor(attr: PathAttribute, codec: AttributeCodec | undefined, length: number): number {
  let flags = attr.flags ?? (codec === undefined ? UNKNOWN_ATTRIBUTE_FLAGS : codec.flags);
  if (length > 255) flags |= AttrFlag.EXTENDED_LENGTH;
  return flags;
}

/** Bytes one attribute takes on the wire, header included. */
export function encodedAttributeLength(attr: PathAttribute, ctx: CodecContext): number {
  const codec = codecOf(attr);
  const length = valueLength(attr, codec, ctx);
  return (flagsFor(attr, codec, length) & AttrFlag.EXTENDED_LENGTH ? 4 : 3) + length;
}

/** Bytes a list of attributes takes on the wire. */
export function encodedAttributesLength(list: readonly PathAttribute[], ctx: CodecContext): number {
  let total = 0;
  for (let i = 0; i < list.length; i++) total += encodedAttributeLength(list[i], ctx);
  return total;
}

/**
 * Writes one attribute (header and value) at `offset`; returns the offset after it.
 *
 * @throws BgpEncodeError for values that cannot go on the wire; BgpError
 * BGP_ERR_INVALID_ARGUMENT for malformed text (addresses, prefixes, communities).
 */
export function encodeAttributeInto(
  attr: PathAttribute,
  ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  const codec = codecOf(attr);
  const length = valueLength(attr, codec, ctx);
  const flags = flagsFor(attr, codec, length);
  out[offset] = flags;
  if (codec === undefined) {
    const unknown = attr as Extract<PathAttribute, { type: 'unknown' }>;
    if (!Number.isInteger(unknown.code) || unknown.code < 0 || unknown.code > 255) {
      throw new BgpEncodeError(`attribute type code ${unknown.code}`);
    }
    out[offset + 1] = unknown.code;
  } else {
    out[offset + 1] = codec.code;
  }
  if (flags & AttrFlag.EXTENDED_LENGTH) {
    writeUint16(out, offset + 2, length);
    offset += 4;
  } else {
    out[offset + 2] = length;
    offset += 3;
  }
  const end =
    codec === undefined
      ? encodeUnknownValue(attr as Extract<PathAttribute, { type: 'unknown' }>, ctx, out, offset)
      : codec.encodeValue(attr, ctx, out, offset);
  if (end - offset !== length) {
    throw new BgpEncodeError(`${attr.type}: wrote ${end - offset} bytes, announced ${length}`);
  }
  return end;
}

/** Writes attributes in the given order; returns the offset after them. */
export function encodeAttributesInto(
  list: readonly PathAttribute[],
  ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  for (let i = 0; i < list.length; i++) offset = encodeAttributeInto(list[i], ctx, out, offset);
  return offset;
}
