import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import {
  formatLabelSelector,
  type LabelOperator,
  type LabelRequirement,
  matchesLabels,
  parseLabelSelector,
} from './label-selector.js';

function req(key: string, operator: LabelOperator, values: string[] = []): LabelRequirement {
  return { key, operator, values };
}

function parseError(text: string): ApiError {
  try {
    parseLabelSelector(text);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('parseLabelSelector', () => {
  it.each<[string, LabelRequirement[]]>([
    ['', []],
    ['   ', []],
    ['app=web', [req('app', '=', ['web'])]],
    ['app==web', [req('app', '==', ['web'])]],
    ['app!=web', [req('app', '!=', ['web'])]],
    ['app=', [req('app', '=', [''])]],
    ['app in (web,db)', [req('app', 'in', ['db', 'web'])]],
    ['app notin (web)', [req('app', 'notin', ['web'])]],
    ['app', [req('app', 'exists')]],
    ['!app', [req('app', '!')]],
    ['tier>1,tier<10', [req('tier', 'gt', ['1']), req('tier', 'lt', ['10'])]],
    ['  b = 1 ,  a  ', [req('a', 'exists'), req('b', '=', ['1'])]],
    ['example.com/role=lb', [req('example.com/role', '=', ['lb'])]],
    ['in in (in,notin)', [req('in', 'in', ['in', 'notin'])]],
    // kube's own doc example: empty values in sets.
    [
      'x in (foo,,baz),y,z notin ()',
      [req('x', 'in', ['', 'baz', 'foo']), req('y', 'exists'), req('z', 'notin', [''])],
    ],
  ])('parses %j', (text, expected) => {
    expect(parseLabelSelector(text).requirements).toEqual(expected);
  });

  it.each<[string, string]>([
    ['a in', "unable to parse requirement: found '' expected: '('"],
    ['a in (b', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['a=b=c', "found '=', expected: ',' or 'end of string'"],
    ['a=b,', "found '', expected: identifier after ','"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['!=a', "found '!=', expected: !, identifier, or 'end of string'"],
    ['!,a', "unable to parse requirement: found ',', expected: identifier"],
    [
      'a>x',
      `unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
  ])("refuses %j with kube's message", (text, message) => {
    const error = parseError(text);
    expect(error.code).toBe(400);
    expect(error.reason).toBe('BadRequest');
    expect(error.message).toBe(message);
  });

  it('validates keys as qualified names, with a nil field path', () => {
    const error = parseError('a/b/c=d');
    expect(error.message).toMatch(
      /^unable to parse requirement: <nil>: Invalid value: "a\/b\/c": a qualified name must consist of/,
    );
    expect(parseError(`${'k'.repeat(64)}=v`).message).toContain(
      'name part must be no more than 63 characters',
    );
    expect(parseError('Bad_Prefix/k=v').message).toContain(
      'prefix part a lowercase RFC 1123 subdomain',
    );
  });

  it('validates values as label values, naming the key', () => {
    expect(parseError('app=-web').message).toBe(
      "unable to parse requirement: values[0][app]: Invalid value: \"-web\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
    expect(parseError(`app in (ok,${'v'.repeat(64)})`).message).toContain(
      'must be no more than 63 characters',
    );
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', tier: '2', empty: '' };
  it.each<[string, boolean]>([
    ['', true],
    ['app=web', true],
    ['app==db', false],
    ['app!=web', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (db,web)', true],
    ['app notin (web)', false],
    ['missing notin (x)', true],
    ['missing in (x)', false],
    ['app', true],
    ['missing', false],
    ['!app', false],
    ['!missing', true],
    ['empty=', true],
    ['empty', true],
    ['tier>1', true],
    ['tier<2', false],
    ['app>0', false],
    ['app=web,tier=3', false],
  ])('%j -> %s', (text, expected) => {
    expect(matchesLabels(parseLabelSelector(text), labels)).toBe(expected);
  });

  it('treats absent labels as none', () => {
    expect(matchesLabels(parseLabelSelector('!app'), undefined)).toBe(true);
    expect(matchesLabels(parseLabelSelector('app'), undefined)).toBe(false);
  });
});

// --- properties -------------------------------------------------------------------------

const keyArb = fc.oneof(
  fc.constantFrom('app', 'tier', 'in', 'notin', 'example.com/role', 'k'),
  fc
    .tuple(
      fc.constantFrom('', 'example.com/', 'a-b.c/'),
      fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,8}[A-Za-z0-9])?$/),
    )
    .map(([prefix, name]) => prefix + name),
);
const valueArb = fc.oneof(
  fc.constantFrom('', 'a', 'b', 'web', '1', '10', 'in'),
  fc.stringMatching(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,6}[A-Za-z0-9])?)?$/),
);
const intArb = fc.constantFrom('0', '1', '2', '10', '007', '9223372036854775807');

const requirementArb: fc.Arbitrary<LabelRequirement> = fc.oneof(
  fc.record({
    key: keyArb,
    operator: fc.constantFrom<LabelOperator>('=', '==', '!='),
    values: valueArb.map((v) => [v]),
  }),
  fc.record({
    key: keyArb,
    operator: fc.constantFrom<LabelOperator>('in', 'notin'),
    values: fc.uniqueArray(valueArb, { minLength: 1, maxLength: 3 }).map((v) => v.sort()),
  }),
  fc.record({
    key: keyArb,
    operator: fc.constantFrom<LabelOperator>('exists', '!'),
    values: fc.constant([]),
  }),
  fc.record({
    key: keyArb,
    operator: fc.constantFrom<LabelOperator>('gt', 'lt'),
    values: intArb.map((v) => [v]),
  }),
);

/** The meaning of a requirement, written from the Kubernetes docs, independently of the parser. */
function reference(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = r.key in labels;
  const value = labels[r.key];
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(value!);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(value!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^\d+$/.test(value!)) return false;
      const [a, b] = [BigInt(value!), BigInt(r.values[0]!)];
      return r.operator === 'gt' ? a > b : a < b;
    }
  }
}

const labelsArb = fc.dictionary(
  fc.constantFrom('app', 'tier', 'in', 'k', 'example.com/role'),
  fc.constantFrom('', 'a', 'b', 'web', '1', '2', '10', 'in'),
  { noNullPrototype: true },
);

describe('label selector properties', () => {
  it('reads back its own canonical text', () => {
    fc.assert(
      fc.property(fc.array(requirementArb, { maxLength: 5 }), (requirements) => {
        const text = formatLabelSelector({ requirements });
        const parsed = parseLabelSelector(text);
        const sorted = [...requirements].sort((a, b) =>
          a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
        );
        expect(parsed.requirements).toEqual(sorted);
        expect(formatLabelSelector(parsed)).toBe(formatLabelSelector({ requirements: sorted }));
      }),
    );
  });

  it('matches exactly when every requirement holds (reference evaluator)', () => {
    fc.assert(
      fc.property(fc.array(requirementArb, { maxLength: 4 }), labelsArb, (requirements, labels) => {
        const parsed = parseLabelSelector(formatLabelSelector({ requirements }));
        expect(matchesLabels(parsed, labels)).toBe(requirements.every((r) => reference(r, labels)));
      }),
    );
  });

  it('either parses or refuses with a 400, whatever the input', () => {
    const alphabet = fc.constantFrom(...'ab=!(), in notin/.-_<>1\t'.split(''));
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 24 }).map((c) => c.join('')),
        (text) => {
          try {
            parseLabelSelector(text);
          } catch (error) {
            expect(error).toBeInstanceOf(ApiError);
            expect((error as ApiError).code).toBe(400);
          }
        },
      ),
    );
  });
});
