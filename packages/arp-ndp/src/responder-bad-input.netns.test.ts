// `arp-ndp respond` against bad input and on the wrong wire, in namespaces (two LANs meeting at
// one node, src/testing/two-lan-lab.ts: c1 on the node's eth0, c2 on its eth1). The responder
// (the CLI, bundled from source) runs on eth0 only and owns 192.0.2.10 and 2001:db8::10; no host
// has them configured, so every answer on the wire is the responder's. Hand-built frames go out
// through the frame agent (AF_PACKET, src/testing/frame-agent.ts), which also watches the wire.
// Ordering, not time, shows an answer was not sent: a valid request sent after the frames under
// test is answered, and the responder handles one socket's frames in order.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseMac } from './codec/addresses.js';
import { decodeFrame } from './codec/frame.js';
import type { ResponderCounters } from './responder/counters.js';
import { arpRequestFrame, badFrames, neighborSolicitationFrame } from './testing/lab-frames.js';
import { type LabProcess, shouldSkipLab } from './testing/lan-lab.js';
import { bundleLabScripts, type LabScripts, TwoLanLab } from './testing/two-lan-lab.js';
import {
  isAdvertisementFor,
  isArpReplyFor,
  isArpRequestFor,
  isSolicitationFor,
  seenFrames,
  waitForFrame,
} from './testing/wire-watch.js';

const V4 = '192.0.2.10';
const V6 = '2001:db8::10';
const UNOWNED_V4 = '192.0.2.11';
const UNOWNED_V6 = '2001:db8::11';
const TEST_TIMEOUT_MS = 30_000;
/** Drop reasons the clients' kernels never cause: these counters must equal what we sent. */
const ONLY_OURS = new Set([
  'truncated',
  'bad-hardware-type',
  'bad-protocol-type',
  'bad-address-length',
  'bad-operation',
  'bad-version',
  'bad-checksum',
  'bad-hop-limit',
  'bad-code',
  'bad-option-length',
]);

describe.skipIf(shouldSkipLab('arp-ndp bad-input namespace tests'))(
  'arp-ndp respond: bad input and isolation',
  () => {
    let lab: TwoLanLab;
    let scripts: LabScripts;
    const procs = new Set<LabProcess>();

    beforeAll(async () => {
      scripts = await bundleLabScripts();
      lab = TwoLanLab.create();
    }, TEST_TIMEOUT_MS);
    afterEach(async () => {
      await Promise.allSettled([...procs].map((p) => p.stop()));
      procs.clear();
    });
    afterAll(async () => {
      await lab?.close();
      scripts?.remove();
    });

    async function respond(): Promise<LabProcess> {
      const argv = ['respond', '--interface', 'eth0', '--address', V4, '--address', V6];
      const proc = lab.spawn(lab.node, [process.execPath, scripts.cli, ...argv]);
      procs.add(proc);
      await proc.waitFor((e) => e.event === 'started');
      return proc;
    }

    /** SIGTERM; the exit code must be 0 and the `stopped` line carries the counters. */
    async function stopForCounters(proc: LabProcess): Promise<ResponderCounters> {
      expect(await proc.stop()).toBe(0);
      const stopped = await proc.waitFor((e) => e.event === 'stopped');
      expect(proc.events.filter((e) => e.event.event === 'error')).toEqual([]);
      return stopped.event.counters as ResponderCounters;
    }

    async function listen(ns: string, dev = 'eth0'): Promise<LabProcess> {
      const proc = lab.spawn(ns, [process.execPath, scripts.agent, 'listen', dev]);
      procs.add(proc);
      await proc.waitFor((e) => e.event === 'ready');
      return proc;
    }

    function send(ns: string, frames: readonly Uint8Array[]): void {
      const hex = frames.map((f) => Buffer.from(f).toString('hex'));
      const out = lab.exec(ns, [process.execPath, scripts.agent, 'send', 'eth0', ...hex]);
      expect(JSON.parse(out.trim())).toEqual({ event: 'sent', count: frames.length });
    }

    function arping(ns: string, target: string, waitS: number): { status: number; stdout: string } {
      return lab.run(ns, ['arping', '-c', '1', '-w', String(waitS), '-i', 'eth0', target]);
    }

    it(
      'drops malformed frames by codec reason, keeps answering, and counts them',
      async () => {
        const proc = await respond();
        const nodeMac = lab.macOf(lab.node, 'eth0');
        const clientMac = parseMac(lab.macOf(lab.c1));
        const listener = await listen(lab.c1);
        const frames = badFrames({
          clientMac,
          clientV4: '192.0.2.1',
          clientV6: '2001:db8::1',
          nodeMac: parseMac(nodeMac),
          ownedV4: V4,
          ownedV6: V6,
          garbagePerType: 4,
        });
        const expected: Record<string, number> = {};
        for (const { label, frame, expected: reason } of frames) {
          const decoded = decodeFrame(frame);
          expect(decoded.ok, label).toBe(false);
          if (decoded.ok) continue;
          if (reason !== undefined) expect(decoded.reason, label).toBe(reason);
          expected[decoded.reason] = (expected[decoded.reason] ?? 0) + 1;
        }
        send(
          lab.c1,
          frames.map((f) => f.frame),
        );

        // Still up, for both families.
        const hit = arping(lab.c1, V4, 2);
        expect(hit.status).toBe(0);
        expect(hit.stdout.toLowerCase()).toContain(`from ${nodeMac} (${V4})`);
        send(lab.c1, [
          neighborSolicitationFrame({ sourceMac: clientMac, source: '2001:db8::1', target: V6 }),
        ]);
        await waitForFrame(listener, isAdvertisementFor(V6, true));

        const counters = await stopForCounters(proc);
        const eth0 = counters.interfaces.eth0;
        console.log(`sent ${JSON.stringify(expected)}; counted ${JSON.stringify(eth0)}`);
        for (const [reason, count] of Object.entries(expected)) {
          const counted = eth0?.dropped[reason as keyof typeof eth0.dropped];
          if (ONLY_OURS.has(reason)) expect(counted, reason).toBe(count);
          else expect(counted, reason).toBeGreaterThanOrEqual(count);
        }
        expect(eth0?.dropped.truncated).toBeGreaterThanOrEqual(1);
        expect(eth0?.dropped['bad-hardware-type']).toBeGreaterThanOrEqual(1);
        expect(eth0?.dropped['bad-checksum']).toBe(1);
        expect(eth0?.dropped['bad-hop-limit']).toBe(1);
        expect(counters.requests_received).toEqual({ [V4]: 1, [V6]: 1 });
        expect(counters.responses_sent).toEqual({ [V4]: 1, [V6]: 1 });
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'answers only on the interface it was given: nothing for a request on the second LAN',
      async () => {
        const proc = await respond();
        const nodeMac = lab.macOf(lab.node, 'eth0');
        const onEth1 = await listen(lab.node, 'eth1');
        const atC2 = await listen(lab.c2);

        const miss = arping(lab.c2, V4, 2);
        expect(miss.status).not.toBe(0);
        expect(miss.stdout).not.toContain('bytes from');
        const c2Mac = parseMac(lab.macOf(lab.c2));
        send(lab.c2, [
          neighborSolicitationFrame({ sourceMac: c2Mac, source: '2001:db8::2', target: V6 }),
        ]);
        // Both requests did reach the node, on eth1.
        await waitForFrame(onEth1, isArpRequestFor(V4));
        await waitForFrame(onEth1, isSolicitationFor(V6));

        const hit = arping(lab.c1, V4, 2);
        expect(hit.status).toBe(0);
        expect(hit.stdout.toLowerCase()).toContain(`from ${nodeMac} (${V4})`);

        const counters = await stopForCounters(proc);
        console.log(`counters ${JSON.stringify(counters)}`);
        expect(Object.keys(counters.interfaces)).toEqual(['eth0']);
        expect(counters.requests_received).toEqual({ [V4]: 1 });
        expect(counters.responses_sent).toEqual({ [V4]: 1 });
        expect(counters.interfaces.eth0?.dropped['not-owned']).toBeUndefined();
        // LAN 2 never saw the owned addresses claimed: no reply, no NA, no announcement.
        const claims = seenFrames(atC2).filter(
          (f) => isArpReplyFor(V4)(f) || isAdvertisementFor(V6)(f) || isArpRequestFor(V4)(f),
        );
        expect(claims).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'never answers for an address it does not own, DAD probes included; defends its own',
      async () => {
        const proc = await respond();
        const clientMac = parseMac(lab.macOf(lab.c1));
        const listener = await listen(lab.c1);

        const miss = arping(lab.c1, UNOWNED_V4, 1);
        expect(miss.status).not.toBe(0);
        const nd = lab.run(lab.c1, ['ndisc6', '-1', '-r', '1', '-w', '500', UNOWNED_V6, 'eth0']);
        expect(nd.status).not.toBe(0);
        const ns = (source: string, target: string) =>
          neighborSolicitationFrame({ sourceMac: clientMac, source, target });
        send(lab.c1, [
          ns('2001:db8::1', UNOWNED_V6),
          ns('::', UNOWNED_V6), // DAD probe for an address not owned
          arpRequestFrame({ sourceMac: clientMac, sender: '0.0.0.0', target: UNOWNED_V4 }),
          ns('::', V6), // DAD probe for an owned address: defended
          ns('2001:db8::1', V6), // the barrier: answered after all of the above
        ]);
        await waitForFrame(listener, isAdvertisementFor(V6, true));

        const seen = seenFrames(listener);
        expect(seen.filter(isAdvertisementFor(UNOWNED_V6))).toEqual([]);
        expect(seen.filter(isArpReplyFor(UNOWNED_V4))).toEqual([]);
        const counters = await stopForCounters(proc);
        console.log(
          `NAs for ${V6} seen: ${seen.filter(isAdvertisementFor(V6)).length}; counters ${JSON.stringify(counters)}`,
        );
        // arping (1+), ndisc6, the NS, the DAD probe and the ARP probe for unowned addresses.
        expect(counters.interfaces.eth0?.dropped['not-owned']).toBeGreaterThanOrEqual(5);
        expect(Object.keys(counters.requests_received).sort()).toEqual([V6]);
        expect(counters.requests_received[V6]).toBe(2);
        expect(counters.responses_sent).toEqual({ [V6]: 2 });
      },
      TEST_TIMEOUT_MS,
    );
  },
);
