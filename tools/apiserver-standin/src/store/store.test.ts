import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject, StoreEvent } from '../types.js';
import { History } from './history.js';
import { clone, deepFreeze, jsonEqual } from './json.js';
import { ObjectStore } from './object-store.js';

function event(rv: number): StoreEvent {
  return {
    type: 'ADDED',
    resourceVersion: rv,
    storage: 's',
    object: { metadata: { name: `o${rv}` } },
  };
}

describe('History', () => {
  it('keeps exactly the last `capacity` events and moves its start past evicted ones', () => {
    const history = new History(3, 10);
    for (let rv = 11; rv <= 16; rv++) history.push(event(rv));
    expect(history.start).toBe(13);
    expect(history.since(13).map((e) => e.resourceVersion)).toEqual([14, 15, 16]);
    expect(history.since(15).map((e) => e.resourceVersion)).toEqual([16]);
    expect([history.isExpired(12), history.isExpired(13)]).toEqual([true, false]);
  });

  it('with capacity 0 expires everything but the present', () => {
    const history = new History(0, 0);
    history.push(event(1));
    expect([history.start, history.since(1)]).toEqual([1, []]);
  });

  it('agrees with a plain array model under any push/compact sequence', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.boolean(), { maxLength: 60 }),
        (capacity, ops) => {
          const history = new History(capacity, 0);
          let kept: number[] = [];
          let start = 0;
          let rv = 0;
          for (const compact of ops) {
            if (compact) {
              history.compact(rv);
              kept = [];
              start = rv;
              continue;
            }
            rv++;
            history.push(event(rv));
            kept.push(rv);
            if (kept.length > capacity) start = kept.shift()!;
          }
          expect(history.start).toBe(start);
          expect(history.since(start).map((e) => e.resourceVersion)).toEqual(kept);
        },
      ),
    );
  });
});

describe('jsonEqual', () => {
  it('ignores key order and undefined values, not array order', () => {
    expect(jsonEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: [] }, { a: {} })).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });

  it('clones into independent, mutable copies, keeping a "__proto__" key as data', () => {
    const frozen = deepFreeze(JSON.parse('{"a":{"b":[1,{"c":2}]},"__proto__":{"x":1}}'));
    const copy = clone(frozen) as Record<string, unknown>;
    expect(Object.isFrozen(copy)).toBe(false);
    (copy.a as { b: unknown[] }).b.push(3);
    expect((frozen.a as { b: unknown[] }).b).toHaveLength(2);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['a', '__proto__']);
    expect(jsonEqual(copy.__proto__, { x: 1 })).toBe(true);
  });

  it('holds between any JSON value and its clone, frozen or not', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(jsonEqual(deepFreeze(clone(value)), value)).toBe(true);
      }),
    );
  });
});

describe('ObjectStore', () => {
  const put = (name: string, data: string): KubeObject => ({
    metadata: { name, namespace: 'ns' },
    data: { v: data },
  });

  it('rebuilds past states from history, and knows when it cannot', () => {
    const store = ObjectStore.open({ watchHistory: 3 });
    store.commit({ type: 'ADDED', storage: 's', object: put('a', '1') });
    store.commit({ type: 'ADDED', storage: 's', object: put('b', '1') });
    store.commit({ type: 'MODIFIED', storage: 's', object: put('a', '2') });
    store.commit({ type: 'DELETED', storage: 's', object: put('b', '1') });
    const at = (rv: number) =>
      store
        .stateAt('s', rv)
        ?.map(([key, o]) => `${key}=${(o.data as { v: string }).v}@${o.metadata.resourceVersion}`);
    expect(at(4)).toEqual(['ns/a=2@3']);
    expect(at(2)).toEqual(['ns/a=1@1', 'ns/b=1@2']);
    expect(at(1)).toEqual(['ns/a=1@1']);
    expect(at(0)).toBeUndefined();
    expect(Object.isFrozen(store.get('s', 'ns/a')!.metadata)).toBe(true);
    store.close();
  });
});
