/**
 * FRR driver: `bgpd` alone (no zebra: `-Z`, nothing reaches the kernel; `-P 0`: no TCP vty),
 * in the foreground in the host's namespace. vtysh reaches it through `--vty_socket <dir>`,
 * no namespace needed. Originated routes are `network` statements with a route-map each,
 * applied live with vtysh and rendered into the config for restarts.
 *
 * Gotchas (FRR 8.4): `no bgp ebgp-requires-policy` or FRR 8 drops every eBGP route (shown as
 * "(Policy)"); `no bgp network import-check`, else without zebra no `network` is ever valid;
 * bgpd drops privileges to user `frr`, so its files live in a `frr`-owned subdir of a 0755
 * state dir; bgpd leaves its pid file and `bgpd.vty` behind when killed (removed on stop); FRR
 * advertises ADD-PATH receive on every session, whatever `addPath` says.
 */

import { mkdir, rm, writeFile } from 'node:fs/promises';
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
import { parseExtCommunity } from './ext-community.js';
import { parseFrrNeighborState, parseFrrRoutes } from './frr-parse.js';
import { runCommand } from './process.js';
import { familyOf, sortRoutes } from './route.js';

const BGPD = '/usr/lib/frr/bgpd';
const DYNAMIC_GROUP = 'DYNAMIC';

/**
 * FRR's bgpd as a {@link BgpDaemon}.
 *
 * @example
 * ```ts
 * await using frr = new Frr({ host: lab.router!, asn: 64512, routerId: '192.0.2.1',
 *   neighbors: [], dynamicNeighbors: { prefix: '192.0.2.0/24', asn: 64513 } });
 * await frr.start();
 * ```
 */
export class Frr extends DaemonBase {
  readonly kind = 'frr' as const;

  constructor(options: BgpDaemonOptions) {
    super(options);
  }

  /** bgpd's own dir (vty socket, pid file, log), owned by user frr. */
  private get frrDir(): string {
    return join(this.stateDir, 'frr');
  }

  protected async writeConfig(dir: string): Promise<void> {
    const frrDir = join(dir, 'frr');
    await mkdir(frrDir, { recursive: true, mode: 0o755 });
    await writeFile(join(frrDir, 'bgpd.conf'), this.renderConfig(frrDir));
    await runCommand(['chown', '-R', 'frr:frr', frrDir]);
  }

  protected launch(dir: string): LaunchSpec {
    const frrDir = join(dir, 'frr');
    return {
      argv: [
        BGPD,
        '-Z',
        '-P',
        '0',
        '-p',
        String(this.options.listenPort ?? 179),
        '-f',
        join(frrDir, 'bgpd.conf'),
        '-i',
        join(frrDir, 'bgpd.pid'),
        '-z',
        join(frrDir, 'zserv.api'),
        '--vty_socket',
        frrDir,
        '--log',
        `file:${join(frrDir, 'bgpd.log')}`,
      ],
    };
  }

  protected async isReady(): Promise<boolean> {
    const out = await this.vtysh(['show bgp summary json']);
    return out.trim().startsWith('{');
  }

  protected async afterStart(): Promise<void> {
    // Originated routes are in the config: nothing to replay.
  }

  protected override async afterStop(): Promise<void> {
    // bgpd leaves these behind when killed.
    await rm(join(this.frrDir, 'bgpd.pid'), { force: true });
    await rm(join(this.frrDir, 'bgpd.vty'), { force: true });
  }

  protected override checkCanAnnounce(_family: RouteFamily, route: AnnounceRoute): void {
    if ((route.extendedCommunities ?? []).some((text) => parseExtCommunity(text).kind === 'raw')) {
      throw new LabError(
        'LAB_ERR_UNSUPPORTED',
        'FRR route-maps set only rt and soo extended communities',
      );
    }
  }

  protected async applyAnnounce(
    family: RouteFamily,
    route: AnnounceRoute,
    replacing: boolean,
  ): Promise<void> {
    const map = routeMapName(family, route.prefix);
    // Replace, not merge: drop the old statement and map first. vtysh stops at the first
    // failing command, so only remove what exists.
    if (replacing) await this.applyWithdraw(family, route.prefix);
    await this.configure([
      ...renderRouteMap(map, route),
      ...this.bgpContext(family),
      `network ${route.prefix} route-map ${map}`,
    ]);
  }

  protected async applyWithdraw(family: RouteFamily, prefix: string): Promise<void> {
    await this.configure([
      ...this.bgpContext(family),
      `no network ${prefix}`,
      'exit-address-family',
      'exit',
      `no route-map ${routeMapName(family, prefix)}`,
    ]);
  }

  protected logFiles(dir: string): string[] {
    return [join(dir, 'frr', 'bgpd.log')];
  }

  protected async readNeighborState(address: string): Promise<SessionState> {
    return parseFrrNeighborState(await this.vtysh([`show bgp neighbors ${address} json`]), address);
  }

  protected async readRoutes(family: RouteFamily): Promise<LabRoute[]> {
    return sortRoutes(parseFrrRoutes(await this.vtysh([`show bgp ${family} unicast json detail`])));
  }

  protected async requestSoftResetIn(address: string): Promise<void> {
    // Without soft-reconfiguration inbound this sends ROUTE-REFRESH (RFC 2918).
    const n = this.options.neighbors.find((x) => x.address === address);
    for (const f of n ? this.familiesFor(n) : this.families) {
      await this.vtysh([`clear bgp ${f} unicast ${address} soft in`]);
    }
  }

  private bgpContext(family: RouteFamily): string[] {
    return [`router bgp ${this.options.asn}`, `address-family ${family} unicast`];
  }

  /** Runs configuration commands; vtysh reports a rejected line with a `%` message. */
  private async configure(commands: string[]): Promise<void> {
    const out = await this.vtysh(['configure terminal', ...commands]);
    const errors = out.split('\n').filter((l) => l.startsWith('%'));
    if (errors.length > 0) throw new LabError('LAB_ERR_COMMAND', `vtysh: ${errors.join('; ')}`);
  }

  private async vtysh(commands: string[]): Promise<string> {
    const argv = ['vtysh', '--vty_socket', this.frrDir, ...commands.flatMap((c) => ['-c', c])];
    const out = await runCommand(argv, { timeoutMs: 10_000, allowFailure: true });
    if (out.code !== 0 && out.stdout.trim() === '') {
      throw new LabError('LAB_ERR_COMMAND', `vtysh ${commands.join(' | ')}: ${out.stderr.trim()}`);
    }
    return out.stdout;
  }

  private renderConfig(frrDir: string): string {
    const o = this.options;
    const originated = [...this.originated.values()];
    const lines = [
      'frr defaults traditional',
      `hostname ${this.host.name}`,
      `log file ${join(frrDir, 'bgpd.log')}`,
      '!',
      ...originated.flatMap(({ family, route }) =>
        renderRouteMap(routeMapName(family, route.prefix), route),
      ),
      '!',
      `router bgp ${o.asn}`,
      ` bgp router-id ${o.routerId}`,
      ' no bgp ebgp-requires-policy',
      ' no bgp default ipv4-unicast',
      ' no bgp network import-check',
    ];
    for (const n of o.neighbors) lines.push(...this.renderNeighbor(n));
    const d = o.dynamicNeighbors;
    if (d) {
      const g = DYNAMIC_GROUP;
      lines.push(
        ` neighbor ${g} peer-group`,
        ` neighbor ${g} remote-as ${d.asn}`,
        ` neighbor ${g} passive`,
        ...(d.password === undefined ? [] : [` neighbor ${g} password ${d.password}`]),
        ...(d.holdTimeSec === undefined
          ? []
          : [` neighbor ${g} timers ${keepalive(d.holdTimeSec)} ${d.holdTimeSec}`]),
        ` bgp listen range ${d.prefix} peer-group ${g}`,
      );
    }
    for (const f of this.allFamilies()) {
      lines.push(` address-family ${f} unicast`);
      for (const { route } of originated.filter((r) => r.family === f)) {
        lines.push(`  network ${route.prefix} route-map ${routeMapName(f, route.prefix)}`);
      }
      for (const n of o.neighbors.filter((x) => this.familiesFor(x).includes(f))) {
        lines.push(`  neighbor ${n.address} activate`);
        if (n.addPath === 'send' || n.addPath === 'both')
          lines.push(`  neighbor ${n.address} addpath-tx-all-paths`);
      }
      if (d && this.families.includes(f)) {
        lines.push(`  neighbor ${DYNAMIC_GROUP} activate`);
        if (d.addPath === 'send' || d.addPath === 'both')
          lines.push(`  neighbor ${DYNAMIC_GROUP} addpath-tx-all-paths`);
      }
      lines.push(' exit-address-family');
    }
    lines.push('!');
    return `${lines.join('\n')}\n`;
  }

  private renderNeighbor(n: NeighborOptions): string[] {
    const a = ` neighbor ${n.address}`;
    if (n.password !== undefined && /\s/.test(n.password)) {
      throw new LabError('LAB_ERR_INVALID_ARGUMENT', 'FRR passwords cannot contain spaces');
    }
    return [
      `${a} remote-as ${n.asn}`,
      `${a} update-source ${this.localAddressFor(n)}`,
      `${a} timers connect ${this.connectRetrySec(n)}`,
      ...(n.passive ? [`${a} passive`] : []),
      ...(n.password === undefined ? [] : [`${a} password ${n.password}`]),
      ...(n.port === undefined ? [] : [`${a} port ${n.port}`]),
      ...(n.holdTimeSec === undefined
        ? []
        : [`${a} timers ${keepalive(n.holdTimeSec)} ${n.holdTimeSec}`]),
      ...(n.multihop === undefined ? [] : [`${a} ebgp-multihop ${n.multihop}`]),
      ...(n.gracefulRestartHelper === undefined
        ? []
        : [
            n.gracefulRestartHelper
              ? `${a} graceful-restart-helper`
              : `${a} graceful-restart-disable`,
          ]),
    ];
  }
}

function keepalive(holdTimeSec: number): number {
  return Math.max(1, Math.floor(holdTimeSec / 3));
}

/** One route-map per originated prefix: `LAB-ipv4-203.0.113.10/32` -> `LAB-ipv4-203_0_113_10-32`. */
function routeMapName(family: RouteFamily, prefix: string): string {
  return `LAB-${family}-${prefix.replace(/[.:]/g, '_').replace('/', '-')}`;
}

function renderRouteMap(name: string, r: AnnounceRoute): string[] {
  const sets: string[] = [];
  if (r.nextHop !== undefined) {
    sets.push(
      familyOf(r.nextHop) === 'ipv4'
        ? `set ip next-hop ${r.nextHop}`
        : `set ipv6 next-hop global ${r.nextHop}`,
    );
  }
  if (r.med !== undefined) sets.push(`set metric ${r.med}`);
  if (r.localPref !== undefined) sets.push(`set local-preference ${r.localPref}`);
  if (r.communities?.length) sets.push(`set community ${r.communities.join(' ')}`);
  if (r.largeCommunities?.length) sets.push(`set large-community ${r.largeCommunities.join(' ')}`);
  const ext = (r.extendedCommunities ?? []).map(parseExtCommunity);
  const rt: string[] = [];
  const soo: string[] = [];
  for (const e of ext)
    if (e.kind !== 'raw') (e.kind === 'rt' ? rt : soo).push(`${e.global}:${e.local}`);
  if (rt.length) sets.push(`set extcommunity rt ${rt.join(' ')}`);
  if (soo.length) sets.push(`set extcommunity soo ${soo.join(' ')}`);
  return [`route-map ${name} permit 10`, ...sets.map((s) => ` ${s}`), 'exit'];
}
