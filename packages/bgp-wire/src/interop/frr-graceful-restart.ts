/**
 * FRR as the graceful restart helper (RFC 4724 receiving speaker) of the `bgp-wire speak` CLI:
 * the CLI advertises the capability with forwarding state kept (F bit), dies without a word
 * (SIGKILL: no NOTIFICATION, the kernel just closes the connection), and comes back with the
 * Restart State bit. Meanwhile FRR must keep our routes, marked stale; after we re-send the
 * table and End-of-RIB they are fresh again, and the one route we no longer announce is gone,
 * removed by the End-of-RIB alone (RFC 4724 §4.2: stale routes left at End-of-RIB are deleted).
 * A SIGTERM afterwards must still take everything away.
 */

import { expect, it } from 'vitest';
import type { Route } from '../speaker/route.js';
import { FrrProbe } from './daemons.js';
import { waitUntil } from './env.js';
import { addressOf, byPrefix, expectedRoute, fromPeer, routesFor } from './routes.js';
import { SpeakCli, type SpeakYaml } from './speak-cli.js';
import { CLI_AS, ROUTER_AS, type SuiteContext } from './suite-context.js';

/** How long FRR should keep our routes while we restart (RFC 4724 Restart Time). */
const RESTART_TIME_SEC = 60;

export function frrGracefulRestart(ctx: SuiteContext): void {
  const family = ctx.options.transport;

  it('keeps our routes stale while bgp-wire speak restarts (RFC 4724 helper); our End-of-RIB refreshes them and drops what we no longer announce', async () => {
    const frr = ctx.daemon();
    if (!(frr instanceof FrrProbe)) throw new Error('the graceful restart scenario reads FRR');
    const host = ctx.lab().host('gr');
    const peer = addressOf(host, family);
    const nextHop = ctx.options.cliGlobalNextHop ? { nextHop: peer } : {};
    const routes: Route[] = routesFor(family, 60).map((r) => ({ ...r, ...nextHop }));
    const config = (announce: Route[], restarting: boolean): SpeakYaml => ({
      localAS: CLI_AS.gr,
      routerId: host.ipv4,
      drainTime: 0,
      peers: [{ address: ctx.routerAddress(), peerAS: ROUTER_AS, holdTime: 9 }],
      routes: announce,
      gracefulRestart: { restartTime: RESTART_TIME_SEC, restarting, forwardingPreserved: true },
    });
    const session = { host, family, localAs: CLI_AS.gr, ibgp: false };
    const expected = (announce: Route[]) =>
      byPrefix(announce.map((r) => expectedRoute(r, session, ctx.options.view)));
    const prefixes = (announce: Route[]) => announce.map((r) => r.prefix).sort();
    const staleness = async () => [...(await frr.staleFlags(family, peer))].sort();

    const cli = await SpeakCli.start(host, config(routes, false));
    await cli.waitForEvent('"established"', (e) => e.event === 'established', 30_000);
    const table = await frr.waitForRoutes(family, (t) => fromPeer(t, peer).length === 3, 15_000);
    expect(byPrefix(fromPeer(table, peer))).toEqual(expected(routes));
    const before = await frr.neighborInfo(peer);
    expect(before.gracefulRestartInfo?.remoteGrMode).toBe('Restart');

    // Gone without a NOTIFICATION, as a crashed or OOM-killed process goes.
    cli.signal('SIGKILL');
    expect(await cli.proc.waitExit(5_000)).toBe(true);
    await waitUntil(
      'FRR to see the session drop',
      async () => ((await frr.neighborState(peer)) !== 'established' ? true : undefined),
      20_000,
      200,
    );
    // The helper keeps every route, stale, for the Restart Time; look twice, 2 s apart.
    for (let i = 0; i < 2; i++) {
      expect(await staleness()).toEqual(prefixes(routes).map((p) => [p, true]));
      expect(byPrefix(fromPeer(await frr.routes(family), peer))).toEqual(expected(routes));
      if (i === 0) await new Promise((resolve) => setTimeout(resolve, 2_000));
    }

    // Back, restarted (R bit), announcing all but the last route.
    const since = (await cli.events()).length;
    const kept = routes.slice(0, 2);
    await cli.writeConfig(config(kept, true));
    await cli.launch();
    const up = await cli.waitForEvent(
      '"established" after the restart',
      (e) => e.event === 'established',
      30_000,
      since,
    );
    expect(up.peer).toBe(ctx.routerAddress());
    await waitUntil(
      'FRR to refresh our routes and drop the stale one at End-of-RIB',
      async () => {
        const flags = await staleness();
        const fresh = JSON.stringify(prefixes(kept).map((p) => [p, false]));
        return JSON.stringify(flags) === fresh ? true : undefined;
      },
      15_000,
      200,
    );
    expect(byPrefix(fromPeer(await frr.routes(family), peer))).toEqual(expected(kept));
    const after = await frr.neighborInfo(peer);
    expect(after.gracefulRestartInfo?.rBit).toBe(true);
    expect(Object.values(after.gracefulRestartInfo?.endOfRibRecv ?? {})).toContain(true);

    // SIGTERM is for good: its Cease ends the session and FRR keeps nothing (the CLI leaves
    // the RFC 8538 N bit off, else FRR would keep our routes stale after the Cease too).
    await cli.stop();
    expect(cli.proc.exitCode).toBe(0);
    await waitUntil(
      'FRR to drop our routes after the Cease',
      async () => ((await frr.staleFlags(family, peer)).size === 0 ? true : undefined),
      10_000,
      200,
    );
  });
}
