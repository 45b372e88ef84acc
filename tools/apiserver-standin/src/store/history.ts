/**
 * The bounded event history behind resuming watches and consistent list pages: the last
 * `capacity` store events across all resources, as the real watch cache keeps a window of
 * recent events. `start` is the resourceVersion after which every event is still known; a
 * watch or list from an older RV must get 410 Expired.
 */
import type { StoreEvent } from '../types.js';

export class History {
  readonly #capacity: number;
  /** Kept events are `#events[#head..]`; the dead prefix is dropped now and then. */
  #events: StoreEvent[] = [];
  #head = 0;
  #start: number;

  /** `start`: the RV the history begins after (the store's RV when it opened). */
  constructor(capacity: number, start: number) {
    this.#capacity = Math.max(0, Math.floor(capacity));
    this.#start = start;
  }

  /** Every event with a resourceVersion above this one is kept. */
  get start(): number {
    return this.#start;
  }

  /** Whether changes after `rv` are partly forgotten (kube: `rv < oldest - 1`). */
  isExpired(rv: number): boolean {
    return rv < this.#start;
  }

  push(event: StoreEvent): void {
    this.#events.push(event);
    if (this.#events.length - this.#head > this.#capacity) {
      this.#start = this.#events[this.#head]!.resourceVersion;
      this.#head++;
      // Drop the evicted prefix once it is half the array: amortised O(1) per push.
      if (this.#head * 2 >= this.#events.length) {
        this.#events = this.#events.slice(this.#head);
        this.#head = 0;
      }
    }
  }

  /** Events with resourceVersion > `rv`, oldest first (`rv` must not be expired). */
  since(rv: number): StoreEvent[] {
    let lo = this.#head;
    let hi = this.#events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#events[mid]!.resourceVersion > rv) hi = mid;
      else lo = mid + 1;
    }
    return this.#events.slice(lo);
  }

  /** Forgets everything: from now on only watches from `current` or later can resume. */
  compact(current: number): void {
    this.#events = [];
    this.#head = 0;
    this.#start = current;
  }
}
