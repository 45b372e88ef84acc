// "Ping through it works where the address is routed to the responder's namespace": MetalLB's
// layer-2 mode against the Linux kernel, in a LAN of network namespaces (src/testing/lan-lab.ts).
// Node a holds the VIPs 192.0.2.40 and 2001:db8::40 on `lo` (local: its kernel accepts traffic
// for them) with arp_ignore=1 / arp_announce=2, so its kernel never answers ARP/NDP for them
// (src/testing/vip-node.ts). Node b is the control: the same kind of VIPs with no sysctls, to
// show what each setting does. Then the client can ping the VIPs only while `arp-ndp respond`
// runs in node a: the responder is what makes it work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, type LabProcess, LanLab, shouldSkipLab } from './testing/lan-lab.js';
import { addOnEth0, makeVipNode } from './testing/vip-node.js';

const V4 = '192.0.2.40';
const V6 = '2001:db8::40';
const TEST_TIMEOUT_MS = 40_000;

describe.skipIf(shouldSkipLab('arp-ndp ping namespace tests'))('ping through the responder', () => {
  let lab: LanLab;
  let cli: Awaited<ReturnType<typeof bundleCli>>;
  let responder: LabProcess | undefined;

  beforeAll(async () => {
    cli = await bundleCli();
    lab = LanLab.create();
    makeVipNode(lab, lab.a, {
      nodeV4: '192.0.2.2/24',
      nodeV6: '2001:db8::2/64',
      vips: [V4, V6],
      strictArp: true,
    });
    makeVipNode(lab, lab.b, {
      nodeV4: '192.0.2.3/24',
      nodeV6: '2001:db8::3/64',
      vips: ['192.0.2.41', '2001:db8::41'],
      strictArp: false,
    });
    addOnEth0(lab, lab.b, '2001:db8::42/128');
  }, TEST_TIMEOUT_MS);
  afterAll(async () => {
    await responder?.stop();
    await lab?.close();
    cli?.remove();
  });

  function flushClient(): void {
    for (const family of ['-4', '-6'])
      lab.exec(lab.client, ['ip', family, 'neigh', 'flush', 'dev', 'eth0']);
  }
  function arping(address: string): { status: number; stdout: string } {
    return lab.run(lab.client, ['arping', '-c', '1', '-w', '2', '-i', 'eth0', address]);
  }
  function ping(address: string, count: number): { status: number; stdout: string } {
    const family = address.includes(':') ? ['-6'] : [];
    return lab.run(lab.client, ['ping', ...family, '-c', String(count), '-W', '1', address]);
  }
  /** ping failed and the client learned no link-layer address for `address`. */
  function expectUnreachable(address: string): void {
    const result = ping(address, 1);
    expect(result.status, result.stdout).not.toBe(0);
    expect(lab.clientNeighbor(address)?.lladdr).toBeUndefined();
  }

  it(
    'control node: the kernel answers ARP for a VIP on lo (weak host) unless arp_ignore, never NS',
    () => {
      const macB = lab.macOf(lab.b);
      // IPv4 with no sysctls: the kernel answers for an address on lo; this is why node a sets
      // arp_ignore=1.
      const weak = arping('192.0.2.41');
      expect(weak.status, weak.stdout).toBe(0);
      expect(weak.stdout.toLowerCase()).toContain(`from ${macB} (192.0.2.41)`);
      // IPv6 with no sysctls: no NA for an address on lo, so no ping ...
      expectUnreachable('2001:db8::41');
      // ... while an address on the receiving interface is answered and pinged: the setup works.
      const onEth0 = ping('2001:db8::42', 1);
      expect(onEth0.status, onEth0.stdout).toBe(0);
      expect(lab.clientNeighbor('2001:db8::42')?.lladdr).toBe(macB);
      flushClient();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'pings the VIPs only while the responder runs in the node that holds them',
    async () => {
      const macA = lab.macOf(lab.a);
      // The node's kernel alone: no ARP reply, no NA, so no ping.
      const silent = arping(V4);
      expect(silent.status, silent.stdout).not.toBe(0);
      expect(silent.stdout).not.toContain('bytes from');
      expectUnreachable(V4);
      expectUnreachable(V6);
      // The node itself is reachable: its own address answers (the LAN is fine).
      expect(ping('192.0.2.2', 1).status).toBe(0);
      flushClient();

      const argv = ['respond', '--interface', 'eth0', '--address', V4, '--address', V6];
      responder = lab.spawn(lab.a, [process.execPath, cli.script, ...argv]);
      await responder.waitFor((e) => e.event === 'started');
      for (const address of [V4, V6]) {
        const result = ping(address, 3);
        expect(result.status, result.stdout).toBe(0);
        expect(result.stdout).toContain('3 received');
        expect(lab.clientNeighbor(address)?.lladdr).toBe(macA);
      }
      const hit = arping(V4);
      expect(hit.stdout.toLowerCase()).toContain(`from ${macA} (${V4})`);

      expect(await responder.stop()).toBe(0);
      const stopped = await responder.waitFor((e) => e.event === 'stopped');
      const counters = stopped.event.counters as Record<string, Record<string, number>>;
      expect(counters.responses_sent?.[V4]).toBeGreaterThanOrEqual(1);
      expect(counters.responses_sent?.[V6]).toBeGreaterThanOrEqual(1);
      responder = undefined;

      // Nobody answers ARP/NDP for the VIPs any more: once the client forgets them, no ping.
      flushClient();
      expectUnreachable(V4);
      expectUnreachable(V6);
    },
    TEST_TIMEOUT_MS,
  );
});
