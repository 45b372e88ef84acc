import { expect, it } from 'vitest';
import { GoBgp } from './gobgp.js';
import {
  describeLab,
  expectedTestRoute,
  gobgpSpeaker,
  refreshesReceivedBy,
  TEST_ROUTE,
} from './testing.js';
import { Lab } from './topology.js';

describeLab('GoBgp', () => {
  it('receives a route on a dynamic-neighbour router (LAB.md §6), soft-resets, and drops it on withdraw', async () => {
    await using lab = await Lab.create({ hosts: ['speaker'] });
    const router = lab.router!;
    const speaker = lab.host('speaker');
    const receiver = new GoBgp({
      host: router,
      asn: 64512,
      routerId: router.ipv4,
      neighbors: [],
      dynamicNeighbors: { prefix: '192.0.2.0/24', asn: 64513 },
    });
    const gobgp = gobgpSpeaker(speaker, [{ address: router.ipv4 }]);
    await receiver.start();
    await gobgp.start();
    await gobgp.announce('ipv4', TEST_ROUTE);
    expect(await receiver.neighborState(speaker.ipv4)).not.toBe('established');
    await receiver.waitForState(speaker.ipv4, 'established', 30_000);
    const routes = await receiver.waitForRoutes('ipv4', (r) => r.length > 0, 10_000);
    expect(routes).toEqual([expectedTestRoute(speaker)]);
    // Its own originated routes are not part of `routes()`.
    await receiver.announce('ipv4', { prefix: '203.0.113.60/32' });
    await gobgp.waitForRoutes('ipv4', (r) => r.length === 1, 10_000);
    expect(await receiver.routes('ipv4')).toHaveLength(1);
    // GoBGP re-applies policy to its own Adj-RIB-In: no ROUTE-REFRESH reaches the speaker.
    await receiver.softResetIn(speaker.ipv4);
    expect(await receiver.routes('ipv4')).toEqual([expectedTestRoute(speaker)]);
    expect(await refreshesReceivedBy(gobgp, router.ipv4)).toBe(0);
    await gobgp.withdraw('ipv4', TEST_ROUTE.prefix);
    await receiver.waitForRoutes('ipv4', (r) => r.length === 0, 10_000);
  });

  it('refuses extended communities its CLI cannot originate', async () => {
    await using lab = await Lab.pair();
    const gobgp = gobgpSpeaker(lab.hosts[0]!, [{ address: lab.hosts[1]!.ipv4 }]);
    for (const ext of ['soo:65000:1', 'rt:4200000000:1', 'raw:4300000000000005']) {
      await expect(
        gobgp.announce('ipv4', { prefix: '203.0.113.1/32', extendedCommunities: [ext] }),
      ).rejects.toMatchObject({
        code: 'LAB_ERR_UNSUPPORTED',
      });
    }
    await expect(gobgp.announce('ipv4', { prefix: '2001:db8::/32' })).rejects.toMatchObject({
      code: 'LAB_ERR_INVALID_ARGUMENT',
    });
    await expect(gobgp.routes('ipv4')).rejects.toMatchObject({ code: 'LAB_ERR_STATE' });
  });
});
