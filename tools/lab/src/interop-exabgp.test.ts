import { expect, it } from 'vitest';
import { ExaBgp } from './exabgp.js';
import {
  describeLab,
  expectedTestRoute,
  gobgpSpeaker,
  refreshesReceivedBy,
  TEST_ROUTE,
} from './testing.js';
import { Lab } from './topology.js';
import { pollUntil } from './wait.js';

describeLab('ExaBgp', () => {
  it('receives a route from a passive GoBGP, refreshes it, and drops it on withdraw', async () => {
    await using lab = await Lab.create({ hosts: ['speaker'] });
    const router = lab.router!;
    const speaker = lab.host('speaker');
    const exa = new ExaBgp({
      host: router,
      asn: 64512,
      routerId: router.ipv4,
      neighbors: [{ address: speaker.ipv4, asn: 64513 }],
    });
    const gobgp = gobgpSpeaker(speaker, [{ address: router.ipv4, passive: true }]);
    await gobgp.announce('ipv4', TEST_ROUTE);
    await gobgp.start();
    await exa.start();
    await exa.waitForState(speaker.ipv4, 'established', 30_000);
    const routes = await exa.waitForRoutes('ipv4', (r) => r.length > 0, 10_000);
    expect(routes).toEqual([expectedTestRoute(speaker)]);
    await exa.softResetIn(speaker.ipv4);
    await pollUntil(
      async () => ((await refreshesReceivedBy(gobgp, router.ipv4)) > 0 ? true : undefined),
      {
        timeoutMs: 10_000,
        what: 'GoBGP to count a ROUTE-REFRESH from ExaBGP',
      },
    );
    await gobgp.withdraw('ipv4', TEST_ROUTE.prefix);
    await exa.waitForRoutes('ipv4', (r) => r.length === 0, 10_000);
  });

  it('originates routes through its API, replaces and withdraws them, and replays them after a restart', async () => {
    await using lab = await Lab.create({ hosts: ['speaker'] });
    const router = lab.router!;
    const speaker = lab.host('speaker');
    const exa = new ExaBgp({
      host: router,
      asn: 64512,
      routerId: router.ipv4,
      neighbors: [{ address: speaker.ipv4, asn: 64513 }],
    });
    const gobgp = gobgpSpeaker(speaker, [{ address: router.ipv4, passive: true }]);
    await gobgp.start();
    await exa.start();
    await exa.announce('ipv4', {
      prefix: '203.0.113.30/32',
      med: 3,
      communities: ['65000:30'],
      localPref: 50,
    });
    await exa.waitForState(speaker.ipv4, 'established', 30_000);
    const got = await gobgp.waitForRoutes('ipv4', (r) => r.length === 1, 10_000);
    // GoBGP drops LOCAL_PREF received over eBGP.
    expect(got).toEqual([
      {
        prefix: '203.0.113.30/32',
        nextHop: router.ipv4,
        asPath: [64512],
        communities: ['65000:30'],
        largeCommunities: [],
        extendedCommunities: [],
        med: 3,
        peer: router.ipv4,
      },
    ]);
    await exa.announce('ipv4', { prefix: '203.0.113.30/32', med: 4 });
    await exa.announce('ipv4', { prefix: '203.0.113.31/32' });
    await gobgp.waitForRoutes('ipv4', (r) => r.length === 2 && r[0]!.med === 4, 10_000);
    await exa.withdraw('ipv4', '203.0.113.31/32');
    await gobgp.waitForRoutes('ipv4', (r) => r.length === 1, 10_000);
    await exa.restart();
    await exa.waitForState(speaker.ipv4, 'established', 30_000);
    await gobgp.waitForRoutes('ipv4', (r) => r.length === 1 && r[0]!.med === 4, 10_000);
    expect(await exa.routes('ipv4')).toEqual([]);
  });
});
