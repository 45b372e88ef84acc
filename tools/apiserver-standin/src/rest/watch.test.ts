import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.js';
import type { WatchEvent, WatchQuery } from './options.js';
import type { ResourceStore } from './resource-store.js';
import { CONFIGMAPS, NAMESPACES, openStore, WIDGETS_V1, WIDGETS_V2 } from './test-support.js';

let store: ResourceStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function open(options: Parameters<typeof openStore>[0] = {}): Promise<ResourceStore> {
  store = await openStore(options);
  return store;
}

interface Recorder {
  events: WatchEvent[];
  ended: number;
  handle: ReturnType<ResourceStore['watch']>;
  /** "TYPE name@rv" per event. */
  lines(): string[];
}

function record(s: ResourceStore, query: WatchQuery, rt = CONFIGMAPS): Recorder {
  const recorder = { events: [] as WatchEvent[], ended: 0 } as Recorder;
  recorder.handle = s.watch(
    rt,
    query,
    (e) => recorder.events.push(e),
    () => recorder.ended++,
  );
  recorder.lines = () =>
    recorder.events.map((e) => {
      const meta = (e.object as KubeObject).metadata;
      return `${e.type} ${meta.name ?? ''}@${meta.resourceVersion}`;
    });
  return recorder;
}

const cm = (name: string, labels?: Record<string, string>): KubeObject => ({
  metadata: { name, ...(labels && { labels }) },
});

describe('watch', () => {
  it('from an RV sends every later change, in order, then live ones', async () => {
    const s = await open();
    const a = await s.create(CONFIGMAPS, 'default', cm('a'));
    const from = s.resourceVersion;
    const a2 = await s.update(CONFIGMAPS, 'default', 'a', { ...a, data: { x: '1' } });
    const w = record(s, { resourceVersion: String(from) });
    await s.create(CONFIGMAPS, 'default', cm('b'));
    await s.delete(CONFIGMAPS, 'default', 'a');
    expect(w.lines()).toEqual([
      `MODIFIED a@${a2.metadata.resourceVersion}`,
      `ADDED b@${from + 2}`,
      `DELETED a@${from + 3}`,
    ]);
    expect((w.events[2]!.object as KubeObject).data).toEqual({ x: '1' });
  });

  it('hands every watcher of a change one shared, frozen event, so it is encoded once', async () => {
    const s = await open();
    const w1 = record(s, { resourceVersion: String(s.resourceVersion) });
    const w2 = record(s, { resourceVersion: String(s.resourceVersion) });
    const created = await s.create(CONFIGMAPS, 'default', { ...cm('a'), data: { k: 'v' } });
    expect(w1.events).toHaveLength(1);
    expect(w2.events[0]).toBe(w1.events[0]);
    expect(Object.isFrozen(w1.events[0])).toBe(true);
    expect(Object.isFrozen(w1.events[0]!.object)).toBe(true);
    // What a watcher sees is the stored object, as served: equal to what create answered.
    expect(w1.events[0]!.object).toEqual(created);
    // The caller's copy from create() is its own: changing it changes no event.
    created.data = { k: 'changed' };
    expect((w1.events[0]!.object as KubeObject).data).toEqual({ k: 'v' });
  });

  it('from "0" or "" starts with synthetic ADDED events for the current matches, in key order', async () => {
    const s = await open();
    await s.create(CONFIGMAPS, 'other', cm('z'));
    await s.create(CONFIGMAPS, 'default', cm('b'));
    await s.create(CONFIGMAPS, 'default', cm('a'));
    for (const resourceVersion of ['0', '']) {
      const w = record(s, { resourceVersion, fieldSelector: 'metadata.namespace=default' });
      expect(w.events.map((e) => `${e.type} ${(e.object as KubeObject).metadata.name}`)).toEqual([
        'ADDED a',
        'ADDED b',
      ]);
      w.handle.stop();
    }
  });

  it('answers a too-old RV with one ERROR 410 event and ends', async () => {
    const s = await open({ watchHistory: 2 });
    const start = s.resourceVersion;
    for (const name of ['a', 'b', 'c']) await s.create(CONFIGMAPS, 'default', cm(name));
    const w = record(s, { resourceVersion: String(start) });
    expect(w.events).toEqual([
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `too old resource version: ${start} (${start + 1})`,
          reason: 'Expired',
          code: 410,
        },
      },
    ]);
    expect(w.ended).toBe(1);
    const ok = record(s, { resourceVersion: String(start + 1) });
    expect(ok.lines()).toEqual([`ADDED b@${start + 2}`, `ADDED c@${start + 3}`]);
  });

  it('turns selector transitions into ADDED and DELETED, as the watch cache does', async () => {
    const s = await open();
    const w = record(s, { resourceVersion: String(s.resourceVersion), labelSelector: 'app=web' });
    const a = await s.create(CONFIGMAPS, 'default', cm('a', { app: 'db' }));
    const a2 = await s.update(CONFIGMAPS, 'default', 'a', {
      ...a,
      metadata: { ...a.metadata, labels: { app: 'web' } },
    });
    const a3 = await s.update(CONFIGMAPS, 'default', 'a', { ...a2, data: { v: '1' } });
    const a4 = await s.update(CONFIGMAPS, 'default', 'a', {
      ...a3,
      metadata: { ...a3.metadata, labels: { app: 'db' } },
    });
    await s.delete(CONFIGMAPS, 'default', 'a');
    expect(w.lines()).toEqual([
      `ADDED a@${a2.metadata.resourceVersion}`,
      `MODIFIED a@${a3.metadata.resourceVersion}`,
      `DELETED a@${a4.metadata.resourceVersion}`,
    ]);
    // The DELETED of a transition carries the last matching content.
    expect((w.events[2]!.object as KubeObject).metadata.labels).toEqual({ app: 'web' });
  });

  it('sends bookmarks only when asked for, and marks the end of initial events', async () => {
    const s = await open();
    await s.create(CONFIGMAPS, 'default', cm('a'));
    const plain = record(s, { resourceVersion: String(s.resourceVersion) });
    plain.handle.bookmark();
    expect(plain.events).toEqual([]);
    const list = record(s, {
      sendInitialEvents: true,
      allowWatchBookmarks: true,
      resourceVersion: '',
    });
    list.handle.bookmark();
    expect(list.events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK', 'BOOKMARK']);
    expect(list.events[1]!.object).toEqual({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: {
        resourceVersion: String(s.resourceVersion),
        annotations: { 'k8s.io/initial-events-end': 'true' },
      },
    });
    expect(list.events[2]!.object).toEqual({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { resourceVersion: String(s.resourceVersion) },
    });
  });

  it('ends on closeAllWatches; stop() silences a watch without onEnd', async () => {
    const s = await open();
    const a = record(s, { resourceVersion: String(s.resourceVersion) });
    const b = record(s, { resourceVersion: String(s.resourceVersion) });
    b.handle.stop();
    await s.create(CONFIGMAPS, 'default', cm('x'));
    expect([a.events.length, b.events.length]).toEqual([1, 0]);
    s.closeAllWatches();
    await s.create(CONFIGMAPS, 'default', cm('y'));
    expect([a.ended, b.ended, a.events.length]).toEqual([1, 0, 1]);
  });

  it('carries the apiVersion of the version watched, and only its storage', async () => {
    const s = await open();
    const w = record(s, { resourceVersion: String(s.resourceVersion) }, WIDGETS_V2);
    await s.create(WIDGETS_V1, 'default', { metadata: { name: 'w' } });
    await s.create(CONFIGMAPS, 'default', cm('c'));
    await s.create(NAMESPACES, undefined, { metadata: { name: 'n' } });
    expect(w.events.map((e) => (e.object as KubeObject).apiVersion)).toEqual(['example.com/v2']);
  });

  it('ends a watch whose sink throws, without disturbing writers', async () => {
    const s = await open();
    let ended = false;
    s.watch(
      CONFIGMAPS,
      { resourceVersion: String(s.resourceVersion) },
      () => {
        throw new Error('socket gone');
      },
      () => {
        ended = true;
      },
    );
    await s.create(CONFIGMAPS, 'default', cm('a'));
    expect(ended).toBe(true);
    expect(s.get(CONFIGMAPS, 'default', 'a').metadata.name).toBe('a');
  });

  it('refuses a malformed resourceVersion or selector before sending anything', async () => {
    const s = await open();
    expect(() => record(s, { resourceVersion: 'x1' })).toThrow(/invalid resource version/);
    expect(() => record(s, { labelSelector: '=' })).toThrow(/expected/);
  });
});
