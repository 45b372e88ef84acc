/**
 * client-node 1.4.0's informer against a real stand-in over HTTP: the behaviours KUBE-API.md
 * §1.1 and §5 items 1-3 describe (header flush, relist after compaction, re-watch without
 * relist after the server ends watches).
 */

import {
  CoreV1Api,
  KubeConfig,
  makeInformer,
  type V1Service,
  Watch,
} from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Standin, startStandin } from './index.js';

let standin: Standin;
let kc: KubeConfig;
let core: CoreV1Api;
let requests: string[];
const stops: (() => Promise<void>)[] = [];

beforeEach(async () => {
  requests = [];
  standin = await startStandin({ watchHistory: 20, requestLog: (line) => requests.push(line) });
  kc = new KubeConfig();
  kc.loadFromString(standin.kubeconfig);
  core = kc.makeApiClient(CoreV1Api);
});

afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await standin.close();
});

/** Polls `check` until it holds (bounded). */
async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function service(name: string): V1Service {
  return { metadata: { name }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } };
}

function servicesInformer() {
  const informer = makeInformer(kc, '/api/v1/services', () => core.listServiceForAllNamespaces());
  const seen: string[] = [];
  informer.on('add', (s) => seen.push(`add ${s.metadata?.name}`));
  informer.on('update', (s) => seen.push(`update ${s.metadata?.name}`));
  informer.on('delete', (s) => seen.push(`delete ${s.metadata?.name}`));
  informer.on('error', () => undefined);
  stops.push(() => informer.stop());
  return { informer, seen };
}

const lists = () => requests.filter((l) => /^GET \/api\/v1\/services( |\?(?!.*watch=))/.test(l));
/** Watches are logged when they end: the count tells how many streams the server closed. */
const endedWatches = () => requests.filter((l) => /^GET \/api\/v1\/services\?.*watch=true/.test(l));

describe('client-node informer', () => {
  it('starts on an idle server: the watch headers are flushed at once', async () => {
    const { informer } = servicesInformer();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('informer.start() did not resolve')), 10_000);
    });
    await Promise.race([informer.start(), timeout]).finally(() => clearTimeout(timer));
    await core.createNamespacedService({ namespace: 'default', body: service('a') });
    await waitFor('the add', () => informer.list().length === 1);
  });

  it('relists after a compaction: ERROR 410, then the vanished object is deleted', async () => {
    await core.createNamespacedService({ namespace: 'default', body: service('lb1') });
    await core.createNamespacedService({ namespace: 'default', body: service('lb2') });
    const { informer, seen } = servicesInformer();
    await informer.start();
    await waitFor('the initial list', () => informer.list().length === 2);
    await informer.stop();
    // More writes than the history holds, and one object gone, while the informer is away.
    for (let i = 0; i < 30; i++) {
      await core.patchNamespacedService({
        name: 'lb2',
        namespace: 'default',
        body: [{ op: 'add', path: '/metadata/labels', value: { n: String(i) } }],
      });
    }
    await core.deleteNamespacedService({ name: 'lb1', namespace: 'default' });
    await core.createNamespacedService({ namespace: 'default', body: service('lb3') });
    const listsBefore = lists().length;
    await informer.start();
    await waitFor('the relist', () => seen.includes('delete lb1') && seen.includes('add lb3'));
    expect(lists().length).toBe(listsBefore + 1);
    const server = await core.listServiceForAllNamespaces();
    const names = (xs: readonly V1Service[]) => xs.map((s) => s.metadata?.name).sort();
    expect(names(informer.list())).toEqual(names(server.items));
    const cached = informer.get('lb2', 'default');
    expect(cached?.metadata?.labels).toEqual({ n: '29' });
  });

  it('re-watches from its resourceVersion after the server ends watches, without relisting', async () => {
    const { informer, seen } = servicesInformer();
    await informer.start();
    await core.createNamespacedService({ namespace: 'default', body: service('a') });
    await waitFor('the add', () => seen.length === 1);
    const listsBefore = lists().length;
    standin.closeAllWatches();
    await waitFor('the server to end the watch', () => endedWatches().length === 1);
    await core.createNamespacedService({ namespace: 'default', body: service('b') });
    await waitFor('the add after re-watch', () => seen.includes('add b'));
    expect(lists().length).toBe(listsBefore);
    expect(seen).toEqual(['add a', 'add b']);
  });
});

describe('client-node Watch', () => {
  it('gets one ERROR 410 Expired and a closed stream for a compacted resourceVersion', async () => {
    const created = await core.createNamespacedService({
      namespace: 'default',
      body: service('x'),
    });
    const rv = created.metadata!.resourceVersion!;
    await core.deleteNamespacedService({ name: 'x', namespace: 'default' });
    standin.compactHistory();
    const events: { type: string; object: Record<string, unknown> }[] = [];
    const done = new Promise<unknown>((resolve) => {
      void new Watch(kc).watch(
        '/api/v1/namespaces/default/services',
        { resourceVersion: rv },
        (type, object) => events.push({ type, object }),
        resolve,
      );
    });
    expect(await done).toBeNull();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 },
    });
    expect(String(events[0]!.object.message)).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it('starts from resourceVersion 0 with the current objects as ADDED', async () => {
    await core.createNamespacedService({ namespace: 'default', body: service('y') });
    const events: string[] = [];
    let controller: AbortController | undefined;
    const done = new Promise<void>((resolve) => {
      void new Watch(kc)
        .watch(
          '/api/v1/namespaces/default/services',
          { resourceVersion: '0', fieldSelector: 'metadata.name=y' },
          (type, object) => {
            events.push(`${type} ${object.metadata.name}`);
            resolve();
          },
          () => undefined,
        )
        .then((c) => {
          controller = c;
        });
    });
    await done;
    controller?.abort();
    expect(events).toEqual(['ADDED y']);
  });

  it('bookmarks when allowed: periodically, and right before a timeoutSeconds end', async () => {
    await standin.close();
    standin = await startStandin({ bookmarkIntervalMs: 100 });
    kc.loadFromString(standin.kubeconfig);
    const events: { type: string; rv: string }[] = [];
    const done = new Promise<unknown>((resolve) => {
      void new Watch(kc).watch(
        '/api/v1/namespaces/default/configmaps',
        {
          allowWatchBookmarks: true,
          timeoutSeconds: 1,
          resourceVersion: String(standin.store.resourceVersion),
        },
        (type, object) => events.push({ type, rv: object.metadata.resourceVersion }),
        resolve,
      );
    });
    expect(await done).toBeNull();
    const bookmarks = events.filter((e) => e.type === 'BOOKMARK');
    expect(bookmarks.length).toBeGreaterThanOrEqual(2);
    expect(events.at(-1)?.type).toBe('BOOKMARK');
    expect(bookmarks.every((b) => b.rv === String(standin.store.resourceVersion))).toBe(true);
  });
});
