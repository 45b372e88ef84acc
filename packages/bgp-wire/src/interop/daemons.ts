/**
 * Test helper (not exported): the lab's drivers plus the few readings of a daemon's own state
 * the interop tests need beyond its table: how many UPDATEs (BIRD: routes) it has received
 * from a peer, and (FRR) which of a peer's paths it holds as stale. Each reading comes from
 * the daemon's own CLI or API output, like the drivers' tables.
 */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type BgpDaemon,
  type BgpDaemonOptions,
  Bird,
  ExaBgp,
  Frr,
  GoBgp,
  type RouteFamily,
  runCommand,
} from '@baremetal-lb/lab';

/** What the interop tests read from a daemon besides its table. */
export interface DaemonProbe {
  /**
   * A counter that grows with every UPDATE received from `peer` (BIRD counts routes, FRR,
   * GoBGP and ExaBGP messages).
   */
  updatesReceived(peer: string): Promise<number>;
}

export type ProbedDaemon = BgpDaemon & DaemonProbe;

class BirdProbe extends Bird implements DaemonProbe {
  async updatesReceived(peer: string): Promise<number> {
    // The driver names its protocols n0, n1 ... in neighbour order.
    const index = this.options.neighbors.findIndex((n) => n.address === peer);
    const out = await runCommand(
      ['birdc', '-s', join(this.stateDir, 'bird.ctl'), 'show', 'protocols', 'all', `n${index}`],
      { timeoutMs: 10_000 },
    );
    const m = /Import updates:\s+(\d+)/.exec(out.stdout);
    if (!m) throw new Error(`birdc: no import statistics for ${peer}: ${out.stdout}`);
    return Number(m[1]);
  }
}

class GoBgpProbe extends GoBgp implements DaemonProbe {
  async updatesReceived(peer: string): Promise<number> {
    const out = await this.host.netns.exec(
      ['gobgp', '-u', '127.0.0.1', '-p', String(this.apiPort), '-j', 'neighbor', peer],
      { timeoutMs: 10_000 },
    );
    const doc = JSON.parse(out.stdout) as {
      state?: { messages?: { received?: { update?: number } } };
    };
    return doc.state?.messages?.received?.update ?? 0;
  }
}

/** One path of `show bgp <family> unicast json detail`, the fields read here. */
interface FrrPath {
  stale?: boolean;
  peer?: { peerId?: string };
  nexthops?: unknown[];
}

/** What FRR says about a peer in `show bgp neighbors <peer> json`. */
export interface FrrNeighborInfo {
  messageStats?: { updatesRecv?: number };
  gracefulRestartInfo?: {
    endOfRibRecv?: Record<string, boolean>;
    remoteGrMode?: string;
    rBit?: boolean;
  };
  [key: string]: unknown;
}

export class FrrProbe extends Frr implements DaemonProbe {
  async updatesReceived(peer: string): Promise<number> {
    return (await this.neighborInfo(peer)).messageStats?.updatesRecv ?? 0;
  }

  /** FRR's view of `peer` (graceful restart state, message counters). */
  async neighborInfo(peer: string): Promise<FrrNeighborInfo> {
    const doc = JSON.parse(await this.vty(`show bgp neighbors ${peer} json`)) as Record<
      string,
      FrrNeighborInfo
    >;
    return doc[peer] ?? {};
  }

  /** Prefix -> whether FRR marks the path learned from `peer` stale (RFC 4724 helper). */
  async staleFlags(family: RouteFamily, peer: string): Promise<Map<string, boolean>> {
    const doc = JSON.parse(await this.vty(`show bgp ${family} unicast json detail`)) as {
      routes?: Record<string, FrrPath[]>;
    };
    const flags = new Map<string, boolean>();
    for (const [prefix, paths] of Object.entries(doc.routes ?? {})) {
      for (const p of paths) {
        if (p.nexthops !== undefined && p.peer?.peerId === peer)
          flags.set(prefix, p.stale === true);
      }
    }
    return flags;
  }

  private async vty(command: string): Promise<string> {
    const dir = join(this.stateDir, 'frr');
    const out = await runCommand(['vtysh', '--vty_socket', dir, '-c', command], {
      timeoutMs: 10_000,
    });
    return out.stdout;
  }
}

class ExaBgpProbe extends ExaBgp implements DaemonProbe {
  async updatesReceived(peer: string): Promise<number> {
    // The driver's API helper appends every message ExaBGP reports, one JSON object a line.
    const text = await readFile(join(this.stateDir, 'received.jsonl'), 'utf8');
    return text.split('\n').filter((line) => {
      if (!line.startsWith('{')) return false;
      const m = JSON.parse(line) as { type?: string; neighbor?: { address?: { peer?: string } } };
      return m.type === 'update' && m.neighbor?.address?.peer === peer;
    }).length;
  }
}

export type DaemonKind = 'bird' | 'gobgp' | 'frr' | 'exabgp';

/** A lab driver of `kind` with the probe readings. */
export function probedDaemon(kind: DaemonKind, options: BgpDaemonOptions): ProbedDaemon {
  switch (kind) {
    case 'bird':
      return new BirdProbe(options);
    case 'gobgp':
      return new GoBgpProbe(options);
    case 'frr':
      return new FrrProbe(options);
    case 'exabgp':
      return new ExaBgpProbe(options);
  }
}
