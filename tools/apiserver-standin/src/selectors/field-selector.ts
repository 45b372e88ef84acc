/**
 * Field selectors: the `fieldSelector` query parameter, parsed as apimachinery's
 * `fields.ParseSelector` does: comma-separated `field=value`, `field==value`, `field!=value`
 * terms; `\,` `\=` `\\` escape those characters inside values. Which fields a resource can be
 * selected on is a separate question (object-fields.ts).
 */
import { badRequest } from '../errors.js';

export type FieldOperator = '=' | '==' | '!=';

/** One term of a field selector; `value` is unescaped. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  readonly value: string;
}

/** A parsed field selector: every term must hold. */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
}

/** The selector that matches everything (the empty string). */
export const EVERYTHING_FIELDS: FieldSelector = Object.freeze({ requirements: Object.freeze([]) });

/** `!=` first and `==` before `=`, so `a==b` does not leave `=b` as the value. */
const TERM_OPERATORS: readonly FieldOperator[] = ['!=', '==', '='];

/** Splits on commas that are not escaped; escapes stay in the terms. */
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

/** Splits at the first operator; no escaping in the field name. */
function splitTerm(term: string): FieldRequirement | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) {
        return { field: term.slice(0, i), operator: op, value: term.slice(i + op.length) };
      }
    }
  }
  return undefined;
}

/** kube's `fields.UnescapeValue`, including its wording (a rune printed as its number). */
export function unescapeFieldValue(s: string): string {
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** kube's `fields.EscapeValue`: the inverse of `unescapeFieldValue`. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * Parses a `fieldSelector` query value (syntax only; see `compileFieldSelector` for which
 * fields a resource supports). Terms come back sorted by their text, as kube sorts them.
 *
 * @throws ApiError 400 `invalid selector: '<s>'; can't understand '<term>'` or an escape error.
 */
export function parseFieldSelector(selector: string): FieldSelector {
  const parts = splitTerms(selector).sort();
  const requirements: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const term = splitTerm(part);
    if (term === undefined) {
      throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    }
    requirements.push(Object.freeze({ ...term, value: unescapeFieldValue(term.value) }));
  }
  if (requirements.length === 0) return EVERYTHING_FIELDS;
  return Object.freeze({ requirements: Object.freeze(requirements) });
}

/** Whether every term holds; a field the set lacks has the value "" (kube's `Fields.Get`). */
export function matchesFields(
  selector: FieldSelector,
  fields: Readonly<Record<string, string>>,
): boolean {
  return selector.requirements.every((r) => {
    const actual = Object.hasOwn(fields, r.field) ? fields[r.field] : '';
    return r.operator === '!=' ? actual !== r.value : actual === r.value;
  });
}

/** The selector as text, values escaped; `parseFieldSelector` reads it back. */
export function formatFieldSelector(selector: FieldSelector): string {
  return selector.requirements
    .map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`)
    .join(',');
}
