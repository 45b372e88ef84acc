import { expect, it } from 'vitest';
import { Bird } from './bird.js';
import {
  describeLab,
  expectedTestRoute,
  gobgpSpeaker,
  refreshesReceivedBy,
  TEST_ROUTE,
} from './testing.js';
import { Lab } from './topology.js';
import { pollUntil } from './wait.js';

describeLab('Bird', () => {
  it('receives a route from an active GoBGP (LAB.md §4), refreshes it, and drops it on withdraw', async () => {
    await using lab = await Lab.create({ hosts: ['speaker'] });
    const router = lab.router!;
    const speaker = lab.host('speaker');
    const bird = new Bird({
      host: router,
      asn: 64512,
      routerId: router.ipv4,
      neighbors: [{ address: speaker.ipv4, asn: 64513, passive: true }],
    });
    const gobgp = gobgpSpeaker(speaker, [{ address: router.ipv4 }]);
    await bird.start();
    await gobgp.start();
    await gobgp.announce('ipv4', TEST_ROUTE);
    await bird.waitForState(speaker.ipv4, 'established', 30_000);
    expect(await gobgp.neighborState(router.ipv4)).toBe('established');
    const routes = await bird.waitForRoutes('ipv4', (r) => r.length > 0, 10_000);
    // BIRD sets LOCAL_PREF (100) on what it learns over eBGP.
    expect(routes).toEqual([expectedTestRoute(speaker, { localPref: 100 })]);
    await bird.softResetIn(speaker.ipv4);
    await pollUntil(
      async () => ((await refreshesReceivedBy(gobgp, router.ipv4)) > 0 ? true : undefined),
      {
        timeoutMs: 10_000,
        what: 'GoBGP to count a ROUTE-REFRESH from BIRD',
      },
    );
    await gobgp.withdraw('ipv4', TEST_ROUTE.prefix);
    await bird.waitForRoutes('ipv4', (r) => r.length === 0, 10_000);
  });

  it('originates from a dynamic-neighbour config, replaces, withdraws, and keeps routes over a restart', async () => {
    await using lab = await Lab.create({ hosts: ['speaker'] });
    const router = lab.router!;
    const speaker = lab.host('speaker');
    const bird = new Bird({
      host: router,
      asn: 64512,
      routerId: router.ipv4,
      neighbors: [],
      dynamicNeighbors: { prefix: '192.0.2.0/24', asn: 64513 },
    });
    const gobgp = gobgpSpeaker(speaker, [{ address: router.ipv4 }]);
    await bird.announce('ipv4', {
      prefix: '203.0.113.50/32',
      med: 4,
      communities: ['65000:1'],
      largeCommunities: ['64512:7:8'],
      extendedCommunities: ['rt:65000:100', 'soo:192.0.2.1:7', 'rt:4200000000:9'],
    });
    await bird.start();
    await gobgp.start();
    await bird.waitForState(speaker.ipv4, 'established', 30_000);
    const got = await gobgp.waitForRoutes('ipv4', (r) => r.length === 1, 10_000);
    expect(got).toEqual([
      {
        prefix: '203.0.113.50/32',
        nextHop: router.ipv4,
        asPath: [64512],
        communities: ['65000:1'],
        largeCommunities: ['64512:7:8'],
        extendedCommunities: ['rt:4200000000:9', 'rt:65000:100', 'soo:192.0.2.1:7'],
        med: 4,
        peer: router.ipv4,
      },
    ]);
    await bird.announce('ipv4', { prefix: '203.0.113.50/32', med: 5 });
    await bird.announce('ipv4', { prefix: '203.0.113.51/32' });
    await gobgp.waitForRoutes(
      'ipv4',
      (r) => r.length === 2 && r[0]!.med === 5 && r[0]!.communities.length === 0,
      10_000,
    );
    await bird.withdraw('ipv4', '203.0.113.51/32');
    await gobgp.waitForRoutes('ipv4', (r) => r.length === 1, 10_000);
    await bird.restart();
    await bird.waitForState(speaker.ipv4, 'established', 30_000);
    await gobgp.waitForRoutes('ipv4', (r) => r.length === 1 && r[0]!.med === 5, 10_000);
  });

  it('loses the session when the peer is frozen past the hold time and regains it after thaw', async () => {
    await using lab = await Lab.pair();
    const [a, b] = lab.hosts as [(typeof lab.hosts)[0], (typeof lab.hosts)[0]];
    const bird = new Bird({
      host: a,
      asn: 64512,
      routerId: a.ipv4,
      neighbors: [{ address: b.ipv4, asn: 64513, holdTimeSec: 3 }],
    });
    const gobgp = gobgpSpeaker(b, [{ address: a.ipv4, passive: true }]);
    await gobgp.start();
    await bird.start();
    await bird.waitForState(b.ipv4, 'established', 30_000);
    await gobgp.freeze();
    await pollUntil(
      async () => ((await bird.neighborState(b.ipv4)) !== 'established' ? true : undefined),
      {
        timeoutMs: 10_000,
        what: 'BIRD to drop the frozen peer after its 3 s hold time',
      },
    );
    await gobgp.thaw();
    await bird.waitForState(b.ipv4, 'established', 30_000);
    expect(await gobgp.neighborState(a.ipv4)).toBe('established');
  });
});
