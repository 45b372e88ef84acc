/**
 * GoBGP driver. Runs `gobgpd` in the foreground in the host's namespace with its own gRPC port
 * on the namespace's loopback (the `gobgp` CLI talks gRPC over TCP, so it runs in the same
 * namespace) and `--pprof-disable` (else every gobgpd binds localhost:6060). Originated routes
 * go in with `gobgp global rib add` and are replayed after every start.
 *
 * Gotchas (GoBGP 3.10): the CLI can attach only Route Target extended communities to unicast
 * routes (`rt G:L`), and turns `rt 4200000000:1` into `rt 65535:1`, so the driver refuses SoO,
 * raw and four-octet-AS RTs; GoBGP drops LOCAL_PREF received over eBGP; an active GoBGP waits
 * 5-10 s before its first connection attempt whatever `connect-retry` says (a hard-coded
 * minimum of 5 s plus jitter), and after a session reset it idles
 * `idle-hold-time-after-reset` (30 s by default; 1 s here) first: tests are faster with GoBGP
 * passive; `softresetin` re-applies import policy to GoBGP's own Adj-RIB-In and sends no
 * ROUTE-REFRESH; its JSON prints four-octet ASNs in RTs as asdot and unknown extended
 * communities in base64.
 */

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  AddPathMode,
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
import { parseGobgpNeighborState, parseGobgpRib } from './gobgp-parse.js';
import { sortRoutes } from './route.js';

/** gRPC ports: unique per process; namespaces separate the processes' loopbacks. */
let nextApiPort = 50051;

const AFI_SAFI: Record<RouteFamily, string> = { ipv4: 'ipv4-unicast', ipv6: 'ipv6-unicast' };

/**
 * GoBGP as a {@link BgpDaemon}.
 *
 * @example
 * ```ts
 * await using gobgp = new GoBgp({ host: lab.host('node-a'), asn: 64513, routerId: '192.0.2.11',
 *   neighbors: [{ address: '192.0.2.1', asn: 64512 }] });
 * await gobgp.announce('ipv4', { prefix: '203.0.113.10/32', communities: ['65000:100'] });
 * await gobgp.start();
 * ```
 */
export class GoBgp extends DaemonBase {
  readonly kind = 'gobgp' as const;
  /** The gRPC port gobgpd listens on, on 127.0.0.1 inside the host's namespace. */
  readonly apiPort: number;

  constructor(options: BgpDaemonOptions) {
    super(options);
    this.apiPort = nextApiPort++;
  }

  protected async writeConfig(dir: string): Promise<void> {
    await writeFile(join(dir, 'gobgpd.toml'), this.renderConfig());
  }

  protected launch(dir: string): LaunchSpec {
    return {
      argv: [
        'gobgpd',
        '-f',
        join(dir, 'gobgpd.toml'),
        '--api-hosts',
        `127.0.0.1:${this.apiPort}`,
        '--pprof-disable',
        '-p',
      ],
    };
  }

  protected async isReady(): Promise<boolean> {
    await this.gobgp(['-j', 'global']);
    return true;
  }

  protected async afterStart(): Promise<void> {
    for (const { family, route } of this.originated.values())
      await this.applyAnnounce(family, route);
  }

  protected override checkCanAnnounce(_family: RouteFamily, route: AnnounceRoute): void {
    for (const text of route.extendedCommunities ?? []) {
      const ec = parseExtCommunity(text);
      if (ec.kind !== 'rt' || Number(ec.global) > 0xffff) {
        throw new LabError(
          'LAB_ERR_UNSUPPORTED',
          `the gobgp CLI cannot originate ${text} (only rt with an IPv4 or two-octet AS global part)`,
        );
      }
    }
  }

  protected async applyAnnounce(family: RouteFamily, route: AnnounceRoute): Promise<void> {
    const args = ['global', 'rib', 'add', route.prefix];
    if (route.nextHop !== undefined) args.push('nexthop', route.nextHop);
    if (route.med !== undefined) args.push('med', String(route.med));
    if (route.localPref !== undefined) args.push('local-pref', String(route.localPref));
    if (route.communities?.length) args.push('community', route.communities.join(','));
    if (route.largeCommunities?.length)
      args.push('large-community', route.largeCommunities.join(','));
    for (const text of route.extendedCommunities ?? []) args.push('rt', text.slice('rt:'.length));
    // `add` of an existing prefix replaces the path (same source, same NLRI).
    await this.gobgp([...args, '-a', family]);
  }

  protected async applyWithdraw(family: RouteFamily, prefix: string): Promise<void> {
    await this.gobgp(['global', 'rib', 'del', prefix, '-a', family]);
  }

  protected logFiles(): string[] {
    return [];
  }

  protected async readNeighborState(address: string): Promise<SessionState> {
    const out = await this.host.netns.exec([...this.cli(), '-j', 'neighbor', address], {
      allowFailure: true,
      timeoutMs: 10_000,
    });
    // A dynamic neighbour that has not connected yet does not exist.
    if (out.code !== 0) return 'idle';
    return parseGobgpNeighborState(out.stdout);
  }

  protected async readRoutes(family: RouteFamily): Promise<LabRoute[]> {
    return sortRoutes(parseGobgpRib(await this.gobgp(['-j', 'global', 'rib', '-a', family])));
  }

  /**
   * GoBGP keeps an Adj-RIB-In: `softresetin` re-applies import policy to it and sends no
   * ROUTE-REFRESH to the peer.
   */
  protected async requestSoftResetIn(address: string): Promise<void> {
    const n = this.options.neighbors.find((x) => x.address === address);
    for (const f of n ? this.familiesFor(n) : this.families)
      await this.gobgp(['neighbor', address, 'softresetin', '-a', f]);
  }

  private cli(): string[] {
    return ['gobgp', '-u', '127.0.0.1', '-p', String(this.apiPort)];
  }

  private gobgp(args: string[]): Promise<string> {
    return this.execInNetns([...this.cli(), ...args], 10_000);
  }

  private renderConfig(): string {
    const o = this.options;
    const lines = [
      '[global.config]',
      `  as = ${o.asn}`,
      `  router-id = ${q(o.routerId)}`,
      `  port = ${o.listenPort ?? 179}`,
    ];
    for (const n of o.neighbors) lines.push(...this.renderNeighbor(n));
    const d = o.dynamicNeighbors;
    if (d) {
      lines.push(
        '[[peer-groups]]',
        '  [peer-groups.config]',
        '    peer-group-name = "dynamic"',
        `    peer-as = ${d.asn}`,
        ...(d.password === undefined ? [] : [`    auth-password = ${q(d.password)}`]),
        '  [peer-groups.transport.config]',
        '    passive-mode = true',
        ...(d.holdTimeSec === undefined
          ? []
          : ['  [peer-groups.timers.config]', ...holdTimes(d.holdTimeSec)]),
        ...this.renderAfiSafis('peer-groups', this.families, d.addPath),
        '[[dynamic-neighbors]]',
        '  [dynamic-neighbors.config]',
        `    prefix = ${q(d.prefix)}`,
        '    peer-group = "dynamic"',
      );
    }
    return `${lines.join('\n')}\n`;
  }

  private renderNeighbor(n: NeighborOptions): string[] {
    return [
      '[[neighbors]]',
      '  [neighbors.config]',
      `    neighbor-address = ${q(n.address)}`,
      `    peer-as = ${n.asn}`,
      ...(n.password === undefined ? [] : [`    auth-password = ${q(n.password)}`]),
      '  [neighbors.transport.config]',
      `    local-address = ${q(this.localAddressFor(n))}`,
      ...(n.passive ? ['    passive-mode = true'] : []),
      ...(n.port === undefined ? [] : [`    remote-port = ${n.port}`]),
      '  [neighbors.timers.config]',
      `    connect-retry = ${this.connectRetrySec(n)}`,
      '    idle-hold-time-after-reset = 1',
      ...(n.holdTimeSec === undefined ? [] : holdTimes(n.holdTimeSec)),
      ...(n.multihop === undefined
        ? []
        : [
            '  [neighbors.ebgp-multihop.config]',
            '    enabled = true',
            `    multihop-ttl = ${n.multihop}`,
          ]),
      ...(n.gracefulRestartHelper
        ? ['  [neighbors.graceful-restart.config]', '    enabled = true', '    helper-only = true']
        : []),
      ...this.renderAfiSafis(
        'neighbors',
        this.familiesFor(n),
        n.addPath,
        n.gracefulRestartHelper === true,
      ),
    ];
  }

  private renderAfiSafis(
    table: string,
    families: readonly RouteFamily[],
    addPath: AddPathMode | undefined,
    gr = false,
  ): string[] {
    return families.flatMap((f) => [
      `  [[${table}.afi-safis]]`,
      `    [${table}.afi-safis.config]`,
      `      afi-safi-name = ${q(AFI_SAFI[f])}`,
      ...(addPath === undefined
        ? []
        : [
            `    [${table}.afi-safis.add-paths.config]`,
            `      receive = ${addPath !== 'send'}`,
            ...(addPath === 'receive' ? [] : ['      send-max = 8']),
          ]),
      ...(gr
        ? [`    [${table}.afi-safis.mp-graceful-restart.config]`, '      enabled = true']
        : []),
    ]);
  }
}

function holdTimes(holdTimeSec: number): string[] {
  return [
    `    hold-time = ${holdTimeSec}`,
    `    keepalive-interval = ${Math.max(1, Math.floor(holdTimeSec / 3))}`,
  ];
}

/** A TOML basic string. */
function q(text: string): string {
  return JSON.stringify(text);
}
