/**
 * ExaBGP driver. ExaBGP keeps no table we can query, so the driver gives it an API `process`
 * (a small Python helper written into the state dir): ExaBGP writes every received UPDATE and
 * neighbour change to the helper's stdin as JSON, the helper appends them to a file that the
 * driver folds into a table; the driver writes API commands (`announce route ...`) into a
 * FIFO, which the helper copies to its stdout, ExaBGP's command channel.
 *
 * Gotchas (ExaBGP 4.2.21): settings come from `exabgp.*` environment variables (daemonize,
 * user, log destination, API CLI pipes are turned off here); ExaBGP listens only where told,
 * so each passive neighbour gets `listen <port>`; routes announced through the API are lost
 * when ExaBGP restarts (the driver replays them); neighbour state is only connected/up/down;
 * dynamic neighbours do not exist.
 */

import { constants } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  AnnounceRoute,
  BgpDaemonOptions,
  LabRoute,
  NeighborOptions,
  RouteFamily,
  SessionState,
} from './bgp-daemon.js';
import { DaemonBase, type LaunchSpec } from './daemon-base.js';
import { LabError } from './errors.js';
import { exaRoutes, exaStateToSession, foldExaMessages } from './exabgp-parse.js';
import { extCommunityToBytes } from './ext-community.js';
import { runCommand } from './process.js';
import { pollUntil } from './wait.js';

/**
 * The API process: stdin (messages from ExaBGP) to a file; a FIFO (our commands) to stdout.
 * It exits when ExaBGP closes its stdin, so it never outlives ExaBGP.
 */
const HELPER = `import os, sys, threading
received, fifo, pidfile = sys.argv[1:4]
with open(pidfile, 'w') as f:
    f.write(str(os.getpid()))
out = open(received, 'a', buffering=1)
def pump():
    for line in sys.stdin:
        out.write(line)
    os._exit(0)
threading.Thread(target=pump, daemon=True).start()
# Read-write: we hold a writer ourselves, so the FIFO never reaches EOF and is never reopened
# (closing it between two writers would drop a command already in the pipe).
commands = os.fdopen(os.open(fifo, os.O_RDWR), 'rb', buffering=0)
for line in iter(commands.readline, b''):
    sys.stdout.buffer.write(line)
    sys.stdout.buffer.flush()
`;

const FAMILY_LINE: Record<RouteFamily, string> = { ipv4: 'ipv4 unicast;', ipv6: 'ipv6 unicast;' };

/**
 * ExaBGP as a {@link BgpDaemon}.
 *
 * @example
 * ```ts
 * await using exa = new ExaBgp({ host: lab.router!, asn: 64512, routerId: '192.0.2.1',
 *   neighbors: [{ address: '192.0.2.11', asn: 64513, passive: true }] });
 * await exa.start();
 * await exa.waitForRoutes('ipv4', (r) => r.length > 0, 30_000);
 * ```
 */
export class ExaBgp extends DaemonBase {
  readonly kind = 'exabgp' as const;

  constructor(options: BgpDaemonOptions) {
    super(options);
    if (options.dynamicNeighbors) {
      throw new LabError('LAB_ERR_UNSUPPORTED', 'ExaBGP has no dynamic neighbours');
    }
  }

  private file(name: string): string {
    return join(this.stateDir, name);
  }

  protected async writeConfig(dir: string): Promise<void> {
    await writeFile(join(dir, 'helper.py'), HELPER);
    // A fresh start learns everything again: forget what the last run received.
    await writeFile(join(dir, 'received.jsonl'), '');
    await writeFile(join(dir, 'exabgp.conf'), this.renderConfig(dir));
    await runCommand(['rm', '-f', join(dir, 'commands.fifo'), join(dir, 'helper.pid')]);
    await runCommand(['mkfifo', '-m', '600', join(dir, 'commands.fifo')]);
  }

  protected launch(dir: string): LaunchSpec {
    return {
      argv: ['exabgp', join(dir, 'exabgp.conf')],
      env: {
        ...process.env,
        'exabgp.daemon.daemonize': 'false',
        'exabgp.daemon.user': 'root',
        'exabgp.log.destination': join(dir, 'exabgp.log'),
        'exabgp.api.cli': 'false',
        'exabgp.api.ack': 'false',
        // Listen only per passive neighbour (`listen` below), never on a global bind.
        'exabgp.tcp.bind': '',
      },
    };
  }

  protected async isReady(): Promise<boolean> {
    const pid = await readFile(this.file('helper.pid'), 'utf8').catch(() => '');
    return pid !== '';
  }

  protected async afterStart(): Promise<void> {
    for (const { family, route } of this.originated.values())
      await this.applyAnnounce(family, route);
  }

  protected override async afterStop(): Promise<void> {
    // The helper exits when ExaBGP closes its stdin; make sure, by PID, if ExaBGP was SIGKILLed.
    const pid = Number(await readFile(this.file('helper.pid'), 'utf8').catch(() => ''));
    // Only if that PID is still our helper (not a recycled PID).
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (pid > 0 && cmdline.includes(this.file('helper.py'))) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone: the normal case.
      }
    }
  }

  protected async applyAnnounce(_family: RouteFamily, route: AnnounceRoute): Promise<void> {
    await this.command(`announce route ${routeText(route)}`);
  }

  protected async applyWithdraw(_family: RouteFamily, prefix: string): Promise<void> {
    await this.command(`withdraw route ${routeText({ prefix })}`);
  }

  protected logFiles(dir: string): string[] {
    return [join(dir, 'exabgp.log')];
  }

  protected async readNeighborState(address: string): Promise<SessionState> {
    return exaStateToSession((await this.table()).states.get(address));
  }

  protected async readRoutes(family: RouteFamily): Promise<LabRoute[]> {
    return exaRoutes(await this.table(), family);
  }

  protected async requestSoftResetIn(address: string): Promise<void> {
    const n = this.options.neighbors.find((x) => x.address === address);
    for (const f of n ? this.familiesFor(n) : this.families) {
      await this.command(`neighbor ${address} announce route-refresh ${f} unicast`);
    }
  }

  private async table(): Promise<ReturnType<typeof foldExaMessages>> {
    return foldExaMessages(await readFile(this.file('received.jsonl'), 'utf8'));
  }

  /**
   * Writes one API command into the FIFO. Opened non-blocking: with no reader (the helper has
   * not opened it yet, or is gone) open fails with ENXIO at once instead of hanging.
   */
  private async command(line: string): Promise<void> {
    this.requireProcess();
    await pollUntil(
      async () => {
        try {
          const fh = await open(
            this.file('commands.fifo'),
            constants.O_WRONLY | constants.O_NONBLOCK,
          );
          try {
            await fh.write(`${line}\n`);
          } finally {
            await fh.close();
          }
          return true;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENXIO') return undefined;
          throw new LabError('LAB_ERR_COMMAND', `exabgp command ${line}`, { cause: err });
        }
      },
      { timeoutMs: 5000, intervalMs: 20, what: `exabgp's API helper to read ${line}` },
    );
  }

  private renderConfig(dir: string): string {
    const o = this.options;
    const lines = [
      'process lab {',
      `  run /usr/bin/python3 ${join(dir, 'helper.py')} ${join(dir, 'received.jsonl')} ${join(dir, 'commands.fifo')} ${join(dir, 'helper.pid')};`,
      '  encoder json;',
      '}',
    ];
    for (const n of o.neighbors) lines.push(...this.renderNeighbor(n));
    return `${lines.join('\n')}\n`;
  }

  private renderNeighbor(n: NeighborOptions): string[] {
    const addPath =
      n.addPath === undefined
        ? []
        : [`    add-path ${n.addPath === 'both' ? 'send/receive' : n.addPath};`];
    const gr = n.gracefulRestartHelper ? ['    graceful-restart 120;'] : [];
    if (n.password !== undefined && /["\\\n]/.test(n.password)) {
      throw new LabError('LAB_ERR_INVALID_ARGUMENT', 'password with quote, backslash or newline');
    }
    return [
      `neighbor ${n.address} {`,
      `  router-id ${this.options.routerId};`,
      `  local-address ${this.localAddressFor(n)};`,
      `  local-as ${this.options.asn};`,
      `  peer-as ${n.asn};`,
      `  passive ${n.passive ? 'true' : 'false'};`,
      ...(n.passive ? [`  listen ${this.options.listenPort ?? 179};`] : []),
      ...(n.port === undefined ? [] : [`  connect ${n.port};`]),
      ...(n.holdTimeSec === undefined ? [] : [`  hold-time ${n.holdTimeSec};`]),
      ...(n.multihop === undefined ? [] : [`  outgoing-ttl ${n.multihop};`]),
      ...(n.password === undefined ? [] : [`  md5-password "${n.password}";`]),
      `  family { ${this.familiesFor(n)
        .map((f) => FAMILY_LINE[f])
        .join(' ')} }`,
      '  capability {',
      '    route-refresh;',
      ...addPath,
      ...gr,
      '  }',
      '  api {',
      '    processes [ lab ];',
      '    neighbor-changes;',
      '    receive { parsed; update; }',
      '  }',
      '}',
    ];
  }
}

/** The API's route text: `203.0.113.10/32 next-hop self med 5 community [65000:100] ...`. */
function routeText(r: AnnounceRoute): string {
  const parts = [r.prefix, 'next-hop', r.nextHop ?? 'self'];
  if (r.med !== undefined) parts.push('med', String(r.med));
  if (r.localPref !== undefined) parts.push('local-preference', String(r.localPref));
  if (r.communities?.length) parts.push('community', `[${r.communities.join(' ')}]`);
  if (r.largeCommunities?.length)
    parts.push('large-community', `[${r.largeCommunities.join(' ')}]`);
  if (r.extendedCommunities?.length) {
    parts.push('extended-community', `[${r.extendedCommunities.map(exaExtCommunity).join(' ')}]`);
  }
  return parts.join(' ');
}

/**
 * Always the 8 octets in hex: ExaBGP 4.2 parses `target:192.0.2.5:100` into a two-octet-AS
 * type (0x00) with the address bytes in it, instead of the IPv4 type (0x01).
 */
function exaExtCommunity(text: string): string {
  return `0x${Buffer.from(extCommunityToBytes(text)).toString('hex')}`;
}
