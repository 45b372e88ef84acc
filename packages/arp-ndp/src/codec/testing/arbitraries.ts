/** fast-check arbitraries for every message type of the codec. */
import { fc } from '@fast-check/vitest';
import type { ArpPacket } from '../arp.js';
import { EtherType, Icmpv6Type } from '../constants.js';
import type { EthernetFrame, VlanTag } from '../ethernet.js';
import type { Ipv6Packet } from '../ipv6.js';
import type { NdpMessage } from '../ndp.js';
import type { NdpOption } from '../ndp-options.js';

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
export const arbMac = bytes(6);
export const arbIpv4 = bytes(4);
export const arbIpv6 = bytes(16);

export const arbVlanTag: fc.Arbitrary<VlanTag> = fc.record({
  tpid: fc.constantFrom(EtherType.VLAN, EtherType.QINQ),
  priority: fc.integer({ min: 0, max: 7 }),
  dropEligible: fc.boolean(),
  vlanId: fc.integer({ min: 0, max: 4095 }),
});

export const arbEthernetFrame: fc.Arbitrary<EthernetFrame> = fc.record({
  destination: arbMac,
  source: arbMac,
  vlanTags: fc.array(arbVlanTag, { maxLength: 2 }),
  etherType: fc
    .integer({ min: 0, max: 0xffff })
    .filter((t) => t !== EtherType.VLAN && t !== EtherType.QINQ),
  payload: fc.uint8Array({ maxLength: 64 }),
});

export const arbArpPacket: fc.Arbitrary<ArpPacket> = fc.record({
  operation: fc.constantFrom(1 as const, 2 as const),
  senderHardwareAddress: arbMac,
  senderProtocolAddress: arbIpv4,
  targetHardwareAddress: arbMac,
  targetProtocolAddress: arbIpv4,
});

export const arbIpv6Packet: fc.Arbitrary<Ipv6Packet> = fc.record({
  trafficClass: fc.integer({ min: 0, max: 255 }),
  flowLabel: fc.integer({ min: 0, max: 0xfffff }),
  nextHeader: fc.integer({ min: 0, max: 255 }),
  hopLimit: fc.integer({ min: 0, max: 255 }),
  source: arbIpv6,
  destination: arbIpv6,
  payload: fc.uint8Array({ maxLength: 96 }),
});

export const arbNdpOption: fc.Arbitrary<NdpOption> = fc.record({
  type: fc.integer({ min: 0, max: 255 }),
  data: fc.integer({ min: 1, max: 3 }).chain((units) => bytes(units * 8 - 2)),
});

const arbOptions = fc.array(arbNdpOption, { maxLength: 3 });

export const arbNdpMessage: fc.Arbitrary<NdpMessage> = fc.oneof(
  fc.record({ type: fc.constant(Icmpv6Type.ROUTER_SOLICITATION), options: arbOptions }),
  fc.record({
    type: fc.constant(Icmpv6Type.NEIGHBOR_SOLICITATION),
    targetAddress: arbIpv6,
    options: arbOptions,
  }),
  fc.record({
    type: fc.constant(Icmpv6Type.NEIGHBOR_ADVERTISEMENT),
    isRouter: fc.boolean(),
    isSolicited: fc.boolean(),
    isOverride: fc.boolean(),
    targetAddress: arbIpv6,
    options: arbOptions,
  }),
);
