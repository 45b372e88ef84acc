/**
 * Scale: 1,000,000 IPv4 /32s to one peer over the in-memory pair. The peer is a byte counter
 * (framing only, no decoding) so that the times measure our side: Established -> End-of-RIB
 * on the far end, and withdraw-all -> last withdrawal on the far end. Prints the numbers;
 * the bounds are loose (shared CI machines), the targets are ~1 s each and well under
 * 500 MB RSS. `SCALE_PREFIXES=n` changes the size.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { MessageFramer } from '../codec/framer.js';
import { encodeMessage } from '../codec/message.js';
import { peerOpen } from '../session/testing/scripted-peer.js';
import type { Connection } from '../transport/connection.js';
import { BgpSpeaker } from './speaker.js';
import { MemoryNetwork, until } from './testing/memory-network.js';

const COUNT = Number(process.env.SCALE_PREFIXES ?? 1_000_000);
/** One /32 in an NLRI or Withdrawn Routes field: length octet + 4 address octets. */
const ENTRY = 5;

/** Counts announced and withdrawn /32s and End-of-RIB markers from the raw UPDATE bytes. */
class Counter {
  announced = 0;
  withdrawn = 0;
  endOfRib = 0;
  readonly #framer = new MessageFramer({ maxMessageLength: () => 65535 });

  constructor(readonly connection: Connection) {
    connection.start({ data: (chunk) => this.#read(chunk), close: () => {} });
  }

  #read(chunk: Uint8Array): void {
    this.#framer.push(chunk);
    for (let m = this.#framer.next(); m; m = this.#framer.next()) {
      if (m[18] !== 2) continue;
      const withdrawnLength = (m[19]! << 8) | m[20]!;
      const attributesLength = (m[21 + withdrawnLength]! << 8) | m[22 + withdrawnLength]!;
      const nlriLength = m.length - 23 - withdrawnLength - attributesLength;
      if (m.length === 23) this.endOfRib++;
      this.withdrawn += withdrawnLength / ENTRY;
      this.announced += nlriLength / ENTRY;
    }
  }
}

function prefixes(n: number): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`;
  return out;
}

describe('scale', () => {
  it(`announces ${COUNT} /32s within seconds of Established and withdraws them all`, async () => {
    const clock = new ManualClock();
    const net = new MemoryNetwork();
    let counter: Counter | undefined;
    net.attach('192.0.2.2', { acceptConnection: (c) => (counter = new Counter(c)) });
    const speaker = new BgpSpeaker({
      localAs: 64512,
      routerId: '192.0.2.1',
      clock,
      connect: net.connectFrom('192.0.2.1'),
    });
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 5);
    try {
      const list = prefixes(COUNT);
      const routes = list.map((prefix) => ({ prefix, communities: ['65000:100'] }));
      let t = performance.now();
      speaker.announce(routes);
      const announceMs = performance.now() - t;
      await speaker.addPeer({ address: '192.0.2.2', peerAs: 64513, families: ['ipv4'] });
      await until(() => counter !== undefined);
      const c = counter!;
      c.connection.write(encodeMessage(peerOpen()));
      c.connection.write(encodeMessage({ type: 'keepalive' }));
      await until(() => speaker.peerState('192.0.2.2') === 'established', 'established');
      t = performance.now();
      await until(() => c.endOfRib === 1, 'End-of-RIB', 1e7);
      const establishedToWireMs = performance.now() - t;
      expect(c.announced).toBe(COUNT);
      t = performance.now();
      speaker.withdraw(list);
      await until(() => c.withdrawn === COUNT, 'withdrawals', 1e7);
      const withdrawMs = performance.now() - t;
      const mb = (bytes: number) => Math.round(bytes / 1e6);
      console.log(
        `scale ${COUNT}: announce() ${announceMs.toFixed(0)} ms; Established -> End-of-RIB ` +
          `${establishedToWireMs.toFixed(0)} ms; withdraw-all ${withdrawMs.toFixed(0)} ms; ` +
          `peak RSS ${mb(peakRss)} MB (process-wide)`,
      );
      expect(establishedToWireMs).toBeLessThan(5000);
      expect(withdrawMs).toBeLessThan(5000);
      expect(peakRss).toBeLessThan(1000e6);
    } finally {
      clearInterval(sampler);
      await speaker.close();
    }
  }, 120_000);
});
