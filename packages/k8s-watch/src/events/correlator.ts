/**
 * Decides what an event becomes on the server before anything is sent (client-go's
 * `EventCorrelator`, `tools/record/events_cache.go`), as a pure object over an injected clock:
 * - spam filter: per source+object token bucket (burst 25, then 1 per 5 minutes); over budget,
 *   the event is dropped;
 * - aggregation: more than 10 distinct messages with the same source+object+type+reason
 *   within 10 minutes collapse into one "(combined from similar events): ..." event;
 * - counting: an identical event seen again within the window PATCHes the existing Event's
 *   `count` and `lastTimestamp` instead of creating a new one (what `kubectl describe` shows
 *   as "x5 over 3m").
 */

import { type Clock, systemClock } from '../clock.js';
import { LruMap } from './lru.js';

/** core/v1 `ObjectReference` of the object an event is about. */
export interface InvolvedObject {
  kind?: string;
  apiVersion?: string;
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** What the caller reports (the recorder fills source and reporting fields). */
export interface EventInput {
  involvedObject: InvolvedObject;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  source: { component: string; host?: string };
  reportingComponent: string;
  reportingInstance: string;
}

/** A core/v1 Event body to create (plain JSON). */
export interface CoreEvent extends EventInput {
  apiVersion: 'v1';
  kind: 'Event';
  metadata: { name: string; namespace: string };
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
}

/** What to do with an event. */
export type Correlation =
  | { action: 'create'; key: string; event: CoreEvent }
  | {
      action: 'patch';
      key: string;
      /** The Event as it will read after the patch (for a re-create if it vanished). */
      event: CoreEvent;
      /** A JSON merge patch. */
      patch: { count: number; lastTimestamp: string; message: string };
    }
  | { action: 'drop'; reason: 'spam' };

/** Tuning of {@link EventCorrelator}; defaults are client-go's. */
export interface CorrelatorOptions {
  /** Distinct messages per source+object+type+reason before aggregation. Default 10. */
  maxEvents?: number;
  /** Aggregation and counting window, ms. Default 600 000 (10 min). */
  windowMs?: number;
  /** Events a source may send about one object at once. Default 25. */
  spamBurst?: number;
  /** Refill of that budget, events per second. Default 1/300. */
  spamQps?: number;
  /** Entries kept per cache. Default 4096. */
  cacheSize?: number;
  clock?: Clock;
  /** Wall time for Event timestamps and names. */
  wallClock?: () => Date;
  /** Uniform in [0, 1): Event name suffixes. */
  random?: () => number;
}

interface Observation {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
  lastSeenMs: number;
}

const sep = '\u0000';

function objectKeyOf(e: EventInput): string {
  const o = e.involvedObject;
  return [e.source.component, e.source.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion].join(
    sep,
  );
}

function eventKeyOf(e: EventInput): string {
  return [objectKeyOf(e), e.involvedObject.fieldPath, e.type, e.reason, e.message].join(sep);
}

function aggregateKeyOf(e: EventInput): string {
  return [objectKeyOf(e), e.type, e.reason, e.reportingComponent, e.reportingInstance].join(sep);
}

/** The namespace an Event about `o` lives in (cluster-scoped objects: "default", as client-go). */
export function eventNamespace(o: InvolvedObject): string {
  return o.namespace || 'default';
}

/**
 * Filters, aggregates and counts events; see the file comment.
 *
 * @example
 * ```ts
 * const correlator = new EventCorrelator({ clock });
 * const first = correlator.correlate(input);   // { action: 'create', event: {... count: 1} }
 * correlator.stored(first.key, first.event);
 * const again = correlator.correlate(input);   // { action: 'patch', patch: { count: 2, ... } }
 * ```
 */
export class EventCorrelator {
  readonly #maxEvents: number;
  readonly #windowMs: number;
  readonly #spamBurst: number;
  readonly #spamQps: number;
  readonly #clock: Clock;
  readonly #wallClock: () => Date;
  readonly #random: () => number;
  readonly #spam: LruMap<string, { tokens: number; lastMs: number }>;
  readonly #aggregates: LruMap<string, { messages: Set<string>; lastMs: number }>;
  readonly #observations: LruMap<string, Observation>;
  #nameSeq = 0;

  constructor(options: CorrelatorOptions = {}) {
    this.#maxEvents = options.maxEvents ?? 10;
    this.#windowMs = options.windowMs ?? 600_000;
    this.#spamBurst = options.spamBurst ?? 25;
    this.#spamQps = options.spamQps ?? 1 / 300;
    const size = options.cacheSize ?? 4096;
    this.#clock = options.clock ?? systemClock;
    this.#wallClock = options.wallClock ?? (() => new Date());
    this.#random = options.random ?? Math.random;
    this.#spam = new LruMap(size);
    this.#aggregates = new LruMap(size);
    this.#observations = new LruMap(size);
  }

  /** What to send for `input` now. Counts it against the spam budget and aggregation. */
  correlate(input: EventInput): Correlation {
    if (!this.#allow(objectKeyOf(input))) return { action: 'drop', reason: 'spam' };
    const { event: base, key } = this.#aggregate(input);
    const nowMs = this.#clock.now();
    const nowIso = this.#wallClock().toISOString();
    const seen = this.#observations.get(key);
    if (seen && nowMs - seen.lastSeenMs <= this.#windowMs) {
      const count = seen.count + 1;
      // Counted now, not when the server answers: a burst of identical events must not all
      // see count N and patch N+1.
      this.#observations.set(key, { ...seen, count, lastSeenMs: nowMs });
      const event = this.#build(base, seen.name, count, seen.firstTimestamp, nowIso);
      return {
        action: 'patch',
        key,
        event,
        patch: { count, lastTimestamp: nowIso, message: base.message },
      };
    }
    const event = this.#build(base, this.newName(input.involvedObject), 1, nowIso, nowIso);
    this.#observations.set(key, {
      name: event.metadata.name,
      namespace: event.metadata.namespace,
      count: 1,
      firstTimestamp: nowIso,
      lastSeenMs: nowMs,
    });
    return { action: 'create', key, event };
  }

  /** The server stored `event` under `key` (possibly renamed after a name clash). */
  stored(key: string, event: CoreEvent): void {
    const seen = this.#observations.get(key);
    this.#observations.set(key, {
      name: event.metadata.name,
      namespace: event.metadata.namespace,
      count: Math.max(event.count, seen?.count ?? 0),
      firstTimestamp: event.firstTimestamp,
      lastSeenMs: seen?.lastSeenMs ?? this.#clock.now(),
    });
  }

  /** Forgets `key`: the next identical event creates a new Event (after a write failed for good). */
  forget(key: string): void {
    this.#observations.delete(key);
  }

  /** A fresh Event name: `<object name>.<hex>`, as client-go names them. */
  newName(o: InvolvedObject): string {
    const ns = BigInt(this.#wallClock().getTime()) * 1_000_000n;
    const jitter = BigInt(Math.floor(this.#random() * 1000) * 1000 + (this.#nameSeq++ % 1000));
    return `${o.name ?? 'event'}.${(ns + jitter).toString(16)}`;
  }

  #build(base: EventInput, name: string, count: number, first: string, last: string): CoreEvent {
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: eventNamespace(base.involvedObject) },
      ...base,
      count,
      firstTimestamp: first,
      lastTimestamp: last,
    };
  }

  /** Token bucket per source+object (client-go's `EventSourceObjectSpamFilter`). */
  #allow(objectKey: string): boolean {
    const nowMs = this.#clock.now();
    const bucket = this.#spam.get(objectKey) ?? { tokens: this.#spamBurst, lastMs: nowMs };
    bucket.tokens = Math.min(
      this.#spamBurst,
      bucket.tokens + ((nowMs - bucket.lastMs) / 1000) * this.#spamQps,
    );
    bucket.lastMs = nowMs;
    const ok = bucket.tokens >= 1;
    if (ok) bucket.tokens -= 1;
    this.#spam.set(objectKey, bucket);
    return ok;
  }

  /** client-go's `EventAggregator`: too many distinct messages become one combined event. */
  #aggregate(input: EventInput): { event: EventInput; key: string } {
    const nowMs = this.#clock.now();
    const aggregateKey = aggregateKeyOf(input);
    let record = this.#aggregates.get(aggregateKey);
    if (!record || nowMs - record.lastMs > this.#windowMs)
      record = { messages: new Set(), lastMs: nowMs };
    record.messages.add(input.message);
    record.lastMs = nowMs;
    this.#aggregates.set(aggregateKey, record);
    if (record.messages.size < this.#maxEvents) return { event: input, key: eventKeyOf(input) };
    // Keep the set from growing past the threshold, as client-go does.
    record.messages.delete(record.messages.values().next().value!);
    return {
      event: { ...input, message: `(combined from similar events): ${input.message}` },
      key: aggregateKey,
    };
  }
}
