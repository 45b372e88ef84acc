/**
 * Property: whatever several clients write, in whatever interleaving, every watcher sees
 * strictly increasing resourceVersions, and replaying its events over its starting state
 * gives exactly the final list (selectors included).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import type { KubeObject } from '../types.js';
import type { WatchEvent, WatchQuery } from './options.js';
import type { ResourceStore } from './resource-store.js';
import { CONFIGMAPS, openStore } from './test-support.js';

type Op =
  | { kind: 'create' | 'delete'; namespace: string; name: string; app: string }
  | { kind: 'put' | 'patch'; namespace: string; name: string; app: string; stale: boolean };

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('create', 'put', 'patch', 'delete'),
  namespace: fc.constantFrom('default', 'other'),
  name: fc.constantFrom('a', 'b', 'c'),
  app: fc.constantFrom('web', 'db'),
  stale: fc.boolean(),
});

async function run(s: ResourceStore, op: Op): Promise<void> {
  const labels = { app: op.app };
  try {
    switch (op.kind) {
      case 'create':
        await s.create(CONFIGMAPS, op.namespace, { metadata: { name: op.name, labels } });
        return;
      case 'delete':
        await s.delete(CONFIGMAPS, op.namespace, op.name);
        return;
      case 'put': {
        const current = s.get(CONFIGMAPS, op.namespace, op.name);
        const rv = op.stale ? '1' : current.metadata.resourceVersion;
        await s.update(CONFIGMAPS, op.namespace, op.name, {
          ...current,
          metadata: { ...current.metadata, labels, resourceVersion: rv },
        });
        return;
      }
      case 'patch':
        await s.modify(CONFIGMAPS, op.namespace, op.name, (current) => ({
          ...current!,
          data: { n: String(Number((current!.data as { n?: string } | undefined)?.n ?? 0) + 1) },
        }));
        return;
    }
  } catch (error) {
    if (!(error instanceof ApiError) || ![404, 409].includes(error.code)) throw error;
  }
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;

/** Watch filters; "0" watches start from synthetic ADDEDs, the others from a list. */
const FILTERS: (Omit<WatchQuery, 'resourceVersion'> & { fromZero: boolean })[] = [
  { fromZero: true },
  { fromZero: false },
  { fromZero: true, labelSelector: 'app=web' },
  { fromZero: false, namespace: 'other' },
  { fromZero: false, fieldSelector: 'metadata.name!=b', labelSelector: '!missing' },
];

interface Watcher {
  readonly filter: (typeof FILTERS)[number];
  readonly initial: KubeObject[];
  readonly events: WatchEvent[];
  readonly synthetic: number;
}

function startWatcher(s: ResourceStore, filter: (typeof FILTERS)[number]): Watcher {
  const { fromZero, ...query } = filter;
  const initial = fromZero ? [] : (s.list(CONFIGMAPS, query).items as KubeObject[]);
  const resourceVersion = fromZero ? '0' : String(s.resourceVersion);
  const events: WatchEvent[] = [];
  s.watch(
    CONFIGMAPS,
    { ...query, resourceVersion },
    (e) => events.push(e),
    () => {},
  );
  // Synthetic events are delivered before watch() returns.
  return { filter, initial, events, synthetic: events.length };
}

function check(s: ResourceStore, w: Watcher, startRv: number): void {
  const live = w.events.slice(w.synthetic);
  const rvs = live.map((e) => Number((e.object as KubeObject).metadata.resourceVersion));
  rvs.forEach((rv, i) => {
    expect(rv).toBeGreaterThan(i === 0 ? startRv : rvs[i - 1]!);
  });
  expect(rvs.every((rv) => rv <= s.resourceVersion)).toBe(true);

  const state = new Map(w.initial.map((o) => [keyOf(o), o]));
  for (const event of w.events) {
    const { apiVersion: _a, kind: _k, ...object } = event.object as KubeObject;
    if (event.type === 'DELETED') state.delete(keyOf(object));
    else state.set(keyOf(object), object);
  }
  const { fromZero: _z, ...query } = w.filter;
  const replayed = [...state.values()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  expect(replayed).toEqual(s.list(CONFIGMAPS, query).items);
}

describe('watch replay', () => {
  it('equals the final list for every watcher, with strictly increasing RVs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { maxLength: 6 }),
        fc.array(fc.array(opArb, { maxLength: 12 }), { minLength: 1, maxLength: 4 }),
        async (setup, clients) => {
          const s = await openStore({
            watchHistory: 1000,
            // Admission yields to the event loop, so the clients' writes interleave.
            hooks: { admit: () => new Promise((resolve) => setImmediate(resolve)) },
          });
          try {
            for (const op of setup) await run(s, op);
            const startRv = s.resourceVersion;
            const watchers = FILTERS.map((filter) => startWatcher(s, filter));
            await Promise.all(
              clients.map(async (ops) => {
                for (const op of ops) await run(s, op);
              }),
            );
            for (const w of watchers) check(s, w, startRv);
          } finally {
            await s.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
