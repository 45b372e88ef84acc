/**
 * Shared fixtures of the lab's own tests (not exported from the package): the GoBGP speaker
 * that plays "our speaker" in LAB.md §3 and the route it announces.
 */

import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe } from 'vitest';
import type { AnnounceRoute, BgpDaemonOptions, LabRoute, NeighborOptions } from './bgp-daemon.js';
import { GoBgp } from './gobgp.js';
import type { LabHost } from './topology.js';

/** The route every receiver test expects (community, large community, MED). */
export const TEST_ROUTE: AnnounceRoute = {
  prefix: '203.0.113.10/32',
  communities: ['65000:100'],
  largeCommunities: ['65000:1:2'],
  med: 5,
};

/** What a receiver's table should hold for {@link TEST_ROUTE} sent by `speaker` (AS 64513). */
export function expectedTestRoute(speaker: LabHost, extra: Partial<LabRoute> = {}): LabRoute {
  return {
    prefix: '203.0.113.10/32',
    nextHop: speaker.ipv4,
    asPath: [64513],
    communities: ['65000:100'],
    largeCommunities: ['65000:1:2'],
    extendedCommunities: [],
    med: 5,
    peer: speaker.ipv4,
    ...extra,
  };
}

/** A GoBGP in AS 64513 on `host`, active toward `neighbors` (AS 64512 unless given). */
export function gobgpSpeaker(
  host: LabHost,
  neighbors: (Partial<NeighborOptions> & { address: string })[],
  extra: Partial<BgpDaemonOptions> = {},
): GoBgp {
  return new GoBgp({
    host,
    asn: 64513,
    routerId: host.ipv4,
    neighbors: neighbors.map((n) => ({ asn: 64512, ...n })),
    ...extra,
  });
}

/**
 * A captured daemon output from `src/fixtures/`, without its provenance lines (leading `#`).
 * Throws if the fixture is empty, so a test can never pass on nothing.
 */
export function readFixture(name: string): string {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  const body = text.replace(/^(#[^\n]*\n)+/, '');
  if (body.trim() === '') throw new Error(`fixture ${name} is empty`);
  return body;
}

/** ROUTE-REFRESH messages a GoBGP has received from `address` (its neighbour counters). */
export async function refreshesReceivedBy(gobgp: GoBgp, address: string): Promise<number> {
  const out = await gobgp.host.netns.exec([
    'gobgp',
    '-p',
    String(gobgp.apiPort),
    '-j',
    'neighbor',
    address,
  ]);
  const peer = JSON.parse(out.stdout) as {
    state?: { messages?: { received?: { refresh?: number } } };
  };
  return peer.state?.messages?.received?.refresh ?? 0;
}

/** What the lab's tests run (LAB.md §1 installs them). */
const REQUIRED = [
  'ip',
  'ping',
  'bird',
  'birdc',
  'gobgpd',
  'gobgp',
  'vtysh',
  '/usr/lib/frr/bgpd',
  'exabgp',
  'python3',
];

function isExecutable(command: string): boolean {
  const candidates = command.includes('/')
    ? [command]
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, command));
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Why lab tests cannot run here, or undefined. Never a reason under CI=true: CI must run them. */
export function labSkipReason(): string | undefined {
  if (process.env.CI === 'true') return undefined;
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  const missing = REQUIRED.filter((c) => !isExecutable(c));
  return missing.length > 0 ? `missing ${missing.join(', ')} (LAB.md §1)` : undefined;
}

/** `describe`, or `describe.skip` with the reason printed (STYLE.md §8: never silently). */
export function describeLab(name: string, body: () => void): void {
  const reason = labSkipReason();
  if (reason === undefined) {
    describe(name, body);
    return;
  }
  console.warn(`skipping "${name}": ${reason}`);
  describe.skip(name, body);
}
