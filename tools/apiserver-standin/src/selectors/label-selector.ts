/**
 * Label selectors: the `labelSelector` query parameter, parsed and matched as apimachinery's
 * `labels.Parse` does (its lexer, its recursive-descent parser, its error wording), so a
 * selector the real server accepts is accepted here and a malformed one gets the same 400.
 *
 * Grammar (comma = AND, whitespace between tokens ignored):
 *   requirement := ["!"] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]
 * Keys are qualified names (`prefix/name`, name <= 63 chars), values label values.
 */
import { badRequest } from '../errors.js';
import {
  aggregateMessage,
  invalidFieldMessage,
  labelValueErrors,
  qualifiedNameErrors,
} from './label-validation.js';

/** apimachinery's `selection.Operator` values a label requirement can use. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** One clause of a label selector. `values` is sorted and free of duplicates. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

/** A parsed label selector: every requirement must hold (requirements sorted by key). */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
}

/** The selector that matches everything (the empty string). */
export const EVERYTHING_LABELS: LabelSelector = Object.freeze({ requirements: Object.freeze([]) });

type Token =
  | 'end'
  | 'error'
  | 'identifier'
  | ')'
  | ','
  | '!'
  | '=='
  | '='
  | '>'
  | 'in'
  | '<'
  | '!='
  | 'notin'
  | '(';

/** Literals the lexer turns into tokens of their own (kube's `string2token`). */
const LITERALS: ReadonlyMap<string, Token> = new Map<string, Token>(
  [')', ',', '!', '==', '=', '>', 'in', '<', '!=', 'notin', '('].map((t) => [t, t as Token]),
);

interface Scanned {
  readonly tok: Token;
  readonly lit: string;
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function isSpecial(ch: string): boolean {
  return '=!(),><'.includes(ch);
}

/** Splits the selector into tokens, the way kube's `Lexer.Lex` does. */
function scan(text: string): Scanned[] {
  const items: Scanned[] = [];
  let pos = 0;
  for (;;) {
    while (pos < text.length && isWhitespace(text[pos]!)) pos++;
    if (pos >= text.length) {
      items.push({ tok: 'end', lit: '' });
      return items;
    }
    if (isSpecial(text[pos]!)) {
      // Longest run of special characters that is still a known operator ("!=", "==").
      let buffer = '';
      let last: Scanned | undefined;
      while (pos < text.length && isSpecial(text[pos]!)) {
        const tok = LITERALS.get(buffer + text[pos]!);
        if (tok === undefined && last !== undefined) break;
        buffer += text[pos]!;
        pos++;
        if (tok !== undefined) last = { tok, lit: buffer };
      }
      items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buffer}'` });
      continue;
    }
    const start = pos;
    while (pos < text.length && !isSpecial(text[pos]!) && !isWhitespace(text[pos]!)) pos++;
    const lit = text.slice(start, pos);
    items.push({ tok: LITERALS.get(lit) ?? 'identifier', lit });
  }
}

type Context = 'keyAndOperator' | 'values';

class SelectorParseError extends Error {}

/** kube's `Parser`: lookahead/consume over the scanned tokens. */
class Parser {
  readonly #items: Scanned[];
  #position = 0;

  constructor(text: string) {
    this.#items = scan(text);
  }

  /** In a values context the keywords `in`/`notin` are plain identifiers. */
  #typed(item: Scanned, context: Context): Scanned {
    if (context === 'values' && (item.tok === 'in' || item.tok === 'notin')) {
      return { tok: 'identifier', lit: item.lit };
    }
    return item;
  }

  lookahead(context: Context): Scanned {
    return this.#typed(this.#items[this.#position]!, context);
  }

  consume(context: Context): Scanned {
    const item = this.#items[this.#position]!;
    // The end token repeats forever, as Go's lexer returns it on every call past the end.
    if (item.tok !== 'end') this.#position++;
    return this.#typed(item, context);
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const next = this.lookahead('values');
      if (next.tok === 'end') return requirements;
      if (next.tok !== 'identifier' && next.tok !== '!') {
        throw new SelectorParseError(
          `found '${next.lit}', expected: !, identifier, or 'end of string'`,
        );
      }
      try {
        requirements.push(this.parseRequirement());
      } catch (error) {
        if (error instanceof SelectorParseError) {
          throw new SelectorParseError(`unable to parse requirement: ${error.message}`);
        }
        throw error;
      }
      const after = this.consume('values');
      if (after.tok === 'end') return requirements;
      if (after.tok !== ',') {
        throw new SelectorParseError(`found '${after.lit}', expected: ',' or 'end of string'`);
      }
      const following = this.lookahead('values');
      if (following.tok !== 'identifier' && following.tok !== '!') {
        throw new SelectorParseError(`found '${following.lit}', expected: identifier after ','`);
      }
    }
  }

  parseRequirement(): LabelRequirement {
    const { key, operator: inferred } = this.parseKeyAndInferOperator();
    if (inferred === 'exists' || inferred === '!') return newRequirement(key, inferred, []);
    const operator = this.parseOperator();
    const values =
      operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, operator, [...new Set(values)].sort());
  }

  parseKeyAndInferOperator(): { key: string; operator: LabelOperator | undefined } {
    let operator: LabelOperator | undefined;
    let item = this.consume('values');
    if (item.tok === '!') {
      operator = '!';
      item = this.consume('values');
    }
    if (item.tok !== 'identifier') {
      throw new SelectorParseError(`found '${item.lit}', expected: identifier`);
    }
    const keyErrors = qualifiedNameErrors(item.lit);
    if (keyErrors.length > 0) {
      // Kube validates the key with a nil field path, which prints as "<nil>".
      throw new SelectorParseError(invalidFieldMessage('<nil>', item.lit, keyErrors.join('; ')));
    }
    const next = this.lookahead('values').tok;
    if ((next === 'end' || next === ',') && operator !== '!') operator = 'exists';
    return { key: item.lit, operator };
  }

  parseOperator(): LabelOperator {
    const item = this.consume('keyAndOperator');
    switch (item.tok) {
      case 'in':
      case 'notin':
      case '=':
      case '==':
      case '!=':
        return item.tok;
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      default:
        throw new SelectorParseError(`found '${item.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }

  parseValues(): string[] {
    const open = this.consume('values');
    if (open.tok !== '(') throw new SelectorParseError(`found '${open.lit}' expected: '('`);
    const first = this.lookahead('values');
    if (first.tok === ')') {
      this.consume('values');
      return [''];
    }
    if (first.tok !== 'identifier' && first.tok !== ',') {
      throw new SelectorParseError(`found '${first.lit}', expected: ',', ')' or identifier`);
    }
    const values = this.parseIdentifiersList();
    if (this.consume('values').tok !== ')') {
      throw new SelectorParseError(`found '${first.lit}', expected: ')'`);
    }
    return values;
  }

  /** A possibly empty, comma-separated list of possibly empty values: `(a,,b)`, `(,)`. */
  parseIdentifiersList(): string[] {
    const values: string[] = [];
    for (;;) {
      const item = this.consume('values');
      if (item.tok === 'identifier') {
        values.push(item.lit);
        const next = this.lookahead('values');
        if (next.tok === ',') continue;
        if (next.tok === ')') return values;
        throw new SelectorParseError(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (item.tok !== ',') {
        throw new SelectorParseError(`found '${item.lit}', expected: ',', or identifier`);
      }
      if (values.length === 0) values.push('');
      const next = this.lookahead('values').tok;
      if (next === ')') {
        values.push('');
        return values;
      }
      if (next === ',') {
        this.consume('values');
        values.push('');
      }
    }
  }

  parseExactValue(): string[] {
    const next = this.lookahead('values').tok;
    if (next === 'end' || next === ',') return [''];
    const item = this.consume('values');
    if (item.tok === 'identifier') return [item.lit];
    throw new SelectorParseError(`found '${item.lit}', expected: identifier`);
  }
}

const INT64 = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's `strconv.ParseInt(s, 10, 64)`: undefined when `s` is not a base-10 int64. */
function parseInt64(s: string): bigint | undefined {
  if (!INT64.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

/** kube's `NewRequirement` checks on the values (the key was checked by the parser). */
function newRequirement(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  const errors: string[] = [];
  if ((operator === 'gt' || operator === 'lt') && values.length === 1) {
    if (parseInt64(values[0]!) === undefined) {
      errors.push(
        invalidFieldMessage(
          'values[0]',
          values[0]!,
          "for 'Gt', 'Lt' operators, the value must be an integer",
        ),
      );
    }
  }
  values.forEach((value, i) => {
    const problems = labelValueErrors(value);
    if (problems.length > 0) {
      errors.push(invalidFieldMessage(`values[${i}][${key}]`, value, problems.join('; ')));
    }
  });
  if (errors.length > 0) throw new SelectorParseError(aggregateMessage(errors));
  return Object.freeze({ key, operator, values: Object.freeze(values) });
}

/**
 * Parses a `labelSelector` query value.
 *
 * @throws ApiError 400 BadRequest with kube's message (`unable to parse requirement: ...`,
 *   `found ',', expected: ...`) when the selector is malformed or names an invalid key/value.
 */
export function parseLabelSelector(text: string): LabelSelector {
  let requirements: LabelRequirement[];
  try {
    requirements = new Parser(text).parse();
  } catch (error) {
    if (error instanceof SelectorParseError) throw badRequest(error.message);
    throw error;
  }
  if (requirements.length === 0) return EVERYTHING_LABELS;
  // Sorted by key, as kube does "to grant deterministic parsing" (stable for equal keys).
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return Object.freeze({ requirements: Object.freeze(requirements) });
}

/** Whether one requirement holds for a label set (kube's `Requirement.Matches`). */
export function requirementMatches(
  r: LabelRequirement,
  labels: Readonly<Record<string, string>>,
): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key]! : '';
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) return false;
      const actual = parseInt64(value);
      const bound = parseInt64(r.values[0]!);
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

/** Whether every requirement of `selector` holds for `labels` (absent labels = none). */
export function matchesLabels(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const set = labels ?? {};
  return selector.requirements.every((r) => requirementMatches(r, set));
}

const OPERATOR_TEXT: Readonly<Record<LabelOperator, string>> = {
  in: ' in ',
  notin: ' notin ',
  '=': '=',
  '==': '==',
  '!=': '!=',
  gt: '>',
  lt: '<',
  exists: '',
  '!': '',
};

/** One requirement in kube's canonical text form (`Requirement.String`). */
export function formatRequirement(r: LabelRequirement): string {
  if (r.operator === 'exists') return r.key;
  if (r.operator === '!') return `!${r.key}`;
  const values = [...r.values].sort().join(',');
  const set = r.operator === 'in' || r.operator === 'notin';
  return `${r.key}${OPERATOR_TEXT[r.operator]}${set ? `(${values})` : values}`;
}

/** The selector in kube's canonical text form; `parseLabelSelector` reads it back unchanged. */
export function formatLabelSelector(selector: LabelSelector): string {
  return selector.requirements.map(formatRequirement).join(',');
}
