/** The frames a responder sends: destinations, flags, hop limit and checksum per RFC 4861 §7.2. */
import { describe, expect, it } from 'vitest';
import { formatIpv6, formatMac, linkLocalFromMac, parseIpv6 } from './addresses.js';
import {
  buildNeighborSolicitation,
  buildSolicitedNeighborAdvertisement,
  buildUnsolicitedNeighborAdvertisement,
} from './builders.js';
import { ArpNdpError } from './errors.js';
import { decodeNdpFrame, type NdpFrame } from './frame.js';
import { isDadProbe } from './ndp-validate.js';
import { hex, MAC_B, NS_HEAD, rawNdpFrame, TARGET_2 } from './testing/frames.js';

const LINK_LOCAL_B = linkLocalFromMac(MAC_B);

function decoded(frame: Uint8Array): NdpFrame {
  const result = decodeNdpFrame(frame);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

describe('buildUnsolicitedNeighborAdvertisement', () => {
  it('sends O=1 S=0 to ff02::1 from the given source with hop limit 255 and the TLLA', () => {
    const na = decoded(
      buildUnsolicitedNeighborAdvertisement({
        hardwareAddress: MAC_B,
        source: LINK_LOCAL_B,
        targetAddress: parseIpv6('2001:db8::2'),
      }),
    );
    expect(formatMac(na.ethernet.destination)).toBe('33:33:00:00:00:01');
    expect(formatIpv6(na.ipv6.destination)).toBe('ff02::1');
    expect(formatIpv6(na.ipv6.source)).toBe('fe80::200:5eff:fe00:5302');
    expect(na.ipv6.hopLimit).toBe(255);
    expect(na.ndp).toMatchObject({ isRouter: false, isSolicited: false, isOverride: true });
    expect(na.ndp.options).toEqual([{ type: 2, data: MAC_B }]);
  });
});

describe('buildSolicitedNeighborAdvertisement', () => {
  it('answers a DAD probe at ff02::1 with S=0 (RFC 4861 §7.2.4)', () => {
    const dad = decoded(rawNdpFrame({ icmp: hex(`${NS_HEAD} ${TARGET_2}`), source: '::' }));
    const na = decoded(
      buildSolicitedNeighborAdvertisement({
        solicitation: dad,
        hardwareAddress: MAC_B,
        source: LINK_LOCAL_B,
      }),
    );
    expect(formatIpv6(na.ipv6.destination)).toBe('ff02::1');
    expect(formatMac(na.ethernet.destination)).toBe('33:33:00:00:00:01');
    expect(na.ndp).toMatchObject({ isSolicited: false, isOverride: true });
  });

  it('answers an NS without SLLA at its Ethernet source', () => {
    const ns = decoded(
      rawNdpFrame({ icmp: hex(`${NS_HEAD} ${TARGET_2}`), destination: '2001:db8::2' }),
    );
    const na = decoded(
      buildSolicitedNeighborAdvertisement({
        solicitation: ns,
        hardwareAddress: MAC_B,
        source: LINK_LOCAL_B,
      }),
    );
    expect(formatMac(na.ethernet.destination)).toBe('00:00:5e:00:53:01');
    expect(formatIpv6(na.ipv6.destination)).toBe('2001:db8::1');
    expect(na.ndp).toMatchObject({ isSolicited: true, isOverride: true });
  });

  it('refuses to answer an RS', () => {
    const rs = decoded(rawNdpFrame({ icmp: hex('8500 0000 00000000'), destination: 'ff02::2' }));
    expect(() =>
      buildSolicitedNeighborAdvertisement({
        solicitation: rs,
        hardwareAddress: MAC_B,
        source: LINK_LOCAL_B,
      }),
    ).toThrow(ArpNdpError);
  });
});

describe('buildNeighborSolicitation', () => {
  it('asks at the solicited-node group with hop limit 255 and the SLLA; a DAD probe has none', () => {
    const target = parseIpv6('2001:db8::2:abcd');
    const ns = decoded(
      buildNeighborSolicitation({
        hardwareAddress: MAC_B,
        source: parseIpv6('2001:db8::1'),
        targetAddress: target,
      }),
    );
    expect(formatIpv6(ns.ipv6.destination)).toBe('ff02::1:ff02:abcd');
    expect(formatMac(ns.ethernet.destination)).toBe('33:33:ff:02:ab:cd');
    expect(ns.ipv6.hopLimit).toBe(255);
    expect(ns.ndp).toMatchObject({ type: 135, targetAddress: target });
    expect(ns.ndp.options).toEqual([{ type: 1, data: MAC_B }]);
    expect(isDadProbe(ns.ipv6, ns.ndp)).toBe(false);
    const dad = decoded(
      buildNeighborSolicitation({
        hardwareAddress: MAC_B,
        source: parseIpv6('::'),
        targetAddress: target,
      }),
    );
    expect(dad.ndp.options).toEqual([]);
    expect(isDadProbe(dad.ipv6, dad.ndp)).toBe(true);
  });
});
