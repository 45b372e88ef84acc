/**
 * Golden vectors from the real Linux kernel, arping and ndisc6 (testdata/*.hex, recaptured by
 * testdata/capture.sh): every captured frame decodes to the fields tcpdump printed, and our
 * builders reproduce the kernel's ARP replies and Neighbor Advertisements byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { formatIpv4, formatIpv6, formatMac, parseIpv4, parseIpv6 } from './addresses.js';
import {
  buildArpReply,
  buildArpRequest,
  buildGratuitousArp,
  buildNeighborSolicitation,
  buildSolicitedNeighborAdvertisement,
} from './builders.js';
import { ArpOperation, Icmpv6Type, NdpOptionType } from './constants.js';
import {
  type ArpFrame,
  decodeArpFrame,
  decodeFrame,
  decodeNdpFrame,
  type NdpFrame,
} from './frame.js';
import { findNdpOption } from './ndp-options.js';
import { isDadProbe } from './ndp-validate.js';
import { MAC_A, MAC_B } from './testing/frames.js';
import { findFrame, readAllVectors } from './testing/vectors.js';

const files = readAllVectors();
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

function arpFrame(...label: string[]): ArpFrame {
  const result = decodeArpFrame(findFrame(files, ...label).bytes);
  if (!result.ok) throw new Error(`ARP vector did not decode: ${result.reason}`);
  return result.value;
}

function ndpFrame(...label: string[]): NdpFrame {
  const result = decodeNdpFrame(findFrame(files, ...label).bytes);
  if (!result.ok) throw new Error(`NDP vector did not decode: ${result.reason}`);
  return result.value;
}

describe('golden vectors', () => {
  it('exist, each with provenance and frames', () => {
    expect(files.map((f) => f.name)).toEqual([
      'arping-gratuitous.hex',
      'arping-request.hex',
      'linux-arp.hex',
      'linux-link-up.hex',
      'linux-ndp.hex',
      'ndisc6-solicit.hex',
    ]);
    for (const file of files) {
      expect(file.provenance.join('\n')).toContain('capture.sh');
      expect(file.frames.length).toBeGreaterThan(0);
    }
  });

  it('decode, every frame, except ICMPv6 echo which is not NDP', () => {
    for (const frame of files.flatMap((f) => f.frames)) {
      const result = decodeFrame(frame.bytes);
      const expected = frame.label.includes('echo')
        ? { ok: false, reason: 'not-ndp' }
        : { ok: true };
      expect({ label: frame.label, ...result }).toMatchObject({ label: frame.label, ...expected });
    }
  });
});

describe('kernel and arping ARP', () => {
  it('decodes the kernel request and reproduces it and its reply', () => {
    const request = arpFrame('Request who-has 192.0.2.2 tell 192.0.2.1, length 28');
    expect(request.arp.operation).toBe(ArpOperation.REQUEST);
    expect(formatMac(request.arp.senderHardwareAddress)).toBe('00:00:5e:00:53:01');
    expect(formatIpv4(request.arp.senderProtocolAddress)).toBe('192.0.2.1');
    expect(formatIpv4(request.arp.targetProtocolAddress)).toBe('192.0.2.2');
    const built = buildArpRequest({
      hardwareAddress: MAC_A,
      senderProtocolAddress: parseIpv4('192.0.2.1'),
      targetProtocolAddress: parseIpv4('192.0.2.2'),
    });
    expect(hexOf(built)).toBe(
      hexOf(findFrame(files, 'Request who-has 192.0.2.2 tell 192.0.2.1, length 28').bytes),
    );
    const reply = findFrame(files, 'Reply 192.0.2.2 is-at 00:00:5e:00:53:02');
    expect(hexOf(buildArpReply(request.arp, MAC_B))).toBe(hexOf(reply.bytes));
  });

  it("decodes arping's padded request; the kernel reply matches ours", () => {
    const request = arpFrame('Request who-has 192.0.2.2 tell 192.0.2.1, length 44');
    expect(request.ethernet.payload.length).toBe(44);
    expect(hexOf(buildArpReply(request.arp, MAC_B))).toBe(
      hexOf(findFrame(files, 'Reply 192.0.2.2 is-at 00:00:5e:00:53:02').bytes),
    );
  });

  it('matches arping -U gratuitous ARP (both forms) up to its padding', () => {
    for (const [label, operation] of [
      ['Request who-has 192.0.2.1 (ff:ff:ff:ff:ff:ff) tell 192.0.2.1', ArpOperation.REQUEST],
      ['Reply 192.0.2.1 is-at 00:00:5e:00:53:01', ArpOperation.REPLY],
    ] as const) {
      const captured = findFrame(files, label).bytes;
      const built = buildGratuitousArp({
        hardwareAddress: MAC_A,
        protocolAddress: parseIpv4('192.0.2.1'),
        operation,
      });
      expect(hexOf(captured.subarray(0, built.length))).toBe(hexOf(built));
      expect(captured.subarray(built.length).every((b) => b === 0)).toBe(true);
    }
  });
});

describe('kernel and ndisc6 NDP', () => {
  it('decodes the kernel NS and reproduces the kernel NA answering it', () => {
    const ns = ndpFrame('2001:db8::1 > ff02::1:ff00:2', 'neighbor solicitation');
    expect(ns.ndp.type).toBe(Icmpv6Type.NEIGHBOR_SOLICITATION);
    expect(ns.ipv6.hopLimit).toBe(255);
    if (ns.ndp.type !== Icmpv6Type.NEIGHBOR_SOLICITATION) return;
    expect(formatIpv6(ns.ndp.targetAddress)).toBe('2001:db8::2');
    expect(formatMac(findNdpOption(ns.ndp.options, NdpOptionType.SOURCE_LINK_LAYER_ADDRESS)!)).toBe(
      '00:00:5e:00:53:01',
    );
    expect(isDadProbe(ns.ipv6, ns.ndp)).toBe(false);
    const na = findFrame(files, '2001:db8::2 > 2001:db8::1', 'neighbor advertisement');
    const decoded = decodeNdpFrame(na.bytes);
    expect(decoded.ok && decoded.value.ndp).toMatchObject({
      isRouter: false,
      isSolicited: true,
      isOverride: true,
    });
    const built = buildSolicitedNeighborAdvertisement({
      solicitation: ns,
      hardwareAddress: MAC_B,
      source: parseIpv6('2001:db8::2'),
    });
    expect(hexOf(built)).toBe(hexOf(na.bytes));
  });

  it("decodes ndisc6's NS (flow label set) and reproduces the kernel NA to link-local", () => {
    const ns = ndpFrame('fe80::200:5eff:fe00:5301 > ff02::1:ff00:2');
    expect(ns.ipv6.flowLabel).not.toBe(0);
    const na = findFrame(files, '2001:db8::2 > fe80::200:5eff:fe00:5301');
    const built = buildSolicitedNeighborAdvertisement({
      solicitation: ns,
      hardwareAddress: MAC_B,
      source: parseIpv6('2001:db8::2'),
    });
    expect(hexOf(built)).toBe(hexOf(na.bytes));
  });

  it("builds the kernel's and ndisc6's Neighbor Solicitations byte for byte", () => {
    const kernel = findFrame(files, '2001:db8::1 > ff02::1:ff00:2', 'neighbor solicitation');
    const kernelNs = ndpFrame('2001:db8::1 > ff02::1:ff00:2', 'neighbor solicitation');
    const fromKernel = buildNeighborSolicitation({
      hardwareAddress: MAC_A,
      source: parseIpv6('2001:db8::1'),
      targetAddress: parseIpv6('2001:db8::2'),
      flowLabel: kernelNs.ipv6.flowLabel,
    });
    expect(hexOf(fromKernel)).toBe(hexOf(kernel.bytes));
    const ndisc6 = findFrame(files, 'fe80::200:5eff:fe00:5301 > ff02::1:ff00:2');
    const ndisc6Ns = ndpFrame('fe80::200:5eff:fe00:5301 > ff02::1:ff00:2');
    const fromNdisc6 = buildNeighborSolicitation({
      hardwareAddress: MAC_A,
      source: parseIpv6('fe80::200:5eff:fe00:5301'),
      targetAddress: parseIpv6('2001:db8::2'),
      flowLabel: ndisc6Ns.ipv6.flowLabel,
    });
    expect(hexOf(fromNdisc6)).toBe(hexOf(ndisc6.bytes));
  });

  it("recognises the kernel's DAD probe (source ::, Nonce option, no SLLA)", () => {
    const dad = ndpFrame(':: > ff02::1:ff00:5301');
    expect(isDadProbe(dad.ipv6, dad.ndp)).toBe(true);
    expect(findNdpOption(dad.ndp.options, NdpOptionType.NONCE)?.length).toBe(6);
    expect(findNdpOption(dad.ndp.options, NdpOptionType.SOURCE_LINK_LAYER_ADDRESS)).toBeUndefined();
  });

  it("decodes the kernel's Router Solicitation with its SLLA", () => {
    const rs = ndpFrame('fe80::200:5eff:fe00:5301 > ff02::2', 'router solicitation');
    expect(rs.ndp.type).toBe(Icmpv6Type.ROUTER_SOLICITATION);
    expect(formatMac(findNdpOption(rs.ndp.options, NdpOptionType.SOURCE_LINK_LAYER_ADDRESS)!)).toBe(
      '00:00:5e:00:53:01',
    );
  });
});
