// MRT TABLE_DUMP_V2 (RFC 6396 §4.3) writer: enough for `gobgp mrt inject global FILE`, which
// streams every RIB entry into gobgpd's global table over one gRPC stream, so N routes need
// one CLI call instead of N `gobgp global rib add`. Only ever fed to gobgp (gobgp-inject.mjs).
import { prefixAddress } from './prefixes.mjs';

const MRT_HEADER_LENGTH = 12;
// RFC 6396 §4: type 13 = TABLE_DUMP_V2; §4.3 subtypes.
const TABLE_DUMP_V2 = 13;
const PEER_INDEX_TABLE = 1;
const RIB_IPV4_UNICAST = 2;

/**
 * Path attributes of every entry, as on the wire (RFC 4271 §4.3): ORIGIN IGP, an empty AS_PATH
 * (gobgpd prepends its own AS toward an eBGP peer, as for `gobgp global rib add`) and NEXT_HOP.
 */
function attributes(nh) {
  return Uint8Array.from([
    ...[0x40, 1, 1, 0], // ORIGIN, well-known transitive, IGP
    ...[0x40, 2, 0], // AS_PATH, empty
    ...[0x40, 3, 4, ...nh], // NEXT_HOP
  ]);
}

function header(out, offset, subtype, length) {
  out.writeUInt32BE(0, offset); // timestamp: fixed, so the file is reproducible
  out.writeUInt16BE(TABLE_DUMP_V2, offset + 4);
  out.writeUInt16BE(subtype, offset + 6);
  out.writeUInt32BE(length, offset + 8);
  return offset + MRT_HEADER_LENGTH;
}

/**
 * A TABLE_DUMP_V2 dump of the /32s `from`..`to - 1` of prefixes.mjs, then `padding` more copies
 * of the entry for `from` (why: gobgp-inject.mjs). All from one peer, the sender itself
 * (`peerAs`, `nextHop` as its BGP ID and address): gobgp 3.10 silently drops injected paths
 * whose peer AS is 0, so the peer cannot be left blank.
 */
export function mrtDump({ from = 0, to, padding = 0 }, { nextHop, peerAs }) {
  const nh = nextHop.split('.').map(Number);
  const attrs = attributes(nh);
  // §4.3.1 PEER_INDEX_TABLE: collector id, empty view name, one IPv4 peer with a 4-octet AS.
  const peerIndexLength = 4 + 2 + 2 + (1 + 4 + 4 + 4);
  // §4.3.2 RIB_IPV4_UNICAST: sequence, prefix length, 4 prefix octets, entry count, one entry
  // (peer index, originated time, attribute length, attributes).
  const ribLength = 4 + 1 + 4 + 2 + (2 + 4 + 2 + attrs.length);
  const entries = to - from + padding;
  const out = Buffer.alloc(
    MRT_HEADER_LENGTH + peerIndexLength + entries * (MRT_HEADER_LENGTH + ribLength),
  );
  let o = header(out, 0, PEER_INDEX_TABLE, peerIndexLength);
  o = out.writeUInt32BE(0, o); // collector BGP ID
  o = out.writeUInt16BE(0, o); // view name length
  o = out.writeUInt16BE(1, o); // peer count
  o = out.writeUInt8(0b10, o); // peer type: IPv4 address, 4-octet AS
  out.set(nh, o); // peer BGP ID
  out.set(nh, o + 4); // peer address
  o = out.writeUInt32BE(peerAs, o + 8);
  for (let sequence = 0; sequence < entries; sequence++) {
    const i = from + sequence < to ? from + sequence : from;
    o = header(out, o, RIB_IPV4_UNICAST, ribLength);
    o = out.writeUInt32BE(sequence, o);
    o = out.writeUInt8(32, o);
    o = out.writeUInt32BE(prefixAddress(i), o);
    o = out.writeUInt16BE(1, o); // entry count
    o = out.writeUInt16BE(0, o); // peer index
    o = out.writeUInt32BE(0, o); // originated time
    o = out.writeUInt16BE(attrs.length, o);
    out.set(attrs, o);
    o += attrs.length;
  }
  return out;
}
