import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patchMetaFor } from '../meta/builtin-meta.js';
import { FieldSet } from './field-set.js';
import {
  fieldElement as f,
  keyElement,
  type Path,
  type PathElement,
  parsePathElement,
  pathToString,
  serializePathElement,
} from './path-element.js';

const port80 = keyElement([
  ['protocol', 'TCP'],
  ['port', 80],
]);

describe('path elements', () => {
  it('serialize as FieldsV1 keys with sorted key fields', () => {
    expect(serializePathElement(f('spec'))).toBe('f:spec');
    expect(serializePathElement(port80)).toBe('k:{"port":80,"protocol":"TCP"}');
    expect(serializePathElement({ kind: 'value', value: 'a<b' })).toBe('v:"a\\u003cb"');
    expect(serializePathElement({ kind: 'index', index: 3 })).toBe('i:3');
  });

  it('parse back to the same element', () => {
    for (const key of ['f:spec', 'k:{"port":80,"protocol":"TCP"}', 'v:"x"', 'v:3', 'i:0']) {
      expect(serializePathElement(parsePathElement(key)!)).toBe(key);
    }
    expect(parsePathElement('z:future')).toBeUndefined();
    expect(() => parsePathElement('f')).toThrow();
  });

  it('print as structured-merge-diff paths', () => {
    const path: Path = [f('spec'), f('ports'), port80, f('targetPort')];
    expect(pathToString(path)).toBe('.spec.ports[port=80,protocol="TCP"].targetPort');
    expect(pathToString([f('metadata'), f('finalizers'), { kind: 'value', value: 'x' }])).toBe(
      '.metadata.finalizers[="x"]',
    );
  });
});

describe('FieldSet', () => {
  const fieldsV1 = {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': {
      'f:ports': {
        '.': {},
        'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:targetPort': {} },
      },
      'f:selector': {},
    },
  };

  it('round-trips FieldsV1 in key order', () => {
    const set = FieldSet.fromFieldsV1(fieldsV1);
    expect(JSON.stringify(set.toFieldsV1())).toBe(JSON.stringify(fieldsV1));
    expect(set.has([f('spec'), f('ports'), port80, f('port')])).toBe(true);
    expect(set.has([f('spec'), f('ports'), port80])).toBe(true);
    expect(set.has([f('spec')])).toBe(false);
  });

  it('orders fields before keys before values and members before children', () => {
    const set = FieldSet.of([f('b')], [f('a'), f('x')], [f('c')]);
    expect(set.paths().map(pathToString)).toEqual(['.b', '.c', '.a.x']);
    expect(Object.keys(set.toFieldsV1())).toEqual(['f:a', 'f:b', 'f:c']);
  });

  it('differs from recursiveDifference on members with children', () => {
    const set = FieldSet.of([f('status')], [f('status'), f('x')], [f('spec'), f('y')]);
    const status = FieldSet.of([f('status')]);
    expect(set.difference(status).paths().map(pathToString)).toEqual(['.spec.y', '.status.x']);
    expect(set.recursiveDifference(status).paths().map(pathToString)).toEqual(['.spec.y']);
  });

  it('marks declared struct fields with owned children as members', () => {
    const meta = patchMetaFor('', 'Service')!;
    const set = FieldSet.of([f('metadata'), f('labels'), f('app')]);
    const named = set.ensureNamedFieldsAreMembers(meta, meta.root);
    expect(named.has([f('metadata')])).toBe(true);
    expect(named.has([f('metadata'), f('labels')])).toBe(true);
  });

  const element: fc.Arbitrary<PathElement> = fc.oneof(
    fc.stringMatching(/^[a-c]{1,2}$/).map((name) => f(name)),
    fc.integer({ min: 0, max: 3 }).map((port) => keyElement([['port', port]])),
    fc.constantFrom('x', 'y').map((value): PathElement => ({ kind: 'value', value })),
  );
  const pathArb = fc.array(element, { minLength: 1, maxLength: 4 });
  const setArb = fc.array(pathArb, { maxLength: 8 }).map((paths) => FieldSet.of(...paths));

  it('round-trips any set through FieldsV1 (property)', () => {
    fc.assert(
      fc.property(setArb, (set) => {
        const back = FieldSet.fromFieldsV1(JSON.parse(JSON.stringify(set.toFieldsV1())));
        expect(back.equals(set)).toBe(true);
      }),
    );
  });

  it('obeys set algebra on members (property)', () => {
    fc.assert(
      fc.property(setArb, setArb, fc.array(pathArb, { maxLength: 6 }), (a, b, probes) => {
        for (const p of [...a.paths(), ...b.paths(), ...probes]) {
          expect(a.union(b).has(p)).toBe(a.has(p) || b.has(p));
          expect(a.intersection(b).has(p)).toBe(a.has(p) && b.has(p));
          expect(a.difference(b).has(p)).toBe(a.has(p) && !b.has(p));
        }
      }),
    );
  });
});
