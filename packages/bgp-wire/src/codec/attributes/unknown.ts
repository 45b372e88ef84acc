/**
 * Attributes this codec does not know (RFC 4271 §5, §9): an optional one is kept as its flags
 * and value bytes (a view) and re-encoded exactly; `forPropagation` says what goes to other
 * peers. An unrecognized well-known attribute never gets here: the UPDATE decoder rejects it.
 */

import { AttrFlag } from '../constants.js';
import type { CodecContext } from '../context.js';
import type { PathAttribute } from '../types.js';
import type { AttributeOf } from './attribute-codec.js';

/** Keeps an unknown optional attribute as its flags and value (a view). */
export function decodeUnknown(
  code: number,
  value: Uint8Array,
  flags: number,
): AttributeOf<'unknown'> {
  return { type: 'unknown', code, value, flags };
}

/** Bytes the unknown attribute value takes on the wire. */
export function unknownValueLength(attr: AttributeOf<'unknown'>): number {
  return attr.value.length;
}

/** Writes the unknown attribute value at `offset`; returns the offset after it. */
export function encodeUnknownValue(
  attr: AttributeOf<'unknown'>,
  _ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  out.set(attr.value, offset);
  return offset + attr.value.length;
}

/**
 * The attribute as it goes to another peer, or undefined when it must not (RFC 4271 §5, §9):
 * an unrecognized optional transitive attribute is passed on with the Partial bit set; an
 * unrecognized optional non-transitive one is dropped; recognized attributes are unchanged
 * (their Partial bit, if set, stays set).
 *
 * When to use: building an UPDATE for other peers from a received one. Re-encoding the
 * received message itself must not use it: that keeps the flags as received.
 */
export function forPropagation(attr: PathAttribute): PathAttribute | undefined {
  if (attr.type !== 'unknown') return attr;
  const flags = attr.flags ?? AttrFlag.OPTIONAL | AttrFlag.TRANSITIVE;
  if ((flags & AttrFlag.TRANSITIVE) === 0) return undefined;
  return { ...attr, flags: flags | AttrFlag.PARTIAL };
}
