import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { K8sWatchError, KubeApiError } from '../errors.js';
import { FakeCollection, type FakeObject } from '../testing/fake-collection.js';
import { Informer, stripManagedFields } from './informer.js';
import type { ListerWatcher } from './list-watch.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await tick();
}

type Seen = string[];

let informers: Informer<FakeObject>[] = [];
afterEach(async () => {
  await Promise.all(informers.map((i) => i.stop()));
  informers = [];
});

function setup(
  api: ListerWatcher<FakeObject>,
  extra: Partial<ConstructorParameters<typeof Informer<FakeObject>>[0]> = {},
): { informer: Informer<FakeObject>; clock: ManualClock; seen: Seen; errors: Error[] } {
  const clock = new ManualClock();
  const informer = new Informer<FakeObject>({
    listerWatcher: api,
    clock,
    random: () => 0,
    backoff: { initialMs: 100, maxMs: 1000 },
    ...extra,
  });
  const seen: Seen = [];
  const errors: Error[] = [];
  informer.on('add', (o) => seen.push(`add ${o.metadata.name}@${o.metadata.resourceVersion}`));
  informer.on('update', (o, old) =>
    seen.push(
      `update ${o.metadata.name}@${old.metadata.resourceVersion}->${o.metadata.resourceVersion}`,
    ),
  );
  informer.on('delete', (o, unknown) =>
    seen.push(`delete ${o.metadata.name}${unknown ? ' (relist)' : ''}`),
  );
  informer.on('error', (e) => errors.push(e));
  informers.push(informer);
  return { informer, clock, seen, errors };
}

describe('Informer: list then watch', () => {
  it('lists, syncs, then applies watch events in order', async () => {
    const api = new FakeCollection();
    api.upsert('a');
    const { informer, seen } = setup(api);
    informer.start();
    await informer.waitForSync();
    expect(informer.hasSynced).toBe(true);
    expect(seen).toEqual(['add a@1']);
    await settle();
    api.upsert('b');
    api.upsert('a', 2);
    api.remove('b');
    await settle();
    expect(seen).toEqual(['add a@1', 'add b@2', 'update a@1->3', 'delete b']);
    expect(informer.cache.keys()).toEqual(['default/a']);
    expect(informer.resourceVersion).toBe('4');
    expect(api.watches[0]).toMatchObject({ resourceVersion: '1', allowWatchBookmarks: true });
  });

  it('asks for a randomized server-side watch timeout in [min, 2*min)', async () => {
    const api = new FakeCollection();
    const { informer } = setup(api, { minWatchTimeoutSeconds: 300, random: () => 0.5 });
    informer.start();
    await settle();
    expect(api.watches[0]?.timeoutSeconds).toBe(450);
  });

  it('re-watches from the last version when the server closes the stream, with no relist', async () => {
    const api = new FakeCollection();
    api.upsert('a');
    const { informer, seen, clock } = setup(api);
    informer.start();
    await settle();
    api.upsert('b');
    await settle();
    clock.advance(5000); // the stream lived long enough not to count as a failure
    api.closeWatches();
    api.upsert('c');
    await settle();
    expect(api.lists).toBe(1);
    expect(api.watches.map((w) => w.resourceVersion)).toEqual(['1', '2']);
    expect(seen).toEqual(['add a@1', 'add b@2', 'add c@3']);
  });

  it('tracks the version of bookmarks', async () => {
    const api = new FakeCollection();
    const { informer } = setup(api);
    informer.start();
    await settle();
    api.broadcast({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '42' } } });
    expect(informer.resourceVersion).toBe('42');
    expect(informer.cache.size).toBe(0);
  });

  it('ignores a replayed event with the version already cached', async () => {
    const api = new FakeCollection();
    const a = api.upsert('a');
    const { informer, seen } = setup(api);
    informer.start();
    await settle();
    api.broadcast({ type: 'MODIFIED', object: a });
    expect(seen).toEqual(['add a@1']);
  });
});

describe('Informer: transform', () => {
  it('transforms every listed and watched object before caching and handlers see it', async () => {
    const api = new FakeCollection();
    api.upsert('a', { big: 'x'.repeat(100), keep: 1 });
    const handled: unknown[] = [];
    const { informer } = setup(api, {
      transform: (o) => ({ ...o, data: { keep: (o.data as { keep: number }).keep } }),
    });
    informer.on('add', (o) => handled.push(o.data));
    informer.on('update', (o) => handled.push(o.data));
    informer.start();
    await informer.waitForSync();
    await settle();
    api.upsert('a', { big: 'y', keep: 2 });
    await settle();
    expect(handled).toEqual([{ keep: 1 }, { keep: 2 }]);
    expect(informer.cache.get('default/a')?.data).toEqual({ keep: 2 });
  });

  it('stripManagedFields drops metadata.managedFields and keeps the rest', () => {
    const obj = {
      metadata: { name: 'a', resourceVersion: '3', managedFields: [{ manager: 'kubectl' }] },
      spec: { x: 1 },
    };
    expect(stripManagedFields(obj)).toEqual({
      metadata: { name: 'a', resourceVersion: '3' },
      spec: { x: 1 },
    });
  });
});

describe('Informer: 410 Expired', () => {
  it('relists after a compaction and emits deletes for objects that vanished', async () => {
    const api = new FakeCollection();
    api.upsert('keep');
    api.upsert('gone');
    api.upsert('changed');
    const { informer, seen, clock } = setup(api);
    informer.start();
    await settle();
    clock.advance(5000);
    // Changes while the informer is not watching, then the history is lost.
    api.watchFailures.push(new Error('connection reset'));
    api.closeWatches();
    api.remove('gone');
    api.upsert('changed', 1);
    api.upsert('new');
    api.compact();
    await settle();
    clock.advance(100);
    await settle();
    expect(api.lists).toBe(2);
    expect(seen.slice(3)).toEqual(['delete gone (relist)', 'update changed@3->5', 'add new@6']);
    expect(informer.cache.keys().sort()).toEqual([
      'default/changed',
      'default/keep',
      'default/new',
    ]);
  });

  it('relists when the stream sends an ERROR 410 event, without waiting for the server to close it', async () => {
    const api = new FakeCollection();
    api.upsert('a');
    const { informer, errors } = setup(api);
    informer.start();
    await settle();
    api.upsert('b');
    api.broadcast({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    await settle();
    expect(api.lists).toBe(2);
    expect(api.streams.size).toBe(1);
    expect(errors).toEqual([]);
  });

  it('backs off when every watch from a fresh list expires at once (no list/watch spin)', async () => {
    const api = new FakeCollection();
    const expiring: ListerWatcher<FakeObject> = {
      list: (o) => api.list(o),
      watch: async () => {
        throw new KubeApiError(410, { code: 410, reason: 'Expired' }, 'watch');
      },
    };
    const { informer, clock, errors } = setup(expiring);
    informer.start();
    await settle();
    expect(api.lists).toBe(1);
    expect(errors).toHaveLength(1);
    clock.advance(100);
    await settle();
    expect(api.lists).toBe(2);
  });

  it('lists everything in one response when a continue token expires mid-way', async () => {
    const api = new FakeCollection();
    for (const n of ['a', 'b', 'c']) api.upsert(n);
    const calls: Array<string | undefined> = [];
    const paged: ListerWatcher<FakeObject> = {
      async list({ limit, continue: token }) {
        calls.push(token);
        if (limit === undefined) return api.list({ signal: new AbortController().signal });
        if (token === 'p2') throw new KubeApiError(410, { code: 410, reason: 'Expired' }, 'list');
        return {
          metadata: { resourceVersion: '3', continue: 'p2' },
          items: [...api.objects.values()].slice(0, 1),
        };
      },
      watch: (o, cb) => api.watch(o, cb),
    };
    const { informer } = setup(paged, { pageSize: 1 });
    informer.start();
    await informer.waitForSync();
    expect(calls).toEqual([undefined, 'p2', undefined]);
    expect(informer.cache.size).toBe(3);
  });
});

describe('Informer: failures never stop it', () => {
  it('retries a failed watch from the same version after a backoff, with no relist', async () => {
    const api = new FakeCollection();
    api.upsert('a');
    const { informer, clock, errors, seen } = setup(api);
    api.watchFailures.push(new Error('ECONNREFUSED'), new Error('ECONNREFUSED'));
    informer.start();
    await settle();
    expect(errors.map((e) => e.message)).toEqual(['ECONNREFUSED']);
    clock.advance(99);
    await settle();
    expect(api.watches).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(errors).toHaveLength(2);
    clock.advance(200);
    await settle();
    expect(api.watches.map((w) => w.resourceVersion)).toEqual(['1', '1', '1']);
    api.upsert('b');
    await settle();
    expect(api.lists).toBe(1);
    expect(seen).toEqual(['add a@1', 'add b@2']);
  });

  it('retries a failed list after a backoff', async () => {
    const api = new FakeCollection();
    api.upsert('a');
    api.listFailures.push(new KubeApiError(503, undefined, 'list'));
    const { informer, clock, errors } = setup(api);
    informer.start();
    await settle();
    expect(informer.hasSynced).toBe(false);
    expect(errors[0]).toBeInstanceOf(KubeApiError);
    clock.advance(100);
    await informer.waitForSync();
    expect(api.lists).toBe(2);
  });

  it('treats a non-410 watch ERROR event as a failure and re-watches after a backoff', async () => {
    const api = new FakeCollection();
    const { informer, clock, errors } = setup(api);
    informer.start();
    await settle();
    api.broadcast({
      type: 'ERROR',
      object: { code: 500, reason: 'InternalError', message: 'etcd' },
    });
    await settle();
    expect(errors[0]).toBeInstanceOf(KubeApiError);
    expect(api.watches).toHaveLength(1);
    clock.advance(100);
    await settle();
    expect(api.watches).toHaveLength(2);
    expect(api.lists).toBe(1);
  });

  it('backs off instead of spinning when the server ends every watch at once', async () => {
    const api = new FakeCollection();
    const ending: ListerWatcher<FakeObject> = { list: (o) => api.list(o), watch: async () => {} };
    const { informer, clock, errors } = setup(ending);
    informer.start();
    await settle();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(K8sWatchError);
    clock.advance(100);
    await settle();
    expect(errors).toHaveLength(2);
  });

  it('reports a throwing handler as an error event and keeps delivering', async () => {
    const api = new FakeCollection();
    const { informer, seen, errors } = setup(api);
    informer.on('add', () => {
      throw new Error('handler bug');
    });
    informer.start();
    await settle();
    api.upsert('a');
    api.upsert('b');
    await settle();
    expect(seen).toEqual(['add a@1', 'add b@2']);
    expect(errors.map((e) => (e as K8sWatchError).code)).toEqual([
      'K8S_WATCH_HANDLER',
      'K8S_WATCH_HANDLER',
    ]);
  });
});

describe('Informer: resync and lifecycle', () => {
  it('re-delivers every cached object as update(obj, obj) each resync period', async () => {
    const api = new FakeCollection();
    api.upsert('a');
    api.upsert('b');
    const { informer, clock } = setup(api, { resyncPeriodMs: 1000 });
    const resyncs: string[] = [];
    informer.on('update', (o, old) => {
      if (o === old) resyncs.push(o.metadata.name);
    });
    informer.start();
    await settle();
    clock.advance(999);
    expect(resyncs).toEqual([]);
    clock.advance(1);
    expect(resyncs.sort()).toEqual(['a', 'b']);
    clock.advance(1000);
    expect(resyncs).toHaveLength(4);
  });

  it('stop() is idempotent, ends the watch, and rejects sync waiters', async () => {
    const api = new FakeCollection();
    api.listFailures.push(new Error('down'));
    const { informer } = setup(api);
    informer.start();
    const waiting = informer.waitForSync();
    await settle();
    const a = informer.stop();
    const b = informer.stop();
    await Promise.all([a, b]);
    await expect(waiting).rejects.toMatchObject({ code: 'K8S_WATCH_STOPPED' });
    await expect(informer.waitForSync()).rejects.toMatchObject({ code: 'K8S_WATCH_STOPPED' });
    expect(api.streams.size).toBe(0);
  });

  it('waitForSync rejects when its signal aborts', async () => {
    const api = new FakeCollection();
    api.listFailures.push(new Error('down'));
    const { informer } = setup(api);
    informer.start();
    const ac = new AbortController();
    const waiting = informer.waitForSync(ac.signal);
    ac.abort(new Error('timeout'));
    await expect(waiting).rejects.toThrow('timeout');
  });
});

describe('Informer properties', () => {
  type Step =
    | { kind: 'upsert'; name: string }
    | { kind: 'remove'; name: string }
    | { kind: 'close' }
    | { kind: 'break' }
    | { kind: 'compact' }
    | { kind: 'wait' };
  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('upsert' as const),
        name: fc.constantFrom('a', 'b', 'c', 'd'),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('remove' as const),
        name: fc.constantFrom('a', 'b', 'c', 'd'),
      }),
    },
    fc.constant({ kind: 'close' as const }),
    fc.constant({ kind: 'break' as const }),
    fc.constant({ kind: 'compact' as const }),
    { weight: 2, arbitrary: fc.constant({ kind: 'wait' as const }) },
  );

  it('ends with handlers and cache agreeing with the server, whatever the faults', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const api = new FakeCollection(3);
        const clock = new ManualClock();
        const informer = new Informer<FakeObject>({
          listerWatcher: api,
          clock,
          random: () => 0,
          backoff: { initialMs: 10, maxMs: 10 },
        });
        const model = new Map<string, string>();
        informer.on('add', (o) => {
          expect(model.has(o.metadata.name)).toBe(false);
          model.set(o.metadata.name, o.metadata.resourceVersion!);
        });
        informer.on('update', (o, old) => {
          expect(model.get(o.metadata.name)).toBe(old.metadata.resourceVersion);
          model.set(o.metadata.name, o.metadata.resourceVersion!);
        });
        informer.on('delete', (o) => {
          expect(model.delete(o.metadata.name)).toBe(true);
        });
        informer.start();
        try {
          for (const s of steps) {
            if (s.kind === 'upsert') api.upsert(s.name);
            else if (s.kind === 'remove' && api.objects.has(`default/${s.name}`))
              api.remove(s.name);
            else if (s.kind === 'close') api.closeWatches();
            else if (s.kind === 'break') {
              // Down for a while: changes pile up until the next 'wait'.
              api.watchFailures.push(new Error('reset'), new Error('refused'));
              api.closeWatches();
            } else if (s.kind === 'compact') api.compact();
            await tick();
            if (s.kind === 'wait') clock.advance(2000);
          }
          // Heal: let every scripted failure play out until one watch is open again.
          for (let i = 0; i < 100; i++) {
            await settle(2);
            if (api.watchFailures.length === 0 && api.streams.size === 1) break;
            clock.advance(2000);
          }
          await settle(2);
          expect(api.streams.size).toBe(1);
          const server = new Map(
            [...api.objects.values()].map((o) => [o.metadata.name, o.metadata.resourceVersion!]),
          );
          expect(model).toEqual(server);
          expect(
            new Map(
              informer.cache.list().map((o) => [o.metadata.name, o.metadata.resourceVersion!]),
            ),
          ).toEqual(server);
        } finally {
          await informer.stop();
        }
      }),
      { numRuns: 300 },
    );
  });
});
