import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findResults } from './jsonpath.js';

const object = {
  metadata: { name: 'x', labels: { 'app.kubernetes.io/name': 'web' } },
  spec: {
    ports: [
      { port: 80, name: 'http' },
      { port: 443, name: 'https' },
    ],
  },
  status: {
    conditions: [
      { type: 'Ready', status: 'True' },
      { type: 'Synced', status: 'False' },
    ],
  },
};

describe('findResults', () => {
  it('follows fields, quoted keys, indexes, slices and wildcards', () => {
    expect(findResults('.metadata.name', object)).toEqual(['x']);
    expect(findResults("{.metadata.labels['app.kubernetes.io/name']}", object)).toEqual(['web']);
    expect(findResults('.spec.ports[1].port', object)).toEqual([443]);
    expect(findResults('.spec.ports[-1].name', object)).toEqual(['https']);
    expect(findResults('.spec.ports[0:1].port', object)).toEqual([80]);
    expect(findResults('.spec.ports[*].port', object)).toEqual([80, 443]);
    expect(findResults('..port', object)).toEqual([80, 443]);
  });

  it('filters list items', () => {
    expect(findResults('.status.conditions[?(@.type=="Ready")].status', object)).toEqual(['True']);
    expect(findResults('.spec.ports[?(@.port>100)].name', object)).toEqual(['https']);
    expect(findResults('.spec.ports[?(@.name)].port', object)).toEqual([80, 443]);
  });

  it('gives nothing for missing keys and throws for malformed paths', () => {
    expect(findResults('.spec.nothing.here', object)).toEqual([]);
    expect(findResults('.spec.ports[5]', object)).toEqual([]);
    expect(() => findResults('.spec.ports[', object)).toThrow();
  });

  it('agrees with plain property access on dotted paths', () => {
    const key = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,6}$/);
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 4 }), fc.jsonValue(), (keys, leaf) => {
        const root: Record<string, unknown> = {};
        let at = root;
        keys.slice(0, -1).forEach((k) => {
          at[k] = {};
          at = at[k] as Record<string, unknown>;
        });
        at[keys.at(-1)!] = leaf;
        expect(findResults(`.${keys.join('.')}`, root)).toEqual([leaf]);
      }),
    );
  });
});
