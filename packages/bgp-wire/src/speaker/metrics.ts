/**
 * Speaker metrics as hooks, with MetalLB's metric names (label `peer`): the native BGP
 * implementation's `metallb_bgp_session_up`, `_updates_total`, `_announced_prefixes_total`,
 * `_pending_prefixes_total`, and the FRR exporter's message counters. bgp-wire does not
 * depend on prom-client: {@link createPrometheusMetrics} takes the caller's module and
 * registry (STYLE.md §9: register on an injected Registry).
 */

import type { BgpMessage } from '../codec/types.js';

/** A BGP message type name. */
export type MessageTypeName = BgpMessage['type'];

/**
 * What the speaker reports. Every method is called with the peer's address as `peer`.
 *
 * **When to use:** pass your own implementation as `BgpSpeakerOptions.metrics` (StatsD, OTel),
 * or {@link createPrometheusMetrics}.
 */
export interface SpeakerMetrics {
  /** The session came up (true) or went down (false). */
  sessionUp(peer: string, isUp: boolean): void;
  /** `count` messages of `type` written. */
  messagesSent(peer: string, type: MessageTypeName, count: number): void;
  /** `count` messages of `type` read. */
  messagesReceived(peer: string, type: MessageTypeName, count: number): void;
  /** Prefixes the peer has been sent, and those waiting to be. */
  prefixes(peer: string, announced: number, pending: number): void;
  /** The peer was removed: forget its series. */
  removePeer(peer: string): void;
}

/** Metric names and help texts (MetalLB's). */
export const SPEAKER_METRICS = {
  sessionUp: ['metallb_bgp_session_up', 'BGP session state (1 is up, 0 is down)'],
  updates: ['metallb_bgp_updates_total', 'Number of BGP UPDATE messages sent'],
  announced: [
    'metallb_bgp_announced_prefixes_total',
    'Number of prefixes currently being advertised on the BGP session',
  ],
  pending: [
    'metallb_bgp_pending_prefixes_total',
    'Number of prefixes that should be advertised on the BGP session but are not yet',
  ],
  opensSent: ['metallb_bgp_opens_sent', 'Number of BGP open messages sent'],
  opensReceived: ['metallb_bgp_opens_received', 'Number of BGP open messages received'],
  notificationsSent: ['metallb_bgp_notifications_sent', 'Number of BGP notification messages sent'],
  updatesReceived: ['metallb_bgp_updates_total_received', 'Number of BGP UPDATE messages received'],
  keepalivesSent: ['metallb_bgp_keepalives_sent', 'Number of BGP keepalive messages sent'],
  keepalivesReceived: [
    'metallb_bgp_keepalives_received',
    'Number of BGP keepalive messages received',
  ],
  routeRefreshSent: ['metallb_bgp_route_refresh_sent', 'Number of BGP route refresh messages sent'],
  totalSent: ['metallb_bgp_total_sent', 'Number of total BGP messages sent'],
  totalReceived: ['metallb_bgp_total_received', 'Number of total BGP messages received'],
} as const satisfies Record<string, readonly [string, string]>;

type Labels = { peer: string };

/** The parts of a prom-client Gauge we use. */
export interface GaugeLike {
  set(labels: Labels, value: number): void;
  remove(labels: Labels): void;
}

/** The parts of a prom-client Counter we use. */
export interface CounterLike {
  inc(labels: Labels, value?: number): void;
  remove(labels: Labels): void;
}

interface MetricConfig {
  name: string;
  help: string;
  labelNames: string[];
  registers: unknown[];
}

/** The parts of the prom-client module we use (`import * as promClient from 'prom-client'`). */
export interface PromClientLike {
  Gauge: new (config: MetricConfig) => GaugeLike;
  Counter: new (config: MetricConfig) => CounterLike;
}

type Key = keyof typeof SPEAKER_METRICS;
type GaugeKey = 'sessionUp' | 'announced' | 'pending';
type CounterKey = Exclude<Key, GaugeKey>;

const SENT: Partial<Record<MessageTypeName, CounterKey>> = {
  open: 'opensSent',
  update: 'updates',
  notification: 'notificationsSent',
  keepalive: 'keepalivesSent',
  'route-refresh': 'routeRefreshSent',
};
const RECEIVED: Partial<Record<MessageTypeName, CounterKey>> = {
  open: 'opensReceived',
  update: 'updatesReceived',
  keepalive: 'keepalivesReceived',
};

/**
 * Prometheus metrics through the caller's prom-client.
 *
 * **When to use:** in an app that already has prom-client and a Registry.
 *
 * **Gotchas:** registers the metrics on `registry` once; call it once per registry (a second
 * call throws prom-client's "already registered").
 *
 * @example
 * ```ts
 * import * as promClient from 'prom-client';
 * const registry = new promClient.Registry();
 * const speaker = new BgpSpeaker({ localAs: 64512, routerId: '192.0.2.1',
 *   metrics: createPrometheusMetrics(promClient, registry) });
 * ```
 */
export function createPrometheusMetrics(
  promClient: PromClientLike,
  registry: unknown,
): SpeakerMetrics {
  const make = <T>(Kind: new (c: MetricConfig) => T, key: Key): T => {
    const [name, help] = SPEAKER_METRICS[key];
    return new Kind({ name, help, labelNames: ['peer'], registers: [registry] });
  };
  const gauges = {
    sessionUp: make(promClient.Gauge, 'sessionUp'),
    announced: make(promClient.Gauge, 'announced'),
    pending: make(promClient.Gauge, 'pending'),
  } satisfies Record<GaugeKey, GaugeLike>;
  const counters = Object.fromEntries(
    (Object.keys(SPEAKER_METRICS) as Key[])
      .filter((k): k is CounterKey => !(k in gauges))
      .map((k) => [k, make(promClient.Counter, k)]),
  ) as Record<CounterKey, CounterLike>;
  const count = (peer: string, key: CounterKey | undefined, total: CounterKey, n: number) => {
    if (key) counters[key].inc({ peer }, n);
    counters[total].inc({ peer }, n);
  };
  return {
    sessionUp: (peer, isUp) => gauges.sessionUp.set({ peer }, isUp ? 1 : 0),
    messagesSent: (peer, type, n) => count(peer, SENT[type], 'totalSent', n),
    messagesReceived: (peer, type, n) => count(peer, RECEIVED[type], 'totalReceived', n),
    prefixes: (peer, announced, pending) => {
      gauges.announced.set({ peer }, announced);
      gauges.pending.set({ peer }, pending);
    },
    removePeer: (peer) => {
      for (const metric of [...Object.values(gauges), ...Object.values(counters)]) {
        metric.remove({ peer });
      }
    },
  };
}
