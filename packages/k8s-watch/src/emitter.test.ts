import { describe, expect, it } from 'vitest';
import { Emitter } from './emitter.js';

type Events = { data: (n: number) => void; other: () => void };

describe('Emitter', () => {
  it('calls listeners in order and hands failures to the error hook without stopping', async () => {
    const failures: Array<[unknown, string]> = [];
    const e = new Emitter<Events>((err, event) => failures.push([err, String(event)]));
    const got: number[] = [];
    e.on('data', (n) => got.push(n));
    e.on('data', () => {
      throw new Error('sync');
    });
    e.on('data', async () => {
      throw new Error('async');
    });
    e.on('data', (n) => got.push(n * 10));
    e.emit('data', 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(got).toEqual([1, 10]);
    expect(failures.map(([err, ev]) => `${ev}: ${(err as Error).message}`)).toEqual([
      'data: sync',
      'data: async',
    ]);
  });

  it('removes listeners with the returned function and off()', () => {
    const e = new Emitter<Events>(() => {});
    let calls = 0;
    const fn = (): void => {
      calls++;
    };
    const remove = e.on('other', fn);
    e.on('other', fn);
    remove();
    e.emit('other');
    e.off('other', fn);
    e.emit('other');
    expect(calls).toBe(1);
    expect(e.listenerCount('other')).toBe(0);
  });
});
