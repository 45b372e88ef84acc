/**
 * The scenarios of the interop suite that run the real `bgp-wire speak` CLI in a lab
 * namespace (DESIGN.md "Contracts"): TCP-MD5 with the right and a wrong key, a SIGHUP that
 * changes the prefixesFile, and the SIGTERM drain with its exit code.
 */

import type { LabRoute } from '@baremetal-lb/lab';
import { expect, it } from 'vitest';
import type { Route } from '../speaker/route.js';
import { waitUntil } from './env.js';
import { addressOf, byPrefix, expectedRoute, fromPeer, prefixOf, routesFor } from './routes.js';
import { SpeakCli, type SpeakYaml } from './speak-cli.js';
import { CLI_AS, MD5_KEY, ROUTER_AS, type SuiteContext } from './suite-context.js';

/** Seconds the CLI waits between the GRACEFUL_SHUTDOWN re-advertisement and the Cease. */
const DRAIN_SEC = 3;
const GRACEFUL_SHUTDOWN = '65535:0';

export function cliScenarios(ctx: SuiteContext): void {
  const family = ctx.options.transport;
  const route = routesFor(family, 40)[0]!;
  const prefixes = [50, 51, 52].map((n) => prefixOf(family, n));
  let good: SpeakCli | undefined;

  const host = (name: string) => ctx.lab().host(name);
  const addr = (name: string) => addressOf(host(name), family);
  /**
   * The CLI's routes: `route` in `routes`, the `bare` prefixes in a prefixesFile; or, where
   * the daemon needs our global next hop alone, all of them in `routes` with `nextHop` set.
   */
  const routesConfig = (name: string, bare: readonly string[]) => {
    if (!ctx.options.cliGlobalNextHop) {
      const file = bare.length > 0 ? `${bare.join('\n')}\n` : '';
      return { yaml: { routes: [route], prefixesFile: 'prefixes.txt' }, file };
    }
    const nextHop = addr(name);
    const routes = [route, ...bare.map((prefix) => ({ prefix }))].map((r) => ({ ...r, nextHop }));
    return { yaml: { routes }, file: undefined };
  };
  const config = (name: 'md5' | 'nomd5', password: string, bare: readonly string[]) => {
    const { yaml, file } = routesConfig(name, bare);
    const config: SpeakYaml = {
      localAS: CLI_AS[name],
      routerId: host(name).ipv4,
      // The session that never comes up has nothing to drain.
      drainTime: name === 'md5' ? DRAIN_SEC : 0,
      peers: [{ address: ctx.routerAddress(), peerAS: ROUTER_AS, password, holdTime: 9 }],
      ...yaml,
    };
    const files: Record<string, string> = file === undefined ? {} : { 'prefixes.txt': file };
    return { config, files };
  };
  /** What the daemon must show from the md5 session announcing `route` plus `bare`. */
  const expectedMd5 = (bare: readonly string[], extra: string[] = []): LabRoute[] => {
    const session = { host: host('md5'), family, localAs: CLI_AS.md5, ibgp: false };
    const all: Route[] = [route, ...bare.map((prefix) => ({ prefix }))];
    return byPrefix(all.map((r) => expectedRoute(r, session, ctx.options.view, extra)));
  };
  const md5Table = async (predicate: (mine: LabRoute[]) => boolean, timeoutMs: number) =>
    fromPeer(
      await ctx
        .daemon()
        .waitForRoutes(family, (t) => predicate(fromPeer(t, addr('md5'))), timeoutMs),
      addr('md5'),
    );

  it('bgp-wire speak establishes with TCP-MD5 (RFC 2385) and never with a wrong key', async () => {
    const daemon = ctx.daemon();
    const right = config('md5', MD5_KEY, prefixes);
    good = await SpeakCli.start(host('md5'), right.config, { files: right.files });
    const wrong = config('nomd5', 'not-the-secret', []);
    const bad = await SpeakCli.start(host('nomd5'), wrong.config, { files: wrong.files });
    await good.waitForEvent('"established"', (e) => e.event === 'established', 30_000);
    await daemon.waitForState(addr('md5'), 'established', 15_000);
    const table = await md5Table((mine) => mine.length === 4, 15_000);
    expect(byPrefix(table)).toEqual(expectedMd5(prefixes));
    // The kernel drops SYNs signed with another key: the CLI's attempts time out (5 s
    // each). Give it 8 s; neither side may ever reach Established.
    const until = Date.now() + 8_000;
    while (Date.now() < until) {
      expect(await daemon.neighborState(addr('nomd5'))).not.toBe('established');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const tried = await bad.events();
    expect(tried.filter((e) => e.event === 'established')).toEqual([]);
    // Not for want of trying: it connected (Connect state) and is still running.
    expect(tried).toContainEqual(expect.objectContaining({ event: 'state', state: 'connect' }));
    expect(bad.proc.isRunning).toBe(true);
    await bad.stop();
    expect(bad.proc.exitCode).toBe(0);
  });

  it('bgp-wire speak applies a SIGHUP change (prefixesFile) as one withdraw and one announce, without a reset', async () => {
    const cli = good!;
    const since = (await cli.events()).length;
    const next = [prefixes[0]!, prefixes[2]!, prefixOf(family, 53)];
    const changed = config('md5', MD5_KEY, next);
    if (changed.files['prefixes.txt'] === undefined) await cli.writeConfig(changed.config);
    else await cli.writeFile('prefixes.txt', changed.files['prefixes.txt']);
    cli.signal('SIGHUP');
    const applied = await cli.waitForEvent(
      '"config" after SIGHUP',
      (e) => e.event === 'config',
      10_000,
      since,
    );
    expect(applied).toMatchObject({ announced: 1, withdrawn: 1, peersChanged: 0, peersAdded: 0 });
    const table = await md5Table(
      (mine) => mine.length === 4 && mine.some((r) => r.prefix === next[2]),
      15_000,
    );
    expect(byPrefix(table)).toEqual(expectedMd5(next));
    // No reset: not a single state change on our side, still Established on the daemon's.
    const after = (await cli.events()).slice(since).map((e) => e.event);
    expect(after.filter((e) => e !== 'config')).toEqual([]);
    expect(await ctx.daemon().neighborState(addr('md5'))).toBe('established');
  });

  it('bgp-wire speak drains on SIGTERM: 65535:0 on the daemon before the Cease, then exit 0', async () => {
    const cli = good!;
    const daemon = ctx.daemon();
    const since = (await cli.events()).length;
    const bare = [prefixes[0]!, prefixes[2]!, prefixOf(family, 53)];
    cli.signal('SIGTERM');
    await cli.waitForEvent('"draining"', (e) => e.event === 'draining', 5_000, since);
    const drained = await md5Table(
      (mine) => mine.length === 4 && mine.every((r) => r.communities.includes(GRACEFUL_SHUTDOWN)),
      DRAIN_SEC * 1000 + 5_000,
    );
    // Seen on the daemon while the session was still up: no Cease had gone out yet.
    const beforeCease = (await cli.events()).slice(since).map((e) => e.event);
    expect(beforeCease).not.toContain('notification-sent');
    expect(byPrefix(drained)).toEqual(expectedMd5(bare, [GRACEFUL_SHUTDOWN]));
    const cease = await cli.waitForEvent(
      'Cease / Administrative Shutdown',
      (e) => e.event === 'notification-sent',
      DRAIN_SEC * 1000 + 10_000,
      since,
    );
    expect(cease).toMatchObject({ errorCode: 6, errorSubcode: 2 });
    expect(await cli.proc.waitExit(10_000)).toBe(true);
    expect(cli.proc.exitCode).toBe(0);
    const stopped = (await cli.events()).find((e) => e.event === 'stopped');
    expect(stopped).toBeDefined();
    // The process is gone promptly once it said so (an earlier manual run saw it linger).
    expect(cli.exitedAtMs! - Date.parse(stopped!.time)).toBeLessThan(1_500);
    await waitUntil(
      `${daemon.kind} to drop the drained session's routes`,
      async () =>
        fromPeer(await daemon.routes(family), addr('md5')).length === 0 ? true : undefined,
      15_000,
      200,
    );
    expect(await daemon.neighborState(addr('md5'))).not.toBe('established');
  });
}
