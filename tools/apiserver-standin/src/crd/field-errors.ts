/**
 * apimachinery's `field.Error` as `StatusCause`s: the reason (`FieldValueRequired`, ...), the
 * field path (`spec.ports[0].port`) and the message body kubectl prints after the path
 * (`Invalid value: "x": must be ...`). Paths are plain strings; `undefined` is the nil path,
 * which Go prints as `<nil>`.
 */

import type { StatusCause } from '../errors.js';
import { goNumber, goQuote, goSharpV } from './go-format.js';

/** A bad value already rendered as Go would print it with `%#v` (a struct, a typed slice). */
export class GoLiteral {
  constructor(readonly text: string) {}
}

/** Marks a field error that prints no value (Go's `omitValue`). */
export const OMIT_VALUE: unique symbol = Symbol('omitValue');

type BadValue = unknown | GoLiteral | typeof OMIT_VALUE;

const TYPE_WORDS = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
} as const;

export type FieldErrorType = keyof typeof TYPE_WORDS;

/** Go's `(*field.Path).String()`. */
export function pathString(path: string | undefined): string {
  return path ?? '<nil>';
}

/** `path.Child(name)`. */
export function child(path: string | undefined, ...names: string[]): string {
  return [...(path === undefined ? [] : [path]), ...names].join('.');
}

/** `path.Index(i)`. */
export function index(path: string | undefined, i: number): string {
  return `${path ?? ''}[${i}]`;
}

/** `path.Key(k)`. */
export function key(path: string | undefined, k: string): string {
  return `${path ?? ''}[${k}]`;
}

function renderValue(value: unknown): string {
  if (value instanceof GoLiteral) return value.text;
  if (value === null || value === undefined) return goQuote('null');
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  return goSharpV(value);
}

/** `field.Error.ErrorBody()`. */
function errorBody(type: FieldErrorType, value: BadValue, detail: string): string {
  const word = TYPE_WORDS[type];
  const bare =
    type === 'FieldValueRequired' ||
    type === 'FieldValueForbidden' ||
    type === 'FieldValueTooLong' ||
    type === 'InternalError' ||
    value === OMIT_VALUE;
  const head = bare ? word : `${word}: ${renderValue(value)}`;
  return detail ? `${head}: ${detail}` : head;
}

/** A field error as the `details.causes[]` entry the apiserver sends. */
export function fieldError(
  type: FieldErrorType,
  path: string | undefined,
  value: BadValue,
  detail = '',
): StatusCause {
  return { reason: type, message: errorBody(type, value, detail), field: pathString(path) };
}

export function required(path: string | undefined, detail = ''): StatusCause {
  return fieldError('FieldValueRequired', path, '', detail);
}

export function invalidValue(
  path: string | undefined,
  value: unknown,
  detail: string,
): StatusCause {
  return fieldError('FieldValueInvalid', path, value, detail);
}

export function typeInvalid(path: string | undefined, value: unknown, detail: string): StatusCause {
  return fieldError('FieldValueTypeInvalid', path, value, detail);
}

export function forbidden(path: string | undefined, detail: string): StatusCause {
  return fieldError('FieldValueForbidden', path, '', detail);
}

export function duplicate(path: string | undefined, value: unknown): StatusCause {
  return fieldError('FieldValueDuplicate', path, value);
}

/** `field.NotSupported`: `Unsupported value: "x": supported values: "a", "b"`. */
export function notSupported(
  path: string | undefined,
  value: unknown,
  supported: readonly string[],
): StatusCause {
  const detail =
    supported.length > 0 ? `supported values: ${supported.map((v) => goQuote(v)).join(', ')}` : '';
  return fieldError('FieldValueNotSupported', path, value, detail);
}

/** `field.TooLong`: the value is never printed. */
export function tooLong(path: string | undefined, maxLength: number): StatusCause {
  const detail = maxLength >= 0 ? `may not be more than ${maxLength} bytes` : 'value is too long';
  return fieldError('FieldValueTooLong', path, OMIT_VALUE, detail);
}

/** `field.TooMany`: `Too many: 4: must have at most 3 items`. */
export function tooMany(path: string | undefined, actual: number, max: number): StatusCause {
  const detail = max >= 0 ? `must have at most ${max} items` : 'has too many items';
  return fieldError('FieldValueTooMany', path, actual >= 0 ? actual : OMIT_VALUE, detail);
}

/** `field.ErrorList.ToAggregate()` drops repeated messages; the 422 lists each error once. */
export function dedupeCauses(causes: readonly StatusCause[]): StatusCause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const text = `${c.field}: ${c.message}`;
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}
