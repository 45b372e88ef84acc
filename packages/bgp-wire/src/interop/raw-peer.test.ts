/**
 * Malformed messages from a raw test peer (raw-peer.ts) at our speaker, over real TCP on the
 * loopback of a lab namespace: each must get RFC 4271 §6 / RFC 7606's answer, and the speaker
 * must go on serving its other peers. First against the `bgp-wire speak` CLI as a child
 * process (so "the process stays up" is literal: its PID is still running, a witness session
 * opened before the first case is still up and answers a ROUTE-REFRESH, a new peer comes up);
 * then against an in-process `BgpSpeaker` keeping its Adj-RIB-In, to see what RFC 7606's
 * treat-as-withdraw does to the routes.
 */

import { Netns } from '@baremetal-lb/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationMessage } from '../codec/types.js';
import { BgpSpeaker } from '../speaker/speaker.js';
import { NetnsSockets } from '../speaker/testing/netns-sockets.js';
import { BgpListener } from '../transport/listener.js';
import { describeInterop } from './env.js';
import { EventLog } from './in-process.js';
import { message, openMessage, RawPeer, updateMessage } from './raw-peer.js';
import { SpeakCli } from './speak-cli.js';

const PEER_AS = 65000;
const SPEAKER_AS = 64512;
const HOLD_SEC = 30;

// UPDATE parts (hex). The raw peer is AS 65000; 198.51.100.0/24 and 198.51.101.0/24 (TEST-NET-2).
const ORIGIN = '40 01 01 00';
const AS_PATH = '40 02 06 02 01 0000fde8';
const NEXT_HOP = '40 03 04 c6336401';
const MANDATORY = `${ORIGIN} ${AS_PATH} ${NEXT_HOP}`;
const NLRI = '18 c63364';
const MP_REACH_V6 = '80 0e 1a 0002 01 10 20010db8000000000000000000000001 00 20 20010db8';

/** Session-reset cases: the NOTIFICATION our speaker must send. */
const RESETS: {
  name: string;
  /** Sent instead of our OPEN, or once Established. */
  stage: 'open' | 'established';
  bytes: () => Uint8Array;
  code: number;
  subcode: number;
  data: string;
}[] = [
  {
    name: 'an OPEN of version 3',
    stage: 'open',
    bytes: () =>
      openMessage({ version: 3, myAs: PEER_AS, holdTimeSec: HOLD_SEC, bgpIdentifier: '192.0.2.9' }),
    // RFC 4271 §6.2: Unsupported Version Number, data = the largest version we support.
    code: 2,
    subcode: 1,
    data: '0004',
  },
  {
    name: 'an OPEN from another AS',
    stage: 'open',
    bytes: () => openMessage({ myAs: 65001, holdTimeSec: HOLD_SEC, bgpIdentifier: '192.0.2.9' }),
    code: 2,
    subcode: 2,
    data: '',
  },
  {
    name: 'an OPEN with hold time 1',
    stage: 'open',
    bytes: () => openMessage({ myAs: PEER_AS, holdTimeSec: 1, bgpIdentifier: '192.0.2.9' }),
    code: 2,
    subcode: 6,
    data: '',
  },
  {
    name: 'an OPEN with an unsupported optional parameter (type 3)',
    stage: 'open',
    bytes: () =>
      openMessage({
        myAs: PEER_AS,
        holdTimeSec: HOLD_SEC,
        bgpIdentifier: '192.0.2.9',
        params: '03 02 0102',
      }),
    code: 2,
    subcode: 4,
    data: '',
  },
  {
    name: 'a message with a bad marker',
    stage: 'established',
    bytes: () => message(4, '', { marker: `${'ff'.repeat(15)}fe` }),
    // RFC 4271 §6.1: Connection Not Synchronized.
    code: 1,
    subcode: 1,
    data: '',
  },
  {
    name: 'a KEEPALIVE of 20 bytes (bad message length)',
    stage: 'established',
    bytes: () => message(4, '00'),
    // RFC 4271 §6.1: Bad Message Length, data = the erroneous Length field.
    code: 1,
    subcode: 2,
    data: '0014',
  },
  {
    name: 'a message of unknown type 7',
    stage: 'established',
    bytes: () => message(7, ''),
    // RFC 4271 §6.1: Bad Message Type, data = the erroneous Type field.
    code: 1,
    subcode: 3,
    data: '07',
  },
  {
    name: 'an UPDATE with MP_REACH_NLRI twice',
    stage: 'established',
    bytes: () => updateMessage({ attrs: `${MANDATORY} ${MP_REACH_V6} ${MP_REACH_V6}` }),
    // RFC 7606 §3 g: Malformed Attribute List, session reset; our data: the repeated attribute.
    code: 3,
    subcode: 1,
    data: MP_REACH_V6.replace(/\s+/g, ''),
  },
  {
    name: 'an UPDATE with an unrecognized well-known attribute (type 99)',
    stage: 'established',
    bytes: () => updateMessage({ attrs: `${MANDATORY} 40 63 01 00`, nlri: NLRI }),
    // RFC 4271 §6.3: Unrecognized Well-known Attribute, data = the attribute.
    code: 3,
    subcode: 2,
    data: '40630100',
  },
  {
    name: 'an UPDATE whose last attribute overruns the path attributes',
    stage: 'established',
    bytes: () => updateMessage({ attrs: `${MANDATORY} 40 05 08 00000064`, nlri: NLRI }),
    // Malformed Attribute List (RFC 4271 §6.3; BIRD resets here too). RFC 7606 §4 would allow
    // treat-as-withdraw, relying on the Total Path Attribute Length to find the NLRI.
    code: 3,
    subcode: 1,
    data: '',
  },
];

/** RFC 7606 treat-as-withdraw cases (and one accepted attribute): the session stays up. */
const KEPT: { name: string; attrs: string; subcode?: number }[] = [
  { name: 'an UPDATE without ORIGIN', attrs: `${AS_PATH} ${NEXT_HOP}`, subcode: 3 },
  { name: 'an UPDATE with ORIGIN 5', attrs: `40 01 01 05 ${AS_PATH} ${NEXT_HOP}`, subcode: 6 },
  {
    name: 'an UPDATE with a malformed AS_PATH (segment overrun)',
    attrs: `${ORIGIN} 40 02 06 02 02 0000fde8 ${NEXT_HOP}`,
    subcode: 11,
  },
  {
    name: 'an UPDATE with a NEXT_HOP of length 5',
    attrs: `${ORIGIN} ${AS_PATH} 40 03 05 c633640100`,
    subcode: 5,
  },
  { name: 'an UPDATE with COMMUNITIES of length 3', attrs: `${MANDATORY} c0 08 03 fde800` },
];
const UNKNOWN_OPTIONAL_TRANSITIVE = `${MANDATORY} c0 63 04 01020304`;

const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
const RAW_OPEN = (n: number) => ({
  myAs: PEER_AS,
  holdTimeSec: HOLD_SEC,
  bgpIdentifier: `192.0.2.${n}`,
});

describeInterop('none', 'malformed messages from a raw peer', () => {
  let ns: Netns | undefined;
  let sockets: NetnsSockets | undefined;
  const connect = async (n: number, port: number) =>
    new RawPeer(
      await sockets!.connect({
        host: '127.0.0.1',
        port,
        localAddress: `127.0.0.${n}`,
        timeoutMs: 5_000,
      }),
    );

  beforeAll(async () => {
    ns = await Netns.create({ role: 'raw' });
    sockets = await NetnsSockets.start(ns);
  });
  afterAll(async () => {
    await ns?.close();
  });

  describe('bgp-wire speak (a child process)', () => {
    let cli: SpeakCli | undefined;
    let witness: RawPeer | undefined;
    // One peer per case (a failed session backs off before it accepts its peer again).
    const peerOf = (i: number) => 10 + i;
    const WITNESS = 100;
    const LATE = 101;

    beforeAll(async () => {
      const cases = RESETS.length + KEPT.length + 1;
      const addresses = [...Array.from({ length: cases }, (_, i) => peerOf(i)), WITNESS, LATE];
      cli = await SpeakCli.start(
        { netns: ns! },
        {
          localAS: SPEAKER_AS,
          routerId: '192.0.2.1',
          listenPort: 179,
          drainTime: 0,
          peers: addresses.map((n) => ({
            address: `127.0.0.${n}`,
            peerAS: PEER_AS,
            passive: true,
            holdTime: HOLD_SEC,
          })),
          routes: [{ prefix: '203.0.113.99/32', communities: ['65000:99'] }],
        },
      );
      await cli.waitForEvent('"listening"', (e) => e.event === 'listening', 10_000);
      witness = await connect(WITNESS, 179);
      await witness.establish(RAW_OPEN(WITNESS));
    });
    afterAll(async () => {
      witness?.close();
      await cli?.stop();
    });

    /** The CLI's own account of the NOTIFICATION it sent to `n`. */
    const printedNotification = async (n: number) =>
      (await cli!.events()).filter(
        (e) => e.event === 'notification-sent' && e.peer === `127.0.0.${n}`,
      );

    it.each(RESETS.map((c, i) => ({ ...c, i })))(
      'answers $name with NOTIFICATION $code/$subcode and keeps running',
      async ({ stage, bytes, code, subcode, data, i }) => {
        const peer = await connect(peerOf(i), 179);
        if (stage === 'open') await peer.expect('open');
        else await peer.establish(RAW_OPEN(peerOf(i)));
        peer.send(bytes());
        const sent: NotificationMessage = await peer.notification();
        expect({
          code: sent.errorCode,
          subcode: sent.errorSubcode,
          data: hexOf(sent.data),
        }).toEqual({
          code,
          subcode,
          data,
        });
        await cli!.waitForEvent(
          `notification-sent to 127.0.0.${peerOf(i)}`,
          (e) => e.event === 'notification-sent' && e.peer === `127.0.0.${peerOf(i)}`,
          5_000,
        );
        expect(await printedNotification(peerOf(i))).toEqual([
          expect.objectContaining({ errorCode: code, errorSubcode: subcode }),
        ]);
        expect(cli!.proc.isRunning).toBe(true);
        await witness!.staysUp(100);
      },
    );

    it.each(KEPT.map((c, i) => ({ ...c, i })))(
      'keeps the session up on $name (RFC 7606 treat-as-withdraw)',
      async ({ attrs, i }) => {
        const n = peerOf(RESETS.length + i);
        const peer = await connect(n, 179);
        await peer.establish(RAW_OPEN(n));
        peer.send(updateMessage({ attrs, nlri: NLRI }));
        await peer.staysUp(1_000);
        expect(await printedNotification(n)).toEqual([]);
        peer.close();
      },
    );

    it('accepts an unknown optional transitive attribute', async () => {
      const n = peerOf(RESETS.length + KEPT.length);
      const peer = await connect(n, 179);
      await peer.establish(RAW_OPEN(n));
      peer.send(updateMessage({ attrs: UNKNOWN_OPTIONAL_TRANSITIVE, nlri: NLRI }));
      await peer.staysUp(1_000);
      expect(await printedNotification(n)).toEqual([]);
      peer.close();
    });

    it('is still running and serving: the witness session answers a ROUTE-REFRESH, a new peer comes up', async () => {
      expect(cli!.proc.isRunning).toBe(true);
      // The witness has been up since before the first case.
      const before = await witness!.staysUp(100);
      expect(before.some((m) => m.type === 'notification')).toBe(false);
      witness!.send(message(5, '0001 00 01'));
      const answer = (await witness!.staysUp(1_500)).filter((m) => m.type !== 'keepalive');
      // RFC 7313: BoRR, the table, EoRR.
      expect(answer.map((m) => (m.type === 'route-refresh' ? `rr${m.subtype}` : m.type))).toEqual([
        'rr1',
        'update',
        'rr2',
      ]);
      expect(answer[1]).toMatchObject({ nlri: [{ prefix: '203.0.113.99/32' }] });
      const late = await connect(LATE, 179);
      await late.establish(RAW_OPEN(LATE));
      const table = (await late.staysUp(1_000)).filter((m) => m.type === 'update');
      expect(table[0]).toMatchObject({ nlri: [{ prefix: '203.0.113.99/32' }] });
      late.close();
      const established = (await cli!.events()).filter((e) => e.event === 'established');
      expect(established.map((e) => e.peer)).toContain(`127.0.0.${LATE}`);
    });
  });

  describe('BgpSpeaker (in process, keeping its Adj-RIB-In)', () => {
    const PORT = 1179;
    let speaker: BgpSpeaker | undefined;
    let events: EventLog | undefined;
    let listener: BgpListener | undefined;
    const peerOf = (i: number) => 50 + i;

    beforeAll(async () => {
      listener = BgpListener.fromServer(await sockets!.listen(PORT, '127.0.0.1'));
      speaker = new BgpSpeaker({ localAs: SPEAKER_AS, routerId: '192.0.2.1', listen: listener });
      events = new EventLog(speaker);
      for (let i = 0; i <= KEPT.length; i++) {
        await speaker.addPeer({
          address: `127.0.0.${peerOf(i)}`,
          peerAs: PEER_AS,
          passive: true,
          holdTimeSec: HOLD_SEC,
          keepAdjRibIn: true,
        });
      }
    });
    afterAll(async () => {
      await speaker?.close();
      await listener?.close();
    });

    /** A raw peer up, with 198.51.100.0/24 and 198.51.101.0/24 in our Adj-RIB-In. */
    const withRoutes = async (n: number) => {
      const peer = await connect(n, PORT);
      await peer.establish(RAW_OPEN(n));
      peer.send(updateMessage({ attrs: MANDATORY, nlri: `${NLRI} 18 c63365` }));
      await peer.staysUp(300);
      const rib = speaker!.adjRibIn(`127.0.0.${n}`)!;
      expect([...rib.routes()].map((r) => r.prefix)).toEqual([
        '198.51.100.0/24',
        '198.51.101.0/24',
      ]);
      return { peer, rib };
    };

    it.each(KEPT.map((c, i) => ({ ...c, i })))(
      'withdraws the route of $name and keeps the session and the other route',
      async ({ attrs, subcode, i }) => {
        const n = peerOf(i);
        const { peer, rib } = await withRoutes(n);
        const since = events!.mark();
        peer.send(updateMessage({ attrs, nlri: NLRI }));
        const update = await events!.next(
          'update',
          { since, peer: `127.0.0.${n}`, timeoutMs: 5_000 },
          (e) => e.update.error !== undefined,
        );
        expect(update.event.update.error).toMatchObject({
          errorCode: 3,
          action: 'treat-as-withdraw',
          ...(subcode === undefined ? {} : { errorSubcode: subcode }),
        });
        await peer.staysUp(300);
        expect([...rib.routes()].map((r) => r.prefix)).toEqual(['198.51.101.0/24']);
        expect(speaker!.peerState(`127.0.0.${n}`)).toBe('established');
        expect(events!.all('notification', since)).toEqual([]);
        peer.close();
      },
    );

    it('keeps an unknown optional transitive attribute with the route', async () => {
      const n = peerOf(KEPT.length);
      const { peer, rib } = await withRoutes(n);
      peer.send(updateMessage({ attrs: UNKNOWN_OPTIONAL_TRANSITIVE, nlri: NLRI }));
      await peer.staysUp(300);
      const route = rib.get('198.51.100.0/24');
      expect(route?.attributes).toContainEqual(
        expect.objectContaining({ type: 'unknown', code: 99 }),
      );
      expect(speaker!.peerState(`127.0.0.${n}`)).toBe('established');
      peer.close();
    });
  });
});
