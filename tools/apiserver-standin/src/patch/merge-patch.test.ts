import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import type { KubeObject } from '../types.js';
import { applyMergePatch, createMergePatch } from './merge-patch.js';

const base = (): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
  spec: { ports: [{ port: 80, name: 'http' }], selector: { app: 'web' } },
});

describe('applyMergePatch', () => {
  const cases: { name: string; patch: Record<string, unknown>; want: unknown }[] = [
    {
      name: 'null deletes a key',
      patch: { metadata: { labels: { tier: null } } },
      want: { name: 'web', labels: { app: 'web' } },
    },
    {
      name: 'objects merge recursively',
      patch: { metadata: { labels: { env: 'prod' } } },
      want: { name: 'web', labels: { app: 'web', tier: 'front', env: 'prod' } },
    },
    {
      name: 'a new object has its nulls pruned',
      patch: { metadata: { annotations: { a: '1', b: null } } },
      want: { name: 'web', labels: { app: 'web', tier: 'front' }, annotations: { a: '1' } },
    },
  ];
  for (const c of cases) {
    it(c.name, () => expect(applyMergePatch(base(), c.patch).metadata).toEqual(c.want));
  }

  it('replaces lists whole (a merge patch wipes ports[0].name, KUBE-API.md finding 10)', () => {
    const out = applyMergePatch(base(), { spec: { ports: [{ port: 80, targetPort: 9090 }] } });
    expect(out.spec).toEqual({ ports: [{ port: 80, targetPort: 9090 }], selector: { app: 'web' } });
  });

  it('does not change its arguments', () => {
    const current = base();
    const patch = { spec: { selector: null } };
    applyMergePatch(current, patch);
    expect(current).toEqual(base());
    expect(patch).toEqual({ spec: { selector: null } });
  });

  it('refuses a body that is not an object', () => {
    for (const [body, message] of [
      [null, 'Invalid JSON Patch'],
      [
        [1],
        'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}',
      ],
      [
        'x',
        'error decoding patch: json: cannot unmarshal string into Go value of type map[string]interface {}',
      ],
    ] as const) {
      try {
        applyMergePatch(base(), body);
        expect.fail('no error');
      } catch (err) {
        expect(err).toBeInstanceOf(ApiError);
        expect((err as ApiError).code).toBe(400);
        expect((err as ApiError).message).toBe(message);
      }
    }
  });

  it('turns a into b when given the diff of a and b (no nulls in b)', () => {
    const key = fc.stringMatching(/^[a-z]{1,5}$/);
    const leaf = fc.oneof(
      fc.string({ maxLength: 4 }),
      fc.integer(),
      fc.boolean(),
      fc.array(fc.integer(), { maxLength: 3 }),
    );
    const { doc } = fc.letrec((tie) => ({
      doc: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, leaf, tie('doc')), { maxKeys: 5 }),
    }));
    fc.assert(
      fc.property(doc, doc, (a, b) => {
        const from = { ...a, metadata: { name: 'x' } } as KubeObject;
        const to = { ...b, metadata: { name: 'x' } } as KubeObject;
        expect(applyMergePatch(from, createMergePatch(from, to))).toEqual(to);
      }),
      { numRuns: 300 },
    );
  });
});
