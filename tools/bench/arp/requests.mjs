// The two request kinds of the flood agent, behind one shape: `requestKind(protocol, options)`
// returns the EtherType to listen on, `frame(seq)` (request number `seq`, built before the
// clock starts) and `match(frame)` (a reply to one of ours: its sequence number; another
// answerer's reply: 'foreign'; anything else: undefined).
//
// The sequence number rides in the requester's MAC, 02:<run>:<seq, 32 bits>, and the IP
// sender stays one address, so the answering kernel keeps one neighbour entry, not one per
// request:
// - ARP: in the sender hardware address, which the reply echoes as its target hardware address.
// - NDP: in the Ethernet source and the Source Link-Layer Address option of the NS. RFC 4861
//   §7.2.3: the receiver updates its neighbour entry for the NS's source from that option
//   (Linux: ndisc_recv_ns -> ndisc_update, override) and §7.2.4 sends the NA to it, so the
//   NA's Ethernet destination is the tag. Nothing inside an NA echoes the solicitation.
import {
  ArpOperation,
  buildArpRequest,
  buildNeighborSolicitation,
  bytesEqual,
  decodeArpFrame,
  decodeNdpFrame,
  Icmpv6Type,
  parseIpv4,
  parseIpv6,
} from '@baremetal-lb/arp-ndp';
import { EtherProtocols } from '@baremetal-lb/native-net';

/** The requester MAC of request `seq` in run `runId`: 02:run:seq (locally administered). */
function taggedMac(runId, seq) {
  return new Uint8Array([
    0x02,
    runId,
    seq >>> 24,
    (seq >>> 16) & 0xff,
    (seq >>> 8) & 0xff,
    seq & 0xff,
  ]);
}

/** The sequence number in `mac` when it is one of run `runId`'s tags, else -1. */
function seqOfTag(mac, runId) {
  if (mac[0] !== 0x02 || mac[1] !== runId) return -1;
  return ((mac[2] << 24) | (mac[3] << 16) | (mac[4] << 8) | mac[5]) >>> 0;
}

function arpRequests({ runId, sender, target }) {
  const senderIp = parseIpv4(sender);
  const targetIp = parseIpv4(target);
  return {
    etherProtocol: EtherProtocols.ETH_P_ARP,
    frame: (seq) =>
      buildArpRequest({
        hardwareAddress: taggedMac(runId, seq),
        senderProtocolAddress: senderIp,
        targetProtocolAddress: targetIp,
      }),
    match(frame) {
      const decoded = decodeArpFrame(frame);
      if (!decoded.ok) return undefined;
      const { arp } = decoded.value;
      if (arp.operation !== ArpOperation.REPLY) return undefined;
      const seq = seqOfTag(arp.targetHardwareAddress, runId);
      if (seq < 0) return undefined;
      // a reply for another address: someone answers what it should not
      return bytesEqual(arp.senderProtocolAddress, targetIp) ? seq : 'foreign';
    },
  };
}

function ndpRequests({ runId, sender, target }) {
  const senderIp = parseIpv6(sender);
  const targetIp = parseIpv6(target);
  return {
    etherProtocol: EtherProtocols.ETH_P_IPV6,
    frame: (seq) =>
      buildNeighborSolicitation({
        hardwareAddress: taggedMac(runId, seq),
        source: senderIp,
        targetAddress: targetIp,
      }),
    match(frame) {
      // decodeNdpFrame checks hop limit 255 and the checksum: a malformed NA is no answer.
      const decoded = decodeNdpFrame(frame);
      if (!decoded.ok) return undefined;
      const { ethernet, ndp } = decoded.value;
      if (ndp.type !== Icmpv6Type.NEIGHBOR_ADVERTISEMENT) return undefined;
      const seq = seqOfTag(ethernet.destination, runId);
      if (seq < 0) return undefined;
      return bytesEqual(ndp.targetAddress, targetIp) ? seq : 'foreign';
    },
  };
}

/** The request kind of `protocol` ('arp' or 'ndp'); see the file header. */
export function requestKind(protocol, options) {
  if (protocol === 'arp') return arpRequests(options);
  if (protocol === 'ndp') return ndpRequests(options);
  throw new Error(`unknown protocol ${protocol}`);
}
