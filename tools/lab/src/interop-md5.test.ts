import { expect, it } from 'vitest';
import { Bird } from './bird.js';
import { Frr } from './frr.js';
import { describeLab } from './testing.js';
import { Lab } from './topology.js';
import { pollUntil } from './wait.js';

describeLab('TCP-MD5 (RFC 2385)', () => {
  it('establishes BIRD <-> FRR with a matching password and never with a wrong one', async () => {
    await using lab = await Lab.create({ hosts: ['good', 'bad'] });
    const router = lab.router!;
    const good = lab.host('good');
    const bad = lab.host('bad');
    const bird = new Bird({
      host: router,
      asn: 64512,
      routerId: router.ipv4,
      neighbors: [
        { address: good.ipv4, asn: 64513, passive: true, password: 'lab-secret' },
        { address: bad.ipv4, asn: 64514, passive: true, password: 'lab-secret' },
      ],
    });
    const frrGood = new Frr({
      host: good,
      asn: 64513,
      routerId: good.ipv4,
      neighbors: [{ address: router.ipv4, asn: 64512, password: 'lab-secret' }],
    });
    const frrBad = new Frr({
      host: bad,
      asn: 64514,
      routerId: bad.ipv4,
      neighbors: [{ address: router.ipv4, asn: 64512, password: 'not-the-secret' }],
    });
    await bird.start();
    await Promise.all([frrGood.start(), frrBad.start()]);
    await frrGood.announce('ipv4', { prefix: '203.0.113.70/32' });
    await bird.waitForState(good.ipv4, 'established', 30_000);
    await frrGood.waitForState(router.ipv4, 'established', 10_000);
    await bird.waitForRoutes('ipv4', (r) => r.some((x) => x.prefix === '203.0.113.70/32'), 10_000);
    // FRR retries every 2 s: give the wrong key a few attempts, none may get through.
    const deadline = Date.now() + 6000;
    await pollUntil(
      async () => {
        expect(await bird.neighborState(bad.ipv4)).not.toBe('established');
        expect(await frrBad.neighborState(router.ipv4)).not.toBe('established');
        return Date.now() > deadline ? true : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 500, what: 'six seconds of failed MD5 attempts' },
    );
  });
});
