/**
 * Our speaker against BIRD 2 in lab namespaces (LAB.md): BIRD's own table must show exactly
 * what we announce. Our speaker runs in this process; its sockets live in the lab namespace
 * (testing/netns-sockets.ts). Skipped with a printed reason without root or BIRD, never
 * under CI=true.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Bird, Lab, type LabHost, type LabRoute } from '@baremetal-lb/lab';
import { describe, expect, it } from 'vitest';
import { BgpListener } from '../transport/listener.js';
import { BgpSpeaker } from './speaker.js';
import { NetnsSockets } from './testing/netns-sockets.js';

function isOnPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Why these tests cannot run here, or undefined. Never a reason under CI=true. */
function skipReason(): string | undefined {
  if (process.env.CI === 'true') return undefined;
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  const missing = ['ip', 'bird', 'birdc'].filter((c) => !isOnPath(c));
  return missing.length > 0 ? `missing ${missing.join(', ')} (LAB.md §1)` : undefined;
}

const reason = skipReason();
if (reason) console.warn(`skipping BIRD interop tests: ${reason}`);
const describeLab = reason ? describe.skip : describe;

const ROUTE = {
  prefix: '203.0.113.10/32',
  communities: ['65000:100'],
  largeCommunities: ['65000:1:2'],
  extendedCommunities: ['rt:65000:100', 'soo:192.0.2.1:7'],
  med: 5,
};

/** A speaker on `host` (sockets in its namespace), closed with the lab. */
async function speakerOn(host: LabHost, localAs: number, listen = false) {
  const sockets = await NetnsSockets.start(host.netns);
  const listener = listen ? BgpListener.fromServer(await sockets.listen(179)) : undefined;
  const speaker = new BgpSpeaker({
    localAs,
    routerId: host.ipv4,
    connect: sockets.connect,
    listen: listener ?? false,
  });
  host.netns.track({
    close: async () => {
      await speaker.close();
      await listener?.close();
      await sockets.close();
    },
  });
  return speaker;
}

const FAST = { connectRetrySec: 1, backoff: { initialSec: 1 }, holdTimeSec: 9 } as const;

describeLab('BgpSpeaker against BIRD 2', () => {
  it('eBGP, 4-octet AS: BIRD holds exactly our route with its communities and MED, then drops it', async () => {
    await using lab = await Lab.pair();
    const [us, router] = lab.hosts as [LabHost, LabHost];
    const bird = new Bird({
      host: router,
      asn: 64512,
      routerId: router.ipv4,
      neighbors: [{ address: us.ipv4, asn: 4200000001, passive: true }],
    });
    await bird.start();
    const speaker = await speakerOn(us, 4200000001);
    speaker.announce([ROUTE]);
    await speaker.addPeer({ address: router.ipv4, peerAs: 64512, families: ['ipv4'], ...FAST });
    await bird.waitForState(us.ipv4, 'established', 30_000);
    const routes = await bird.waitForRoutes('ipv4', (r) => r.length > 0, 15_000);
    expect(routes).toEqual([
      {
        prefix: '203.0.113.10/32',
        nextHop: us.ipv4,
        asPath: [4200000001],
        communities: ['65000:100'],
        largeCommunities: ['65000:1:2'],
        extendedCommunities: ['rt:65000:100', 'soo:192.0.2.1:7'],
        med: 5,
        localPref: 100, // BIRD's own default for what it learns over eBGP
        peer: us.ipv4,
      } satisfies LabRoute,
    ]);
    speaker.withdraw(['203.0.113.10/32']);
    await bird.waitForRoutes('ipv4', (r) => r.length === 0, 15_000);
    expect(speaker.peerState(router.ipv4)).toBe('established');
  }, 60_000);

  it('iBGP: BIRD sees our LOCAL_PREF and an empty AS_PATH', async () => {
    await using lab = await Lab.pair();
    const [us, router] = lab.hosts as [LabHost, LabHost];
    const bird = new Bird({
      host: router,
      asn: 64512,
      routerId: router.ipv4,
      neighbors: [{ address: us.ipv4, asn: 64512, passive: true }],
    });
    await bird.start();
    const speaker = await speakerOn(us, 64512);
    speaker.announce([{ prefix: '203.0.113.20/32', localPref: 250 }]);
    await speaker.addPeer({ address: router.ipv4, peerAs: 64512, families: ['ipv4'], ...FAST });
    const [route] = await bird.waitForRoutes('ipv4', (r) => r.length > 0, 30_000);
    expect(route).toMatchObject({
      prefix: '203.0.113.20/32',
      nextHop: us.ipv4,
      asPath: [],
      localPref: 250,
    });
  }, 60_000);

  it('IPv6 transport, BIRD dialing our listener: an IPv6 prefix with our global next hop', async () => {
    await using lab = await Lab.pair();
    const [us, router] = lab.hosts as [LabHost, LabHost];
    const bird = new Bird({
      host: router,
      asn: 64512,
      routerId: router.ipv4,
      families: ['ipv6'],
      neighbors: [{ address: us.ipv6!, asn: 64513, connectRetrySec: 1 }],
    });
    const speaker = await speakerOn(us, 64513, true);
    speaker.announce([{ prefix: '2001:db8:99::/48', communities: ['65000:6'], med: 6 }]);
    await speaker.addPeer({
      address: router.ipv6!,
      peerAs: 64512,
      passive: true,
      families: ['ipv6'],
      ...FAST,
    });
    await bird.start();
    const routes = await bird.waitForRoutes('ipv6', (r) => r.length > 0, 30_000);
    expect(routes).toEqual([
      expect.objectContaining({
        prefix: '2001:db8:99::/48',
        nextHop: us.ipv6,
        asPath: [64513],
        communities: ['65000:6'],
        med: 6,
      }),
    ]);
    expect(await bird.routes('ipv4')).toEqual([]);
    speaker.withdraw(['2001:db8:99::/48']);
    await bird.waitForRoutes('ipv6', (r) => r.length === 0, 15_000);
  }, 60_000);
});
