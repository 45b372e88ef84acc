import { expect, it } from 'vitest';
import { Bird } from './bird.js';
import { ExaBgp } from './exabgp.js';
import { Frr } from './frr.js';
import { describeLab, gobgpSpeaker } from './testing.js';
import { Lab } from './topology.js';

const PREFIX = '2001:db8:99::/48';

describeLab('IPv6 over IPv6 transport', () => {
  it('carries 2001:db8:99::/48 from GoBGP to BIRD, FRR and ExaBGP and withdraws it', async () => {
    await using lab = await Lab.create({ hosts: ['speaker', 'frr', 'exa'] });
    const router = lab.router!;
    const speaker = lab.host('speaker');
    const v6 = (h: typeof speaker) => h.ipv6!;
    const receivers = [
      new Bird({
        host: router,
        asn: 64512,
        routerId: router.ipv4,
        families: ['ipv6'],
        neighbors: [{ address: v6(speaker), asn: 64513 }],
      }),
      new Frr({
        host: lab.host('frr'),
        asn: 64512,
        routerId: lab.host('frr').ipv4,
        families: ['ipv6'],
        neighbors: [{ address: v6(speaker), asn: 64513 }],
      }),
      new ExaBgp({
        host: lab.host('exa'),
        asn: 64512,
        routerId: lab.host('exa').ipv4,
        families: ['ipv6'],
        neighbors: [{ address: v6(speaker), asn: 64513 }],
      }),
    ];
    const gobgp = gobgpSpeaker(
      speaker,
      receivers.map((r) => ({ address: v6(r.host), passive: true })),
      { families: ['ipv6'] },
    );
    await gobgp.announce('ipv6', { prefix: PREFIX, communities: ['65000:6'], med: 6 });
    await gobgp.start();
    await Promise.all(receivers.map((r) => r.start()));
    for (const r of receivers) {
      await r.waitForState(v6(speaker), 'established', 30_000);
      const routes = await r.waitForRoutes('ipv6', (t) => t.length > 0, 10_000);
      expect(routes, r.kind).toEqual([
        expect.objectContaining({
          prefix: PREFIX,
          nextHop: v6(speaker),
          asPath: [64513],
          communities: ['65000:6'],
          med: 6,
          peer: v6(speaker),
        }),
      ]);
      expect(await r.routes('ipv4'), r.kind).toEqual([]);
    }
    await gobgp.withdraw('ipv6', PREFIX);
    for (const r of receivers) await r.waitForRoutes('ipv6', (t) => t.length === 0, 10_000);
  });
});
