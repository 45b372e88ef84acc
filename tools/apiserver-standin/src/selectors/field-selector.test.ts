import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import type { KubeObject, ResourceType } from '../types.js';
import {
  escapeFieldValue,
  type FieldRequirement,
  formatFieldSelector,
  matchesFields,
  parseFieldSelector,
} from './field-selector.js';
import { compileFieldSelector, fieldSetOf, supportedFieldLabels } from './object-fields.js';

function refused(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

function type(group: string, plural: string, extra: Partial<ResourceType> = {}): ResourceType {
  return {
    group,
    version: 'v1',
    kind: 'X',
    listKind: 'XList',
    plural,
    singular: plural,
    shortNames: [],
    categories: [],
    namespaced: true,
    hasStatus: false,
    verbs: [],
    storage: `${group || 'core'}/${plural}`,
    builtin: true,
    tracksGeneration: false,
    ...extra,
  };
}

describe('parseFieldSelector', () => {
  it.each<[string, FieldRequirement[]]>([
    ['', []],
    ['metadata.name=web', [{ field: 'metadata.name', operator: '=', value: 'web' }]],
    ['metadata.name==web', [{ field: 'metadata.name', operator: '==', value: 'web' }]],
    ['metadata.name!=web', [{ field: 'metadata.name', operator: '!=', value: 'web' }]],
    ['metadata.name=', [{ field: 'metadata.name', operator: '=', value: '' }]],
    ['a=x\\,y\\=z\\\\', [{ field: 'a', operator: '=', value: 'x,y=z\\' }]],
    // Terms are sorted by their text, as kube sorts them.
    [
      'b=2,a=1',
      [
        { field: 'a', operator: '=', value: '1' },
        { field: 'b', operator: '=', value: '2' },
      ],
    ],
  ])('parses %j', (text, expected) => {
    expect(parseFieldSelector(text).requirements).toEqual(expected);
  });

  it.each<[string, string]>([
    ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['a=b,c', "invalid selector: 'a=b,c'; can't understand 'c'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
  ])('refuses %j', (text, message) => {
    const error = refused(() => parseFieldSelector(text));
    expect(error.code).toBe(400);
    expect(error.message).toBe(message);
  });

  it('round-trips any value through escaping', () => {
    const field = fc.stringMatching(/^[a-zA-Z][a-zA-Z.]{0,12}$/);
    const term = fc.record({
      field,
      operator: fc.constantFrom<FieldRequirement['operator']>('=', '==', '!='),
      value: fc.string({ maxLength: 12 }),
    });
    fc.assert(
      fc.property(fc.array(term, { maxLength: 4 }), (requirements) => {
        const parsed = parseFieldSelector(formatFieldSelector({ requirements }));
        const byText = (r: FieldRequirement) =>
          `${r.field}${r.operator}${escapeFieldValue(r.value)}`;
        const expected = [...requirements].sort((a, b) => (byText(a) < byText(b) ? -1 : 1));
        expect(parsed.requirements).toEqual(expected);
      }),
    );
  });
});

describe('matchesFields', () => {
  it('compares as strings, absent fields as ""', () => {
    const fields = { 'metadata.name': 'web', 'metadata.namespace': '' };
    expect(matchesFields(parseFieldSelector('metadata.name=web'), fields)).toBe(true);
    expect(matchesFields(parseFieldSelector('metadata.name!=web'), fields)).toBe(false);
    expect(matchesFields(parseFieldSelector('metadata.namespace='), fields)).toBe(true);
    expect(matchesFields(parseFieldSelector('spec.x='), fields)).toBe(true);
    expect(matchesFields(parseFieldSelector('metadata.name=web,metadata.name!=web'), fields)).toBe(
      false,
    );
  });
});

describe('compileFieldSelector', () => {
  const events = type('', 'events');
  const services = type('', 'services');
  const clusterCr = type('example.com', 'widgets', { builtin: false, namespaced: false });

  it('accepts metadata fields everywhere and kind fields where kube has them', () => {
    expect(() =>
      compileFieldSelector(services, 'metadata.name=a,metadata.namespace=b'),
    ).not.toThrow();
    const describe =
      'involvedObject.name=web,involvedObject.namespace=default,involvedObject.kind=Service,involvedObject.uid=u';
    expect(() => compileFieldSelector(events, describe)).not.toThrow();
    expect(supportedFieldLabels(type('', 'secrets'))).toContain('type');
  });

  it("refuses other fields with kube's message", () => {
    const error = refused(() => compileFieldSelector(services, 'spec.type=LoadBalancer'));
    expect(error.code).toBe(400);
    expect(error.message).toBe('field label not supported: spec.type');
    expect(refused(() => compileFieldSelector(clusterCr, 'metadata.namespace=x')).message).toBe(
      'field label not supported: metadata.namespace',
    );
  });

  it('reads the values a selector compares', () => {
    const event: KubeObject = {
      metadata: { name: 'e1', namespace: 'default' },
      involvedObject: { kind: 'Service', name: 'web', uid: 'u1' },
      reason: 'IPAllocated',
      source: { component: 'metallb-controller' },
      type: 'Normal',
    };
    expect(fieldSetOf(events, event)).toMatchObject({
      'metadata.name': 'e1',
      'involvedObject.kind': 'Service',
      'involvedObject.namespace': '',
      source: 'metallb-controller',
    });
    const pod: KubeObject = {
      metadata: { name: 'p' },
      spec: { hostNetwork: true, nodeName: 'n1' },
    };
    expect(fieldSetOf(type('', 'pods'), pod)).toMatchObject({
      'spec.hostNetwork': 'true',
      'spec.nodeName': 'n1',
      'status.phase': '',
    });
  });
});
