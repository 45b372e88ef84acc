import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types.js';
import { patchMetaFor } from '../meta/builtin-meta.js';
import { type ServerSideApplyOptions, serverSideApply } from './apply.js';

const SERVICE = patchMetaFor('', 'Service')!;

const opts = (manager: string, now = '2024-01-01T00:00:00Z'): ServerSideApplyOptions => ({
  manager,
  force: false,
  apiVersion: 'v1',
  now,
  meta: SERVICE,
});

/** A Service configuration drawing labels and ports from the given pools. */
function config(labelKeys: string[], ports: number[]) {
  const labels = fc.dictionary(fc.constantFrom(...labelKeys), fc.constantFrom('x', 'y'), {
    minKeys: 1,
    maxKeys: labelKeys.length,
  });
  const portList = fc
    .uniqueArray(fc.constantFrom(...ports), { minLength: 1, maxLength: ports.length })
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((port) =>
          fc.integer({ min: 1, max: 3 }).map((targetPort) => ({ port, targetPort })),
        ),
      ),
    );
  return fc.record({
    labels,
    ports: portList,
    type: fc.option(fc.constantFrom('ClusterIP', 'NodePort'), { nil: undefined }),
  });
}

function service(c: {
  labels: Record<string, string>;
  ports: object[];
  type?: string | undefined;
}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', labels: c.labels },
    spec: { ports: c.ports, ...(c.type !== undefined && { type: c.type }) },
  };
}

const withoutManagedFields = (o: KubeObject) => ({
  ...o,
  metadata: { ...o.metadata, managedFields: undefined },
});

describe('serverSideApply properties', () => {
  it('is idempotent: applying the same object twice leaves object and managedFields alone', () => {
    fc.assert(
      fc.property(
        config(['a', 'b', 'c'], [80, 443, 8080]),
        config(['d', 'e'], [9000]),
        (mine, theirs) => {
          const base = serverSideApply(undefined, service(theirs), opts('other'));
          const once = serverSideApply(base, service(mine), { ...opts('me'), force: true });
          const twice = serverSideApply(once, service(mine), opts('me', '2030-01-01T00:00:00Z'));
          expect(twice).toEqual(once);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never reports a conflict between managers of disjoint fields', () => {
    fc.assert(
      fc.property(
        config(['a', 'b'], [80, 443]),
        config(['c', 'd'], [8080, 9000]),
        config(['a', 'b'], [80, 443]),
        (first, other, again) => {
          const { type: _, ...otherFields } = other;
          let object = serverSideApply(undefined, service(first), opts('one'));
          object = serverSideApply(object, service(otherFields), opts('two'));
          object = serverSideApply(object, service({ ...again, type: first.type }), opts('one'));
          for (const [key, value] of Object.entries(other.labels))
            expect(object.metadata.labels?.[key]).toBe(value);
          for (const [key, value] of Object.entries(again.labels))
            expect(object.metadata.labels?.[key]).toBe(value);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a sole manager re-applying ends where a fresh apply of the new configuration does', () => {
    fc.assert(
      fc.property(
        config(['a', 'b', 'c'], [80, 443, 8080]),
        config(['a', 'b', 'c'], [80, 443, 8080]),
        (c1, c2) => {
          const first = serverSideApply(undefined, service(c1), opts('me'));
          const updated = serverSideApply(first, service(c2), opts('me', '2030-01-01T00:00:00Z'));
          const fresh = serverSideApply(undefined, service(c2), opts('me', '2030-01-01T00:00:00Z'));
          expect(withoutManagedFields(updated)).toEqual(withoutManagedFields(fresh));
          expect(updated.metadata.managedFields?.[0]?.fieldsV1).toEqual(
            fresh.metadata.managedFields?.[0]?.fieldsV1,
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
