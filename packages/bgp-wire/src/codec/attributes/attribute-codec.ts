/**
 * The shape of one row of the attribute table (`table.ts`), and what attribute decoders throw.
 *
 * A decoder sees only the attribute's value bytes; when they are malformed it throws
 * `AttributeMalformed`, and the UPDATE validator turns that into a `BgpMessageError` with the
 * row's RFC 7606 action, the NOTIFICATION data (the whole attribute, RFC 4271 §6.3) and the
 * attribute type. Keeping the action in the table, not in each decoder, keeps one place to
 * read "what happens when X is broken", as BIRD's `bgp_attr_table` does.
 */

import { UpdateErrorSubcode } from '../constants.js';
import type { CodecContext } from '../context.js';
import { BgpEncodeError, type ErrorAction } from '../errors.js';
import type { PathAttribute, PathAttributeType } from '../types.js';

/** The `PathAttribute` variant whose `type` is `K`. */
export type AttributeOf<K extends PathAttributeType> = Extract<PathAttribute, { type: K }>;

/** One attribute type: how to read it, how to write it, what to do when it is broken. */
export interface AttributeCodec<K extends PathAttributeType = PathAttributeType> {
  /** RFC 4271 §4.3 Attribute Type Code. */
  readonly code: number;
  /** The `PathAttribute` `type`. */
  readonly name: K;
  /** Canonical flags: only the Optional and Transitive bits (RFC 4271 §4.3, §5). */
  readonly flags: number;
  /** RFC 7606 approach when the attribute is malformed (flags included, RFC 7606 §3 c). */
  readonly action: ErrorAction;
  /** RFC 4271 §6.3 Error Subcode for a malformed value, unless the decoder names another. */
  readonly subcode: number;
  /**
   * RFC 7606 §7.5, §7.9, §7.10: when received from an external peer the attribute is
   * discarded, whatever it holds.
   */
  readonly isInternalOnly?: boolean;
  /** Reads a value (a view into the message); throws `AttributeMalformed`. */
  decode(value: Uint8Array, flags: number, ctx: CodecContext): AttributeOf<K>;
  /** Bytes `encodeValue` will write. */
  encodedValueLength(attr: AttributeOf<K>, ctx: CodecContext): number;
  /** Writes the value at `offset`; returns the offset after it. */
  encodeValue(attr: AttributeOf<K>, ctx: CodecContext, out: Uint8Array, offset: number): number;
}

/**
 * Thrown by attribute decoders for malformed values; never escapes the UPDATE decoder, which
 * turns it into a `BgpMessageError` carrying the table's action.
 */
export class AttributeMalformed extends Error {
  /** Overrides the table's subcode (e.g. ORIGIN length vs. ORIGIN value). */
  readonly subcode: number | undefined;

  constructor(message: string, subcode?: number) {
    super(message);
    this.name = 'AttributeMalformed';
    this.subcode = subcode;
  }
}

/** Throws `AttributeMalformed` (Attribute Length Error) unless the value is `expected` bytes. */
export function requireLength(value: Uint8Array, expected: number, what: string): void {
  if (value.length !== expected) {
    throw new AttributeMalformed(
      `${what} length ${value.length}, expected ${expected}`,
      UpdateErrorSubcode.ATTRIBUTE_LENGTH_ERROR,
    );
  }
}

/** Throws `AttributeMalformed` (Attribute Length Error) unless the length is a non-zero multiple. */
export function requireMultipleOf(value: Uint8Array, unit: number, what: string): void {
  if (value.length === 0 || value.length % unit !== 0) {
    throw new AttributeMalformed(
      `${what} length ${value.length}, expected a non-zero multiple of ${unit}`,
      UpdateErrorSubcode.ATTRIBUTE_LENGTH_ERROR,
    );
  }
}

/** Encoder-side check: `value` is an integer in [0, max]. Throws BgpEncodeError. */
export function requireUint(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new BgpEncodeError(`${what} ${value} is not an integer in 0..${max}`);
  }
}

/** Encoder-side check for attributes whose empty form is malformed on the wire. */
export function requireNonEmpty(list: readonly unknown[], what: string): void {
  if (list.length === 0) throw new BgpEncodeError(`${what} must not be empty`);
}
