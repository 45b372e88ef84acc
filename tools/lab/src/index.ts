/**
 * @baremetal-lb/lab: real BGP daemons on a LAN of network namespaces, for integration tests.
 *
 * Three layers, each in its own files:
 * - `netns.ts` / `process.ts` / `cleanup.ts`: namespaces we create, commands run in them, and
 *   daemons that are always stopped by PID (SIGTERM, bounded wait, SIGKILL), with an exit-time
 *   safety net that kills them and deletes the namespaces if a test crashes.
 * - `topology.ts`: `Lab.create()` builds LAB.md §2 (a router namespace holding bridge br0, one
 *   namespace per host with eth0 on the bridge); `Lab.pair()` two hosts on one veth.
 * - One driver interface, `BgpDaemon` (`bgp-daemon.ts`), implemented by `Bird`, `GoBgp`, `Frr`
 *   and `ExaBgp`, on the shared `daemon-base.ts`. Each driver reads its daemon's own table
 *   with the daemon's own CLI (`*-parse.ts`) and returns routes in one normal form, with
 *   extended communities in the text form of `ext-community.ts`.
 *
 * Everything needs root; addresses are documentation ranges only (192.0.2.0/24,
 * 2001:db8:1::/64 on the LAN).
 */

export type {
  AddPathMode,
  AnnounceRoute,
  BgpDaemon,
  BgpDaemonOptions,
  DaemonKind,
  DynamicNeighborOptions,
  LabRoute,
  NeighborOptions,
  RouteFamily,
  SessionState,
} from './bgp-daemon.js';
export { Bird } from './bird.js';
export type { LabErrorCode } from './errors.js';
export { LabError } from './errors.js';
export { ExaBgp } from './exabgp.js';
export {
  extCommunityFromBytes,
  extCommunityToBytes,
  type ParsedExtCommunity,
  parseExtCommunity,
} from './ext-community.js';
export { Frr } from './frr.js';
export { GoBgp } from './gobgp.js';
export type { Closeable, NetnsOptions } from './netns.js';
export { Netns } from './netns.js';
export type { CommandResult, RunOptions, SpawnOptions, StopOptions } from './process.js';
export { LabProcess, runCommand } from './process.js';
export type { LabHost, LabOptions, PairOptions } from './topology.js';
export { Lab } from './topology.js';
export type { PollOptions } from './wait.js';
export { pollUntil } from './wait.js';
