/**
 * UPDATE messages (RFC 4271 §4.3): Withdrawn Routes Length (2), Withdrawn Routes, Total Path
 * Attribute Length (2), Path Attributes, NLRI. Decoding reads the framing here, the attributes
 * and RFC 7606 checks in `update-validate.ts`, the prefixes in `nlri.ts`; encoding writes
 * straight into one buffer. Also the RFC 4724 End-of-RIB marker.
 *
 * Decoding is zero-copy: byte fields of the result (unknown attributes, raw MP NLRI, opaque
 * extended communities, error data) are views into `body`. Copy what you store.
 */

import { encodeAttributesInto, encodedAttributesLength } from './attributes/attribute-list.js';
import { readUint16, writeUint16 } from './bytes.js';
import {
  ErrorCode,
  HEADER_LENGTH,
  HeaderErrorSubcode,
  MessageType,
  UpdateErrorSubcode,
} from './constants.js';
import { type CodecContext, DEFAULT_CONTEXT, maxMessageLength } from './context.js';
import { BgpEncodeError, BgpMessageError, strongerError } from './errors.js';
import { writeHeader } from './header.js';
import { decodeNlri, encodedNlriLength, encodeNlriInto } from './nlri.js';
import type { UpdateMessage } from './types.js';
import { checkMandatoryAttributes, readPathAttributes, updateError } from './update-validate.js';

/**
 * Decodes an UPDATE body (the bytes after the 19-byte header).
 *
 * **Gotchas:** a message can decode *with* `error` set: RFC 7606 'treat-as-withdraw' (withdraw
 * every prefix it carries, IPv4 and MP) or 'attribute-discard' (some attributes were dropped);
 * check it before using the routes. Faults that make the message unusable throw.
 *
 * @example
 * ```ts
 * const update = decodeUpdateBody(message.subarray(19), ctx);
 * if (update.error?.action === 'treat-as-withdraw') withdrawAll(update);
 * ```
 * @throws BgpMessageError with action 'session-reset'; nothing else escapes.
 */
export function decodeUpdateBody(body: Uint8Array, ctx: CodecContext): UpdateMessage {
  const end = body.length;
  if (end < 4) {
    // RFC 4271 §6.1: an UPDATE shorter than 23 bytes has a bad length; data is the length field.
    const data = Uint8Array.of(0, 0);
    writeUint16(data, 0, end + HEADER_LENGTH);
    throw new BgpMessageError(`UPDATE: length ${end + HEADER_LENGTH} < 23`, {
      code: 'BGP_ERR_BAD_MESSAGE_LENGTH',
      errorCode: ErrorCode.MESSAGE_HEADER_ERROR,
      errorSubcode: HeaderErrorSubcode.BAD_MESSAGE_LENGTH,
      data,
      action: 'session-reset',
    });
  }
  const withdrawnEnd = 2 + readUint16(body, 0);
  // RFC 4271 §6.3 / RFC 7606 §5: lengths that overrun the message are fatal.
  if (withdrawnEnd + 2 > end) {
    const what = `Withdrawn Routes Length ${withdrawnEnd - 2} overruns the message`;
    throw updateError(what, 'session-reset', UpdateErrorSubcode.MALFORMED_ATTRIBUTE_LIST);
  }
  const attributesStart = withdrawnEnd + 2;
  const attributesEnd = attributesStart + readUint16(body, withdrawnEnd);
  if (attributesEnd > end) {
    const what = `Total Path Attribute Length ${attributesEnd - attributesStart} overruns the message`;
    throw updateError(what, 'session-reset', UpdateErrorSubcode.MALFORMED_ATTRIBUTE_LIST);
  }
  const withdrawn = decodeNlri(body, 2, withdrawnEnd, 1, ctx.addPath.ipv4);
  const scan = readPathAttributes(body, attributesStart, attributesEnd, ctx);
  const nlri = decodeNlri(body, attributesEnd, end, 1, ctx.addPath.ipv4);
  const missing = checkMandatoryAttributes(scan, nlri.length > 0);
  const error = missing === undefined ? scan.error : strongerError(scan.error, missing);
  const msg: UpdateMessage = { type: 'update', withdrawn, attributes: scan.attributes, nlri };
  if (error !== undefined) msg.error = error;
  return msg;
}

/** Bytes `encodeUpdateInto` writes for `msg`, header included. */
export function encodedUpdateLength(msg: UpdateMessage, ctx: CodecContext): number {
  const hasPathId = ctx.addPath.ipv4;
  return (
    HEADER_LENGTH +
    4 +
    encodedNlriLength(msg.withdrawn, hasPathId) +
    encodedAttributesLength(msg.attributes, ctx) +
    encodedNlriLength(msg.nlri, hasPathId)
  );
}

/**
 * Writes `msg` (header included) into `out` at `offset`; returns the bytes written. Attributes
 * go in the order given, with their `flags` when set (see `attributes/attribute-list.ts`);
 * `msg.error` is ignored.
 *
 * @throws BgpEncodeError when the message exceeds `maxMessageLength(ctx)` or `out`, or a value
 * cannot go on the wire; BgpError BGP_ERR_INVALID_ARGUMENT for malformed text.
 */
export function encodeUpdateInto(
  msg: UpdateMessage,
  ctx: CodecContext,
  out: Uint8Array,
  offset: number,
): number {
  const length = encodedUpdateLength(msg, ctx);
  if (length > maxMessageLength(ctx)) {
    throw new BgpEncodeError(`UPDATE would be ${length} bytes, at most ${maxMessageLength(ctx)}`);
  }
  if (offset < 0 || out.length - offset < length) {
    throw new BgpEncodeError(`UPDATE needs ${length} bytes at offset ${offset} of ${out.length}`);
  }
  writeHeader(out, offset, length, MessageType.UPDATE);
  const hasPathId = ctx.addPath.ipv4;
  let p = offset + HEADER_LENGTH + 2;
  p = encodeNlriInto(msg.withdrawn, 1, hasPathId, out, p);
  writeUint16(out, offset + HEADER_LENGTH, p - offset - HEADER_LENGTH - 2);
  const attributesStart = p + 2;
  p = encodeAttributesInto(msg.attributes, ctx, out, attributesStart);
  writeUint16(out, attributesStart - 2, p - attributesStart);
  p = encodeNlriInto(msg.nlri, 1, hasPathId, out, p);
  if (p - offset !== length) {
    throw new BgpEncodeError(`UPDATE: wrote ${p - offset} bytes, expected ${length}`);
  }
  return length;
}

/**
 * `msg` (header included) in a new buffer.
 *
 * @example
 * ```ts
 * const bytes = encodeUpdate({
 *   type: 'update',
 *   withdrawn: [],
 *   attributes: [
 *     { type: 'origin', origin: 'igp' },
 *     { type: 'as-path', segments: [{ type: 'sequence', asns: [64512] }] },
 *     { type: 'next-hop', nextHop: '192.0.2.1' },
 *   ],
 *   nlri: [{ prefix: '198.51.100.0/24' }],
 * });
 * ```
 * @throws BgpEncodeError (see `encodeUpdateInto`).
 */
export function encodeUpdate(msg: UpdateMessage, ctx: CodecContext = DEFAULT_CONTEXT): Uint8Array {
  const out = new Uint8Array(encodedUpdateLength(msg, ctx));
  encodeUpdateInto(msg, ctx, out, 0);
  return out;
}

/**
 * The family whose End-of-RIB marker `msg` is, or undefined (RFC 4724 §2): for IPv4 unicast an
 * UPDATE with nothing in it; for any other family an UPDATE holding only an empty
 * MP_UNREACH_NLRI for it.
 */
export function isEndOfRib(msg: UpdateMessage): { afi: number; safi: number } | undefined {
  if (msg.withdrawn.length !== 0 || msg.nlri.length !== 0) return undefined;
  if (msg.attributes.length === 0) return { afi: 1, safi: 1 };
  const only = msg.attributes[0];
  if (msg.attributes.length !== 1 || only.type !== 'mp-unreach-nlri') return undefined;
  if (only.withdrawn.length !== 0 || (only.raw !== undefined && only.raw.nlri.length !== 0)) {
    return undefined;
  }
  return { afi: only.afi, safi: only.safi };
}

/** The End-of-RIB marker for a family (RFC 4724 §2). */
export function endOfRib(afi: number, safi: number): UpdateMessage {
  if (afi === 1 && safi === 1) return { type: 'update', withdrawn: [], attributes: [], nlri: [] };
  const marker = { type: 'mp-unreach-nlri' as const, afi, safi, withdrawn: [] };
  const isParsed = (afi === 1 || afi === 2) && safi === 1;
  return {
    type: 'update',
    withdrawn: [],
    attributes: [isParsed ? marker : { ...marker, raw: { nlri: new Uint8Array(0) } }],
    nlri: [],
  };
}
