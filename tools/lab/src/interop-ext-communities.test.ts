import { expect, it } from 'vitest';
import { Bird } from './bird.js';
import { ExaBgp } from './exabgp.js';
import { Frr } from './frr.js';
import { GoBgp } from './gobgp.js';
import { describeLab } from './testing.js';
import { Lab } from './topology.js';

/** Every canonical form, sorted as `LabRoute.extendedCommunities` is. */
const EXT = [
  'raw:0300000000000005',
  'raw:0b00000000000005',
  'rt:192.0.2.5:100',
  'rt:4200000000:7',
  'rt:65000:100',
  'soo:65000:7',
];

describeLab('extended communities', () => {
  it('read the same from BIRD, FRR, GoBGP and ExaBGP tables', async () => {
    await using lab = await Lab.create({ hosts: ['origin', 'frr', 'gobgp', 'exa'] });
    const origin = lab.host('origin');
    const hosts = [lab.router!, lab.host('frr'), lab.host('gobgp'), lab.host('exa')];
    const classes = [Bird, Frr, GoBgp, ExaBgp] as const;
    // Every receiver connects to the origin: BIRD, FRR and ExaBGP connect within a second or two.
    const receivers = hosts.map(
      (host, i) =>
        new classes[i]!({
          host,
          asn: 64520 + i,
          routerId: host.ipv4,
          neighbors: [{ address: origin.ipv4, asn: 64513, passive: i === 2 }],
        }),
    );
    // BIRD originates (its filters can set all five forms) toward everyone; GoBGP is the one
    // receiver that waits for BIRD to connect.
    const bird = new Bird({
      host: origin,
      asn: 64513,
      routerId: origin.ipv4,
      neighbors: hosts.map((h, i) => ({ address: h.ipv4, asn: 64520 + i, passive: i !== 2 })),
    });
    await bird.announce('ipv4', { prefix: '203.0.113.80/32', extendedCommunities: EXT });
    await bird.start();
    await Promise.all(receivers.map((r) => r.start()));
    for (const r of receivers) {
      const [route] = await r.waitForRoutes('ipv4', (t) => t.length === 1, 30_000);
      // FRR shows neither a name nor the octets of types it does not know.
      const expected = r.kind === 'frr' ? ['frr:UNK:11, 0', 'frr:UNK:3, 2', ...EXT.slice(2)] : EXT;
      expect.soft(route?.extendedCommunities, r.kind).toEqual(expected);
      expect(route).toMatchObject({
        prefix: '203.0.113.80/32',
        asPath: [64513],
        nextHop: origin.ipv4,
      });
    }
  });
});
