import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Indexer, type KubeObjectLike, objectKey, splitKey } from './indexer.js';

interface Obj extends KubeObjectLike {
  spec?: { owner?: string };
}

const obj = (
  ns: string | undefined,
  name: string,
  labels?: Record<string, string>,
  owner?: string,
): Obj => ({
  metadata: { name, ...(ns && { namespace: ns }), ...(labels && { labels }) },
  ...(owner && { spec: { owner } }),
});

const byOwner = (o: Obj): string[] => (o.spec?.owner ? [o.spec.owner] : []);
const names = (list: Obj[]): string[] => list.map(objectKey).sort();

describe('objectKey / splitKey', () => {
  it('uses namespace/name, or name alone for cluster-scoped objects', () => {
    expect(objectKey(obj('default', 'web'))).toBe('default/web');
    expect(objectKey(obj(undefined, 'node-1'))).toBe('node-1');
    expect(splitKey('default/web')).toEqual({ namespace: 'default', name: 'web' });
    expect(splitKey('node-1')).toEqual({ namespace: undefined, name: 'node-1' });
  });
});

describe('Indexer', () => {
  it('finds objects by namespace, label, label set and custom index', () => {
    const cache = new Indexer<Obj>({ indexers: { byOwner } });
    cache.set(obj('a', 'x', { app: 'web', tier: 'front' }, 'alice'));
    cache.set(obj('a', 'y', { app: 'web' }, 'bob'));
    cache.set(obj('b', 'z', { app: 'db' }, 'alice'));
    cache.set(obj(undefined, 'n1'));
    expect(names(cache.byNamespace('a'))).toEqual(['a/x', 'a/y']);
    expect(names(cache.byNamespace(''))).toEqual(['n1']);
    expect(names(cache.byLabel('app'))).toEqual(['a/x', 'a/y', 'b/z']);
    expect(names(cache.byLabel('app', 'web'))).toEqual(['a/x', 'a/y']);
    expect(names(cache.byLabels({ app: 'web', tier: 'front' }))).toEqual(['a/x']);
    expect(names(cache.byIndex('byOwner', 'alice'))).toEqual(['a/x', 'b/z']);
    expect(cache.indexKeys('byOwner', 'bob')).toEqual(['a/y']);
    expect(cache.indexValues('byOwner').sort()).toEqual(['alice', 'bob']);
    expect(cache.getByName('a', 'x')?.spec?.owner).toBe('alice');
  });

  it('moves an object between index entries when it changes', () => {
    const cache = new Indexer<Obj>({ indexers: { byOwner } });
    cache.set(obj('a', 'x', { app: 'web' }, 'alice'));
    const old = cache.set(obj('a', 'x', { app: 'db' }, 'bob'));
    expect(old?.spec?.owner).toBe('alice');
    expect(cache.byLabel('app', 'web')).toEqual([]);
    expect(cache.byIndex('byOwner', 'alice')).toEqual([]);
    expect(names(cache.byIndex('byOwner', 'bob'))).toEqual(['a/x']);
    cache.delete('a/x');
    expect(cache.indexValues('byOwner')).toEqual([]);
    expect(cache.byNamespace('a')).toEqual([]);
  });

  it('indexes existing objects when an indexer is added later', () => {
    const cache = new Indexer<Obj>();
    cache.set(obj('a', 'x', undefined, 'alice'));
    cache.addIndexer('byOwner', byOwner);
    expect(names(cache.byIndex('byOwner', 'alice'))).toEqual(['a/x']);
    expect(() => cache.addIndexer('byOwner', byOwner)).toThrow(/already exists/);
    expect(() => cache.byIndex('nope', 'x')).toThrow(/no index/);
  });

  it('keeps every index equal to a scan of its contents after any sequence of writes', () => {
    const op = fc.record({
      del: fc.boolean(),
      ns: fc.constantFrom('a', 'b', ''),
      name: fc.constantFrom('p', 'q', 'r', 's'),
      app: fc.option(fc.constantFrom('web', 'db')),
      owner: fc.option(fc.constantFrom('alice', 'bob')),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const cache = new Indexer<Obj>({ indexers: { byOwner } });
        const model = new Map<string, Obj>();
        for (const o of ops) {
          const ns = o.ns || undefined;
          const key = ns ? `${ns}/${o.name}` : o.name;
          if (o.del) {
            expect(cache.delete(key)).toEqual(model.get(key));
            model.delete(key);
          } else {
            const value = obj(ns, o.name, o.app ? { app: o.app } : undefined, o.owner ?? undefined);
            cache.set(value);
            model.set(key, value);
          }
        }
        const all = [...model.values()];
        expect(names(cache.list())).toEqual(names(all));
        for (const ns of ['a', 'b', '']) {
          expect(names(cache.byNamespace(ns))).toEqual(
            names(all.filter((x) => (x.metadata?.namespace ?? '') === ns)),
          );
        }
        for (const app of ['web', 'db']) {
          expect(names(cache.byLabel('app', app))).toEqual(
            names(all.filter((x) => x.metadata?.labels?.app === app)),
          );
        }
        for (const owner of ['alice', 'bob']) {
          expect(names(cache.byIndex('byOwner', owner))).toEqual(
            names(all.filter((x) => x.spec?.owner === owner)),
          );
        }
      }),
    );
  });
});
