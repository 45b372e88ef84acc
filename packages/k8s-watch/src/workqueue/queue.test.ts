import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { RateLimitingQueue } from './queue.js';
import { ItemExponentialRateLimiter } from './rate-limiters.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function newQueue(clock = new ManualClock()): RateLimitingQueue<string> {
  return new RateLimitingQueue<string>({
    clock,
    rateLimiter: new ItemExponentialRateLimiter({ baseDelayMs: 10, maxDelayMs: 1000 }),
  });
}

describe('RateLimitingQueue: add / get / done', () => {
  it('hands out items in order and collapses duplicates', async () => {
    const q = newQueue();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(q.len).toBe(0);
    expect(q.processingCount).toBe(2);
  });

  it('queues an item re-added while processing only after done()', async () => {
    const q = newQueue();
    q.add('a');
    const item = await q.get();
    q.add('a');
    q.add('a');
    expect(q.len).toBe(0);
    q.done(item!);
    expect(q.len).toBe(1);
    expect(await q.get()).toBe('a');
  });

  it('wakes a waiting get() when an item arrives', async () => {
    const q = newQueue();
    const pending = q.get();
    q.add('x');
    expect(await pending).toBe('x');
  });

  it('resolves waiting getters with undefined on shutdown and ignores later adds', async () => {
    const q = newQueue();
    const pending = q.get();
    q.shutDown();
    expect(await pending).toBeUndefined();
    q.add('late');
    expect(q.len).toBe(0);
    expect(await q.get()).toBeUndefined();
  });

  it('still hands out items queued before shutdown', async () => {
    const q = newQueue();
    q.add('a');
    q.shutDown();
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBeUndefined();
  });
});

describe('RateLimitingQueue: delays', () => {
  it('addAfter adds when the delay has passed; the earliest pending delay wins', async () => {
    const clock = new ManualClock();
    const q = newQueue(clock);
    q.addAfter('a', 100);
    q.addAfter('a', 50);
    q.addAfter('a', 200);
    clock.advance(49);
    expect(q.len).toBe(0);
    clock.advance(1);
    expect(q.len).toBe(1);
    clock.advance(1000);
    expect(q.len).toBe(1);
  });

  it('addRateLimited backs off per item until forget', () => {
    const clock = new ManualClock();
    const q = newQueue(clock);
    q.addRateLimited('a');
    q.addRateLimited('a');
    expect(q.numRequeues('a')).toBe(2);
    expect(clock.pendingTimers()).toEqual([10]);
    q.forget('a');
    expect(q.numRequeues('a')).toBe(0);
  });

  it('drops pending delays on shutdown', () => {
    const clock = new ManualClock();
    const q = newQueue(clock);
    q.addAfter('a', 100);
    q.shutDown();
    expect(clock.pendingTimers()).toEqual([]);
  });
});

describe('RateLimitingQueue: shutDownWithDrain', () => {
  it('waits for items being processed to be done', async () => {
    const q = newQueue();
    q.add('a');
    const item = await q.get();
    let drained = false;
    const drain = q.shutDownWithDrain().then(() => {
      drained = true;
    });
    await tick();
    expect(drained).toBe(false);
    q.done(item!);
    await drain;
    expect(drained).toBe(true);
  });
});

describe('RateLimitingQueue.process', () => {
  it('retries failures with backoff up to maxRetries, then drops and forgets', async () => {
    const clock = new ManualClock();
    const q = newQueue(clock);
    const attempts: string[] = [];
    const errors: Array<[string, boolean]> = [];
    const workers = q.process(
      (item) => {
        attempts.push(item);
        throw new Error('boom');
      },
      { maxRetries: 2, onError: (item, _err, willRetry) => errors.push([item, willRetry]) },
    );
    q.add('a');
    await tick();
    clock.advance(10);
    await tick();
    clock.advance(20);
    await tick();
    clock.advance(1000);
    await tick();
    expect(attempts).toEqual(['a', 'a', 'a']);
    expect(errors).toEqual([
      ['a', true],
      ['a', true],
      ['a', false],
    ]);
    expect(q.numRequeues('a')).toBe(0);
    q.shutDown();
    await workers;
  });

  it('forgets an item after success and runs workers concurrently', async () => {
    const q = newQueue();
    let running = 0;
    let maxRunning = 0;
    const release: Array<() => void> = [];
    const workers = q.process(
      async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise<void>((resolve) => release.push(resolve));
        running--;
      },
      { concurrency: 3 },
    );
    for (const k of ['a', 'b', 'c', 'd']) q.add(k);
    await tick();
    expect(maxRunning).toBe(3);
    const drain = q.shutDownWithDrain();
    while (release.length > 0 || running > 0) {
      release.shift()?.();
      await tick();
    }
    await drain;
    await workers;
    expect(maxRunning).toBe(3);
  });
});

describe('RateLimitingQueue properties', () => {
  type Op =
    | { kind: 'add'; key: string }
    | { kind: 'take'; worker: number }
    | { kind: 'finish'; worker: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), key: fc.constantFrom('a', 'b', 'c') }),
    fc.record({ kind: fc.constant('take' as const), worker: fc.integer({ min: 0, max: 2 }) }),
    fc.record({ kind: fc.constant('finish' as const), worker: fc.integer({ min: 0, max: 2 }) }),
  );

  it('never hands one key to two workers, and processes every add after it happened', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 80 }), async (ops) => {
        const q = newQueue();
        const holding: Array<string | undefined> = [undefined, undefined, undefined];
        const lastAdd = new Map<string, number>();
        const lastGet = new Map<string, number>();
        let step = 0;
        const take = async (w: number): Promise<void> => {
          if (holding[w] !== undefined || q.len === 0) return;
          const item = (await q.get())!;
          expect(holding).not.toContain(item);
          holding[w] = item;
          lastGet.set(item, ++step);
        };
        const finish = (w: number): void => {
          const item = holding[w];
          if (item === undefined) return;
          holding[w] = undefined;
          q.done(item);
        };
        for (const o of ops) {
          if (o.kind === 'add') {
            q.add(o.key);
            lastAdd.set(o.key, ++step);
          } else if (o.kind === 'take') await take(o.worker);
          else finish(o.worker);
        }
        // Drain with the same workers.
        for (
          let guard = 0;
          guard < 100 && (q.len > 0 || holding.some((h) => h !== undefined));
          guard++
        ) {
          for (let w = 0; w < 3; w++) {
            finish(w);
            await take(w);
          }
        }
        expect(q.len).toBe(0);
        for (const [key, added] of lastAdd) expect(lastGet.get(key) ?? 0).toBeGreaterThan(added);
      }),
    );
  });
});
