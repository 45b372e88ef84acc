// `arp-ndp respond` against the Linux kernel, in a switched LAN of network namespaces
// (src/testing/lan-lab.ts: client 192.0.2.1 / 2001:db8::1, nodes a and b with no address, all on
// one bridge). The responder (the CLI, bundled from source) owns 192.0.2.10 and 2001:db8::10;
// no host has them configured, so only our answers can put them in the client's neighbour
// table. Absence (192.0.2.11) is shown by arping's failure and an entry without lladdr.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, type LabProcess, LanLab, shouldSkipLab } from './testing/lan-lab.js';

const V4 = '192.0.2.10';
const V6 = '2001:db8::10';
const POLL_MS = 20;
const TAKEOVER_BOUND_MS = 5_000;
const TEST_TIMEOUT_MS = 30_000;

describe.skipIf(shouldSkipLab('arp-ndp responder namespace tests'))('arp-ndp respond', () => {
  let lab: LanLab;
  let cli: Awaited<ReturnType<typeof bundleCli>>;
  const procs = new Set<LabProcess>();

  beforeAll(async () => {
    cli = await bundleCli();
    lab = LanLab.create();
  }, TEST_TIMEOUT_MS);
  afterEach(async () => {
    await Promise.allSettled([...procs].map((p) => p.stop()));
    procs.clear();
    for (const family of ['-4', '-6']) {
      lab?.run(lab.client, ['ip', family, 'neigh', 'flush', 'dev', 'eth0']);
    }
  });
  afterAll(async () => {
    await lab?.close();
    cli?.remove();
  });

  async function respond(ns: string, addresses = [V4, V6]): Promise<LabProcess> {
    const argv = ['respond', '--interface', 'eth0', ...addresses.flatMap((a) => ['--address', a])];
    const proc = lab.spawn(ns, [process.execPath, cli.script, ...argv]);
    procs.add(proc);
    await proc.waitFor((e) => e.event === 'started');
    return proc;
  }

  /** Sends real traffic so the client's kernel resolves `address` (the ping itself fails). */
  function resolveFromClient(address: string): void {
    const family = address.includes(':') ? ['-6'] : [];
    lab.run(lab.client, ['ping', ...family, '-c1', '-W1', address]);
  }

  it(
    'answers arping and ndisc6 with the responder MAC, and not for an address it does not own',
    async () => {
      await respond(lab.a);
      const mac = lab.macOf(lab.a);
      const hit = lab.run(lab.client, ['arping', '-c', '1', '-w', '2', '-i', 'eth0', V4]);
      expect(hit.status).toBe(0);
      expect(hit.stdout.toLowerCase()).toContain(`from ${mac} (${V4})`);
      const miss = lab.run(lab.client, [
        'arping',
        '-c',
        '1',
        '-w',
        '1',
        '-i',
        'eth0',
        '192.0.2.11',
      ]);
      expect(miss.status).not.toBe(0);
      expect(miss.stdout).not.toContain('bytes from');
      // ndisc6 too: it accepts the NA because it comes from the owned address itself.
      const nd = lab.run(lab.client, ['ndisc6', '-1', '-r', '2', V6, 'eth0']);
      expect(nd.status).toBe(0);
      expect(nd.stdout.toLowerCase()).toContain(`target link-layer address: ${mac}`);
      expect(nd.stdout).toContain(`from ${V6}`);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "fills the client kernel's ARP and NDP tables with the responder MAC, not for others",
    async () => {
      const proc = await respond(lab.a);
      const mac = lab.macOf(lab.a);
      resolveFromClient(V4);
      expect(lab.clientNeighbor(V4)?.lladdr).toBe(mac);
      resolveFromClient(V6);
      expect(lab.clientNeighbor(V6)?.lladdr).toBe(mac);
      resolveFromClient('192.0.2.11');
      expect(lab.clientNeighbor('192.0.2.11')?.lladdr).toBeUndefined();
      resolveFromClient('2001:db8::11');
      expect(lab.clientNeighbor('2001:db8::11')?.lladdr).toBeUndefined();
      expect(await proc.stop()).toBe(0);
      const stopped = await proc.waitFor((e) => e.event === 'stopped');
      const counters = stopped.event.counters as Record<string, Record<string, number>>;
      expect(counters.responses_sent?.[V4]).toBeGreaterThanOrEqual(1);
      expect(counters.responses_sent?.[V6]).toBeGreaterThanOrEqual(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a second responder takes the addresses over after the first stops (prints the times)',
    async () => {
      const first = await respond(lab.a);
      const macA = lab.macOf(lab.a);
      const macB = lab.macOf(lab.b);
      resolveFromClient(V4);
      resolveFromClient(V6);
      expect(lab.clientNeighbor(V4)?.lladdr).toBe(macA);
      expect(lab.clientNeighbor(V6)?.lladdr).toBe(macA);
      expect(await first.stop()).toBe(0);

      const spawnedAt = performance.now();
      const second = await respond(lab.b);
      const announced = await second.waitFor((e) => e.event === 'announced');
      const seen: Record<string, number> = {};
      while (Object.keys(seen).length < 2 && performance.now() - spawnedAt < TAKEOVER_BOUND_MS) {
        for (const address of [V4, V6]) {
          if (seen[address] === undefined && lab.clientNeighbor(address)?.lladdr === macB) {
            seen[address] = performance.now();
          }
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      const report = (address: string) => ({
        fromSpawnMs: Math.round((seen[address] ?? Number.NaN) - spawnedAt),
        fromFirstAnnouncementMs: Math.round((seen[address] ?? Number.NaN) - announced.at),
      });
      console.log(`takeover IPv4 ${JSON.stringify(report(V4))} IPv6 ${JSON.stringify(report(V6))}`);
      expect(seen[V4]).toBeDefined();
      expect(seen[V6]).toBeDefined();
      expect(report(V4).fromFirstAnnouncementMs).toBeLessThan(1_000);
      expect(report(V6).fromFirstAnnouncementMs).toBeLessThan(1_000);
    },
    TEST_TIMEOUT_MS,
  );
});
