/**
 * The interop scenarios every daemon x transport file runs, in order, on one lab
 * (`Lab.create`: the daemon on the router, one namespace per session of ours):
 *
 * 1. three in-process `BgpSpeaker`s establish: eBGP from a 4-octet AS (4200000001), eBGP from
 *    a 2-octet AS, iBGP; 2. the daemon's own table holds exactly their routes and attributes;
 * 3. a withdraw removes a route; 4. a ROUTE-REFRESH from the daemon is answered; 5. a frozen
 * daemon (SIGSTOP) makes our hold timer expire with NOTIFICATION 4/0; 6. a restarted daemon is
 * reconnected with backoff and gets the full table again; then the real `bgp-wire speak` CLI:
 * 7. TCP-MD5 right and wrong; 8. SIGHUP applies a prefixesFile change without a reset;
 * 9. SIGTERM drains (65535:0 on the daemon before the Cease), exit 0. FRR adds a graceful
 * restart scenario (frr-graceful-restart.ts).
 *
 * Every assertion about routes is on the daemon's own table (the lab drivers read it with the
 * daemon's CLI); our speaker's events are asserted beside it, never instead of it.
 */

import { Lab, type LabRoute } from '@baremetal-lb/lab';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Route } from '../speaker/route.js';
import { type ProbedDaemon, probedDaemon } from './daemons.js';
import { describeInterop, FAST_TIMERS, waitUntil } from './env.js';
import { speakerOn } from './in-process.js';
import { addressOf, byPrefix, expectedRoute, fromPeer, routesFor, sameRoutes } from './routes.js';
import { cliScenarios } from './suite-cli.js';
import {
  CLI_AS,
  MD5_KEY,
  type OurSession,
  ROUTER_AS,
  type SuiteContext,
  type SuiteOptions,
} from './suite-context.js';

/** Hosts of the lab: three in-process sessions, then the CLI's ('gr' joins for FRR). */
const HOSTS = ['as4', 'as2', 'ibgp', 'md5', 'nomd5'];

export function interopSuite(options: SuiteOptions): void {
  const family = options.transport;
  const sessions: OurSession[] = [
    { name: 'as4', localAs: 4200000001, ibgp: false, routes: routesFor(family, 10) },
    { name: 'as2', localAs: 64513, ibgp: false, routes: routesFor(family, 20) },
    { name: 'ibgp', localAs: ROUTER_AS, ibgp: true, routes: routesFor(family, 30) },
  ] as OurSession[];
  let lab: Lab | undefined;
  let daemon: ProbedDaemon | undefined;
  const ctx: SuiteContext = {
    options,
    lab: () => lab!,
    daemon: () => daemon!,
    routerAddress: () => addressOf(lab!.router!, family),
  };
  const addr = (s: OurSession) => addressOf(s.host, family);
  const expected = (s: OurSession, routes: readonly Route[], extra: string[] = []) =>
    routes.map((r) =>
      expectedRoute(
        r,
        { host: s.host, family, localAs: s.localAs, ibgp: s.ibgp },
        options.view,
        extra,
      ),
    );
  /** Waits until the daemon's table holds exactly `want` from every session, then asserts it. */
  const tableShows = async (want: (s: OurSession) => LabRoute[], timeoutMs = 15_000) => {
    const table =
      (await daemon!
        .waitForRoutes(
          family,
          (t) => sessions.every((s) => sameRoutes(fromPeer(t, addr(s)), want(s))),
          timeoutMs,
        )
        .catch(() => undefined)) ?? (await daemon!.routes(family));
    for (const s of sessions) {
      expect(byPrefix(fromPeer(table, addr(s))), s.name).toEqual(byPrefix(want(s)));
    }
  };

  describeInterop(options.daemon, `${options.title} over ${family} transport`, () => {
    beforeAll(async () => {
      lab = await Lab.create({ hosts: options.gracefulRestart ? [...HOSTS, 'gr'] : HOSTS });
      for (const s of sessions) s.host = lab.host(s.name);
      const host = (name: string) => addressOf(lab!.host(name), family);
      daemon = probedDaemon(options.daemon, {
        host: lab.router!,
        asn: ROUTER_AS,
        routerId: lab.router!.ipv4,
        families: [family],
        neighbors: [
          ...sessions.map((s) => ({ address: addr(s), asn: s.localAs, passive: true })),
          { address: host('md5'), asn: CLI_AS.md5, passive: true, password: MD5_KEY },
          { address: host('nomd5'), asn: CLI_AS.nomd5, passive: true, password: MD5_KEY },
          ...(options.gracefulRestart
            ? [{ address: host('gr'), asn: CLI_AS.gr, passive: true, gracefulRestartHelper: true }]
            : []),
        ],
      });
      await daemon.start();
    }, 60_000);
    afterAll(async () => {
      await lab?.close();
    }, 60_000);

    it('establishes eBGP from a 4-octet AS (4200000001), eBGP from a 2-octet AS and iBGP', async () => {
      for (const s of sessions) {
        s.live = await speakerOn(s.host, { localAs: s.localAs });
        s.live.speaker.announce(s.routes);
        await s.live.speaker.addPeer({
          address: ctx.routerAddress(),
          peerAs: ROUTER_AS,
          families: [family],
          ...FAST_TIMERS,
        });
      }
      for (const s of sessions) {
        const up = await s.live!.events.next('established', { since: 0, timeoutMs: 30_000 });
        expect(up.event.negotiated).toMatchObject({
          localAs: s.localAs,
          peerAs: ROUTER_AS,
          ibgp: s.ibgp,
          fourOctetAs: true,
          holdTimeSec: FAST_TIMERS.holdTimeSec,
        });
        await daemon!.waitForState(addr(s), 'established', 15_000);
      }
    });

    it('shows exactly our routes in its own table: communities, large and extended communities, MED, LOCAL_PREF on iBGP', async () => {
      await tableShows((s) => expected(s, s.routes));
    });

    it('removes a withdrawn route and keeps the others', async () => {
      for (const s of sessions) s.live!.speaker.withdraw([s.routes[2]!.prefix]);
      await tableShows((s) => expected(s, s.routes.slice(0, 2)));
    });

    if (options.sendsRouteRefresh) {
      it('gets a ROUTE-REFRESH answered with the whole table', async () => {
        for (const s of sessions) {
          const before = await daemon!.updatesReceived(addr(s));
          const since = s.live!.events.mark();
          await daemon!.softResetIn(addr(s));
          const refresh = await s.live!.events.next('routeRefresh', { since, timeoutMs: 15_000 });
          expect(refresh.event).toMatchObject({ afi: family === 'ipv4' ? 1 : 2, safi: 1 });
          // The daemon's own counter: it received the table again.
          await waitUntil(
            `${options.daemon} to count UPDATEs re-sent to ${s.name}`,
            async () => ((await daemon!.updatesReceived(addr(s))) > before ? true : undefined),
            15_000,
            200,
          );
        }
        await tableShows((s) => expected(s, s.routes.slice(0, 2)));
      });
    }

    it('expires our hold timer with NOTIFICATION 4/0 when the daemon is frozen, then recovers', async () => {
      const since = sessions.map((s) => s.live!.events.mark());
      const frozenAt = Date.now();
      await daemon!.freeze();
      try {
        for (const [i, s] of sessions.entries()) {
          const sent = await s.live!.events.next(
            'notification',
            { since: since[i]!, timeoutMs: 20_000 },
            (e) => e.direction === 'sent',
          );
          expect(sent.event.notification).toMatchObject({ errorCode: 4, errorSubcode: 0 });
          expect(sent.event.description).toBe('Hold Timer Expired');
          // Hold time 6 s from the last KEEPALIVE (every 2 s): 4-6 s after the freeze.
          expect(sent.atMs - frozenAt).toBeGreaterThanOrEqual(3_500);
          expect(sent.atMs - frozenAt).toBeLessThan(10_000);
          const down = await s.live!.events.next('down', { since: since[i]!, timeoutMs: 1_000 });
          expect(down.event.reason).toBe('hold-timer-expired');
        }
      } finally {
        await daemon!.thaw();
      }
      for (const [i, s] of sessions.entries()) {
        await s.live!.events.next('established', { since: since[i]!, timeoutMs: 45_000 });
      }
      await tableShows((s) => expected(s, s.routes.slice(0, 2)), 30_000);
    });

    it('reconnects with backoff after the daemon restarts and sends it the full table again', async () => {
      const since = sessions.map((s) => s.live!.events.mark());
      await daemon!.restart();
      for (const [i, s] of sessions.entries()) {
        const up = await s.live!.events.next('established', {
          since: since[i]!,
          timeoutMs: 45_000,
        });
        const down = s.live!.events.all('down', since[i]);
        expect(down.length).toBeGreaterThan(0);
        // RFC 4271 DampPeerOscillations: the reconnect waited for the IdleHoldTimer.
        const held = s
          .live!.events.all('state', since[i])
          .filter((e) => e.event.reason === 'idle-hold-expired');
        expect(held.length).toBeGreaterThan(0);
        expect(up.atMs - down[0]!.atMs).toBeGreaterThanOrEqual(
          FAST_TIMERS.backoff.initialSec * 1000,
        );
      }
      // The restarted daemon starts empty: everything it holds was sent again.
      await tableShows((s) => expected(s, s.routes.slice(0, 2)), 30_000);
      for (const s of sessions) await s.live!.speaker.close();
    });

    cliScenarios(ctx);
    options.gracefulRestart?.(ctx);
  });
}
