/**
 * The informer over HTTP against the API stand-in, with faults: the server ending every watch,
 * 410 after a compaction, the server SIGKILLed and restarted on the same port with its data
 * directory, and 409 races from concurrent writers.
 */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreV1Api, type KubeConfig, type V1ConfigMap } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { isApiStatus } from '../errors.js';
import {
  kubeConfigFrom,
  type StandinHandle,
  type StandinProcess,
  spawnStandin,
  startInProcess,
  tempDir,
  waitFor,
} from '../testing/standin.js';
import { Informer } from './informer.js';
import { type ListerWatcher, listWatchForPath } from './list-watch.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

const NS = 'default';
const PATH = `/api/v1/namespaces/${NS}/configmaps`;

/** Counts list and watch calls, and can hold new watches back (a client-side outage). */
class Instrumented<T> implements ListerWatcher<T> {
  lists = 0;
  watches: string[] = [];
  #gate: Promise<void> | undefined;
  #open: (() => void) | undefined;
  constructor(readonly inner: ListerWatcher<T>) {}
  hold(): void {
    this.#gate = new Promise((resolve) => {
      this.#open = resolve;
    });
  }
  release(): void {
    this.#open?.();
    this.#gate = undefined;
  }
  list(o: Parameters<ListerWatcher<T>['list']>[0]) {
    this.lists++;
    return this.inner.list(o);
  }
  async watch(
    o: Parameters<ListerWatcher<T>['watch']>[0],
    cb: Parameters<ListerWatcher<T>['watch']>[1],
  ) {
    await this.#gate;
    this.watches.push(o.resourceVersion);
    return this.inner.watch(o, cb);
  }
}

function configMap(name: string, value: string): V1ConfigMap {
  return { metadata: { name, namespace: NS }, data: { value } };
}

interface Seen {
  events: string[];
  errors: Error[];
}

function startInformer(
  kc: KubeConfig,
  extra: { backoff?: { initialMs: number; maxMs: number } } = {},
) {
  const lw = new Instrumented<V1ConfigMap>(listWatchForPath<V1ConfigMap>(kc, PATH));
  const informer = new Informer<V1ConfigMap>({
    listerWatcher: lw,
    backoff: extra.backoff ?? { initialMs: 50, maxMs: 400 },
  });
  const seen: Seen = { events: [], errors: [] };
  const label = (o: V1ConfigMap) => `${o.metadata?.name}@${o.metadata?.resourceVersion}`;
  informer.on('add', (o) => seen.events.push(`add ${label(o)}`));
  informer.on('update', (o) => seen.events.push(`update ${label(o)}`));
  informer.on('delete', (o, unknown) =>
    seen.events.push(`delete ${o.metadata?.name}${unknown ? ' (relist)' : ''}`),
  );
  informer.on('error', (e) => seen.errors.push(e));
  cleanups.push(() => informer.stop());
  informer.start();
  return { informer, lw, seen };
}

/** The cache as name -> resourceVersion. */
const cacheState = (i: Informer<V1ConfigMap>) =>
  new Map(i.cache.list().map((o) => [o.metadata!.name!, o.metadata!.resourceVersion!]));

async function serverState(core: CoreV1Api): Promise<Map<string, string>> {
  const list = await core.listNamespacedConfigMap({ namespace: NS });
  return new Map(list.items.map((o) => [o.metadata!.name!, o.metadata!.resourceVersion!]));
}

function expectNoDuplicates(events: string[]): void {
  expect(new Set(events).size).toBe(events.length);
}

describe('Informer against the stand-in (in process)', () => {
  let standin: StandinHandle;
  let kc: KubeConfig;
  let core: CoreV1Api;

  async function setup(watchHistory = 50): Promise<void> {
    ({ standin, kc } = await startInProcess({ watchHistory }));
    cleanups.push(() => standin.close());
    core = kc.makeApiClient(CoreV1Api);
  }

  it('re-watches from its version when the server ends every watch: no relist, nothing lost or repeated', async () => {
    await setup();
    await core.createNamespacedConfigMap({ namespace: NS, body: configMap('a', '1') });
    const { informer, lw, seen } = startInformer(kc);
    await informer.waitForSync(AbortSignal.timeout(10_000));
    for (let round = 0; round < 3; round++) {
      await core.createNamespacedConfigMap({ namespace: NS, body: configMap(`r${round}`, '1') });
      await waitFor('the event', () => informer.cache.has(`${NS}/r${round}`));
      standin.closeAllWatches();
      // Written while the informer is between two streams.
      await core.replaceNamespacedConfigMap({
        name: 'a',
        namespace: NS,
        body: configMap('a', `v${round}`),
      });
    }
    const server = await serverState(core);
    await waitFor(
      'the cache to match the server',
      () =>
        cacheState(informer).size === server.size &&
        [...server].every(([k, v]) => cacheState(informer).get(k) === v),
    );
    expect(lw.lists).toBe(1);
    expect(lw.watches.length).toBeGreaterThanOrEqual(4);
    expectNoDuplicates(seen.events);
    expect(seen.events.filter((e) => e.startsWith('update a@'))).toHaveLength(3);
  });

  it('relists after a compaction (410) and reports objects deleted meanwhile', async () => {
    await setup(5);
    for (const n of ['keep', 'gone', 'changed'])
      await core.createNamespacedConfigMap({ namespace: NS, body: configMap(n, '1') });
    const { informer, lw, seen } = startInformer(kc);
    await informer.waitForSync(AbortSignal.timeout(10_000));
    // The informer's next watch waits while the world moves on and history is dropped.
    lw.hold();
    standin.closeAllWatches();
    await core.deleteNamespacedConfigMap({ name: 'gone', namespace: NS });
    await core.replaceNamespacedConfigMap({
      name: 'changed',
      namespace: NS,
      body: configMap('changed', '2'),
    });
    await core.createNamespacedConfigMap({ namespace: NS, body: configMap('new', '1') });
    standin.compactHistory();
    lw.release();
    await waitFor('the relist', () => lw.lists === 2 && informer.cache.has(`${NS}/new`));
    expect(seen.events).toContain('delete gone (relist)');
    expect(seen.events.filter((e) => e.startsWith('update changed@'))).toHaveLength(1);
    expect(cacheState(informer)).toEqual(await serverState(core));
    expectNoDuplicates(seen.events.filter((e) => !e.startsWith('delete')));
  });

  it('converges under 409 races from concurrent writers, every increment kept', async () => {
    await setup(1000);
    await core.createNamespacedConfigMap({ namespace: NS, body: configMap('counter', '0') });
    const { informer } = startInformer(kc);
    await informer.waitForSync(AbortSignal.timeout(10_000));
    let conflicts = 0;
    const increment = async (): Promise<void> => {
      for (;;) {
        const cm = await core.readNamespacedConfigMap({ name: 'counter', namespace: NS });
        const next = Number(cm.data?.value) + 1;
        try {
          await core.replaceNamespacedConfigMap({
            name: 'counter',
            namespace: NS,
            body: { ...cm, data: { value: String(next) } },
          });
          return;
        } catch (err) {
          if (!isApiStatus(err, 409)) throw err;
          conflicts++;
        }
      }
    };
    const writers = 4;
    const perWriter = 10;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let i = 0; i < perWriter; i++) await increment();
      }),
    );
    expect(conflicts).toBeGreaterThan(0);
    await waitFor(
      'the final value',
      () => informer.cache.getByName(NS, 'counter')?.data?.value === String(writers * perWriter),
    );
    expect(cacheState(informer)).toEqual(await serverState(core));
  });
});

describe('Informer against the stand-in bin (SIGKILL and restart)', () => {
  it('survives the server being SIGKILLed and restarted on the same port with its data', async () => {
    const dir = await tempDir('sigkill');
    cleanups.push(dir.remove);
    const kubeconfigPath = join(dir.path, 'kubeconfig');
    const dataDir = join(dir.path, 'data');
    let server: StandinProcess = await spawnStandin({ port: 0, kubeconfigPath, dataDir });
    cleanups.push(() => server.child.kill());
    const kc = kubeConfigFrom(await readFile(kubeconfigPath, 'utf8'));
    const core = kc.makeApiClient(CoreV1Api);
    for (const n of ['a', 'b'])
      await core.createNamespacedConfigMap({ namespace: NS, body: configMap(n, '1') });
    const { informer, seen } = startInformer(kc, { backoff: { initialMs: 50, maxMs: 300 } });
    await informer.waitForSync(AbortSignal.timeout(10_000));
    await core.createNamespacedConfigMap({ namespace: NS, body: configMap('c', '1') });
    await waitFor('c', () => informer.cache.has(`${NS}/c`));

    await server.child.kill('SIGKILL');
    await waitFor('a connection error while the server is down', () => seen.errors.length > 0);
    server = await spawnStandin({ port: server.port, kubeconfigPath, dataDir });
    cleanups.push(() => server.child.kill());
    expect(await serverState(core)).toEqual(new Map([...cacheState(informer)]));

    await core.createNamespacedConfigMap({ namespace: NS, body: configMap('d', '1') });
    await core.deleteNamespacedConfigMap({ name: 'a', namespace: NS });
    await waitFor(
      'd and the deletion of a',
      () => informer.cache.has(`${NS}/d`) && !informer.cache.has(`${NS}/a`),
    );
    expect(cacheState(informer)).toEqual(await serverState(core));
    expectNoDuplicates(seen.events);
    expect(seen.events.filter((e) => e.startsWith('add '))).toHaveLength(4);
  });
});
