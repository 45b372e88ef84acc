import { expect, it } from 'vitest';
import { Frr } from './frr.js';
import {
  describeLab,
  expectedTestRoute,
  gobgpSpeaker,
  refreshesReceivedBy,
  TEST_ROUTE,
} from './testing.js';
import { Lab } from './topology.js';
import { pollUntil } from './wait.js';

describeLab('Frr', () => {
  it('receives a route from an active GoBGP (LAB.md §5), refreshes it, and drops it on withdraw', async () => {
    await using lab = await Lab.create({ hosts: ['speaker'] });
    const router = lab.router!;
    const speaker = lab.host('speaker');
    const frr = new Frr({
      host: router,
      asn: 64512,
      routerId: router.ipv4,
      neighbors: [{ address: speaker.ipv4, asn: 64513, passive: true }],
    });
    const gobgp = gobgpSpeaker(speaker, [{ address: router.ipv4 }]);
    await frr.start();
    await gobgp.start();
    await gobgp.announce('ipv4', TEST_ROUTE);
    await frr.waitForState(speaker.ipv4, 'established', 30_000);
    const routes = await frr.waitForRoutes('ipv4', (r) => r.length > 0, 10_000);
    expect(routes).toEqual([expectedTestRoute(speaker)]);
    await frr.softResetIn(speaker.ipv4);
    await pollUntil(
      async () => ((await refreshesReceivedBy(gobgp, router.ipv4)) > 0 ? true : undefined),
      {
        timeoutMs: 10_000,
        what: 'GoBGP to count a ROUTE-REFRESH from FRR',
      },
    );
    await gobgp.withdraw('ipv4', TEST_ROUTE.prefix);
    await frr.waitForRoutes('ipv4', (r) => r.length === 0, 10_000);
  });

  it('originates routes with attributes, replaces and withdraws them, and keeps them over a restart', async () => {
    await using lab = await Lab.create({ hosts: ['speaker'] });
    const router = lab.router!;
    const speaker = lab.host('speaker');
    const frr = new Frr({
      host: router,
      asn: 64512,
      routerId: router.ipv4,
      neighbors: [],
      dynamicNeighbors: { prefix: '192.0.2.0/24', asn: 64513 },
    });
    const gobgp = gobgpSpeaker(speaker, [{ address: router.ipv4 }]);
    await frr.announce('ipv4', { prefix: '203.0.113.20/32', communities: ['65000:7'] });
    await frr.start();
    await gobgp.start();
    await frr.announce('ipv4', {
      prefix: '203.0.113.21/32',
      med: 9,
      largeCommunities: ['64512:0:1'],
      extendedCommunities: ['rt:65000:100', 'soo:192.0.2.1:7'],
    });
    await frr.waitForState(speaker.ipv4, 'established', 30_000);
    const got = await gobgp.waitForRoutes('ipv4', (r) => r.length === 2, 10_000);
    expect(got).toEqual([
      {
        prefix: '203.0.113.20/32',
        nextHop: router.ipv4,
        asPath: [64512],
        communities: ['65000:7'],
        largeCommunities: [],
        extendedCommunities: [],
        // FRR sends MED 0 on `network` routes unless a route-map sets one.
        med: 0,
        peer: router.ipv4,
      },
      {
        prefix: '203.0.113.21/32',
        nextHop: router.ipv4,
        asPath: [64512],
        communities: [],
        largeCommunities: ['64512:0:1'],
        extendedCommunities: ['rt:65000:100', 'soo:192.0.2.1:7'],
        med: 9,
        peer: router.ipv4,
      },
    ]);
    await frr.announce('ipv4', { prefix: '203.0.113.20/32', communities: ['65000:8'] });
    await frr.withdraw('ipv4', '203.0.113.21/32');
    await gobgp.waitForRoutes(
      'ipv4',
      (r) => r.length === 1 && r[0]!.communities.join() === '65000:8',
      15_000,
    );
    await frr.restart();
    await frr.waitForState(speaker.ipv4, 'established', 30_000);
    await gobgp.waitForRoutes(
      'ipv4',
      (r) => r.length === 1 && r[0]!.communities.join() === '65000:8',
      15_000,
    );
  });
});
