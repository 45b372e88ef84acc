/**
 * The responder's counters as a plain object. The three per-address counters carry MetalLB's
 * layer-2 metric names (internal/layer2/stats.go: `metallb_layer2_requests_received`,
 * `..._responses_sent`, `..._gratuitous_sent`, label `ip`), keyed by the address; the speaker
 * turns them into Prometheus metrics. Per-interface counters add drops by reason.
 */
import type { DropReason } from './decide.js';

/** Counts for one interface. */
export interface InterfaceCounters {
  /** Frames handed to the responder by the socket. */
  framesReceived: number;
  /** ARP requests and NSs for an owned address. */
  requestsReceived: number;
  /** ARP replies and solicited NAs sent. */
  responsesSent: number;
  /** Gratuitous ARPs and unsolicited NAs sent (one per frame). */
  gratuitousSent: number;
  /** Frames the socket refused to send (ENOBUFS, ENETDOWN, ...). */
  sendErrors: number;
  /** Receive errors the socket reported (ENETDOWN while the link is down, ...). */
  receiveErrors: number;
  /** Ignored frames by reason; a reason never seen is absent. */
  dropped: Partial<Record<DropReason, number>>;
  /**
   * Frames the kernel dropped before the responder could read them: the socket's receive
   * buffer was full (the process was starved of CPU, or a flood outran it).
   */
  socketBufferDrops: number;
}

/** Everything `Responder.counters()` returns; a snapshot, safe to keep. */
export interface ResponderCounters {
  /** MetalLB `metallb_layer2_requests_received{ip}`: requests for an owned address. */
  requests_received: Record<string, number>;
  /** MetalLB `metallb_layer2_responses_sent{ip}`: ARP replies and NAs answering them. */
  responses_sent: Record<string, number>;
  /** MetalLB `metallb_layer2_gratuitous_sent{ip}`: gratuitous ARP / unsolicited NA frames. */
  gratuitous_sent: Record<string, number>;
  /** By interface name. */
  interfaces: Record<string, InterfaceCounters>;
}

/** A fresh, all-zero interface counter set. */
export function emptyInterfaceCounters(): InterfaceCounters {
  return {
    framesReceived: 0,
    requestsReceived: 0,
    responsesSent: 0,
    gratuitousSent: 0,
    sendErrors: 0,
    receiveErrors: 0,
    dropped: {},
    socketBufferDrops: 0,
  };
}

/** Adds one to `table[key]`. */
export function bump<K extends string>(table: Partial<Record<K, number>>, key: K): void {
  table[key] = (table[key] ?? 0) + 1;
}

/** A deep copy, so callers cannot change (or see later changes to) the live counters. */
export function snapshotCounters(c: ResponderCounters): ResponderCounters {
  const interfaces: Record<string, InterfaceCounters> = {};
  for (const [name, ic] of Object.entries(c.interfaces)) {
    interfaces[name] = { ...ic, dropped: { ...ic.dropped } };
  }
  return {
    requests_received: { ...c.requests_received },
    responses_sent: { ...c.responses_sent },
    gratuitous_sent: { ...c.gratuitous_sent },
    interfaces,
  };
}
