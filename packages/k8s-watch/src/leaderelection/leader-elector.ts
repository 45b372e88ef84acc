/**
 * Leader election on a lock with optimistic concurrency (a Lease), in the manner of
 * client-go's `tools/leaderelection`, with two deliberate differences noted below.
 *
 * Safety (never two leaders) rests on local, monotonic time only, so clock skew between
 * machines does not matter (client-go's reasoning):
 * - a candidate takes over only after it has watched the record stay unchanged for the
 *   record's lease duration, timed from when *it* first saw the current version
 *   (`observedTime`), never from the `renewTime` written by another machine;
 * - the leader counts its term from when it *sent* its last successful write, and stops
 *   leading (aborting the signal it gave `onStartedLeading`, then `onStoppedLeading`) when
 *   `renewDeadline` has passed since then. Since a write reaches the server after it is sent
 *   and others see it after that, the leader always stops `leaseDuration - renewDeadline`
 *   before anyone may take over. (client-go counts from the start of its renew loop, which
 *   gives less margin.)
 * - every write replaces the version that was read; a 409 means another candidate won.
 *
 * Liveness: followers poll every `retryPeriod` (jittered *down* by up to 20%, not up to 2.2x
 * as in client-go) and also wake exactly when the observed lease would expire, so a dead
 * leader is replaced within `leaseDuration + retryPeriod` plus two API round trips.
 */

import { type Clock, sleep, systemClock } from '../clock.js';
import { describeError, isApiStatus } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import {
  type LeaderElectionRecord,
  type ResourceLock,
  sameRecord,
  type VersionedRecord,
} from './resource-lock.js';

/** Options of {@link LeaderElector}. Durations in milliseconds. */
export interface LeaderElectorOptions {
  lock: ResourceLock;
  /** How long followers wait after the record last changed before taking over. Default 15 000. */
  leaseDurationMs?: number;
  /** How long a leader keeps leading without a successful renew. Default 10 000. */
  renewDeadlineMs?: number;
  /** Time between attempts (renewals, and polls by followers). Default 2000. */
  retryPeriodMs?: number;
  /** On `stop()`, hand the lease back (`holderIdentity: ""`) so a follower takes over at once. Default true. */
  releaseOnStop?: boolean;
  /**
   * Became leader. `signal` aborts when leadership ends; stop leader-only work then. A returned
   * promise is awaited (up to `leaseDurationMs`) by `stop()` before the lease is released.
   */
  onStartedLeading?: (signal: AbortSignal) => void | Promise<void>;
  /** Stopped leading (lost the lease, or `stop()`). Runs after the signal aborted. */
  onStoppedLeading?: () => void;
  /** A different holder was observed (including this candidate). */
  onNewLeader?: (identity: string) => void;
  clock?: Clock;
  /** Wall time for the record's `acquireTime`/`renewTime` (informational only). */
  wallClock?: () => Date;
  /** Uniform in [0, 1): poll jitter. Default `Math.random`. */
  random?: () => number;
  logger?: Logger;
}

interface Term {
  readonly controller: AbortController;
  deadlineMs: number;
  cancelDeadline: () => void;
  work: Promise<void> | undefined;
}

/** Result of one attempt: `sentMs` is when the successful write was sent. */
type Attempt = { ok: true; sentMs: number } | { ok: false };

/**
 * Runs for leadership of one lock until stopped; see the file comment for the guarantees.
 *
 * **When to use:** one per process for each singleton duty (the MetalLB controller's IP
 * allocation). Give each process a unique `identity`.
 *
 * **Gotchas:**
 * - Leader-only work must stop when the signal aborts: after `renewDeadline` without a renew
 *   another candidate may take over `leaseDuration` later.
 * - `leaseDurationMs > renewDeadlineMs > 1.2 * retryPeriodMs` is enforced.
 * - Losing leadership does not stop the elector: it becomes a candidate again. Call
 *   `stop()` from `onStoppedLeading` to exit instead.
 *
 * @example
 * ```ts
 * const elector = new LeaderElector({
 *   lock: new LeaseLock({ kubeConfig: kc, namespace: 'metallb-system', name: 'controller', identity }),
 *   onStartedLeading: async (signal) => { await runAllocator(signal); },
 *   onStoppedLeading: () => log.info({}, 'no longer leader'),
 *   onNewLeader: (id) => log.info({ leader: id }, 'new leader'),
 * });
 * elector.start();
 * process.on('SIGTERM', () => void elector.stop());
 * ```
 */
export class LeaderElector {
  readonly #lock: ResourceLock;
  readonly #leaseDurationMs: number;
  readonly #renewDeadlineMs: number;
  readonly #retryPeriodMs: number;
  readonly #releaseOnStop: boolean;
  readonly #options: LeaderElectorOptions;
  readonly #clock: Clock;
  readonly #wallClock: () => Date;
  readonly #random: () => number;
  readonly #log: Logger;
  readonly #stop = new AbortController();
  #observed: VersionedRecord | undefined;
  #observedTimeMs = 0;
  #reportedLeader = '';
  #term: Term | undefined;
  #loop: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: LeaderElectorOptions) {
    this.#options = options;
    this.#lock = options.lock;
    this.#leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.#renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.#retryPeriodMs = options.retryPeriodMs ?? 2000;
    if (!(this.#retryPeriodMs > 0))
      throw new RangeError('LeaderElector: retryPeriodMs must be > 0');
    if (!(this.#renewDeadlineMs > 1.2 * this.#retryPeriodMs)) {
      throw new RangeError(
        'LeaderElector: renewDeadlineMs must be greater than 1.2 * retryPeriodMs',
      );
    }
    if (!(this.#leaseDurationMs > this.#renewDeadlineMs)) {
      throw new RangeError('LeaderElector: leaseDurationMs must be greater than renewDeadlineMs');
    }
    this.#releaseOnStop = options.releaseOnStop ?? true;
    this.#clock = options.clock ?? systemClock;
    this.#wallClock = options.wallClock ?? (() => new Date());
    this.#random = options.random ?? Math.random;
    this.#log = options.logger ?? silentLogger;
  }

  /** This candidate's identity. */
  get identity(): string {
    return this.#lock.identity;
  }

  /** True while leading: between `onStartedLeading` and the end of the term. */
  get isLeader(): boolean {
    return this.#term !== undefined && this.#clock.now() < this.#term.deadlineMs;
  }

  /** The holder last observed in the lock ('' if released, undefined before the first read). */
  get leader(): string | undefined {
    return this.#observed?.record.holderIdentity;
  }

  /** Starts campaigning in the background. Calling it again does nothing. */
  start(): void {
    if (this.#loop || this.#stop.signal.aborted) return;
    this.#log.info({ lock: this.#lock.describe(), identity: this.identity }, 'campaigning');
    this.#loop = this.#run();
  }

  /**
   * Stops campaigning; if leading, ends the term (signal, `onStoppedLeading`), waits for the
   * leader work, then releases the lease unless `releaseOnStop` is false. Idempotent.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#shutdown();
    return this.#stopping;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  async #shutdown(): Promise<void> {
    this.#stop.abort();
    const work = this.#term?.work;
    this.#endTerm('stopped');
    // An attempt in flight may still land; it cannot start a new term once stop is aborted.
    await this.#loop;
    // Releasing while leader work still runs would let a follower start beside it.
    const finished = work ? await this.#settlesWithin(work, this.#leaseDurationMs) : true;
    if (!finished) {
      this.#log.warn({ lock: this.#lock.describe() }, 'leader work did not end; not releasing');
      return;
    }
    if (this.#releaseOnStop && this.#observed?.record.holderIdentity === this.identity) {
      await this.#release();
    }
  }

  async #run(): Promise<void> {
    const stop = this.#stop.signal;
    while (!stop.aborted) {
      const attempt = await this.#attempt();
      if (stop.aborted) return;
      if (attempt.ok) {
        if (this.#term) this.#extendTerm(attempt.sentMs);
        else this.#beginTerm(attempt.sentMs);
      } else if (this.#term && this.#heldByOther()) {
        this.#endTerm(`lease taken by ${this.#observed?.record.holderIdentity}`);
      }
      const delay = this.#term ? this.#retryPeriodMs : this.#candidateDelayMs();
      await sleep(this.#clock, delay, stop).catch(() => undefined);
    }
  }

  /** One tryAcquireOrRenew, given up after `renewDeadline` (a hung request must not stall us). */
  async #attempt(): Promise<Attempt> {
    const timeout = new AbortController();
    const timedOut = sleep(this.#clock, this.#renewDeadlineMs, timeout.signal).then(
      (): Attempt => ({ ok: false }),
      (): Attempt => ({ ok: false }),
    );
    try {
      return await Promise.race([this.#tryAcquireOrRenew(), timedOut]);
    } finally {
      timeout.abort();
    }
  }

  async #tryAcquireOrRenew(): Promise<Attempt> {
    let current: VersionedRecord | undefined;
    try {
      current = await this.#lock.get();
    } catch (err) {
      this.#log.warn({ lock: this.#lock.describe(), err: describeError(err) }, 'cannot read lock');
      return { ok: false };
    }
    const now = this.#wallClock();
    if (!current) return this.#write(this.#newRecord(undefined, now), undefined);
    this.#observe(current, this.#clock.now());
    const held = current.record.holderIdentity;
    if (held !== '' && held !== this.identity && !this.#observedExpired()) return { ok: false };
    return this.#write(this.#newRecord(current.record, now), current.version);
  }

  #newRecord(old: LeaderElectionRecord | undefined, now: Date): LeaderElectionRecord {
    const renewing = old?.holderIdentity === this.identity;
    return {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.ceil(this.#leaseDurationMs / 1000),
      acquireTime: renewing ? old?.acquireTime : now,
      renewTime: now,
      leaseTransitions: old ? (renewing ? old.leaseTransitions : old.leaseTransitions + 1) : 0,
    };
  }

  async #write(record: LeaderElectionRecord, version: string | undefined): Promise<Attempt> {
    const sentMs = this.#clock.now();
    try {
      const written =
        version === undefined
          ? await this.#lock.create(record)
          : await this.#lock.update(record, version);
      this.#observe(written, this.#clock.now());
      return { ok: true, sentMs };
    } catch (err) {
      const lostRace = isApiStatus(err, 409);
      this.#log[lostRace ? 'debug' : 'warn'](
        { lock: this.#lock.describe(), err: describeError(err) },
        lostRace ? 'lost the race for the lock' : 'cannot write lock',
      );
      return { ok: false };
    }
  }

  /** Records what was read; a changed record restarts the local expiry clock. */
  #observe(seen: VersionedRecord, atMs: number): void {
    const prev = this.#observed;
    if (prev && prev.version === seen.version && sameRecord(prev.record, seen.record)) return;
    this.#observed = seen;
    this.#observedTimeMs = atMs;
    const holder = seen.record.holderIdentity;
    if (holder !== '' && holder !== this.#reportedLeader) {
      this.#reportedLeader = holder;
      this.#log.info({ lock: this.#lock.describe(), leader: holder }, 'new leader observed');
      this.#callback('onNewLeader', () => this.#options.onNewLeader?.(holder));
    }
  }

  /** When the observed record expires, on the local clock. */
  #expiresAtMs(): number {
    const record = this.#observed?.record;
    if (!record || record.holderIdentity === '') return this.#observedTimeMs;
    const ms =
      record.leaseDurationSeconds > 0 ? record.leaseDurationSeconds * 1000 : this.#leaseDurationMs;
    return this.#observedTimeMs + ms;
  }

  #observedExpired(): boolean {
    return this.#clock.now() >= this.#expiresAtMs();
  }

  #heldByOther(): boolean {
    const holder = this.#observed?.record.holderIdentity;
    return holder !== undefined && holder !== '' && holder !== this.identity;
  }

  /** A follower's wait: one jittered period, or less if the observed lease expires sooner. */
  #candidateDelayMs(): number {
    const period = this.#retryPeriodMs * (1 - 0.2 * this.#random());
    if (!this.#heldByOther()) return period;
    const untilExpiry = this.#expiresAtMs() - this.#clock.now();
    return untilExpiry > 0 && untilExpiry < period ? untilExpiry + 1 : period;
  }

  #beginTerm(sentMs: number): void {
    const deadlineMs = sentMs + this.#renewDeadlineMs;
    if (deadlineMs <= this.#clock.now()) return; // the write took the whole deadline
    const controller = new AbortController();
    const term: Term = { controller, deadlineMs, cancelDeadline: () => {}, work: undefined };
    this.#term = term;
    this.#armDeadline(term);
    this.#log.info({ lock: this.#lock.describe(), identity: this.identity }, 'started leading');
    this.#callback('onStartedLeading', () => {
      const result = this.#options.onStartedLeading?.(controller.signal);
      if (result instanceof Promise) {
        term.work = result.catch((err: unknown) => {
          this.#log.error(
            { lock: this.#lock.describe(), err: describeError(err) },
            'leader work failed',
          );
        });
      }
    });
  }

  #extendTerm(sentMs: number): void {
    const term = this.#term!;
    term.deadlineMs = Math.max(term.deadlineMs, sentMs + this.#renewDeadlineMs);
    this.#armDeadline(term);
  }

  #armDeadline(term: Term): void {
    term.cancelDeadline();
    const delay = term.deadlineMs - this.#clock.now();
    if (delay <= 0) {
      this.#endTerm('renew deadline passed');
      return;
    }
    const timer = this.#clock.setTimer(delay, () => this.#endTerm('renew deadline passed'));
    term.cancelDeadline = () => timer.cancel();
  }

  #endTerm(reason: string): void {
    const term = this.#term;
    if (!term) return;
    this.#term = undefined;
    term.cancelDeadline();
    term.controller.abort();
    this.#log.info(
      { lock: this.#lock.describe(), identity: this.identity, reason },
      'stopped leading',
    );
    this.#callback('onStoppedLeading', () => this.#options.onStoppedLeading?.());
  }

  async #release(): Promise<void> {
    const observed = this.#observed!;
    const now = this.#wallClock();
    const record: LeaderElectionRecord = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: observed.record.leaseTransitions,
    };
    try {
      this.#observe(await this.#lock.update(record, observed.version), this.#clock.now());
      this.#log.info({ lock: this.#lock.describe() }, 'released the lock');
    } catch (err) {
      this.#log.warn(
        { lock: this.#lock.describe(), err: describeError(err) },
        'cannot release lock',
      );
    }
  }

  async #settlesWithin(work: Promise<void>, ms: number): Promise<boolean> {
    const timeout = new AbortController();
    const timer = sleep(this.#clock, ms, timeout.signal).then(
      () => false,
      () => false,
    );
    try {
      return await Promise.race([work.then(() => true), timer]);
    } finally {
      timeout.abort();
    }
  }

  #callback(name: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.#log.error(
        { lock: this.#lock.describe(), callback: name, err: describeError(err) },
        'callback threw',
      );
    }
  }
}
