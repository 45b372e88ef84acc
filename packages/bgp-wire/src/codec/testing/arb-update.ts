/**
 * fast-check arbitraries for UPDATE messages and their parts, for property tests.
 *
 * By default they build canonical values: what the decoder gives back for what the encoder
 * writes, minus `flags` (the decoder records flags, the builder leaves them out; compare with
 * `withoutFlags`). Not canonical, so never generated in that mode: prefixes with host bits
 * ("192.0.2.1/24" decodes as "192.0.2.0/24"), IPv6 text not in RFC 5952 form, flags with the
 * Partial or Extended Length bit, a non-zero MP_REACH_NLRI reserved octet (not kept), NaN link
 * bandwidths (payload bits), AS_PATH / AGGREGATOR ASNs over 65535 on a 2-octet session.
 * `{ wireFlags: true }` adds received-style flags (Partial, Extended Length on short values)
 * for the byte-exact property: encode(decode(bytes)) equals bytes.
 */

import fc from 'fast-check';
import { codecForType } from '../attributes/table.js';
import type { CodecContext } from '../context.js';
import { formatIpv6 } from '../ip.js';
import type {
  AsPathSegment,
  ExtendedCommunity,
  Nlri,
  PathAttribute,
  UpdateMessage,
} from '../types.js';

export interface ArbOptions {
  /** Give attributes received-style flags instead of none. */
  wireFlags?: boolean;
}

const KNOWN_CODES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 32, 35]);

const uint16 = () => fc.integer({ min: 0, max: 0xffff });
const uint32 = () => fc.integer({ min: 0, max: 0xffffffff });

export const arbIpv4Address: fc.Arbitrary<string> = fc
  .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))
  .map(([a, b, c, d]) => `${a}.${b}.${c}.${d}`);

export const arbIpv6Address: fc.Arbitrary<string> = fc
  .uint8Array({ minLength: 16, maxLength: 16 })
  .map((bytes) => formatIpv6(bytes, 0));

/** A canonical IPv4 prefix: host bits zero. */
export const arbIpv4Prefix: fc.Arbitrary<string> = fc
  .tuple(uint32(), fc.integer({ min: 0, max: 32 }))
  .map(([raw, length]) => {
    const a = length === 0 ? 0 : (raw & (-1 << (32 - length))) >>> 0;
    return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/${length}`;
  });

/** A canonical IPv6 prefix: host bits zero, RFC 5952 text. */
export const arbIpv6Prefix: fc.Arbitrary<string> = fc
  .tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 0, max: 128 }))
  .map(([bytes, length]) => {
    for (let bit = length; bit < 128; bit++) bytes[bit >> 3] &= ~(0x80 >> (bit & 7));
    return `${formatIpv6(bytes, 0)}/${length}`;
  });

/** An NLRI entry of a family, with a path id exactly when ADD-PATH is on. */
export function arbNlri(afi: 1 | 2, hasPathId: boolean): fc.Arbitrary<Nlri> {
  const prefix = afi === 1 ? arbIpv4Prefix : arbIpv6Prefix;
  return hasPathId ? fc.record({ prefix, pathId: uint32() }) : prefix.map((p) => ({ prefix: p }));
}

const arbNlriList = (afi: 1 | 2, hasPathId: boolean) =>
  fc.array(arbNlri(afi, hasPathId), { maxLength: 8 });

function arbSegments(
  asn: fc.Arbitrary<number>,
  allowConfed: boolean,
): fc.Arbitrary<AsPathSegment[]> {
  const types = allowConfed
    ? (['set', 'sequence', 'confed-sequence', 'confed-set'] as const)
    : (['set', 'sequence'] as const);
  const segment = fc.record({
    type: fc.constantFrom(...types),
    asns: fc.array(asn, { minLength: 1, maxLength: 6 }),
  });
  return fc.array(segment, { maxLength: 3 });
}

/** Extended communities in their canonical decoded forms. */
export const arbExtendedCommunity: fc.Arbitrary<ExtendedCommunity> = fc.oneof(
  fc.record({
    type: fc.constantFrom('route-target' as const, 'route-origin' as const),
    form: fc.constant('as2' as const),
    global: uint16(),
    local: uint32(),
    transitive: fc.boolean(),
  }),
  fc.record({
    type: fc.constantFrom('route-target' as const, 'route-origin' as const),
    form: fc.constant('ipv4' as const),
    global: arbIpv4Address,
    local: uint16(),
    transitive: fc.boolean(),
  }),
  fc.record({
    type: fc.constantFrom('route-target' as const, 'route-origin' as const),
    form: fc.constant('as4' as const),
    global: uint32(),
    local: uint16(),
    transitive: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('link-bandwidth' as const),
    asn: uint16(),
    bandwidth: fc.float({ noNaN: true }),
    transitive: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('opaque' as const),
    subType: fc.nat(255),
    value: fc.uint8Array({ minLength: 6, maxLength: 6 }),
    transitive: fc.boolean(),
  }),
  fc
    .uint8Array({ minLength: 8, maxLength: 8 })
    .filter((v) => !isKnownExtendedType(v[0], v[1]))
    .map((value) => ({ type: 'unknown' as const, value })),
);

function isKnownExtendedType(type: number, subType: number): boolean {
  const base = type & ~0x40;
  if (base === 0x03) return true;
  if (base <= 0x02 && (subType === 0x02 || subType === 0x03)) return true;
  return base === 0x00 && subType === 0x04;
}

const arbUnparsedFamily = fc
  .record({ afi: uint16(), safi: fc.nat(255) })
  .filter(({ afi, safi }) => !((afi === 1 || afi === 2) && safi === 1));

function arbMpReach(ctx: CodecContext): fc.Arbitrary<PathAttribute> {
  const v6Hops = fc.oneof(
    fc.tuple(arbIpv6Address),
    fc.tuple(arbIpv6Address, arbIpv6Address),
  ) as fc.Arbitrary<string[]>;
  return fc.oneof(
    fc.record({
      type: fc.constant('mp-reach-nlri' as const),
      afi: fc.constant(1),
      safi: fc.constant(1),
      // RFC 8950: IPv4 NLRI may have an IPv6 next hop.
      nextHops: fc.oneof(fc.tuple(arbIpv4Address) as fc.Arbitrary<string[]>, v6Hops),
      nlri: arbNlriList(1, ctx.addPath.ipv4),
    }),
    fc.record({
      type: fc.constant('mp-reach-nlri' as const),
      afi: fc.constant(2),
      safi: fc.constant(1),
      nextHops: v6Hops,
      nlri: arbNlriList(2, ctx.addPath.ipv6),
    }),
    fc
      .record({
        type: fc.constant('mp-reach-nlri' as const),
        family: arbUnparsedFamily,
        raw: fc.record({
          nextHop: fc.uint8Array({ maxLength: 32 }),
          nlri: fc.uint8Array({ maxLength: 40 }),
        }),
      })
      .map(({ type, family, raw }) => ({ type, ...family, nextHops: [], nlri: [], raw })),
  );
}

function arbMpUnreach(ctx: CodecContext): fc.Arbitrary<PathAttribute> {
  return fc.oneof(
    fc.record({
      type: fc.constant('mp-unreach-nlri' as const),
      afi: fc.constant(1),
      safi: fc.constant(1),
      withdrawn: arbNlriList(1, ctx.addPath.ipv4),
    }),
    fc.record({
      type: fc.constant('mp-unreach-nlri' as const),
      afi: fc.constant(2),
      safi: fc.constant(1),
      withdrawn: arbNlriList(2, ctx.addPath.ipv6),
    }),
    fc
      .record({ family: arbUnparsedFamily, nlri: fc.uint8Array({ maxLength: 40 }) })
      .map(({ family, nlri }) => ({
        type: 'mp-unreach-nlri' as const,
        ...family,
        withdrawn: [],
        raw: { nlri },
      })),
  );
}

/** An attribute this codec does not know; always with flags (Optional set), value up to 300 bytes. */
export const arbUnknownAttribute: fc.Arbitrary<PathAttribute> = fc.record({
  type: fc.constant('unknown' as const),
  code: fc.nat(255).filter((c) => !KNOWN_CODES.has(c)),
  value: fc.uint8Array({ maxLength: 300 }),
  flags: fc
    .tuple(fc.boolean(), fc.boolean(), fc.boolean())
    .map(([t, p, x]) => 0x80 | (t ? 0x40 : 0) | (p ? 0x20 : 0) | (x ? 0x10 : 0)),
});

/** Arbitraries for every known attribute type, valid on a session with `ctx`. */
export function knownAttributeArbitraries(ctx: CodecContext) {
  const asn = ctx.fourOctetAs ? uint32() : uint16();
  const communities = fc.array(
    fc.tuple(uint16(), uint16()).map(([a, b]) => `${a}:${b}`),
    { maxLength: 5 },
  );
  const large = fc.array(
    fc.tuple(uint32(), uint32(), uint32()).map(([a, b, c]) => `${a}:${b}:${c}`),
    { minLength: 1, maxLength: 4 },
  );
  const type = <K extends string>(k: K) => fc.constant(k);
  return {
    origin: fc.record({
      type: type('origin'),
      origin: fc.constantFrom('igp', 'egp', 'incomplete'),
    }),
    asPath: fc.record({ type: type('as-path'), segments: arbSegments(asn, ctx.ibgp) }),
    nextHop: fc.record({ type: type('next-hop'), nextHop: arbIpv4Address }),
    med: fc.record({ type: type('med'), med: uint32() }),
    localPref: fc.record({ type: type('local-pref'), localPref: uint32() }),
    atomicAggregate: fc.record({ type: type('atomic-aggregate') }),
    aggregator: fc.record({ type: type('aggregator'), asn, address: arbIpv4Address }),
    communities: fc.record({ type: type('communities'), communities }),
    originatorId: fc.record({ type: type('originator-id'), originatorId: arbIpv4Address }),
    clusterList: fc.record({
      type: type('cluster-list'),
      clusterIds: fc.array(arbIpv4Address, { minLength: 1, maxLength: 4 }),
    }),
    mpReach: arbMpReach(ctx),
    mpUnreach: arbMpUnreach(ctx),
    extendedCommunities: fc.record({
      type: type('extended-communities'),
      communities: fc.array(arbExtendedCommunity, { minLength: 1, maxLength: 5 }),
    }),
    as4Path: fc.record({ type: type('as4-path'), segments: arbSegments(uint32(), true) }),
    as4Aggregator: fc.record({
      type: type('as4-aggregator'),
      asn: uint32(),
      address: arbIpv4Address,
    }),
    largeCommunities: fc.record({ type: type('large-communities'), communities: large }),
    otc: fc.record({ type: type('otc'), asn: uint32() }),
  } satisfies Record<string, fc.Arbitrary<PathAttribute>>;
}

/** Any one attribute (known or unknown), valid on a session with `ctx`. */
export function arbPathAttribute(ctx: CodecContext): fc.Arbitrary<PathAttribute> {
  const known = Object.values(knownAttributeArbitraries(ctx)) as fc.Arbitrary<PathAttribute>[];
  return fc.oneof(...known, arbUnknownAttribute);
}

/** Received-style flags for a known attribute: canonical O/T, maybe Partial, maybe Ext Length. */
function arbWireFlags(attr: PathAttribute): fc.Arbitrary<PathAttribute> {
  const codec = codecForType(attr.type);
  if (codec === undefined) return fc.constant(attr);
  const canPartial = codec.flags === 0xc0;
  return fc.tuple(fc.boolean(), fc.boolean()).map(([p, x]) => ({
    ...attr,
    flags: codec.flags | (canPartial && p ? 0x20 : 0) | (x ? 0x10 : 0),
  }));
}

/**
 * A valid UPDATE for a session with `ctx`: every attribute at most once, ORIGIN and AS_PATH
 * whenever it carries reachability, NEXT_HOP when the NLRI field is non-empty, iBGP-only
 * attributes and confederation segments only when `ctx.ibgp`; attributes in random order.
 * Small enough to stay well under 4096 bytes.
 */
export function arbUpdateMessage(
  ctx: CodecContext,
  options: ArbOptions = {},
): fc.Arbitrary<UpdateMessage> {
  const { origin, asPath, nextHop, localPref, originatorId, clusterList, ...rest } =
    knownAttributeArbitraries(ctx);
  const optional = ctx.ibgp ? { ...rest, localPref, originatorId, clusterList } : rest;
  return fc
    .record({
      withdrawn: arbNlriList(1, ctx.addPath.ipv4),
      nlri: arbNlriList(1, ctx.addPath.ipv4),
      mandatory: fc.record({ origin, asPath, nextHop }),
      present: fc.record({ origin, asPath, nextHop, ...optional }, { requiredKeys: [] }),
      unknowns: fc.uniqueArray(arbUnknownAttribute, {
        selector: (a) => (a.type === 'unknown' ? a.code : -1),
        maxLength: 2,
      }),
    })
    .chain(({ withdrawn, nlri, mandatory, present, unknowns }) => {
      const chosen: Record<string, PathAttribute> = { ...present };
      if (nlri.length > 0 || chosen.mpReach !== undefined) {
        chosen.origin ??= mandatory.origin;
        chosen.asPath ??= mandatory.asPath;
      }
      if (nlri.length > 0) chosen.nextHop ??= mandatory.nextHop;
      const list = [...Object.values(chosen), ...unknowns];
      const flagged: fc.Arbitrary<PathAttribute[]> = options.wireFlags
        ? fc.tuple(...list.map(arbWireFlags))
        : fc.constant(list);
      return flagged
        .chain((attrs) =>
          fc.shuffledSubarray(attrs, { minLength: attrs.length, maxLength: attrs.length }),
        )
        .map((attributes): UpdateMessage => ({ type: 'update', withdrawn, attributes, nlri }));
    });
}

/** `msg` without attribute flags (and without `error`), for comparing with built messages. */
export function withoutFlags(msg: UpdateMessage): UpdateMessage {
  const attributes = msg.attributes.map((a) => {
    const { flags: _flags, ...rest } = a;
    return rest as PathAttribute;
  });
  return { type: 'update', withdrawn: msg.withdrawn, attributes, nlri: msg.nlri };
}
