/**
 * A session against a scripted peer (in-memory, ManualClock): what it advertises, how it
 * applies RFC 7606 outcomes, how faults become NOTIFICATIONs, and that no input crashes it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { makeContext } from '../codec/context.js';
import { encodeMessage } from '../codec/message.js';
import type { UpdateMessage } from '../codec/types.js';
import type { PeerOptions } from '../speaker/peer-options.js';
import { BgpSpeaker } from '../speaker/speaker.js';
import { MemoryNetwork, record, settle, until } from '../speaker/testing/memory-network.js';
import { createMemoryConnectionPair } from '../transport/memory.js';
import { peerOpen, ScriptedPeer } from './testing/scripted-peer.js';

const PEER = '192.0.2.2';

/** Our speaker (AS 64512) dialing a scripted peer; `up()` completes the OPEN exchange. */
async function againstScript(peer: Partial<PeerOptions> = {}) {
  const clock = new ManualClock();
  const net = new MemoryNetwork();
  const scripts: ScriptedPeer[] = [];
  net.attach(PEER, { acceptConnection: (c) => scripts.push(new ScriptedPeer(c)) });
  const speaker = new BgpSpeaker({
    localAs: 64512,
    routerId: '192.0.2.1',
    clock,
    connect: net.connectFrom('192.0.2.1'),
    random: () => 0.5,
  });
  const events = record(speaker);
  await speaker.addPeer({ address: PEER, peerAs: 64513, keepAdjRibIn: true, ...peer });
  await until(() => scripts.length === 1 && scripts[0]!.of('open').length === 1);
  const script = scripts[0]!;
  const up = async () => {
    script.send(peerOpen());
    script.send({ type: 'keepalive' });
    await until(() => speaker.peerState(PEER) === 'established');
  };
  return { clock, net, speaker, events, script, scripts, up, rib: () => speaker.adjRibIn(PEER)! };
}

function update(nlri: string[], extra: UpdateMessage['attributes'] = []): UpdateMessage {
  return {
    type: 'update',
    withdrawn: [],
    attributes: [
      { type: 'origin', origin: 'igp' },
      { type: 'as-path', segments: [{ type: 'sequence', asns: [64513] }] },
      { type: 'next-hop', nextHop: '192.0.2.2' },
      ...extra,
    ],
    nlri: nlri.map((prefix) => ({ prefix })),
  };
}

describe('BgpSession against a scripted peer', () => {
  it('withdraws the prefixes of a treat-as-withdraw UPDATE and keeps the session (RFC 7606)', async () => {
    const t = await againstScript();
    await t.up();
    t.script.send(update(['198.51.100.1/32', '198.51.100.2/32']));
    await until(() => t.rib().size === 2);
    const bytes = encodeMessage(update(['198.51.100.1/32']));
    // ORIGIN is the first attribute: flags, type, length at 23..25, value at 26.
    expect(bytes[24]).toBe(1);
    bytes[26] = 9; // RFC 7606 §7.1: an undefined ORIGIN is treat-as-withdraw
    t.script.sendRaw(bytes);
    await until(() => t.rib().size === 1);
    expect(t.rib().get('198.51.100.2/32')).toBeDefined();
    expect(t.events.update.at(-1)?.update.error?.action).toBe('treat-as-withdraw');
    expect(t.speaker.peerState(PEER)).toBe('established');
    await t.speaker.close();
  });

  it('keeps a route without a discarded attribute (RFC 7606 attribute-discard)', async () => {
    const t = await againstScript();
    await t.up();
    // AGGREGATOR (type 7) with 3 octets: RFC 7606 §7.7 attribute-discard.
    const broken = {
      type: 'unknown' as const,
      code: 7,
      flags: 0xc0,
      value: Uint8Array.of(1, 2, 3),
    };
    t.script.send(update(['198.51.100.9/32'], [broken]));
    await until(() => t.rib().size === 1);
    const route = t.rib().get('198.51.100.9/32')!;
    expect(route.attributes.map((a) => a.type)).toEqual(['origin', 'as-path', 'next-hop']);
    expect(t.events.update.at(-1)?.update.error?.action).toBe('attribute-discard');
    await t.speaker.close();
  });

  it('answers a session-reset UPDATE fault with its NOTIFICATION and goes down', async () => {
    const t = await againstScript();
    await t.up();
    const bytes = encodeMessage(update(['198.51.100.1/32']));
    bytes[22] = 0xff; // Total Path Attribute Length overruns the message
    t.script.sendRaw(bytes);
    await until(() => t.events.down.length === 1);
    expect(t.events.down[0]).toMatchObject({
      reason: 'update-error',
      notification: { errorCode: 3, errorSubcode: 1 },
    });
    await until(() => t.script.of('notification').length === 1);
    expect(t.script.of('notification')[0]).toMatchObject({ errorCode: 3, errorSubcode: 1 });
    await t.speaker.close();
  });

  it('answers a broken marker with Connection Not Synchronized (RFC 4271 §6.1)', async () => {
    const t = await againstScript();
    await t.up();
    t.script.sendRaw(Buffer.from('00ffffffffffffffffffffffffffffff001304', 'hex'));
    await until(() => t.script.of('notification').length === 1);
    expect(t.script.of('notification')[0]).toMatchObject({ errorCode: 1, errorSubcode: 1 });
    await t.speaker.close();
  });

  it('survives arbitrary bytes from the peer: a NOTIFICATION or nothing, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 64 }), { minLength: 1, maxLength: 5 }),
        async (chunks) => {
          const t = await againstScript();
          await t.up();
          const marker = new Uint8Array(16).fill(0xff);
          for (const chunk of chunks) t.script.sendRaw(Buffer.concat([marker, chunk]));
          await settle(20);
          const state = t.speaker.peerState(PEER);
          const notified = t.script.of('notification').length > 0;
          expect(state === 'established' || notified || t.script.isClosed).toBe(true);
          await t.speaker.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('advertises graceful restart with R, N and F bits, and clears R after the first session', async () => {
    const t = await againstScript({
      gracefulRestart: { restartTimeSec: 120, restarting: true, forwardingPreserved: true },
      backoff: { initialSec: 1 },
    });
    const grOf = (i: number) =>
      t.scripts[i]!.of('open')[0]!.capabilities.find((c) => c.type === 'graceful-restart');
    expect(grOf(0)).toEqual({
      type: 'graceful-restart',
      restarting: true,
      notification: true,
      restartTimeSec: 120,
      families: [
        { afi: 1, safi: 1, forwardingPreserved: true },
        { afi: 2, safi: 1, forwardingPreserved: true },
      ],
    });
    t.script.send(
      peerOpen([
        {
          type: 'graceful-restart',
          restarting: false,
          notification: true,
          restartTimeSec: 90,
          families: [],
        },
      ]),
    );
    t.script.send({ type: 'keepalive' });
    await until(() => t.speaker.peerState(PEER) === 'established');
    await until(() => t.script.of('update').length === 2); // End-of-RIB IPv4, IPv6
    t.script.close();
    await until(() => t.speaker.peerState(PEER) === 'idle');
    t.clock.advance(1000);
    await until(() => t.scripts.length === 2 && t.scripts[1]!.of('open').length === 1);
    expect(grOf(1)).toMatchObject({ restarting: false });
    await t.speaker.close();
  });

  it('sends path identifiers when ADD-PATH send is negotiated (RFC 7911)', async () => {
    const t = await againstScript({ addPath: 'send', families: ['ipv4'] });
    t.speaker.announce([{ prefix: '203.0.113.5/32' }]);
    t.script.ctx = makeContext({ addPath: { ipv4: true, ipv6: false } });
    t.script.send(
      peerOpen([{ type: 'add-path', families: [{ afi: 1, safi: 1, direction: 'receive' }] }]),
    );
    t.script.send({ type: 'keepalive' });
    await until(() => t.script.of('update').length === 2);
    expect(t.script.of('update')[0]!.nlri).toEqual([{ prefix: '203.0.113.5/32', pathId: 0 }]);
    await t.speaker.close();
  });

  it('keeps running when a listener throws, and closes connections from unknown peers', async () => {
    const t = await againstScript();
    t.speaker.on('update', () => {
      throw new Error('listener bug');
    });
    await t.up();
    t.script.send(update(['198.51.100.1/32']));
    await until(() => t.rib().size === 1);
    const [ours, theirs] = createMemoryConnectionPair({
      a: { address: '192.0.2.1', port: 179 },
      b: { address: '192.0.2.99', port: 40000 },
    });
    const unknown = new ScriptedPeer(theirs);
    t.speaker.acceptConnection(ours);
    await until(() => unknown.isClosed);
    expect(t.speaker.peerState(PEER)).toBe('established');
    await t.speaker.close();
  });
});
