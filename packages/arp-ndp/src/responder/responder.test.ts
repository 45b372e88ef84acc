// The responder's decisions with a fake link (no privileges): what it answers, with which bytes
// (compared with the codec's builders and the kernel's own frames from testdata/), what it
// drops and why, memberships, refusals, and MetalLB's announce cadence on a ManualClock.
import { describe, expect, it } from 'vitest';
import { formatMac, linkLocalFromMac, parseIp, parseIpv6, parseMac } from '../codec/addresses.js';
import {
  buildArpReply,
  buildArpRequest,
  buildGratuitousArp,
  buildSolicitedNeighborAdvertisement,
  buildUnsolicitedNeighborAdvertisement,
} from '../codec/builders.js';
import { ArpOperation } from '../codec/constants.js';
import { decodeArpFrame, decodeNdpFrame } from '../codec/frame.js';
import { hex, NS_HEAD, rawNdpFrame, TARGET_2 } from '../codec/testing/frames.js';
import { findFrame, readVectorFile } from '../codec/testing/vectors.js';
import { FakeLink, fakeInterface } from '../testing/fake-link.js';
import { ManualClock } from './clock.js';
import { ResponderError } from './errors.js';
import type { ResponderEvent } from './events.js';
import { metricSamples, SOCKET_BUFFER_FULL } from './metrics.js';
import { Responder } from './responder.js';

/** b's MAC in the kernel captures: the responder plays b. */
const MAC = '00:00:5e:00:53:02';
const MAC_BYTES = parseMac(MAC);
const LINK_LOCAL = linkLocalFromMac(MAC_BYTES);
const PEER = parseMac('00:00:5e:00:53:01');
const arpVectors = [readVectorFile('linux-arp.hex')];
const ndpVectors = [readVectorFile('linux-ndp.hex')];
const kernelArpRequest = findFrame(arpVectors, 'Request who-has 192.0.2.2').bytes;
const kernelNs = findFrame(ndpVectors, 'neighbor solicitation, who has 2001:db8::2').bytes;

function setUp(options: { own?: string[]; info?: Parameters<typeof fakeInterface>[1] } = {}) {
  const link = new FakeLink({ eth0: fakeInterface('eth0', { mac: MAC, ...options.info }) });
  const clock = new ManualClock();
  const events: ResponderEvent[] = [];
  const responder = new Responder({
    interfaces: ['eth0'],
    link,
    clock,
    onEvent: (e) => events.push(e),
  });
  for (const ip of options.own ?? []) responder.own(ip);
  responder.start();
  const socket = link.socket('eth0');
  socket.sent.length = 0; // forget the announcements of start()
  const receive = (frame: Uint8Array, type: 'host' | 'broadcast' | 'multicast' = 'broadcast') =>
    socket.handlers.onFrame(frame, type);
  return { link, clock, events, responder, socket, receive };
}

const dropped = (r: Responder) => r.counters().interfaces.eth0?.dropped ?? {};

describe('Responder: ARP', () => {
  it('answers the kernel request for an owned address with the builder reply from our MAC', () => {
    const { socket, receive, responder } = setUp({ own: ['192.0.2.2'] });
    receive(kernelArpRequest);
    const request = decodeArpFrame(kernelArpRequest);
    if (!request.ok) throw new Error(request.reason);
    expect(socket.sent).toEqual([buildArpReply(request.value.arp, MAC_BYTES)]);
    const c = responder.counters();
    expect(c.requests_received).toEqual({ '192.0.2.2': 1 });
    expect(c.responses_sent).toEqual({ '192.0.2.2': 1 });
  });

  it('reproduces the kernel reply byte for byte (up to Ethernet padding)', () => {
    const { socket, receive } = setUp({ own: ['192.0.2.2'] });
    receive(kernelArpRequest);
    const kernelReply = findFrame(arpVectors, 'Reply 192.0.2.2 is-at').bytes;
    expect(Buffer.from(socket.sent[0]!).toString('hex')).toBe(
      Buffer.from(kernelReply.subarray(0, 42)).toString('hex'),
    );
  });

  it('answers a request unicast to our MAC and an RFC 5227 probe (sender 0.0.0.0)', () => {
    const { socket, receive } = setUp({ own: ['192.0.2.10'] });
    const unicast = buildArpRequest({
      hardwareAddress: PEER,
      senderProtocolAddress: parseIp('192.0.2.1'),
      targetProtocolAddress: parseIp('192.0.2.10'),
    });
    unicast.set(MAC_BYTES, 0);
    receive(unicast, 'host');
    const probe = buildArpRequest({
      hardwareAddress: PEER,
      senderProtocolAddress: parseIp('0.0.0.0'),
      targetProtocolAddress: parseIp('192.0.2.10'),
    });
    receive(probe);
    expect(socket.sent).toHaveLength(2);
    const reply = decodeArpFrame(socket.sent[1]!);
    if (!reply.ok) throw new Error(reply.reason);
    expect(reply.value.arp.targetProtocolAddress).toEqual(parseIp('0.0.0.0'));
    expect(reply.value.ethernet.destination).toEqual(PEER);
  });

  it('ignores requests for other addresses, replies, its own frames, other hosts', () => {
    const { socket, receive, responder } = setUp({ own: ['192.0.2.10'] });
    const forOther = buildArpRequest({
      hardwareAddress: PEER,
      senderProtocolAddress: parseIp('192.0.2.1'),
      targetProtocolAddress: parseIp('192.0.2.11'),
    });
    receive(forOther);
    const reply = buildGratuitousArp({
      hardwareAddress: PEER,
      protocolAddress: parseIp('192.0.2.10'),
      operation: ArpOperation.REPLY,
    });
    receive(reply);
    const own = buildGratuitousArp({
      hardwareAddress: MAC_BYTES,
      protocolAddress: parseIp('192.0.2.10'),
      operation: ArpOperation.REQUEST,
    });
    receive(own);
    const toOther = buildArpRequest({
      hardwareAddress: PEER,
      senderProtocolAddress: parseIp('192.0.2.1'),
      targetProtocolAddress: parseIp('192.0.2.10'),
    });
    toOther.set(parseMac('02:00:5e:00:53:99'), 0);
    receive(toOther, 'host');
    socket.handlers.onFrame(forOther, 'otherhost');
    expect(socket.sent).toEqual([]);
    expect(dropped(responder)).toEqual({
      'not-owned': 1,
      'arp-reply': 1,
      'own-frame': 1,
      'ethernet-destination': 2,
    });
    expect(responder.counters().requests_received).toEqual({});
  });

  it('drops malformed frames by reason and never throws', () => {
    const { socket, receive, responder } = setUp({ own: ['192.0.2.2'] });
    receive(kernelArpRequest.subarray(0, 30));
    const wrongHardware = Uint8Array.from(kernelArpRequest);
    wrongHardware[15] = 6; // IEEE 802 instead of Ethernet
    receive(wrongHardware);
    receive(new Uint8Array(3));
    expect(socket.sent).toEqual([]);
    expect(dropped(responder)).toEqual({ truncated: 2, 'bad-hardware-type': 1 });
    expect(responder.counters().interfaces.eth0?.framesReceived).toBe(3);
  });

  it('counts a send failure and reports it as an event instead of throwing', () => {
    const { socket, receive, responder, events } = setUp({ own: ['192.0.2.2'] });
    socket.failSend = Object.assign(new Error('no buffer space'), { code: 'ENOBUFS' });
    expect(() => receive(kernelArpRequest)).not.toThrow();
    expect(responder.counters().interfaces.eth0?.sendErrors).toBe(1);
    expect(responder.counters().responses_sent).toEqual({});
    expect(events.at(-1)).toMatchObject({ event: 'error', interface: 'eth0', code: 'ENOBUFS' });
  });
});

describe('Responder: NDP', () => {
  it('answers the kernel NS for an owned target with a solicited NA from the owned address', () => {
    const { socket, receive, responder } = setUp({ own: ['2001:db8::2'] });
    receive(kernelNs, 'multicast');
    const ns = decodeNdpFrame(kernelNs);
    if (!ns.ok) throw new Error(ns.reason);
    // From the target, as the kernel answers for its own addresses (ndisc6 ignores others).
    const expected = buildSolicitedNeighborAdvertisement({
      solicitation: ns.value,
      hardwareAddress: MAC_BYTES,
      source: parseIpv6('2001:db8::2'),
    });
    expect(socket.sent).toEqual([expected]);
    const na = decodeNdpFrame(socket.sent[0]!);
    if (!na.ok) throw new Error(na.reason);
    expect(na.value.ipv6.hopLimit).toBe(255);
    expect(na.value.ndp).toMatchObject({ isSolicited: true, isOverride: true, isRouter: false });
    expect(na.value.ethernet.destination).toEqual(PEER);
    expect(responder.counters().responses_sent).toEqual({ '2001:db8::2': 1 });
  });

  it('never answers a DAD probe or NS for an address it does not own', () => {
    const { socket, receive, responder } = setUp({ own: ['2001:db8::10'] });
    const dad = rawNdpFrame({
      icmp: hex(`${NS_HEAD} ${TARGET_2}`),
      source: '::',
      destination: 'ff02::1:ff00:2',
    });
    receive(dad, 'multicast');
    receive(kernelNs, 'multicast');
    expect(socket.sent).toEqual([]);
    expect(dropped(responder)).toEqual({ 'not-owned': 2 });
  });

  it('defends an owned address against a DAD probe: NA to ff02::1 with S=0 (RFC 4861 §7.2.4)', () => {
    const { socket, receive } = setUp({ own: ['2001:db8::2'] });
    const dad = rawNdpFrame({
      icmp: hex(`${NS_HEAD} ${TARGET_2}`),
      source: '::',
      destination: 'ff02::1:ff00:2',
    });
    receive(dad, 'multicast');
    const na = decodeNdpFrame(socket.sent[0]!);
    if (!na.ok) throw new Error(na.reason);
    expect(na.value.ndp).toMatchObject({ isSolicited: false, isOverride: true });
    expect(formatMac(na.value.ethernet.destination)).toBe('33:33:00:00:00:01');
  });

  it('drops bad hop limit, bad checksum, and its own NA and RS by reason', () => {
    const { socket, receive, responder } = setUp({ own: ['2001:db8::2'] });
    const ns = `${NS_HEAD} ${TARGET_2}`;
    receive(rawNdpFrame({ icmp: hex(ns), hopLimit: 64 }), 'multicast');
    const badSum = rawNdpFrame({ icmp: hex(ns) });
    badSum[badSum.length - 1]! ^= 0xff;
    receive(badSum, 'multicast');
    receive(findFrame(ndpVectors, 'neighbor advertisement').bytes, 'host');
    receive(findFrame(arpVectors, 'router solicitation').bytes, 'multicast');
    expect(socket.sent).toEqual([]);
    expect(dropped(responder)).toEqual({
      'bad-hop-limit': 1,
      'bad-checksum': 1,
      'own-frame': 2, // b's NA and RS in the captures: b's MAC is ours here
    });
    receive(rawNdpFrame({ icmp: hex('8500 0000 00000000') }), 'multicast'); // an RS from a
    expect(dropped(responder)['not-solicitation']).toBe(1);
  });

  it('joins the solicited-node group of each owned IPv6 address once, leaves on disown', () => {
    const { socket, responder } = setUp({ own: ['2001:db8::10'] });
    responder.own('2001:db8:1::10'); // same last 24 bits: same group
    responder.own('192.0.2.10');
    expect([...socket.groups]).toEqual(['33:33:ff:00:00:10']);
    responder.disown('2001:db8::10');
    expect([...socket.groups]).toEqual(['33:33:ff:00:00:10']);
    responder.disown('2001:db8:1::10');
    expect([...socket.groups]).toEqual([]);
    expect(responder.owned()).toEqual(['192.0.2.10']);
  });
});

describe('Responder: announcements', () => {
  it('announces at 0, 1.1, 2.2, 3.3, 4.4 s and then stops (MetalLB cadence)', () => {
    const { socket, clock, responder } = setUp();
    responder.own('192.0.2.10');
    responder.own('2001:db8::10');
    const times: number[] = [];
    const seen = () => {
      while (times.length < socket.sent.length) times.push(clock.now());
    };
    seen();
    for (let t = 0; t < 10_000; t += 100) {
      clock.advance(100);
      seen();
    }
    // Per burst: ARP request + ARP reply for the IPv4 address, one NA for the IPv6 one.
    expect(times).toEqual([0, 1100, 2200, 3300, 4400].flatMap((t) => [t, t, t]));
    expect(socket.sent.slice(0, 3)).toEqual([
      buildGratuitousArp({
        hardwareAddress: MAC_BYTES,
        protocolAddress: parseIp('192.0.2.10'),
        operation: ArpOperation.REQUEST,
      }),
      buildGratuitousArp({
        hardwareAddress: MAC_BYTES,
        protocolAddress: parseIp('192.0.2.10'),
        operation: ArpOperation.REPLY,
      }),
      buildUnsolicitedNeighborAdvertisement({
        hardwareAddress: MAC_BYTES,
        source: LINK_LOCAL,
        targetAddress: parseIp('2001:db8::10'),
      }),
    ]);
    expect(responder.counters().gratuitous_sent).toEqual({ '192.0.2.10': 10, '2001:db8::10': 5 });
    expect(clock.pendingCount).toBe(0);
  });

  it('owning again extends the window from the last own(); disown stops it', () => {
    const { socket, clock, responder } = setUp();
    responder.own('192.0.2.10');
    clock.advance(3_000);
    responder.own('192.0.2.10'); // window now ends at 8 s: ticks up to 7.7 s
    clock.advance(10_000);
    expect(socket.sent).toHaveLength(2 * 8); // 0, 1.1, ..., 7.7
    responder.own('192.0.2.11');
    clock.advance(1_200);
    responder.disown('192.0.2.11');
    clock.advance(10_000);
    expect(socket.sent).toHaveLength(2 * 8 + 4);
  });

  it('announces addresses owned before start() when it starts', () => {
    const link = new FakeLink({ eth0: fakeInterface('eth0', { mac: MAC }) });
    const responder = new Responder({ interfaces: ['eth0'], link, clock: new ManualClock() });
    responder.own('192.0.2.10');
    expect(link.sockets.size).toBe(0);
    responder.start();
    expect(link.socket('eth0').sent).toHaveLength(2);
    responder.stop();
  });
});

describe('Responder: interfaces and lifecycle', () => {
  it.each([
    ['down', { flags: { ...fakeInterface('x').flags, up: false } }],
    ['noarp', { flags: { ...fakeInterface('x').flags, noarp: true } }],
    ['enslaved', { master: 'br0' }],
    ['not-ethernet', { hardwareType: 772 }],
  ] as const)('refuses an interface that is %s', (reason, overrides) => {
    const link = new FakeLink({ eth0: fakeInterface('eth0', overrides) });
    const events: ResponderEvent[] = [];
    const responder = new Responder({ interfaces: ['eth0'], link, onEvent: (e) => events.push(e) });
    let error: unknown;
    try {
      responder.start();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ResponderError);
    expect((error as ResponderError).code).toBe('ARP_NDP_ERR_NO_USABLE_INTERFACE');
    expect(events).toEqual([expect.objectContaining({ event: 'refused', reason })]);
    expect(link.sockets.size).toBe(0);
  });

  it('skips a refused or missing interface when another is usable', () => {
    const link = new FakeLink({
      eth0: fakeInterface('eth0'),
      bond0s: fakeInterface('bond0s', { master: 'bond0' }),
    });
    const events: ResponderEvent[] = [];
    const responder = new Responder({
      interfaces: ['eth0', 'bond0s', 'nope0'],
      link,
      onEvent: (e) => events.push(e),
    });
    responder.start();
    expect(responder.interfaces()).toEqual(['eth0']);
    expect(events.map((e) => [e.event, 'reason' in e ? e.reason : ''])).toEqual([
      ['refused', 'enslaved'],
      ['refused', 'missing'],
      ['started', ''],
    ]);
    responder.stop();
  });

  it("counts the socket's kernel-side drops (receive buffer full), through stop, as a metric", () => {
    const { socket, responder } = setUp({ own: ['192.0.2.2'] });
    expect(responder.counters().interfaces.eth0?.socketBufferDrops).toBe(0);
    expect(metricSamples(responder.counters()).map((s) => s.labels.reason)).not.toContain(
      SOCKET_BUFFER_FULL,
    );
    socket.counters.kernelDrops = 5;
    expect(responder.counters().interfaces.eth0?.socketBufferDrops).toBe(5);
    socket.dropsAtClose = 2;
    responder.stop();
    const after = responder.counters();
    expect(after.interfaces.eth0?.socketBufferDrops).toBe(7);
    expect(
      metricSamples(after).find(
        (s) =>
          s.name === 'baremetal_lb_layer2_dropped_total' && s.labels.reason === SOCKET_BUFFER_FULL,
      ),
    ).toMatchObject({ labels: { interface: 'eth0' }, value: 7 });
  });

  it('stop() closes sockets, cancels timers, emits stopped once, keeps counters', () => {
    const { socket, clock, responder, events, receive } = setUp({ own: ['192.0.2.2'] });
    receive(kernelArpRequest);
    responder.stop();
    responder.stop();
    expect(socket.closed).toBe(true);
    expect(clock.pendingCount).toBe(0);
    expect(events.filter((e) => e.event === 'stopped')).toHaveLength(1);
    expect(responder.counters().interfaces.eth0?.responsesSent).toBe(1);
    expect(() => responder.start()).toThrow(ResponderError);
  });
});
