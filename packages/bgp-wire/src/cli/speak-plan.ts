/**
 * What `bgp-wire speak` wants the speaker to hold, and the difference between two such wants:
 * SIGHUP sends only what changed (DESIGN.md "Contracts"), so a reload of a million-prefix
 * file that changed one line puts one UPDATE on the wire.
 */
import type { PeerOptions } from '../speaker/peer-options.js';
import type { Route } from '../speaker/route.js';
import type {
  SpeakConfig,
  SpeakGracefulRestart,
  SpeakPeerConfig,
  SpeakRouteConfig,
} from './speak-config.js';

export interface SpeakPlan {
  peers: Map<string, PeerOptions>;
  /** prefix -> route; `prefixesFile` lines first, `routes` entries override them. */
  routes: Map<string, Route>;
}

/** Connect retry for the CLI: labs and operators want a restarted router back in seconds. */
const CLI_CONNECT_RETRY_SEC = 5;

/** A peer's options; `gr` is the config's speaker-wide `gracefulRestart`. */
export function peerOptionsFrom(p: SpeakPeerConfig, gr?: SpeakGracefulRestart): PeerOptions {
  return {
    address: p.address,
    peerAs: p.peerAS,
    connectRetrySec: CLI_CONNECT_RETRY_SEC,
    ...(p.port !== undefined && { port: p.port }),
    ...(p.localAddress !== undefined && { localAddress: p.localAddress }),
    ...(p.password !== undefined && { password: p.password }),
    ...(p.holdTime !== undefined && { holdTimeSec: p.holdTime }),
    ...(p.passive !== undefined && { passive: p.passive }),
    ...(p.ttl !== undefined && { ttl: p.ttl }),
    ...(gr !== undefined && {
      gracefulRestart: {
        restartTimeSec: gr.restartTime,
        ...(gr.restarting !== undefined && { restarting: gr.restarting }),
        ...(gr.forwardingPreserved !== undefined && {
          forwardingPreserved: gr.forwardingPreserved,
        }),
        // Not the library's default: SIGTERM means going away, and its Cease must end it.
        notification: gr.notification ?? false,
      },
    }),
  };
}

function routeFrom(r: SpeakRouteConfig): Route {
  return {
    prefix: r.prefix,
    ...(r.nextHop !== undefined && { nextHop: r.nextHop }),
    ...(r.communities !== undefined && { communities: r.communities }),
    ...(r.largeCommunities !== undefined && { largeCommunities: r.largeCommunities }),
    ...(r.extendedCommunities !== undefined && { extendedCommunities: r.extendedCommunities }),
    ...(r.localPref !== undefined && { localPref: r.localPref }),
    ...(r.med !== undefined && { med: r.med }),
  };
}

export function planFrom(config: SpeakConfig, prefixes: readonly string[]): SpeakPlan {
  const routes = new Map<string, Route>();
  for (const prefix of prefixes) routes.set(prefix, { prefix });
  for (const r of config.routes) routes.set(r.prefix, routeFrom(r));
  const peers = new Map<string, PeerOptions>();
  for (const p of config.peers) peers.set(p.address, peerOptionsFrom(p, config.gracefulRestart));
  return { peers, routes };
}

/** Equal when every attribute is; a bare prefix route compares cheaply. */
function sameRoute(a: Route, b: Route): boolean {
  const keysA = Object.keys(a);
  if (keysA.length === 1 && Object.keys(b).length === 1) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface PlanDiff {
  addPeers: PeerOptions[];
  removePeers: string[];
  changePeers: PeerOptions[];
  /** New routes and routes whose attributes changed. */
  announce: Route[];
  withdraw: string[];
}

export function diffPlans(from: SpeakPlan, to: SpeakPlan): PlanDiff {
  const diff: PlanDiff = {
    addPeers: [],
    removePeers: [],
    changePeers: [],
    announce: [],
    withdraw: [],
  };
  for (const [address, peer] of to.peers) {
    const before = from.peers.get(address);
    if (!before) diff.addPeers.push(peer);
    else if (JSON.stringify(before) !== JSON.stringify(peer)) diff.changePeers.push(peer);
  }
  for (const address of from.peers.keys())
    if (!to.peers.has(address)) diff.removePeers.push(address);
  for (const [prefix, route] of to.routes) {
    const before = from.routes.get(prefix);
    if (!before || !sameRoute(before, route)) diff.announce.push(route);
  }
  if (to.routes.size === 0) diff.withdraw = [...from.routes.keys()];
  else
    for (const prefix of from.routes.keys()) if (!to.routes.has(prefix)) diff.withdraw.push(prefix);
  return diff;
}
