#!/usr/bin/env node
/**
 * pcap-to-vectors.mjs: turn a capture of real BGP sessions into golden byte vectors.
 *
 *   node tools/lab/pcap-to-vectors.mjs                      # every packages/bgp-wire/vectors/pcap/*.pcap
 *   node tools/lab/pcap-to-vectors.mjs [--out DIR] [--expected] [--check] FILE.pcap...
 *
 * Reads a classic libpcap file (Ethernet, Linux SLL or SLL2, raw IP; IPv4 and IPv6), reassembles
 * each direction of each TCP connection on port 179 by sequence number (retransmitted or
 * duplicate bytes are dropped, a gap is an error), splits each byte stream into BGP messages by
 * the header's length (after checking the marker), and writes one file per (sender, receiver):
 * `<daemon>-<version>-to-<peer>.hex` in DIR (default: the pcap's parent directory's parent, i.e.
 * packages/bgp-wire/vectors for packages/bgp-wire/vectors/pcap/x.pcap).
 *
 * The daemons behind each address, their versions and the scenario come from the sidecar
 * `<name>.json` that tools/lab/capture-vectors.sh writes next to the pcap.
 *
 * --expected  also write `<file>.expected.json`: every message decoded into the object model of
 *             packages/bgp-wire/src/codec/types.ts by the small reference decoder below. It
 *             shares no code with packages/bgp-wire (which it exists to check); byte fields are
 *             written as {"$hex": "..."}.
 * --check     cross-check that decoding, message by message, against tcpdump's own BGP dissector
 *             (`tcpdump -nn -vvv -r FILE`, an independent implementation): message types and
 *             lengths, OPEN fields and capabilities, every path attribute's code, flags and value,
 *             prefixes and ADD-PATH path ids, NOTIFICATION codes and shutdown text, ROUTE-REFRESH
 *             family and subtype. Any disagreement is an error. tcpdump does not reassemble TCP,
 *             so this needs each message inside one segment (true of these small lab sessions).
 *
 * Plain Node (>= 20), no dependencies.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const DEFAULT_PCAP_DIR = join(REPO, 'packages/bgp-wire/vectors/pcap');

// ================================================================== pcap reading

const LINKTYPE = { ETHERNET: 1, RAW: 101, LINUX_SLL: 113, IPV4: 228, IPV6: 229, LINUX_SLL2: 276 };

/** Yields { ts (seconds, float), data (Uint8Array of the captured frame) } per packet. */
function* readPcap(buf, file) {
  if (buf.length < 24) throw new Error(`${file}: too short for a pcap header`);
  const magicLE = buf.readUInt32LE(0);
  let le;
  let nano;
  if (magicLE === 0xa1b2c3d4 || magicLE === 0xa1b23c4d) {
    le = true;
    nano = magicLE === 0xa1b23c4d;
  } else if (buf.readUInt32BE(0) === 0xa1b2c3d4 || buf.readUInt32BE(0) === 0xa1b23c4d) {
    le = false;
    nano = buf.readUInt32BE(0) === 0xa1b23c4d;
  } else if (buf.readUInt32LE(0) === 0x0a0d0d0a) {
    throw new Error(
      `${file}: pcapng is not supported; convert with: tcpdump -r ${file} -w out.pcap`,
    );
  } else {
    throw new Error(`${file}: not a libpcap file (magic ${buf.subarray(0, 4).toString('hex')})`);
  }
  const u32 = (o) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const linktype = u32(20) & 0x0fffffff;
  let off = 24;
  while (off + 16 <= buf.length) {
    const sec = u32(off);
    const frac = u32(off + 4);
    const incl = u32(off + 8);
    const orig = u32(off + 12);
    off += 16;
    if (off + incl > buf.length)
      throw new Error(`${file}: truncated packet record at byte ${off - 16}`);
    if (incl < orig)
      throw new Error(
        `${file}: packet at byte ${off - 16} cut by the snap length (capture with -s 0)`,
      );
    yield { ts: sec + frac / (nano ? 1e9 : 1e6), linktype, data: buf.subarray(off, off + incl) };
    off += incl;
  }
}

/** Network-layer payload and its ethertype from a link-layer frame, or null. */
function linkPayload(linktype, d) {
  let type;
  let off;
  switch (linktype) {
    case LINKTYPE.ETHERNET:
      type = d.readUInt16BE(12);
      off = 14;
      while (type === 0x8100 || type === 0x88a8) {
        type = d.readUInt16BE(off + 2);
        off += 4;
      }
      break;
    case LINKTYPE.LINUX_SLL:
      type = d.readUInt16BE(14);
      off = 16;
      break;
    case LINKTYPE.LINUX_SLL2:
      type = d.readUInt16BE(0);
      off = 20;
      break;
    case LINKTYPE.RAW:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      type = d[0] >> 4 === 6 ? 0x86dd : 0x0800;
      off = 0;
      break;
    default:
      throw new Error(`unsupported link type ${linktype}`);
  }
  return { type, ip: d.subarray(off) };
}

/** { src, dst, tcp: Uint8Array } for a TCP packet, or null. Bounded by the IP length (drops Ethernet padding). */
function ipTcp(type, ip) {
  if (type === 0x0800) {
    if (ip[0] >> 4 !== 4) return null;
    const ihl = (ip[0] & 0x0f) * 4;
    const total = ip.readUInt16BE(2);
    const fragment = ip.readUInt16BE(6);
    if (ip[9] !== 6) return null;
    if (fragment & 0x3fff) throw new Error('fragmented IPv4 packet: not supported');
    return { src: formatIPv4(ip, 12), dst: formatIPv4(ip, 16), tcp: ip.subarray(ihl, total) };
  }
  if (type === 0x86dd) {
    let next = ip[6];
    let off = 40;
    const end = 40 + ip.readUInt16BE(4);
    while (next === 0 || next === 43 || next === 60) {
      next = ip[off];
      off += (ip[off + 1] + 1) * 8;
    }
    if (next === 44) throw new Error('fragmented IPv6 packet: not supported');
    if (next !== 6) return null;
    return { src: formatIPv6(ip, 8), dst: formatIPv6(ip, 24), tcp: ip.subarray(off, end) };
  }
  return null;
}

// ================================================================== TCP reassembly

const seqDiff = (a, b) => (a - b) | 0; // signed 32-bit distance, wrap-aware

/**
 * Groups the packets into TCP connections on port 179 and reassembles each direction.
 * Returns connections in order of their first packet:
 *   { index, client, server, start, dirs: { [from]: { from, to, bytes, chunks: [{ end, ts }] } } }
 * where `from`/`to` are "addr:port" and chunks mark when each run of stream bytes first arrived.
 */
function reassemble(packets) {
  const conns = new Map();
  for (const { ts, linktype, data } of packets) {
    const link = linkPayload(linktype, data);
    const ipt = link && ipTcp(link.type, link.ip);
    if (!ipt) continue;
    const t = ipt.tcp;
    const sport = t.readUInt16BE(0);
    const dport = t.readUInt16BE(2);
    if (sport !== 179 && dport !== 179) continue;
    const seq = t.readUInt32BE(4);
    const flags = t[13];
    const payload = t.subarray((t[12] >> 4) * 4);
    const from = endpoint(ipt.src, sport);
    const to = endpoint(ipt.dst, dport);
    const key = [from, to].sort().join(' ');
    let conn = conns.get(key);
    // A SYN (not SYN-ACK) on a key we saw close starts a new connection reusing the ports.
    if (conn && (flags & 0x12) === 0x02 && conn.dirs[from]?.synSeen && conn.closed)
      conn = undefined;
    if (!conn) {
      conn = { key, start: ts, dirs: {}, closed: false };
      conns.set(`${key} ${ts}`, conn); // keep closed ones under a unique key
      conns.set(key, conn);
    }
    if (!conn.dirs[from])
      conn.dirs[from] = { from, to, isn: undefined, synSeen: false, segments: [] };
    const dir = conn.dirs[from];
    if (flags & 0x02) {
      dir.synSeen = true;
      dir.isn = (seq + 1) >>> 0;
      if (!(flags & 0x10)) conn.client = from;
    }
    if (flags & 0x05) conn.closed = true; // FIN or RST seen
    if (payload.length) dir.segments.push({ seq, ts, data: payload });
  }
  const unique = [...new Set(conns.values())].sort((a, b) => a.start - b.start);
  return unique.map((c, i) => {
    const dirs = {};
    for (const [from, d] of Object.entries(c.dirs)) dirs[from] = streamOf(d, c);
    const ends = Object.keys(c.dirs);
    const client = c.client ?? ends.find((e) => !e.endsWith(':179')) ?? ends[0];
    const server = ends.find((e) => e !== client) ?? (client === ends[0] ? undefined : ends[0]);
    return { index: i + 1, start: c.start, client, server, dirs };
  });
}

function streamOf(d) {
  const base =
    d.isn ??
    d.segments.reduce((m, s) => (m === undefined || seqDiff(s.seq, m) < 0 ? s.seq : m), undefined);
  const segs = d.segments
    .map((s) => ({ rel: seqDiff(s.seq, base), ts: s.ts, data: s.data }))
    .sort((a, b) => a.rel - b.rel || a.ts - b.ts);
  const parts = [];
  const chunks = [];
  let next = 0;
  for (const s of segs) {
    const end = s.rel + s.data.length;
    if (end <= next) continue; // retransmission or duplicate
    if (s.rel > next) {
      throw new Error(
        `${d.from} -> ${d.to}: ${s.rel - next} bytes missing from the capture at stream offset ${next}`,
      );
    }
    parts.push(s.data.subarray(next - s.rel));
    next = end;
    chunks.push({ end, ts: s.ts });
  }
  return { from: d.from, to: d.to, bytes: Buffer.concat(parts), chunks };
}

// ================================================================== BGP framing

/** Splits a stream into whole BGP messages: [{ bytes, ts, offset }], plus trailing bytes. */
function frame(stream) {
  const out = [];
  let off = 0;
  const b = stream.bytes;
  while (off + 19 <= b.length) {
    for (let i = 0; i < 16; i++) {
      if (b[off + i] !== 0xff)
        throw new Error(`${stream.from} -> ${stream.to}: bad BGP marker at stream offset ${off}`);
    }
    const len = b.readUInt16BE(off + 16);
    if (len < 19)
      throw new Error(
        `${stream.from} -> ${stream.to}: BGP length ${len} < 19 at stream offset ${off}`,
      );
    if (off + len > b.length) break;
    const end = off + len;
    const ts = stream.chunks.find((c) => c.end >= end)?.ts;
    out.push({ bytes: b.subarray(off, end), ts, offset: off });
    off = end;
  }
  return { messages: out, trailing: b.length - off };
}

// ================================================================== reference decoder (object model of types.ts)

const hex = (u8) => Buffer.from(u8).toString('hex');
const bytesField = (u8) => ({ $hex: hex(u8) });

function formatIPv4(b, o) {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

/** RFC 5952 text form. */
function formatIPv6(b, o) {
  const g = [];
  for (let i = 0; i < 8; i++) g.push((b[o + 2 * i] << 8) | b[o + 2 * i + 1]);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const h = g.map((x) => x.toString(16));
  if (best < 0) return h.join(':');
  return `${h.slice(0, best).join(':')}::${h.slice(best + bestLen).join(':')}`;
}

function endpoint(addr, port) {
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}

const AFI = { IPV4: 1, IPV6: 2 };
const familyName = (afi, safi) =>
  `${{ 1: 'ipv4', 2: 'ipv6' }[afi] ?? `afi${afi}`}/${{ 1: 'unicast', 2: 'multicast' }[safi] ?? `safi${safi}`}`;

/** Decodes prefixes of an (afi) family; `addPath` = 4-byte path id before each one (RFC 7911). */
function decodePrefixes(b, afi, addPath) {
  const out = [];
  const width = afi === AFI.IPV6 ? 16 : 4;
  let off = 0;
  while (off < b.length) {
    let pathId;
    if (addPath) {
      pathId = b.readUInt32BE(off);
      off += 4;
    }
    const len = b[off++];
    if (len > width * 8) throw new Error(`prefix length ${len} too long for AFI ${afi}`);
    const n = Math.ceil(len / 8);
    if (off + n > b.length) throw new Error('prefix runs past its field');
    const addr = Buffer.alloc(width);
    b.copy(addr, 0, off, off + n);
    off += n;
    const prefix = `${width === 4 ? formatIPv4(addr, 0) : formatIPv6(addr, 0)}/${len}`;
    out.push(addPath ? { prefix, pathId } : { prefix });
  }
  return out;
}

function decodeCapability(code, v) {
  switch (code) {
    case 1:
      return { type: 'multiprotocol', afi: v.readUInt16BE(0), safi: v[3] };
    case 2:
      return { type: 'route-refresh' };
    case 5: {
      const entries = [];
      for (let o = 0; o + 6 <= v.length; o += 6) {
        entries.push({
          afi: v.readUInt16BE(o),
          safi: v.readUInt16BE(o + 2),
          nextHopAfi: v.readUInt16BE(o + 4),
        });
      }
      return { type: 'extended-next-hop', entries };
    }
    case 6:
      return { type: 'extended-message' };
    case 9: {
      const names = ['provider', 'rs', 'rs-client', 'customer', 'peer'];
      return names[v[0]]
        ? { type: 'bgp-role', role: v[0], name: names[v[0]] }
        : { type: 'bgp-role', role: v[0] };
    }
    case 64: {
      const families = [];
      for (let o = 2; o + 4 <= v.length; o += 4) {
        families.push({
          afi: v.readUInt16BE(o),
          safi: v[o + 2],
          forwardingPreserved: (v[o + 3] & 0x80) !== 0,
        });
      }
      return {
        type: 'graceful-restart',
        restarting: (v[0] & 0x80) !== 0,
        notification: (v[0] & 0x40) !== 0,
        restartTimeSec: v.readUInt16BE(0) & 0x0fff,
        families,
      };
    }
    case 65:
      return { type: 'four-octet-as', asn: v.readUInt32BE(0) };
    case 69: {
      const families = [];
      for (let o = 0; o + 4 <= v.length; o += 4) {
        const direction = { 1: 'receive', 2: 'send', 3: 'both' }[v[o + 3]];
        if (!direction) throw new Error(`ADD-PATH send/receive value ${v[o + 3]}`);
        families.push({ afi: v.readUInt16BE(o), safi: v[o + 2], direction });
      }
      return { type: 'add-path', families };
    }
    case 70:
      return { type: 'enhanced-route-refresh' };
    case 73: {
      const hl = v[0];
      const dl = v[1 + hl];
      return {
        type: 'fqdn',
        hostname: v.subarray(1, 1 + hl).toString('utf8'),
        domainName: v.subarray(2 + hl, 2 + hl + dl).toString('utf8'),
      };
    }
    default:
      return { type: 'unknown', code, value: bytesField(v) };
  }
}

function decodeOpen(b) {
  let optLen = b[28];
  let off = 29;
  let extendedParameters = false;
  if (optLen === 255 && b[29] === 255) {
    extendedParameters = true; // RFC 9072
    optLen = b.readUInt16BE(30);
    off = 32;
  }
  const end = off + optLen;
  const capabilities = [];
  const parameterGroups = [];
  while (off < end) {
    const ptype = b[off];
    const plen = extendedParameters ? b.readUInt16BE(off + 1) : b[off + 1];
    off += extendedParameters ? 3 : 2;
    if (ptype !== 2) throw new Error(`OPEN optional parameter type ${ptype} is not Capabilities`);
    let n = 0;
    for (let o = off; o < off + plen; ) {
      const code = b[o];
      const clen = b[o + 1];
      capabilities.push(decodeCapability(code, b.subarray(o + 2, o + 2 + clen)));
      o += 2 + clen;
      n++;
    }
    parameterGroups.push(n);
    off += plen;
  }
  // Layout fields always written, so the expectation pins how the peer laid the OPEN out.
  return {
    type: 'open',
    version: b[19],
    myAs: b.readUInt16BE(20),
    holdTimeSec: b.readUInt16BE(22),
    bgpIdentifier: formatIPv4(b, 24),
    capabilities,
    parameterGroups,
    extendedParameters,
  };
}

function decodeAsPath(v, asnWidth) {
  const segments = [];
  const types = { 1: 'set', 2: 'sequence', 3: 'confed-sequence', 4: 'confed-set' };
  for (let o = 0; o < v.length; ) {
    const type = types[v[o]];
    if (!type) throw new Error(`AS_PATH segment type ${v[o]}`);
    const n = v[o + 1];
    const asns = [];
    for (let i = 0; i < n; i++)
      asns.push(asnWidth === 4 ? v.readUInt32BE(o + 2 + 4 * i) : v.readUInt16BE(o + 2 + 2 * i));
    segments.push({ type, asns });
    o += 2 + n * asnWidth;
  }
  return segments;
}

function decodeExtCommunity(e) {
  const type = e[0];
  const sub = e[1];
  const transitive = (type & 0x40) === 0;
  const base = type & 0xbf;
  if ((sub === 0x02 || sub === 0x03) && base <= 0x02) {
    const kind = sub === 0x02 ? 'route-target' : 'route-origin';
    if (base === 0x00)
      return {
        type: kind,
        form: 'as2',
        global: e.readUInt16BE(2),
        local: e.readUInt32BE(4),
        transitive,
      };
    if (base === 0x01)
      return {
        type: kind,
        form: 'ipv4',
        global: formatIPv4(e, 2),
        local: e.readUInt16BE(6),
        transitive,
      };
    return {
      type: kind,
      form: 'as4',
      global: e.readUInt32BE(2),
      local: e.readUInt16BE(6),
      transitive,
    };
  }
  if (base === 0x00 && sub === 0x04) {
    return {
      type: 'link-bandwidth',
      asn: e.readUInt16BE(2),
      bandwidth: e.readFloatBE(4),
      transitive,
    };
  }
  if (base === 0x03)
    return { type: 'opaque', subType: sub, value: bytesField(e.subarray(2, 8)), transitive };
  return { type: 'unknown', value: bytesField(e) };
}

function decodeAttribute(code, v, ctx) {
  switch (code) {
    case 1:
      return { type: 'origin', origin: ['igp', 'egp', 'incomplete'][v[0]] };
    case 2:
      return { type: 'as-path', segments: decodeAsPath(v, ctx.as4 ? 4 : 2) };
    case 3:
      return { type: 'next-hop', nextHop: formatIPv4(v, 0) };
    case 4:
      return { type: 'med', med: v.readUInt32BE(0) };
    case 5:
      return { type: 'local-pref', localPref: v.readUInt32BE(0) };
    case 6:
      return { type: 'atomic-aggregate' };
    case 7:
      return v.length === 8
        ? { type: 'aggregator', asn: v.readUInt32BE(0), address: formatIPv4(v, 4) }
        : { type: 'aggregator', asn: v.readUInt16BE(0), address: formatIPv4(v, 2) };
    case 8: {
      const communities = [];
      for (let o = 0; o < v.length; o += 4)
        communities.push(`${v.readUInt16BE(o)}:${v.readUInt16BE(o + 2)}`);
      return { type: 'communities', communities };
    }
    case 9:
      return { type: 'originator-id', originatorId: formatIPv4(v, 0) };
    case 10: {
      const clusterIds = [];
      for (let o = 0; o < v.length; o += 4) clusterIds.push(formatIPv4(v, o));
      return { type: 'cluster-list', clusterIds };
    }
    case 14: {
      const afi = v.readUInt16BE(0);
      const safi = v[2];
      const nhLen = v[3];
      const nh = v.subarray(4, 4 + nhLen);
      let o = 4 + nhLen;
      const snpa = v[o++];
      for (let i = 0; i < snpa; i++) o += 1 + Math.ceil(v[o] / 2);
      const nlriBytes = v.subarray(o);
      if ((afi !== AFI.IPV4 && afi !== AFI.IPV6) || (safi !== 1 && safi !== 2)) {
        return {
          type: 'mp-reach-nlri',
          afi,
          safi,
          nextHops: [],
          nlri: [],
          raw: { nextHop: bytesField(nh), nlri: bytesField(nlriBytes) },
        };
      }
      const nextHops = [];
      if (nhLen === 4) nextHops.push(formatIPv4(nh, 0));
      else if (nhLen === 16 || nhLen === 32) {
        nextHops.push(formatIPv6(nh, 0));
        if (nhLen === 32) nextHops.push(formatIPv6(nh, 16));
      } else throw new Error(`MP_REACH_NLRI next hop length ${nhLen}`);
      return {
        type: 'mp-reach-nlri',
        afi,
        safi,
        nextHops,
        nlri: decodePrefixes(nlriBytes, afi, ctx.addPath(afi, safi)),
      };
    }
    case 15: {
      const afi = v.readUInt16BE(0);
      const safi = v[2];
      const w = v.subarray(3);
      if ((afi !== AFI.IPV4 && afi !== AFI.IPV6) || (safi !== 1 && safi !== 2)) {
        return { type: 'mp-unreach-nlri', afi, safi, withdrawn: [], raw: { nlri: bytesField(w) } };
      }
      return {
        type: 'mp-unreach-nlri',
        afi,
        safi,
        withdrawn: decodePrefixes(w, afi, ctx.addPath(afi, safi)),
      };
    }
    case 16: {
      const communities = [];
      for (let o = 0; o < v.length; o += 8)
        communities.push(decodeExtCommunity(v.subarray(o, o + 8)));
      return { type: 'extended-communities', communities };
    }
    case 17:
      return { type: 'as4-path', segments: decodeAsPath(v, 4) };
    case 18:
      return { type: 'as4-aggregator', asn: v.readUInt32BE(0), address: formatIPv4(v, 4) };
    case 32: {
      const communities = [];
      for (let o = 0; o < v.length; o += 12) {
        communities.push(`${v.readUInt32BE(o)}:${v.readUInt32BE(o + 4)}:${v.readUInt32BE(o + 8)}`);
      }
      return { type: 'large-communities', communities };
    }
    case 35:
      return { type: 'otc', asn: v.readUInt32BE(0) };
    default:
      return { type: 'unknown', code, value: bytesField(v) };
  }
}

function decodeUpdate(b, ctx) {
  let off = 19;
  const wLen = b.readUInt16BE(off);
  off += 2;
  const withdrawn = decodePrefixes(b.subarray(off, off + wLen), AFI.IPV4, ctx.addPath(1, 1));
  off += wLen;
  const aLen = b.readUInt16BE(off);
  off += 2;
  const aEnd = off + aLen;
  const attributes = [];
  while (off < aEnd) {
    const flags = b[off];
    const code = b[off + 1];
    const ext = flags & 0x10;
    const len = ext ? b.readUInt16BE(off + 2) : b[off + 2];
    off += ext ? 4 : 3;
    const { type, ...fields } = decodeAttribute(code, b.subarray(off, off + len), ctx);
    attributes.push({ type, flags, ...fields });
    off += len;
  }
  if (off !== aEnd) throw new Error('path attributes overrun their length');
  const nlri = decodePrefixes(b.subarray(aEnd), AFI.IPV4, ctx.addPath(1, 1));
  return { type: 'update', withdrawn, attributes, nlri };
}

function decodeNotification(b) {
  const data = b.subarray(21);
  const msg = {
    type: 'notification',
    errorCode: b[19],
    errorSubcode: b[20],
    data: bytesField(data),
  };
  if (
    msg.errorCode === 6 &&
    (msg.errorSubcode === 2 || msg.errorSubcode === 4) &&
    data.length >= 1
  ) {
    const n = data[0];
    if (1 + n <= data.length) {
      try {
        msg.shutdownCommunication = new TextDecoder('utf-8', { fatal: true }).decode(
          data.subarray(1, 1 + n),
        );
      } catch {
        // not UTF-8: no shutdown communication
      }
    }
  }
  return msg;
}

/** Decodes one whole message (header included). ctx: { as4, addPath(afi, safi) } for this direction. */
function decodeMessage(b, ctx) {
  switch (b[18]) {
    case 1:
      return decodeOpen(b);
    case 2:
      return decodeUpdate(b, ctx);
    case 3:
      return decodeNotification(b);
    case 4:
      if (b.length !== 19) throw new Error(`KEEPALIVE of length ${b.length}`);
      return { type: 'keepalive' };
    case 5:
      return { type: 'route-refresh', afi: b.readUInt16BE(19), safi: b[22], subtype: b[21] };
    default:
      throw new Error(`unknown BGP message type ${b[18]}`);
  }
}

/**
 * What a direction's UPDATEs look like, from both OPENs of the connection (RFC 6793, RFC 7911,
 * RFC 8654), and the matching `bgp-wire decode` flags.
 */
function sessionContext(senderOpen, receiverOpen) {
  const caps = (o) => o?.capabilities ?? [];
  const as4 =
    caps(senderOpen).some((c) => c.type === 'four-octet-as') &&
    caps(receiverOpen).some((c) => c.type === 'four-octet-as');
  const dirOf = (o, afi, safi) =>
    caps(o)
      .filter((c) => c.type === 'add-path')
      .flatMap((c) => c.families)
      .find((f) => f.afi === afi && f.safi === safi)?.direction;
  const addPath = (afi, safi) => {
    const s = dirOf(senderOpen, afi, safi);
    const r = dirOf(receiverOpen, afi, safi);
    return (s === 'send' || s === 'both') && (r === 'receive' || r === 'both');
  };
  const extended =
    caps(senderOpen).some((c) => c.type === 'extended-message') &&
    caps(receiverOpen).some((c) => c.type === 'extended-message');
  const ibgp = senderOpen && receiverOpen && asOf(senderOpen) === asOf(receiverOpen);
  const words = [as4 ? 'four-octet AS' : 'two-octet AS'];
  const flags = [];
  if (!as4) flags.push('--as2');
  const ap = [
    [1, 'ipv4'],
    [2, 'ipv6'],
  ].filter(([afi]) => addPath(afi, 1));
  if (ap.length) {
    words.push(`ADD-PATH path ids on ${ap.map(([, n]) => `${n}/unicast`).join(' and ')}`);
    flags.push(`--add-path ${ap.map(([, n]) => n).join(',')}`);
  }
  if (extended) {
    words.push('extended messages');
    flags.push('--extended-messages');
  }
  words.push(ibgp ? 'iBGP' : 'eBGP');
  if (ibgp) flags.push('--ibgp');
  return {
    as4,
    addPath,
    summary: `${words.join(', ')}; decode with: bgp-wire decode${flags.map((f) => ` ${f}`).join('')}`,
  };
}

const asOf = (open) => open.capabilities.find((c) => c.type === 'four-octet-as')?.asn ?? open.myAs;

// ================================================================== one-line descriptions for the .hex comments

const CAP_NAMES = { 128: 'route-refresh-cisco(128)', 71: 'long-lived-graceful-restart(71)' };
const WELL_KNOWN = {
  '65535:65281': 'NO_EXPORT',
  '65535:65282': 'NO_ADVERTISE',
  '65535:65283': 'NO_EXPORT_SUBCONFED',
};
const NOTIFY = {
  1: [
    'Message Header Error',
    { 1: 'Connection Not Synchronized', 2: 'Bad Message Length', 3: 'Bad Message Type' },
  ],
  2: ['OPEN Message Error', {}],
  3: ['UPDATE Message Error', {}],
  4: ['Hold Timer Expired', {}],
  5: ['FSM Error', {}],
  6: [
    'Cease',
    {
      1: 'Maximum Number of Prefixes Reached',
      2: 'Administrative Shutdown',
      3: 'Peer De-configured',
      4: 'Administrative Reset',
      5: 'Connection Rejected',
      6: 'Other Configuration Change',
      7: 'Connection Collision Resolution',
      8: 'Out of Resources',
      9: 'Hard Reset',
    },
  ],
  7: ['ROUTE-REFRESH Message Error', {}],
};

function describeCap(c) {
  switch (c.type) {
    case 'multiprotocol':
      return `mp ${familyName(c.afi, c.safi)}`;
    case 'graceful-restart':
      return `graceful-restart ${c.restartTimeSec}s${c.restarting ? ' R' : ''}${c.notification ? ' N' : ''}${
        c.families.length
          ? ` [${c.families.map((f) => familyName(f.afi, f.safi) + (f.forwardingPreserved ? ' F' : '')).join(', ')}]`
          : ''
      }`;
    case 'four-octet-as':
      return `as4 ${c.asn}`;
    case 'add-path':
      return `add-path [${c.families.map((f) => `${familyName(f.afi, f.safi)} ${f.direction}`).join(', ')}]`;
    case 'extended-next-hop':
      return `extended-next-hop [${c.entries.map((e) => `${familyName(e.afi, e.safi)} via afi ${e.nextHopAfi}`).join(', ')}]`;
    case 'fqdn':
      return `fqdn "${c.hostname}"${c.domainName ? ` "${c.domainName}"` : ''}`;
    case 'bgp-role':
      return `role ${c.name ?? c.role}`;
    case 'unknown':
      return CAP_NAMES[c.code] ?? `unknown(${c.code})`;
    default:
      return c.type;
  }
}

const pfx = (list) =>
  list.map((n) => (n.pathId === undefined ? n.prefix : `${n.prefix} id ${n.pathId}`)).join(' ');

function describeExt(e) {
  const t = e.transitive === false ? '(non-transitive)' : '';
  switch (e.type) {
    case 'route-target':
    case 'route-origin':
      return `${e.type === 'route-target' ? 'rt' : 'ro'}:${e.global}:${e.local}${t}`;
    case 'link-bandwidth':
      return `link-bw:${e.asn}:${e.bandwidth}${t}`;
    default:
      return `${e.type}:${e.value.$hex}`;
  }
}

function describeAttr(a) {
  switch (a.type) {
    case 'origin':
      return `origin ${a.origin}`;
    case 'as-path':
    case 'as4-path': {
      const p = a.segments
        .map((s) => (s.type === 'sequence' ? s.asns.join(' ') : `${s.type}{${s.asns.join(' ')}}`))
        .join(' ');
      return `${a.type} ${p || '(empty)'}`;
    }
    case 'next-hop':
      return `next-hop ${a.nextHop}`;
    case 'med':
      return `med ${a.med}`;
    case 'local-pref':
      return `local-pref ${a.localPref}`;
    case 'communities':
      return `communities ${a.communities.map((c) => WELL_KNOWN[c] ?? c).join(' ')}`;
    case 'large-communities':
      return `large-communities ${a.communities.join(' ')}`;
    case 'extended-communities':
      return `ext-communities ${a.communities.map(describeExt).join(' ')}`;
    case 'mp-reach-nlri':
      return `mp-reach ${familyName(a.afi, a.safi)} next-hop ${a.nextHops.join(' ')}`;
    case 'mp-unreach-nlri':
      return `mp-unreach ${familyName(a.afi, a.safi)}`;
    case 'unknown':
      return `attribute ${a.code} (${a.value.$hex.length / 2} bytes)`;
    default:
      return a.type;
  }
}

function describe(m) {
  switch (m.type) {
    case 'open': {
      const as4 = m.capabilities.find((c) => c.type === 'four-octet-as');
      return `OPEN AS ${m.myAs}${as4 && as4.asn !== m.myAs ? ` (AS4 ${as4.asn})` : ''} hold ${m.holdTimeSec}s id ${m.bgpIdentifier}; ${
        m.parameterGroups.length
      } capability parameter(s): ${m.capabilities.map(describeCap).join(', ')}`;
    }
    case 'keepalive':
      return 'KEEPALIVE';
    case 'route-refresh':
      return `ROUTE-REFRESH ${familyName(m.afi, m.safi)} ${{ 0: 'request', 1: 'BoRR (RFC 7313)', 2: 'EoRR (RFC 7313)' }[m.subtype] ?? `subtype ${m.subtype}`}`;
    case 'notification': {
      const [name, subs] = NOTIFY[m.errorCode] ?? [`code ${m.errorCode}`, {}];
      const sub = subs[m.errorSubcode] ?? `subcode ${m.errorSubcode}`;
      let text = '';
      if (m.shutdownCommunication !== undefined)
        text = ` shutdown communication "${m.shutdownCommunication}"`;
      else if (m.data.$hex) {
        const d = Buffer.from(m.data.$hex, 'hex');
        text = /^[\x20-\x7e]*$/.test(d.toString('latin1'))
          ? ` data "${d.toString('latin1')}"`
          : ` data ${d.length} bytes`;
      }
      return `NOTIFICATION ${name} / ${sub}${text}`;
    }
    case 'update': {
      const reach = m.attributes.find((a) => a.type === 'mp-reach-nlri');
      const unreach = m.attributes.find((a) => a.type === 'mp-unreach-nlri');
      if (!m.withdrawn.length && !m.nlri.length && !m.attributes.length)
        return 'UPDATE End-of-RIB ipv4/unicast';
      if (
        m.attributes.length === 1 &&
        unreach &&
        !unreach.withdrawn.length &&
        !m.withdrawn.length &&
        !m.nlri.length
      ) {
        return `UPDATE End-of-RIB ${familyName(unreach.afi, unreach.safi)}`;
      }
      const parts = [];
      if (m.withdrawn.length) parts.push(`withdraw ${pfx(m.withdrawn)}`);
      if (unreach)
        parts.push(`withdraw ${familyName(unreach.afi, unreach.safi)} ${pfx(unreach.withdrawn)}`);
      if (m.nlri.length) parts.push(`announce ${pfx(m.nlri)}`);
      if (reach) parts.push(`announce ${familyName(reach.afi, reach.safi)} ${pfx(reach.nlri)}`);
      const attrs = m.attributes.filter((a) => a.type !== 'mp-unreach-nlri').map(describeAttr);
      return `UPDATE ${parts.join('; ')}${attrs.length ? `; ${attrs.join(', ')}` : ''}`;
    }
    default:
      return m.type.toUpperCase();
  }
}

// ================================================================== tcpdump cross-check

/**
 * Facts about a decoded message, in the words tcpdump 4.99 uses, so that the two decoders can be
 * compared line by line. Only what tcpdump prints is compared.
 */
function factsFromModel(m, bytes) {
  const f = [`type ${m.type} length ${bytes.length}`];
  const flagLetters = (x) =>
    ['O', 'T', 'P', 'E'].filter((_, i) => x & (0x80 >> i)).join('') || 'none';
  const capHex = (c) => {
    switch (c.type) {
      case 'fqdn': {
        const h = Buffer.from(c.hostname);
        const d = Buffer.from(c.domainName);
        return hex(Buffer.concat([Buffer.from([h.length]), h, Buffer.from([d.length]), d]));
      }
      case 'extended-next-hop':
        return c.entries
          .map((e) => {
            const x = Buffer.alloc(6);
            x.writeUInt16BE(e.afi, 0);
            x.writeUInt16BE(e.safi, 2);
            x.writeUInt16BE(e.nextHopAfi, 4);
            return hex(x);
          })
          .join('');
      case 'unknown':
        return c.value.$hex;
      default:
        return undefined;
    }
  };
  switch (m.type) {
    case 'open':
      f.push(
        `open as ${m.myAs} hold ${m.holdTimeSec} id ${m.bgpIdentifier} params ${m.parameterGroups.join(',')}`,
      );
      for (const c of m.capabilities) {
        switch (c.type) {
          case 'multiprotocol':
            f.push(`cap mp ${c.afi}/${c.safi}`);
            break;
          case 'four-octet-as':
            f.push(`cap as4 ${c.asn}`);
            break;
          case 'graceful-restart':
            f.push(`cap gr ${c.restarting ? 'R' : 'none'} ${c.restartTimeSec}`);
            for (const x of c.families)
              f.push(`cap gr family ${x.afi}/${x.safi} ${x.forwardingPreserved ? 'yes' : 'no'}`);
            break;
          case 'add-path':
            for (const x of c.families) f.push(`cap add-path ${x.afi}/${x.safi} ${x.direction}`);
            break;
          case 'route-refresh':
            f.push('cap 2');
            break;
          case 'enhanced-route-refresh':
            f.push('cap 70');
            break;
          case 'extended-message':
            f.push('cap 6');
            break;
          case 'extended-next-hop':
            f.push(`cap 5 ${capHex(c)}`);
            break;
          case 'fqdn':
            f.push(`cap 73 ${capHex(c)}`);
            break;
          case 'bgp-role':
            f.push(`cap 9 ${c.role.toString(16).padStart(2, '0')}`);
            break;
          case 'unknown':
            f.push(`cap ${c.code}${c.value.$hex ? ` ${c.value.$hex}` : ''}`);
            break;
          default:
            f.push(`cap ${c.type}`);
        }
      }
      break;
    case 'update':
      for (const w of m.withdrawn)
        f.push(`withdrawn ${w.prefix}${w.pathId !== undefined ? ` id ${w.pathId}` : ''}`);
      for (const a of m.attributes) {
        const head = `attr ${flagLetters(a.flags)}`;
        switch (a.type) {
          case 'origin':
            f.push(`${head} origin ${a.origin}`);
            break;
          case 'as-path':
            f.push(
              `${head} as-path ${a.segments.map((s) => (s.type === 'set' ? `{ ${s.asns.join(' ')} }` : s.asns.join(' '))).join(' ') || 'empty'}`,
            );
            break;
          case 'next-hop':
            f.push(`${head} next-hop ${a.nextHop}`);
            break;
          case 'med':
            f.push(`${head} med ${a.med}`);
            break;
          case 'local-pref':
            f.push(`${head} local-pref ${a.localPref}`);
            break;
          case 'communities':
            f.push(`${head} communities ${a.communities.join(' ')}`);
            break;
          case 'large-communities':
            f.push(`${head} large-communities ${a.communities.join(' ')}`);
            break;
          case 'extended-communities':
            f.push(`${head} ext-communities`);
            for (const e of a.communities) {
              if (e.type === 'route-target' || e.type === 'route-origin') {
                const t = { as2: 0x00, ipv4: 0x01, as4: 0x02 }[e.form] | (e.transitive ? 0 : 0x40);
                const code = ((t << 8) | (e.type === 'route-target' ? 2 : 3))
                  .toString(16)
                  .padStart(4, '0');
                f.push(`ext 0x${code} ${e.global}:${e.local}`);
              } else f.push(`ext ${e.type}`);
            }
            break;
          case 'mp-reach-nlri':
            f.push(`${head} mp-reach ${a.afi}/${a.safi} next-hop ${a.nextHops.join(', ')}`);
            for (const n of a.nlri)
              f.push(
                `mp-reach prefix ${n.prefix}${n.pathId !== undefined ? ` id ${n.pathId}` : ''}`,
              );
            break;
          case 'mp-unreach-nlri':
            f.push(`${head} mp-unreach ${a.afi}/${a.safi}`);
            for (const n of a.withdrawn)
              f.push(
                `mp-unreach prefix ${n.prefix}${n.pathId !== undefined ? ` id ${n.pathId}` : ''}`,
              );
            break;
          default:
            f.push(`${head} ${a.type}`);
        }
      }
      for (const n of m.nlri)
        f.push(`nlri ${n.prefix}${n.pathId !== undefined ? ` id ${n.pathId}` : ''}`);
      break;
    case 'notification':
      f.push(
        `notification ${m.errorCode}/${m.errorSubcode}${m.shutdownCommunication !== undefined ? ` "${m.shutdownCommunication}"` : ''}`,
      );
      break;
    case 'route-refresh':
      f.push(`route-refresh ${m.afi}/${m.safi} subtype ${m.subtype}`);
      break;
    default:
  }
  return f;
}

const TD_TYPES = {
  Open: 'open',
  Update: 'update',
  Notification: 'notification',
  Keepalive: 'keepalive',
  'Route Refresh': 'route-refresh',
};
const TD_ORIGIN = { IGP: 'igp', EGP: 'egp', Incomplete: 'incomplete' };
const TD_WELL_KNOWN = {
  NO_EXPORT: '65535:65281',
  NO_ADVERTISE: '65535:65282',
  NO_EXPORT_SUBCONFED: '65535:65283',
};
const TD_ADDPATH = { Both: 'both', Send: 'send', Receive: 'receive' };

/** Parses `tcpdump -nn -vvv -r` output into [{ from, to, facts, truncated }] in capture order. */
function factsFromTcpdump(text) {
  const msgs = [];
  let from;
  let to;
  let m; // current message
  let ctx = ''; // what the indented lines below belong to
  let hexBytes = []; // hex dump lines of the current message (for ROUTE-REFRESH subtype)
  let pendingFlags = '';
  const flagsOf = (s) => s || 'none';
  const finish = () => {
    if (m?.type === 'route-refresh') {
      const b = Buffer.from(hexBytes.join(''), 'hex');
      m.facts.push(`route-refresh ${m.rr} subtype ${b.length >= 23 ? b[21] : '?'}`);
    }
    m = undefined;
    hexBytes = [];
  };
  let r; // the last match of hit()
  const hit = (re, str) => {
    r = re.exec(str);
    return r !== null;
  };
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) {
      finish(); // a packet's first line (timestamp): the previous message is over
      ctx = '';
    }
    if (hit(/(\S+)\.(\d+) > (\S+)\.(\d+): Flags \[/, line)) {
      finish();
      from = endpoint(r[1], Number(r[2]));
      to = endpoint(r[3], Number(r[4]));
      if (/\[\|bgp\]/i.test(line)) msgs.push({ from, to, facts: [], truncated: true });
      continue;
    }
    const t = line.trim();
    if (
      hit(
        /^(Open|Update|Notification|Keepalive|Route Refresh) Message \(\d+\), length: (\d+)(.*)$/,
        t,
      )
    ) {
      finish();
      m = {
        from,
        to,
        type: TD_TYPES[r[1]],
        facts: [`type ${TD_TYPES[r[1]]} length ${r[2]}`],
        truncated: false,
      };
      msgs.push(m);
      ctx = '';
      if (m.type === 'notification') {
        const n =
          /\((\d+)\), subcode .*?\((\d+)\)(?:, Shutdown Communication \(length: \d+\): "(.*)")?/.exec(
            r[3],
          );
        m.facts.push(`notification ${n[1]}/${n[2]}${n[3] !== undefined ? ` "${n[3]}"` : ''}`);
      }
      continue;
    }
    if (!m) continue;
    if (/\[\|bgp\]/i.test(t)) m.truncated = true;
    if (hit(/^0x[0-9a-f]+:\s+((?:[0-9a-f]{2,4}\s?)+)/, t)) {
      const bytes = r[1].replace(/\s/g, '');
      if (m.type === 'route-refresh') hexBytes.push(bytes);
      else if (ctx === 'cap-hex')
        m.facts[m.capIdx] += m.facts[m.capIdx].endsWith(' ') ? bytes : bytes;
      continue;
    }
    switch (m.type) {
      case 'open':
        if (hit(/^Version 4, my AS (\d+), Holdtime (\d+)s, ID (\S+)$/, t)) {
          m.head = `open as ${r[1]} hold ${r[2]} id ${r[3]}`;
          m.groups = [];
          m.facts.push(m.head);
        } else if (/^Option Capabilities Advertisement \(2\)/.test(t)) {
          m.groups.push(0);
          m.facts[1] = `${m.head} params ${m.groups.join(',')}`;
        } else if (hit(/^.*\((\d+)\), length: (\d+)$/, t) && m.groups?.length) {
          m.groups[m.groups.length - 1]++;
          m.facts[1] = `${m.head} params ${m.groups.join(',')}`;
          const code = Number(r[1]);
          ctx = '';
          if (code === 2 || code === 70 || code === 6) m.facts.push(`cap ${code}`);
          else if (code === 1) ctx = 'mp';
          else if (code === 65) ctx = 'as4';
          else if (code === 64) ctx = 'gr';
          else if (code === 69) ctx = 'addpath';
          else if (Number(r[2]) === 0) m.facts.push(`cap ${code}`);
          else {
            m.capIdx = m.facts.push(`cap ${code} `) - 1; // value from the hex dump lines below
            ctx = 'cap-hex';
          }
        } else if (ctx === 'mp' && hit(/^AFI .*\((\d+)\), SAFI .*\((\d+)\)$/, t)) {
          m.facts.push(`cap mp ${r[1]}/${r[2]}`);
        } else if (ctx === 'as4' && hit(/^4 Byte AS (\d+)$/, t)) {
          m.facts.push(`cap as4 ${r[1]}`);
        } else if (ctx === 'gr' && hit(/^Restart Flags: \[(\w+)\], Restart Time (\d+)s$/, t)) {
          m.facts.push(`cap gr ${r[1] === 'R' ? 'R' : 'none'} ${r[2]}`);
        } else if (
          ctx === 'gr' &&
          hit(/^AFI .*\((\d+)\), SAFI .*\((\d+)\), Forwarding state preserved: (yes|no)$/, t)
        ) {
          m.facts.push(`cap gr family ${r[1]}/${r[2]} ${r[3]}`);
        } else if (
          ctx === 'addpath' &&
          hit(/^AFI .*\((\d+)\), SAFI .*\((\d+)\), Send\/Receive: (\w+)$/, t)
        ) {
          m.facts.push(`cap add-path ${r[1]}/${r[2]} ${TD_ADDPATH[r[3]]}`);
        }
        break;
      case 'update': {
        if (t === 'Withdrawn routes:') ctx = 'withdrawn';
        else if (t === 'Updated routes:') ctx = 'nlri';
        else if (hit(/^.+ \((\d+)\), length: (\d+), Flags \[(\w*)\]: ?(.*)$/, t)) {
          const code = Number(r[1]);
          const head = `attr ${flagsOf(r[3])}`;
          const val = r[4].trim();
          ctx = `attr ${code}`;
          pendingFlags = head;
          switch (code) {
            case 1:
              m.facts.push(`${head} origin ${TD_ORIGIN[val]}`);
              break;
            case 2:
              m.facts.push(`${head} as-path ${val}`);
              break;
            case 3:
              m.facts.push(`${head} next-hop ${val}`);
              break;
            case 4:
              m.facts.push(`${head} med ${val}`);
              break;
            case 5:
              m.facts.push(`${head} local-pref ${val}`);
              break;
            case 8:
              m.facts.push(
                `${head} communities ${val
                  .split(/,\s*/)
                  .map((c) => TD_WELL_KNOWN[c] ?? c)
                  .join(' ')}`,
              );
              break;
            case 16:
              m.facts.push(`${head} ext-communities`);
              break;
            case 32:
              m.large = m.facts.push(`${head} large-communities`) - 1;
              break;
            case 14:
            case 15:
              break; // header comes with the AFI line
            default:
              m.facts.push(`${head} ${code}`);
          }
        } else if (ctx === 'attr 32' && /^\d+:\d+:\d+/.test(t)) {
          m.facts[m.large] += ` ${t.split(/,\s*/).join(' ')}`;
        } else if (ctx === 'attr 16' && hit(/^\S+ \(0x([0-9a-f]{4})\), Flags \[\w+\]: (\S+)/, t)) {
          m.facts.push(`ext 0x${r[1]} ${r[2]}`);
        } else if (
          (ctx === 'attr 14' || ctx === 'attr 15') &&
          hit(/^AFI: .*\((\d+)\), SAFI: .*\((\d+)\)$/, t)
        ) {
          m.mp = `${r[1]}/${r[2]}`;
          if (ctx === 'attr 15') m.facts.push(`${pendingFlags} mp-unreach ${m.mp}`);
        } else if (ctx === 'attr 14' && hit(/^nexthop: (.*), nh-length: \d+/, t)) {
          m.facts.push(`${pendingFlags} mp-reach ${m.mp} next-hop ${r[1]}`);
        } else if (hit(/^([0-9a-f.:]+\/\d+)(?:\s+Path Id: (\d+))?$/, t)) {
          const id = r[2] !== undefined ? ` id ${r[2]}` : '';
          if (ctx === 'withdrawn') m.facts.push(`withdrawn ${r[1]}${id}`);
          else if (ctx === 'nlri') m.facts.push(`nlri ${r[1]}${id}`);
          else if (ctx === 'attr 14') m.facts.push(`mp-reach prefix ${r[1]}${id}`);
          else if (ctx === 'attr 15') m.facts.push(`mp-unreach prefix ${r[1]}${id}`);
        }
        break;
      }
      case 'route-refresh':
        if (hit(/^AFI .*\((\d+)\), SAFI .*\((\d+)\)$/, t)) m.rr = `${r[1]}/${r[2]}`;
        break;
      default:
    }
  }
  finish();
  return msgs;
}

/** Compares our decoding with tcpdump's, per direction, in order. Returns a list of problems. */
function crossCheck(pcapFile, decodedByDir) {
  const text = execFileSync('tcpdump', ['-nn', '-vvv', '-r', pcapFile], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 1 << 28,
  });
  const td = factsFromTcpdump(text);
  const byDir = new Map();
  for (const x of td) {
    const k = `${x.from} ${x.to}`;
    if (!byDir.has(k)) byDir.set(k, []);
    byDir.get(k).push(x);
  }
  const problems = [];
  let compared = 0;
  let skipped = 0;
  for (const [k, ours] of decodedByDir) {
    const theirs = byDir.get(k) ?? [];
    if (theirs.length !== ours.length) {
      problems.push(`${k}: tcpdump shows ${theirs.length} messages, we decoded ${ours.length}`);
      continue;
    }
    ours.forEach((o, i) => {
      if (theirs[i].truncated) {
        skipped++;
        return;
      }
      const a = factsFromModel(o.model, o.bytes);
      const b = theirs[i].facts;
      compared++;
      const n = Math.max(a.length, b.length);
      for (let j = 0; j < n; j++) {
        if (a[j] !== b[j]) {
          problems.push(
            `${k} message ${i + 1}: ours "${a[j] ?? '(nothing)'}" vs tcpdump "${b[j] ?? '(nothing)'}"`,
          );
          break;
        }
      }
    });
  }
  return { problems, compared, skipped };
}

// ================================================================== vector files

const DAEMON_NAMES = { bird: 'BIRD', gobgp: 'GoBGP', frr: 'FRR bgpd', exabgp: 'ExaBGP' };

function convert(pcapFile, opts) {
  const metaFile = pcapFile.replace(/\.pcap$/, '.json');
  if (!existsSync(metaFile))
    throw new Error(
      `${metaFile} missing: it maps addresses to daemons (written by capture-vectors.sh)`,
    );
  const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
  const outDir = opts.out ?? resolve(dirname(pcapFile), '..');
  mkdirSync(outDir, { recursive: true });
  const buf = readFileSync(pcapFile);
  const packets = [...readPcap(buf, pcapFile)];
  if (!packets.length) throw new Error(`${pcapFile}: no packets`);
  const conns = reassemble(packets);
  const who = (ep) => {
    const addr = ep.replace(/^\[?(.*?)\]?:\d+$/, '$1');
    const e = meta.endpoints.find((x) => x.addresses.includes(addr));
    if (!e) throw new Error(`${pcapFile}: no daemon for address ${addr} in ${metaFile}`);
    return e;
  };

  // Frame and decode every direction of every connection.
  const perFile = new Map(); // file name -> { sender, receiver, msgs: [...] }
  const decodedByDir = new Map(); // "from to" -> [{ model, bytes }] for the tcpdump check
  const connLines = [];
  for (const c of conns) {
    const framed = {};
    for (const [from, stream] of Object.entries(c.dirs)) framed[from] = frame(stream);
    const openOf = (from) => {
      const f = framed[from]?.messages.find((x) => x.bytes[18] === 1);
      return f && decodeOpen(f.bytes);
    };
    const ends = [c.client, c.server].filter(Boolean);
    const sizes = ends
      .map((e) => `${who(e).daemon} ${framed[e]?.messages.length ?? 0} msg`)
      .join(', ');
    connLines.push(
      `#   conn ${c.index}: ${c.client} (${who(c.client).daemon}, active) -> ${c.server} (${c.server ? who(c.server).daemon : '?'}), ` +
        `${new Date(c.start * 1000).toISOString()}, ${sizes}`,
    );
    for (const [from, { messages, trailing }] of Object.entries(framed)) {
      const to = c.dirs[from].to;
      const sender = who(from);
      const receiver = who(to);
      const ctx = sessionContext(openOf(from), openOf(to));
      const name = `${sender.daemon}-${sender.version}-to-${receiver.daemon}`;
      if (!perFile.has(name))
        perFile.set(name, { sender, receiver, msgs: [], trailing: [], sessions: new Set() });
      const entry = perFile.get(name);
      if (openOf(from) && openOf(to)) entry.sessions.add(ctx.summary);
      const list = [];
      for (const m of messages) {
        const model = decodeMessage(m.bytes, ctx);
        entry.msgs.push({ ts: m.ts, conn: c.index, bytes: m.bytes, model });
        list.push({ model, bytes: m.bytes });
      }
      decodedByDir.set(`${from} ${to}`, list);
      if (trailing)
        entry.trailing.push(
          `conn ${c.index}: ${trailing} bytes of an incomplete message at the end of the stream (not included)`,
        );
    }
  }

  let check;
  if (opts.check) {
    check = crossCheck(pcapFile, decodedByDir);
    if (check.problems.length) {
      throw new Error(
        `${pcapFile}: our decoding disagrees with tcpdump:\n  ${check.problems.join('\n  ')}`,
      );
    }
  }

  const first = new Date(packets[0].ts * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const versions = meta.endpoints
    .map(
      (e) =>
        `${DAEMON_NAMES[e.daemon] ?? e.daemon} ${e.version} (AS ${e.asn}, ${e.addresses.join(' ')})`,
    )
    .join('; ');
  const written = [];
  for (const [name, { sender, receiver, msgs, trailing, sessions }] of [...perFile].sort()) {
    msgs.sort((a, b) => a.ts - b.ts || a.conn - b.conn); // stable: stream order within a connection
    const lines = [
      `# ${name}.hex: every BGP message ${DAEMON_NAMES[sender.daemon] ?? sender.daemon} ${sender.version} sent to ${
        DAEMON_NAMES[receiver.daemon] ?? receiver.daemon
      } ${receiver.version}, in the order sent.`,
      `# Captured ${first} by tools/lab/capture-vectors.sh --scenario ${meta.scenario} (real daemons in network namespaces);`,
      `#   regenerate this file from the kept pcap: node tools/lab/pcap-to-vectors.mjs --expected --check packages/bgp-wire/vectors/pcap/${basename(pcapFile)}`,
      `# Daemons (versions from their --version): ${versions}.`,
      `# Scenario ${meta.scenario}: ${meta.description}.`,
      `# Capture command: ${meta.captureCommand}`,
      '# Steps driven by the script:',
      ...meta.steps.map((s) => `#   - ${s}`),
      '# TCP connections in the capture (the bytes of each direction reassembled by sequence number):',
      ...connLines,
      ...trailing.map((t) => `# Note: ${t}`),
      ...[...sessions].map((x) => `# Session as negotiated by the two OPENs: ${x}`),
      `# Format: per message one "# <n> <TYPE> <description> [conn <k>]" line, then the whole message (marker included) as lowercase hex.`,
      `# Decoded form (object model of packages/bgp-wire/src/codec/types.ts): ${name}.expected.json`,
    ];
    msgs.forEach((m, i) => {
      lines.push(`# ${i + 1} ${describe(m.model)} [conn ${m.conn}]`);
      lines.push(hex(m.bytes));
    });
    writeFileSync(join(outDir, `${name}.hex`), `${lines.join('\n')}\n`);
    written.push(`${name}.hex`);
    if (opts.expected) {
      writeFileSync(
        join(outDir, `${name}.expected.json`),
        `${JSON.stringify(
          msgs.map((m) => m.model),
          null,
          2,
        )}\n`,
      );
      written.push(`${name}.expected.json`);
    }
    const counts = {};
    for (const m of msgs) counts[m.model.type] = (counts[m.model.type] ?? 0) + 1;
    console.log(
      `${join(outDir, name)}.hex: ${msgs.length} messages (${Object.entries(counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')})`,
    );
  }
  if (check)
    console.log(
      `${basename(pcapFile)}: ${check.compared} messages agree with tcpdump -vvv${check.skipped ? `, ${check.skipped} not checked (truncated in tcpdump)` : ''}`,
    );
  return written;
}

// ================================================================== main

function main(argv) {
  const opts = { out: undefined, expected: false, check: false };
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') opts.out = resolve(argv[++i]);
    else if (a === '--expected') opts.expected = true;
    else if (a === '--check') opts.check = true;
    else if (a === '-h' || a === '--help') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
      return;
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else files.push(resolve(a));
  }
  if (!files.length) {
    for (const f of readdirSync(DEFAULT_PCAP_DIR).sort())
      if (f.endsWith('.pcap')) files.push(join(DEFAULT_PCAP_DIR, f));
    if (!files.length) throw new Error(`no pcap files in ${DEFAULT_PCAP_DIR}`);
  }
  for (const f of files) convert(f, opts);
}

try {
  main(process.argv.slice(2));
} catch (e) {
  console.error(`pcap-to-vectors: ${e.message}`);
  process.exit(1);
}
