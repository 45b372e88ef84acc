import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { type LinkMode, MemoryLockStore } from '../testing/memory-lock.js';
import { LeaderElector, type LeaderElectorOptions } from './leader-elector.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) await tick();
}

const TIMING = { leaseDurationMs: 1000, renewDeadlineMs: 700, retryPeriodMs: 200 };

/** Candidates on one store and clock, with a checker run at every transition. */
class Election {
  readonly clock = new ManualClock();
  readonly store = new MemoryLockStore();
  readonly electors = new Map<string, LeaderElector>();
  readonly leading = new Set<string>();
  readonly log: string[] = [];
  readonly newLeaders = new Map<string, string[]>();

  add(identity: string, extra: Partial<LeaderElectorOptions> = {}): LeaderElector {
    const seen: string[] = [];
    this.newLeaders.set(identity, seen);
    const elector = new LeaderElector({
      lock: this.store.lock(identity),
      ...TIMING,
      clock: this.clock,
      random: () => 0,
      wallClock: () => new Date(1_700_000_000_000 + this.clock.now()),
      onStartedLeading: () => {
        // The safety check, at every transition: nobody else leads right now.
        expect([...this.leading], `${identity} started while others lead`).toEqual([]);
        this.leading.add(identity);
        this.log.push(`${this.clock.now()} start ${identity}`);
      },
      onStoppedLeading: () => {
        this.leading.delete(identity);
        this.log.push(`${this.clock.now()} stop ${identity}`);
      },
      onNewLeader: (id) => seen.push(id),
      ...extra,
    });
    this.electors.set(identity, elector);
    return elector;
  }

  /** Advances time in steps, letting promise continuations run in between. */
  async run(ms: number, stepMs = 10): Promise<void> {
    for (let t = 0; t < ms; t += stepMs) {
      await settle();
      this.clock.advance(Math.min(stepMs, ms - t));
    }
    await settle();
  }

  link(identity: string, mode: LinkMode): void {
    this.store.setLink(identity, mode);
  }
}

describe('LeaderElector', () => {
  it('acquires a missing lock at once and renews it every retryPeriod', async () => {
    const e = new Election();
    const a = e.add('a');
    a.start();
    await e.run(10);
    expect(a.isLeader).toBe(true);
    expect(e.store.current?.record).toMatchObject({
      holderIdentity: 'a',
      leaseDurationSeconds: 1,
      leaseTransitions: 0,
    });
    expect(e.newLeaders.get('a')).toEqual(['a']);
    const writes = e.store.writes;
    await e.run(1000);
    expect(e.store.writes - writes).toBe(5);
    expect(a.isLeader).toBe(true);
    await Promise.all([a.stop(), e.run(10)]);
  });

  it('lets followers wait while the leader renews, and reports the leader to them', async () => {
    const e = new Election();
    const a = e.add('a');
    a.start();
    await e.run(10);
    const b = e.add('b');
    const c = e.add('c');
    b.start();
    c.start();
    await e.run(5000);
    expect([...e.leading]).toEqual(['a']);
    expect(b.leader).toBe('a');
    expect(e.newLeaders.get('b')).toEqual(['a']);
    expect(e.store.current?.record.leaseTransitions).toBe(0);
  });

  it('replaces a crashed leader within leaseDuration + retryPeriod', async () => {
    const e = new Election();
    const a = e.add('a', { releaseOnStop: false });
    a.start();
    await e.run(10);
    const b = e.add('b');
    b.start();
    await e.run(1000);
    // A crash: no more renewals, no release.
    e.link('a', 'down');
    const crashedAt = e.clock.now();
    void a.stop();
    await e.run(TIMING.leaseDurationMs + TIMING.retryPeriodMs + 20);
    expect(b.isLeader).toBe(true);
    const started = Number(e.log.find((l) => l.endsWith('start b'))!.split(' ')[0]);
    expect(started - crashedAt).toBeLessThanOrEqual(TIMING.leaseDurationMs + TIMING.retryPeriodMs);
    expect(e.store.current?.record).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
  });

  it('makes a partitioned leader stop before anyone else starts', async () => {
    const e = new Election();
    const a = e.add('a');
    a.start();
    await e.run(10);
    const b = e.add('b');
    b.start();
    await e.run(500);
    e.link('a', 'down');
    await e.run(3000);
    expect(a.isLeader).toBe(false);
    expect(b.isLeader).toBe(true);
    const stopA = Number(e.log.find((l) => l.endsWith('stop a'))!.split(' ')[0]);
    const startB = Number(e.log.find((l) => l.endsWith('start b'))!.split(' ')[0]);
    expect(startB - stopA).toBeGreaterThanOrEqual(TIMING.leaseDurationMs - TIMING.renewDeadlineMs);
    // Back on the network, a sees b's lease and stays a follower.
    e.link('a', 'up');
    await e.run(3000);
    expect([...e.leading]).toEqual(['b']);
  });

  it('hands over at once when the leader stops and releases', async () => {
    const e = new Election();
    const a = e.add('a');
    a.start();
    await e.run(10);
    const b = e.add('b');
    b.start();
    await e.run(500);
    const stopping = a.stop();
    await e.run(10);
    await stopping;
    expect(e.store.current?.record.holderIdentity).toBe('');
    await e.run(TIMING.retryPeriodMs + 10);
    expect(b.isLeader).toBe(true);
  });

  it('waits for the leader work to end before releasing', async () => {
    const e = new Election();
    let finish: () => void = () => {};
    let aborted = false;
    const a = e.add('a', {
      onStartedLeading: (signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
          });
          finish = resolve;
        }),
    });
    a.start();
    await e.run(10);
    const stopping = a.stop();
    await e.run(10);
    expect(aborted).toBe(true);
    expect(e.store.current?.record.holderIdentity).toBe('a');
    finish();
    await e.run(10);
    await stopping;
    expect(e.store.current?.record.holderIdentity).toBe('');
  });

  it('lets exactly one of several simultaneous candidates win (409 for the others)', async () => {
    const e = new Election();
    for (const id of ['a', 'b', 'c']) e.add(id).start();
    await e.run(3000);
    expect(e.leading.size).toBe(1);
  });

  it('rejects timings that cannot be safe', () => {
    const lock = new MemoryLockStore().lock('x');
    expect(() => new LeaderElector({ lock, leaseDurationMs: 10, renewDeadlineMs: 10 })).toThrow(
      RangeError,
    );
    expect(() => new LeaderElector({ lock, renewDeadlineMs: 2000, retryPeriodMs: 2000 })).toThrow(
      RangeError,
    );
    expect(() => new LeaderElector({ lock, retryPeriodMs: 0 })).toThrow(RangeError);
  });
});

describe('LeaderElector properties', () => {
  type Step = { who: 'a' | 'b' | 'c'; what: LinkMode | 'crash' | 'restart'; waitMs: number };
  const step: fc.Arbitrary<Step> = fc.record({
    who: fc.constantFrom('a' as const, 'b' as const, 'c' as const),
    what: fc.constantFrom(
      'up' as const,
      'down' as const,
      'hang' as const,
      'crash' as const,
      'restart' as const,
    ),
    waitMs: fc.integer({ min: 0, max: 1500 }),
  });

  it('never has two leaders, under partitions, late requests and crashes; heals to one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 12 }), async (steps) => {
        const e = new Election();
        // Each restart is a new process with a new identity, as in a real deployment.
        const current = { a: 'a', b: 'b', c: 'c' };
        const stopped = new Set<string>();
        for (const id of Object.values(current)) e.add(id).start();
        let generation = 0;
        for (const s of steps) {
          const id = current[s.who];
          if (s.what === 'crash' || s.what === 'restart') {
            e.link(id, 'down');
            stopped.add(id);
            void e.electors.get(id)?.stop();
            if (s.what === 'restart') {
              current[s.who] = `${s.who}${++generation}`;
              e.add(current[s.who]).start();
            }
          } else if (!stopped.has(id)) {
            e.link(id, s.what);
          }
          await e.run(s.waitMs, 50);
        }
        for (const id of Object.values(current)) if (!stopped.has(id)) e.link(id, 'up');
        await e.run(4000, 50);
        const live = Object.values(current).filter((id) => !stopped.has(id));
        const leaders = live.filter((id) => e.electors.get(id)!.isLeader);
        expect(leaders).toHaveLength(live.length > 0 ? 1 : 0);
        expect([...e.leading]).toEqual(leaders);
        await Promise.all([...[...e.electors.values()].map((x) => x.stop()), e.run(2000, 50)]);
      }),
      { numRuns: 40 },
    );
  });
});
