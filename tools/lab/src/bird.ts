/**
 * BIRD 2 driver. Runs `bird -f` (foreground: a child of ours, stopped by PID) in the host's
 * namespace; talks to it with `birdc -s <socket>`, which needs no namespace. Originated routes
 * are a `static` protocol per family plus an export filter that sets their attributes,
 * re-rendered into the config and applied with `birdc configure`.
 *
 * Gotchas (BIRD 2.0.12): eBGP needs explicit import/export per channel; a passive protocol
 * reports "Passive" where RFC 4271 says Active; BIRD sets local_pref (default 100) on routes it
 * learns over eBGP, so `localPref` is always present in its table; `show route all` has no
 * ADD-PATH path id, so `pathId` stays unset; toward eBGP peers BIRD sends a MED only if the
 * export filter set it, and never sends non-transitive extended communities (0x40 types);
 * `connect delay time` defaults to 5 s (1 s here).
 */

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  AnnounceRoute,
  BgpDaemonOptions,
  DynamicNeighborOptions,
  LabRoute,
  NeighborOptions,
  RouteFamily,
  SessionState,
} from './bgp-daemon.js';
import { birdStateToSession, parseBirdProtocols, parseBirdRoutes } from './bird-parse.js';
import { DaemonBase, type LaunchSpec } from './daemon-base.js';
import { LabError } from './errors.js';
import { parseExtCommunity } from './ext-community.js';
import { runCommand } from './process.js';
import { familyOf, sortRoutes } from './route.js';

/**
 * BIRD 2 as a {@link BgpDaemon}.
 *
 * @example
 * ```ts
 * await using bird = new Bird({ host: lab.router!, asn: 64512, routerId: '192.0.2.1',
 *   neighbors: [{ address: '192.0.2.11', asn: 64513, passive: true }] });
 * await bird.start();
 * await bird.waitForState('192.0.2.11', 'established', 30_000);
 * ```
 */
export class Bird extends DaemonBase {
  readonly kind = 'bird' as const;

  constructor(options: BgpDaemonOptions) {
    super(options);
  }

  protected async writeConfig(dir: string): Promise<void> {
    await writeFile(join(dir, 'bird.conf'), this.renderConfig(dir));
  }

  protected launch(dir: string): LaunchSpec {
    return {
      argv: [
        'bird',
        '-f',
        '-c',
        join(dir, 'bird.conf'),
        '-s',
        join(dir, 'bird.ctl'),
        '-P',
        join(dir, 'bird.pid'),
      ],
    };
  }

  protected async isReady(): Promise<boolean> {
    return (await this.birdc(['show', 'status'])).includes('Daemon is up and running');
  }

  protected async afterStart(): Promise<void> {
    // Originated routes are part of the config: nothing to replay.
  }

  protected async applyAnnounce(): Promise<void> {
    await this.reconfigure();
  }

  protected async applyWithdraw(): Promise<void> {
    await this.reconfigure();
  }

  protected logFiles(dir: string): string[] {
    return [join(dir, 'bird.log')];
  }

  protected async readNeighborState(address: string): Promise<SessionState> {
    const protocols = parseBirdProtocols(await this.birdc(['show', 'protocols', 'all']));
    return birdStateToSession(protocols.find((p) => p.neighborAddress === address)?.bgpState);
  }

  protected async readRoutes(family: RouteFamily): Promise<LabRoute[]> {
    const protocols = parseBirdProtocols(await this.birdc(['show', 'protocols', 'all']));
    const peers = new Map(protocols.map((p) => [p.name, p.neighborAddress]));
    const table = family === 'ipv4' ? 'master4' : 'master6';
    const text = await this.birdc(['show', 'route', 'all', 'table', table]);
    return sortRoutes(parseBirdRoutes(text, (name) => peers.get(name)));
  }

  protected async requestSoftResetIn(address: string): Promise<void> {
    const protocols = parseBirdProtocols(await this.birdc(['show', 'protocols', 'all']));
    const p = protocols.find((x) => x.neighborAddress === address);
    if (!p) throw new LabError('LAB_ERR_INVALID_ARGUMENT', `bird has no protocol for ${address}`);
    await this.birdc(['reload', 'in', p.name]);
  }

  /** Runs birdc on our control socket; throws on a non-zero exit. */
  private async birdc(args: string[]): Promise<string> {
    const out = await runCommand(['birdc', '-s', join(this.stateDir, 'bird.ctl'), ...args], {
      timeoutMs: 10_000,
    });
    return out.stdout;
  }

  private async reconfigure(): Promise<void> {
    await this.writeConfig(this.stateDir);
    const out = await this.birdc(['configure']);
    if (!/Reconfigured|Reconfiguration in progress/.test(out)) {
      throw new LabError('LAB_ERR_COMMAND', `birdc configure: ${out.trim()}`);
    }
  }

  private renderConfig(dir: string): string {
    const o = this.options;
    const lines = [
      `router id ${o.routerId};`,
      `log "${join(dir, 'bird.log')}" all;`,
      // Interfaces only; no kernel protocol, so nothing is written to the namespace's FIB.
      'protocol device {}',
      ...this.renderStatic('ipv4'),
      ...this.renderStatic('ipv6'),
    ];
    for (const [i, n] of o.neighbors.entries()) lines.push(...this.renderNeighbor(`n${i}`, n));
    if (o.dynamicNeighbors) lines.push(...this.renderDynamic(o.dynamicNeighbors));
    return `${lines.join('\n')}\n`;
  }

  /**
   * Originated routes: a static protocol holds the prefixes, an export filter sets their BGP
   * attributes. Attributes must be set in the export filter: BIRD strips a MED toward eBGP
   * peers unless the export filter set it ("fresh").
   */
  private renderStatic(family: RouteFamily): string[] {
    const routes = [...this.originated.values()]
      .filter((r) => r.family === family)
      .map((r) => r.route);
    return [
      `protocol static lab_static_${family} {`,
      `  ${family};`,
      ...routes.map((r) => `  route ${r.prefix} blackhole;`),
      '}',
      `filter lab_export_${family} {`,
      '  if source != RTS_STATIC then reject;',
      ...routes.map((r) => `  if net = ${r.prefix} then {${renderAttributes(r)} }`),
      '  accept;',
      '}',
    ];
  }

  private renderNeighbor(name: string, n: NeighborOptions): string[] {
    const port = n.port === undefined ? '' : ` port ${n.port}`;
    return [
      `protocol bgp ${name} {`,
      `  local ${this.localAddressFor(n)} port ${this.options.listenPort ?? 179} as ${this.options.asn};`,
      `  neighbor ${n.address}${port} as ${n.asn};`,
      ...this.renderSessionOptions(n),
      ...(n.passive ? ['  passive on;'] : []),
      ...(n.multihop === undefined ? [] : [`  multihop ${n.multihop};`]),
      ...(n.gracefulRestartHelper === undefined
        ? []
        : [`  graceful restart ${n.gracefulRestartHelper ? 'aware' : 'off'};`]),
      `  connect delay time 1;`,
      `  connect retry time ${this.connectRetrySec(n)};`,
      `  error wait time 1, 10;`,
      ...this.renderChannels(familyOf(n.address), this.familiesFor(n), n.addPath),
      '}',
    ];
  }

  private renderDynamic(d: DynamicNeighborOptions): string[] {
    const transport = familyOf(d.prefix);
    const local = this.localAddressFor({ address: d.prefix.split('/')[0]! });
    return [
      'protocol bgp dyn {',
      `  local ${local} port ${this.options.listenPort ?? 179} as ${this.options.asn};`,
      `  neighbor range ${d.prefix} as ${d.asn};`,
      '  dynamic name "dyn";',
      ...this.renderSessionOptions(d),
      ...this.renderChannels(transport, this.families, d.addPath),
      '}',
    ];
  }

  private renderSessionOptions(n: { password?: string; holdTimeSec?: number }): string[] {
    return [
      ...(n.password === undefined ? [] : [`  password "${escapeBird(n.password)}";`]),
      ...(n.holdTimeSec === undefined ? [] : [`  hold time ${n.holdTimeSec};`]),
    ];
  }

  private renderChannels(
    transport: RouteFamily,
    families: readonly RouteFamily[],
    addPath: NeighborOptions['addPath'],
  ): string[] {
    const addPaths =
      addPath === undefined
        ? ''
        : ` add paths ${{ receive: 'rx', send: 'tx', both: 'on' }[addPath]};`;
    return families.map((f) => {
      // A family carried over the other family's transport needs RFC 8950 next hops.
      const enh = f === 'ipv4' && transport === 'ipv6' ? ' extended next hop on;' : '';
      return `  ${f} { import all; export filter lab_export_${f};${addPaths}${enh} };`;
    });
  }
}

/** The statements of an export filter that set one route's BGP attributes. */
function renderAttributes(r: AnnounceRoute): string {
  const parts: string[] = [];
  if (r.nextHop !== undefined) parts.push(`bgp_next_hop = ${r.nextHop};`);
  if (r.med !== undefined) parts.push(`bgp_med = ${r.med};`);
  if (r.localPref !== undefined) parts.push(`bgp_local_pref = ${r.localPref};`);
  for (const c of r.communities ?? []) parts.push(`bgp_community.add((${c.replace(':', ',')}));`);
  for (const c of r.largeCommunities ?? [])
    parts.push(`bgp_large_community.add((${c.replaceAll(':', ',')}));`);
  for (const c of r.extendedCommunities ?? [])
    parts.push(`bgp_ext_community.add(${birdExtLiteral(c)});`);
  return parts.map((p) => ` ${p}`).join('');
}

function birdExtLiteral(text: string): string {
  const ec = parseExtCommunity(text);
  if (ec.kind === 'raw') return `(generic, 0x${ec.hex.slice(0, 8)}, 0x${ec.hex.slice(8)})`;
  return `(${ec.kind === 'rt' ? 'rt' : 'ro'}, ${ec.global}, ${ec.local})`;
}

function escapeBird(text: string): string {
  if (/["\\\n]/.test(text))
    throw new LabError('LAB_ERR_INVALID_ARGUMENT', 'password with quote, backslash or newline');
  return text;
}
