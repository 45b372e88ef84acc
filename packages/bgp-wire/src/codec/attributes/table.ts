/**
 * The attribute table: one row per path attribute type this codec knows, as BIRD's
 * `bgp_attr_table` has. Each row says how to read and write the value, the canonical
 * Optional/Transitive flags, and what RFC 7606 does when a peer sends it malformed.
 * Attributes not in the table are kept as opaque bytes (`unknown.ts`).
 *
 * | code | attribute          | flags | malformed (RFC 7606 §7.x unless noted)         |
 * | ---- | ------------------ | ----- | ---------------------------------------------- |
 * | 1    | ORIGIN             | WK    | treat-as-withdraw (§7.1)                       |
 * | 2    | AS_PATH            | WK    | treat-as-withdraw (§7.2)                       |
 * | 3    | NEXT_HOP           | WK    | treat-as-withdraw (§7.3)                       |
 * | 4    | MULTI_EXIT_DISC    | ON    | treat-as-withdraw (§7.4)                       |
 * | 5    | LOCAL_PREF         | WK    | treat-as-withdraw; discarded from eBGP (§7.5)  |
 * | 6    | ATOMIC_AGGREGATE   | WK    | attribute-discard (§7.6)                       |
 * | 7    | AGGREGATOR         | OT    | attribute-discard (§7.7)                       |
 * | 8    | COMMUNITIES        | OT    | treat-as-withdraw (§7.8)                       |
 * | 9    | ORIGINATOR_ID      | ON    | treat-as-withdraw; discarded from eBGP (§7.9)  |
 * | 10   | CLUSTER_LIST       | ON    | treat-as-withdraw; discarded from eBGP (§7.10) |
 * | 14   | MP_REACH_NLRI      | ON    | session-reset (§7.11, see below)               |
 * | 15   | MP_UNREACH_NLRI    | ON    | session-reset (§7.11)                          |
 * | 16   | EXTENDED_COMMUNITIES | OT  | treat-as-withdraw (§7.14)                      |
 * | 17   | AS4_PATH           | OT    | attribute-discard (RFC 6793 §6)                |
 * | 18   | AS4_AGGREGATOR     | OT    | attribute-discard (RFC 6793 §6)                |
 * | 32   | LARGE_COMMUNITY    | OT    | treat-as-withdraw (RFC 8092 §6)                |
 * | 35   | OTC                | OT    | treat-as-withdraw (RFC 9234 §5)                |
 *
 * WK well-known (transitive), ON optional non-transitive, OT optional transitive.
 *
 * MP_REACH_NLRI / MP_UNREACH_NLRI: RFC 7606 §7.11 allows "AFI/SAFI disable" instead of a
 * session reset. We reset: a broken MP attribute leaves no trustworthy AFI/SAFI to disable
 * when the fault is in its first octets, the session layer has no per-family disable yet, and
 * RFC 4760 §7's NOTIFICATION is what every peer implements.
 */

import { AttrFlag, AttrType, UpdateErrorSubcode as Sub } from '../constants.js';
import type { PathAttributeType } from '../types.js';
import {
  aggregatorValueLength,
  as4AggregatorValueLength,
  decodeAggregator,
  decodeAs4Aggregator,
  encodeAggregatorValue,
  encodeAs4AggregatorValue,
} from './aggregator.js';
import {
  as4PathValueLength,
  asPathValueLength,
  decodeAs4Path,
  decodeAsPath,
  encodeAs4PathValue,
  encodeAsPathValue,
} from './as-path.js';
import type { AttributeCodec } from './attribute-codec.js';
import {
  communitiesValueLength,
  decodeCommunities,
  encodeCommunitiesValue,
} from './communities.js';
import {
  decodeExtendedCommunities,
  encodeExtendedCommunitiesValue,
  extendedCommunitiesValueLength,
} from './extended-communities.js';
import {
  decodeLargeCommunities,
  encodeLargeCommunitiesValue,
  largeCommunitiesValueLength,
} from './large-communities.js';
import { decodeMpReach, encodeMpReachValue, mpReachValueLength } from './mp-reach.js';
import { decodeMpUnreach, encodeMpUnreachValue, mpUnreachValueLength } from './mp-unreach.js';
import { decodeNextHop, encodeNextHopValue, nextHopValueLength } from './next-hop.js';
import { decodeOrigin, encodeOriginValue, originValueLength } from './origin.js';
import {
  clusterListValueLength,
  decodeClusterList,
  decodeOriginatorId,
  encodeClusterListValue,
  encodeOriginatorIdValue,
  originatorIdValueLength,
} from './route-reflection.js';
import {
  decodeAtomicAggregate,
  decodeLocalPref,
  decodeMed,
  decodeOtc,
  emptyValueLength,
  encodeEmptyValue,
  encodeUint32Value,
  uint32ValueLength,
} from './scalar.js';

const WELL_KNOWN = AttrFlag.TRANSITIVE;
const OPTIONAL_NON_TRANSITIVE = AttrFlag.OPTIONAL;
const OPTIONAL_TRANSITIVE = AttrFlag.OPTIONAL | AttrFlag.TRANSITIVE;

/** Canonical flags of an attribute this codec does not know, when the caller gives none. */
export const UNKNOWN_ATTRIBUTE_FLAGS = OPTIONAL_TRANSITIVE;

/** Erases a row's attribute type so rows of different types share one array. */
function row<K extends PathAttributeType>(codec: AttributeCodec<K>): AttributeCodec {
  return codec as unknown as AttributeCodec;
}

/** Every known attribute, in type-code order. */
// biome-ignore format: one row per attribute reads as a table
export const ATTRIBUTE_CODECS: readonly AttributeCodec[] = [
  row({ code: AttrType.ORIGIN, name: 'origin', flags: WELL_KNOWN,
    action: 'treat-as-withdraw', subcode: Sub.INVALID_ORIGIN_ATTRIBUTE,
    decode: decodeOrigin, encodedValueLength: originValueLength, encodeValue: encodeOriginValue }),
  row({ code: AttrType.AS_PATH, name: 'as-path', flags: WELL_KNOWN,
    action: 'treat-as-withdraw', subcode: Sub.MALFORMED_AS_PATH,
    decode: decodeAsPath, encodedValueLength: asPathValueLength, encodeValue: encodeAsPathValue }),
  row({ code: AttrType.NEXT_HOP, name: 'next-hop', flags: WELL_KNOWN,
    action: 'treat-as-withdraw', subcode: Sub.INVALID_NEXT_HOP_ATTRIBUTE,
    decode: decodeNextHop, encodedValueLength: nextHopValueLength, encodeValue: encodeNextHopValue }),
  row({ code: AttrType.MULTI_EXIT_DISC, name: 'med', flags: OPTIONAL_NON_TRANSITIVE,
    action: 'treat-as-withdraw', subcode: Sub.OPTIONAL_ATTRIBUTE_ERROR,
    decode: decodeMed, encodedValueLength: uint32ValueLength, encodeValue: encodeUint32Value }),
  row({ code: AttrType.LOCAL_PREF, name: 'local-pref', flags: WELL_KNOWN,
    action: 'treat-as-withdraw', subcode: Sub.ATTRIBUTE_LENGTH_ERROR, isInternalOnly: true,
    decode: decodeLocalPref, encodedValueLength: uint32ValueLength, encodeValue: encodeUint32Value }),
  row({ code: AttrType.ATOMIC_AGGREGATE, name: 'atomic-aggregate', flags: WELL_KNOWN,
    action: 'attribute-discard', subcode: Sub.ATTRIBUTE_LENGTH_ERROR,
    decode: decodeAtomicAggregate, encodedValueLength: emptyValueLength, encodeValue: encodeEmptyValue }),
  row({ code: AttrType.AGGREGATOR, name: 'aggregator', flags: OPTIONAL_TRANSITIVE,
    action: 'attribute-discard', subcode: Sub.OPTIONAL_ATTRIBUTE_ERROR,
    decode: decodeAggregator, encodedValueLength: aggregatorValueLength, encodeValue: encodeAggregatorValue }),
  row({ code: AttrType.COMMUNITIES, name: 'communities', flags: OPTIONAL_TRANSITIVE,
    action: 'treat-as-withdraw', subcode: Sub.OPTIONAL_ATTRIBUTE_ERROR,
    decode: decodeCommunities, encodedValueLength: communitiesValueLength, encodeValue: encodeCommunitiesValue }),
  row({ code: AttrType.ORIGINATOR_ID, name: 'originator-id', flags: OPTIONAL_NON_TRANSITIVE,
    action: 'treat-as-withdraw', subcode: Sub.OPTIONAL_ATTRIBUTE_ERROR, isInternalOnly: true,
    decode: decodeOriginatorId, encodedValueLength: originatorIdValueLength, encodeValue: encodeOriginatorIdValue }),
  row({ code: AttrType.CLUSTER_LIST, name: 'cluster-list', flags: OPTIONAL_NON_TRANSITIVE,
    action: 'treat-as-withdraw', subcode: Sub.OPTIONAL_ATTRIBUTE_ERROR, isInternalOnly: true,
    decode: decodeClusterList, encodedValueLength: clusterListValueLength, encodeValue: encodeClusterListValue }),
  // RFC 4760 §7: errors in MP attributes are reported as Optional Attribute Error.
  row({ code: AttrType.MP_REACH_NLRI, name: 'mp-reach-nlri', flags: OPTIONAL_NON_TRANSITIVE,
    action: 'session-reset', subcode: Sub.OPTIONAL_ATTRIBUTE_ERROR,
    decode: decodeMpReach, encodedValueLength: mpReachValueLength, encodeValue: encodeMpReachValue }),
  row({ code: AttrType.MP_UNREACH_NLRI, name: 'mp-unreach-nlri', flags: OPTIONAL_NON_TRANSITIVE,
    action: 'session-reset', subcode: Sub.OPTIONAL_ATTRIBUTE_ERROR,
    decode: decodeMpUnreach, encodedValueLength: mpUnreachValueLength, encodeValue: encodeMpUnreachValue }),
  row({ code: AttrType.EXTENDED_COMMUNITIES, name: 'extended-communities', flags: OPTIONAL_TRANSITIVE,
    action: 'treat-as-withdraw', subcode: Sub.OPTIONAL_ATTRIBUTE_ERROR,
    decode: decodeExtendedCommunities, encodedValueLength: extendedCommunitiesValueLength, encodeValue: encodeExtendedCommunitiesValue }),
  row({ code: AttrType.AS4_PATH, name: 'as4-path', flags: OPTIONAL_TRANSITIVE,
    action: 'attribute-discard', subcode: Sub.OPTIONAL_ATTRIBUTE_ERROR,
    decode: decodeAs4Path, encodedValueLength: as4PathValueLength, encodeValue: encodeAs4PathValue }),
  row({ code: AttrType.AS4_AGGREGATOR, name: 'as4-aggregator', flags: OPTIONAL_TRANSITIVE,
    action: 'attribute-discard', subcode: Sub.OPTIONAL_ATTRIBUTE_ERROR,
    decode: decodeAs4Aggregator, encodedValueLength: as4AggregatorValueLength, encodeValue: encodeAs4AggregatorValue }),
  row({ code: AttrType.LARGE_COMMUNITY, name: 'large-communities', flags: OPTIONAL_TRANSITIVE,
    action: 'treat-as-withdraw', subcode: Sub.OPTIONAL_ATTRIBUTE_ERROR,
    decode: decodeLargeCommunities, encodedValueLength: largeCommunitiesValueLength, encodeValue: encodeLargeCommunitiesValue }),
  row({ code: AttrType.OTC, name: 'otc', flags: OPTIONAL_TRANSITIVE,
    action: 'treat-as-withdraw', subcode: Sub.OPTIONAL_ATTRIBUTE_ERROR,
    decode: decodeOtc, encodedValueLength: uint32ValueLength, encodeValue: encodeUint32Value }),
];

const BY_CODE: (AttributeCodec | undefined)[] = new Array(256).fill(undefined);
const BY_NAME = new Map<PathAttributeType, AttributeCodec>();
for (const codec of ATTRIBUTE_CODECS) {
  BY_CODE[codec.code] = codec;
  BY_NAME.set(codec.name, codec);
}

/** The row for a type code, or undefined for attributes this codec does not know. */
export function codecForCode(code: number): AttributeCodec | undefined {
  return BY_CODE[code];
}

/** The row for a `PathAttribute` type; undefined for 'unknown'. */
export function codecForType(type: PathAttributeType): AttributeCodec | undefined {
  return BY_NAME.get(type);
}
