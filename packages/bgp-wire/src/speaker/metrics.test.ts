import { describe, expect, it } from 'vitest';
import {
  type CounterLike,
  createPrometheusMetrics,
  type GaugeLike,
  type PromClientLike,
  SPEAKER_METRICS,
} from './metrics.js';

/** A stand-in for prom-client that records what is registered and observed. */
function fakeProm() {
  const registered: { name: string; kind: string; registers: unknown[] }[] = [];
  const values = new Map<string, number>();
  const key = (name: string, peer: string) => `${name}{peer="${peer}"}`;
  class Gauge implements GaugeLike {
    readonly name: string;
    constructor(c: { name: string; registers: unknown[] }) {
      this.name = c.name;
      registered.push({ name: c.name, kind: 'gauge', registers: c.registers });
    }
    set(l: { peer: string }, v: number) {
      values.set(key(this.name, l.peer), v);
    }
    remove(l: { peer: string }) {
      values.delete(key(this.name, l.peer));
    }
  }
  class Counter implements CounterLike {
    readonly name: string;
    constructor(c: { name: string; registers: unknown[] }) {
      this.name = c.name;
      registered.push({ name: c.name, kind: 'counter', registers: c.registers });
    }
    inc(l: { peer: string }, v = 1) {
      values.set(key(this.name, l.peer), (values.get(key(this.name, l.peer)) ?? 0) + v);
    }
    remove(l: { peer: string }) {
      values.delete(key(this.name, l.peer));
    }
  }
  return { prom: { Gauge, Counter } as PromClientLike, registered, values };
}

describe('createPrometheusMetrics', () => {
  it('registers MetalLB metric names on the given registry and maps messages onto them', () => {
    const { prom, registered, values } = fakeProm();
    const registry = { name: 'test' };
    const m = createPrometheusMetrics(prom, registry);
    expect(registered.map((r) => r.name).sort()).toEqual(
      Object.values(SPEAKER_METRICS)
        .map(([name]) => name)
        .sort(),
    );
    expect(registered.every((r) => r.registers[0] === registry)).toBe(true);
    const peer = '192.0.2.1';
    m.sessionUp(peer, true);
    m.messagesSent(peer, 'update', 3);
    m.messagesSent(peer, 'open', 1);
    m.messagesSent(peer, 'route-refresh', 2);
    m.messagesReceived(peer, 'keepalive', 1);
    m.messagesReceived(peer, 'notification', 1);
    m.prefixes(peer, 10, 2);
    expect(Object.fromEntries(values)).toEqual({
      'metallb_bgp_session_up{peer="192.0.2.1"}': 1,
      'metallb_bgp_updates_total{peer="192.0.2.1"}': 3,
      'metallb_bgp_opens_sent{peer="192.0.2.1"}': 1,
      'metallb_bgp_route_refresh_sent{peer="192.0.2.1"}': 2,
      'metallb_bgp_total_sent{peer="192.0.2.1"}': 6,
      'metallb_bgp_keepalives_received{peer="192.0.2.1"}': 1,
      'metallb_bgp_total_received{peer="192.0.2.1"}': 2,
      'metallb_bgp_announced_prefixes_total{peer="192.0.2.1"}': 10,
      'metallb_bgp_pending_prefixes_total{peer="192.0.2.1"}': 2,
    });
    m.removePeer(peer);
    expect(values.size).toBe(0);
  });
});
