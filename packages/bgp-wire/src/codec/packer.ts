/**
 * Packing many prefixes into the fewest UPDATE messages: IPv4 unicast in the Withdrawn Routes
 * and NLRI fields (RFC 4271 §4.3), IPv6 unicast in MP_UNREACH_NLRI / MP_REACH_NLRI (RFC 4760),
 * path identifiers when ADD-PATH is on for the family (RFC 7911), each message filled up to the
 * session's limit (4096 bytes, or 65535 with RFC 8654 extended messages).
 *
 * Built for a million routes: the shared attributes and the MP_REACH_NLRI head are encoded once,
 * prefixes are written straight from their text into one scratch buffer (a prefix that does not
 * fit is simply written again at the start of the next message), and each finished message is
 * copied out once.
 */

import { encodeAttributesInto, encodedAttributeLength } from './attributes/attribute-list.js';
import { codecForType } from './attributes/table.js';
import { writeUint16 } from './bytes.js';
import { AttrFlag, AttrType, HEADER_LENGTH, MessageType } from './constants.js';
import { type CodecContext, DEFAULT_CONTEXT, maxMessageLength } from './context.js';
import { BgpEncodeError } from './errors.js';
import { writeHeader } from './header.js';
import { parseIpv6Into } from './ip.js';
import { encodePrefixInto, type NlriFamily } from './nlri.js';
import type { Nlri, PathAttribute } from './types.js';

/** A prefix to pack: its text ("192.0.2.0/24"), or an `Nlri` when it has a path id. */
export type PackPrefix = string | Nlri;

export interface PackInput {
  /**
   * Attributes shared by every announced prefix (ORIGIN, AS_PATH, NEXT_HOP for IPv4, ...).
   * Not MP_REACH_NLRI / MP_UNREACH_NLRI: the packer builds those. Written in type-code order
   * after the MP attributes, which go first (RFC 7606 §5.1).
   */
  attributes: readonly PathAttribute[];
  /** Prefixes to announce, IPv4 and IPv6 mixed as you like. */
  announce?: readonly PackPrefix[];
  /** Prefixes to withdraw. */
  withdraw?: readonly PackPrefix[];
  /** MP_REACH_NLRI next hop(s) for IPv6 prefixes: global, then optionally link-local. */
  ipv6NextHops?: readonly string[];
}

/** The most bytes one NLRI entry takes: path id, length octet, 16 address octets. */
const MAX_ENTRY_LENGTH = 21;
/** Flags of the MP attributes the packer writes: optional, 2-octet length. */
const MP_FLAGS = AttrFlag.OPTIONAL | AttrFlag.EXTENDED_LENGTH;

/** Work lists and cursors for one packing run. */
interface Queues {
  withdraw4: PackPrefix[];
  withdraw6: PackPrefix[];
  announce4: PackPrefix[];
  announce6: PackPrefix[];
  /** Next index to take from each list, in the order above. */
  next: [number, number, number, number];
}

function isIpv6(item: PackPrefix): boolean {
  return (typeof item === 'string' ? item : item.prefix).includes(':');
}

function split(list: readonly PackPrefix[] | undefined, v4: PackPrefix[], v6: PackPrefix[]): void {
  if (list === undefined) return;
  for (let i = 0; i < list.length; i++) (isIpv6(list[i]) ? v6 : v4).push(list[i]);
}

function writeEntry(
  item: PackPrefix,
  afi: NlriFamily,
  hasPathId: boolean,
  out: Uint8Array,
  offset: number,
): number {
  return typeof item === 'string'
    ? encodePrefixInto(item, undefined, afi, hasPathId, out, offset)
    : encodePrefixInto(item.prefix, item.pathId, afi, hasPathId, out, offset);
}

/**
 * Writes entries of `list` from `queues.next[slot]` on at `offset` while they end at or before
 * `limit`; advances the cursor; returns the offset after the last one that fitted.
 */
function fill(
  queues: Queues,
  slot: number,
  list: PackPrefix[],
  afi: NlriFamily,
  hasPathId: boolean,
  out: Uint8Array,
  offset: number,
  limit: number,
): number {
  let i = queues.next[slot];
  while (i < list.length) {
    const end = writeEntry(list[i], afi, hasPathId, out, offset);
    if (end > limit) break;
    offset = end;
    i++;
  }
  queues.next[slot] = i;
  return offset;
}

/** The shared attributes in type-code order, encoded once. */
function encodeSharedAttributes(input: PackInput, ctx: CodecContext, hasIpv4: boolean): Uint8Array {
  const list = [...input.attributes].sort((a, b) => typeCode(a) - typeCode(b));
  let length = 0;
  for (const attr of list) {
    if (attr.type === 'mp-reach-nlri' || attr.type === 'mp-unreach-nlri') {
      throw new BgpEncodeError(
        `packUpdates builds ${attr.type} itself; leave it out of attributes`,
      );
    }
    length += encodedAttributeLength(attr, ctx);
  }
  // RFC 4271 §5.1.3 / RFC 7606 §3 d: IPv4 NLRI need NEXT_HOP, or the peer withdraws them.
  if (hasIpv4 && !list.some((a) => a.type === 'next-hop')) {
    throw new BgpEncodeError('announcing IPv4 prefixes needs a NEXT_HOP attribute');
  }
  const out = new Uint8Array(length);
  encodeAttributesInto(list, ctx, out, 0);
  return out;
}

function typeCode(attr: PathAttribute): number {
  return attr.type === 'unknown' ? attr.code : (codecForType(attr.type)?.code ?? 256);
}

/** MP_REACH_NLRI header and value up to the NLRI: flags, type, length (to fill), AFI 2, SAFI 1, next hops, reserved. */
function encodeMpReachHead(nextHops: readonly string[] | undefined): Uint8Array {
  if (nextHops === undefined || nextHops.length < 1 || nextHops.length > 2) {
    throw new BgpEncodeError('announcing IPv6 prefixes needs 1 or 2 ipv6NextHops');
  }
  const head = new Uint8Array(9 + 16 * nextHops.length);
  head[0] = MP_FLAGS;
  head[1] = AttrType.MP_REACH_NLRI;
  writeUint16(head, 4, 2);
  head[6] = 1;
  head[7] = 16 * nextHops.length;
  for (let i = 0; i < nextHops.length; i++) parseIpv6Into(nextHops[i], head, 8 + 16 * i);
  return head; // the last octet is RFC 4760's reserved 0
}

/** MP_UNREACH_NLRI header and AFI/SAFI for IPv6 unicast. */
const MP_UNREACH_HEAD = Uint8Array.of(MP_FLAGS, AttrType.MP_UNREACH_NLRI, 0, 0, 0, 2, 1);

/**
 * Packs prefixes into UPDATE messages (headers included), each as full as the session allows:
 * IPv4 withdrawals, then IPv6 withdrawals (MP_UNREACH_NLRI), then announcements with the shared
 * attributes (IPv6 in MP_REACH_NLRI, IPv4 in the NLRI field), moving on to a new message when
 * one is full. Under ADD-PATH a string prefix gets path id 0.
 *
 * When to use: pushing a table (a full feed at session start, a config reload). For one
 * hand-built message, `encodeUpdate` is simpler.
 *
 * @example
 * ```ts
 * const messages = packUpdates({
 *   attributes: [
 *     { type: 'origin', origin: 'igp' },
 *     { type: 'as-path', segments: [{ type: 'sequence', asns: [64512] }] },
 *     { type: 'next-hop', nextHop: '192.0.2.1' },
 *   ],
 *   announce: ['198.51.100.0/24', '2001:db8::/48'],
 *   ipv6NextHops: ['2001:db8::1'],
 * });
 * ```
 * @throws BgpEncodeError when IPv4 is announced without NEXT_HOP, IPv6 without next hops, the
 * attributes include MP_REACH/MP_UNREACH or do not fit one message; BgpError
 * BGP_ERR_INVALID_ARGUMENT for text that is no prefix.
 */
export function packUpdates(input: PackInput, ctx: CodecContext = DEFAULT_CONTEXT): Uint8Array[] {
  const q: Queues = {
    withdraw4: [],
    withdraw6: [],
    announce4: [],
    announce6: [],
    next: [0, 0, 0, 0],
  };
  split(input.withdraw, q.withdraw4, q.withdraw6);
  split(input.announce, q.announce4, q.announce6);
  const hasAnnouncements = q.announce4.length + q.announce6.length > 0;
  const shared = hasAnnouncements
    ? encodeSharedAttributes(input, ctx, q.announce4.length > 0)
    : new Uint8Array(0);
  const mpReachHead = q.announce6.length > 0 ? encodeMpReachHead(input.ipv6NextHops) : undefined;
  const limit = maxMessageLength(ctx);
  // Slack past the limit: an entry that overflows is written, then dropped and redone later.
  const scratch = new Uint8Array(limit + MAX_ENTRY_LENGTH);
  const messages: Uint8Array[] = [];
  while (remaining(q) > 0) {
    const before = remaining(q);
    const length = packOne(q, shared, mpReachHead, ctx, scratch, limit);
    if (remaining(q) === before) {
      throw new BgpEncodeError(`path attributes of ${shared.length} bytes leave no room for NLRI`);
    }
    messages.push(scratch.slice(0, length));
  }
  return messages;
}

function remaining(q: Queues): number {
  const [w4, w6, a4, a6] = q.next;
  return (
    q.withdraw4.length -
    w4 +
    q.withdraw6.length -
    w6 +
    q.announce4.length -
    a4 +
    q.announce6.length -
    a6
  );
}

/** Fills one message in `out`; returns its length. */
function packOne(
  q: Queues,
  shared: Uint8Array,
  mpReachHead: Uint8Array | undefined,
  ctx: CodecContext,
  out: Uint8Array,
  limit: number,
): number {
  // Withdrawn Routes (IPv4), leaving room for the Total Path Attribute Length field.
  let p = fill(q, 0, q.withdraw4, 1, ctx.addPath.ipv4, out, HEADER_LENGTH + 2, limit - 2);
  writeUint16(out, HEADER_LENGTH, p - HEADER_LENGTH - 2);
  const attributesStart = p + 2;
  p = attributesStart;
  if (q.next[1] < q.withdraw6.length) p = writeMpUnreach(q, ctx, out, p, limit);
  let end = p;
  if (q.next[2] < q.announce4.length || q.next[3] < q.announce6.length) {
    const announced = writeAnnouncements(q, shared, mpReachHead, ctx, out, p, limit);
    if (announced !== undefined) {
      p = announced.attributesEnd;
      end = announced.end;
    }
  }
  writeUint16(out, attributesStart - 2, p - attributesStart);
  writeHeader(out, 0, end, MessageType.UPDATE);
  return end;
}

/** MP_UNREACH_NLRI with as many IPv6 withdrawals as fit; returns the offset after it. */
function writeMpUnreach(
  q: Queues,
  ctx: CodecContext,
  out: Uint8Array,
  offset: number,
  limit: number,
): number {
  const valueStart = offset + MP_UNREACH_HEAD.length;
  if (valueStart > limit) return offset;
  out.set(MP_UNREACH_HEAD, offset);
  const end = fill(q, 1, q.withdraw6, 2, ctx.addPath.ipv6, out, valueStart, limit);
  if (end === valueStart) return offset;
  writeUint16(out, offset + 2, end - offset - 4);
  return end;
}

/**
 * MP_REACH_NLRI (IPv6), the shared attributes, then the NLRI field (IPv4), as much as fits.
 * IPv6 entries stop short of the room the shared attributes need, so once one is in, the
 * shared attributes fit too. Undefined when not a single prefix fits.
 */
function writeAnnouncements(
  q: Queues,
  shared: Uint8Array,
  mpReachHead: Uint8Array | undefined,
  ctx: CodecContext,
  out: Uint8Array,
  offset: number,
  limit: number,
): { attributesEnd: number; end: number } | undefined {
  const start = offset;
  const sharedLimit = limit - shared.length;
  if (mpReachHead !== undefined && q.next[3] < q.announce6.length) {
    const nlriStart = offset + mpReachHead.length;
    if (nlriStart <= sharedLimit) {
      out.set(mpReachHead, offset);
      const end = fill(q, 3, q.announce6, 2, ctx.addPath.ipv6, out, nlriStart, sharedLimit);
      if (end > nlriStart) {
        writeUint16(out, offset + 2, end - offset - 4);
        offset = end;
      }
    }
  }
  if (offset > sharedLimit) return undefined;
  out.set(shared, offset);
  const attributesEnd = offset + shared.length;
  const end = fill(q, 2, q.announce4, 1, ctx.addPath.ipv4, out, attributesEnd, limit);
  if (end === attributesEnd && offset === start) return undefined;
  return { attributesEnd, end };
}
