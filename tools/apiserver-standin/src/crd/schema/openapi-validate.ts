/**
 * Value validation of a custom resource against its `openAPIV3Schema`, done the way the
 * apiserver's validator (kube-openapi's `validate.SchemaValidator`) does it, so that the same
 * input gives the same errors in the same words: per schema node the type check, then
 * allOf/oneOf/anyOf/not, string, format, number, array, enum and object checks, each adding
 * errors named by kube-openapi paths (`spec.ports[0].port`). `toCauses` in field-causes.ts turns
 * them into the 422's causes.
 */

import type { JsonSchemaProps } from '../../types.js';
import { goFloat, goNumber, goQuote, isGoInt } from '../go-format.js';
import { isCheckedFormat, matchesFormat } from './formats.js';

/** One kube-openapi validation error (`errors.Validation`, or a composite one). */
export interface OpenApiError {
  readonly code:
    | 'type'
    | 'required'
    | 'tooLong'
    | 'maxItems'
    | 'tooManyProperties'
    | 'enum'
    | 'other'
    /** Not an `errors.Validation` (anyOf/oneOf/allOf/not): reported at the nil path. */
    | 'composite';
  readonly name: string;
  readonly message: string;
  readonly value?: unknown;
  readonly valid?: number;
  readonly values?: readonly unknown[];
}

const IN = 'body';

class Result {
  errors: OpenApiError[] = [];
  matchCount = 0;

  add(...errors: OpenApiError[]): void {
    for (const e of errors) {
      // go-openapi reports an error text once per result.
      if (!this.errors.some((r) => r.message === e.message)) this.errors.push(e);
    }
  }

  merge(...others: Result[]): void {
    for (const o of others) {
      this.matchCount += o.matchCount;
      this.add(...o.errors);
    }
  }

  get valid(): boolean {
    return this.errors.length === 0;
  }
}

function jsonType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return isGoInt(value) ? 'integer' : 'number';
  if (Array.isArray(value)) return 'array';
  return 'object';
}

/** The format Go's reflection gives a decoded value (int64 / float64), '' otherwise. */
function valueFormat(value: unknown): string {
  if (typeof value !== 'number') return '';
  return isGoInt(value) ? 'int64' : 'float64';
}

function typesOf(s: JsonSchemaProps): string[] {
  if (s['x-kubernetes-int-or-string']) return ['integer', 'string'];
  return s.type ? [s.type] : [];
}

function typeError(name: string, typeName: string, value: string): OpenApiError {
  const message = `${name} in ${IN} must be of type ${typeName}: ${goQuote(value)}`;
  return { code: 'type', name, message, value };
}

/** kube-openapi's typeValidator. */
function checkType(
  s: JsonSchemaProps,
  name: string,
  format: string,
  data: unknown,
): OpenApiError[] {
  const types = typesOf(s);
  if (types.length === 0 && format === '') return [];
  if (data === null) {
    const allowsNull = types.includes('null') || s.nullable === true;
    return types.length > 0 && !allowsNull ? [typeError(name, types.join(','), 'null')] : [];
  }
  const schType = jsonType(data);
  const isStringOrSlice = typeof data === 'string' || Array.isArray(data);
  const isIntFloat = schType === 'integer' && types.includes('number');
  const ok = types.includes(schType) || isIntFloat;
  if (!isStringOrSlice && format !== '' && !(ok || valueFormat(data) === format)) {
    return [typeError(name, format, valueFormat(data))];
  }
  const numeric = types.includes('number') || types.includes('integer');
  if (!numeric && format !== '' && isStringOrSlice) return [];
  return ok ? [] : [typeError(name, types.join(','), schType)];
}

function other(name: string, message: string, value?: unknown): OpenApiError {
  return { code: 'other', name, message, value };
}

function checkString(s: JsonSchemaProps, name: string, data: string): OpenApiError[] {
  const length = [...data].length;
  if (s.maxLength !== undefined && length > s.maxLength) {
    const message = `${name} in ${IN} should be at most ${s.maxLength} chars long`;
    return [{ code: 'tooLong', name, message, value: data, valid: s.maxLength }];
  }
  if (s.minLength !== undefined && length < s.minLength) {
    return [other(name, `${name} in ${IN} should be at least ${s.minLength} chars long`, data)];
  }
  if (s.pattern !== undefined && s.pattern !== '') {
    let re: RegExp | undefined;
    try {
      re = new RegExp(s.pattern, 'u');
    } catch {
      try {
        re = new RegExp(s.pattern);
      } catch (err) {
        const why = `${s.pattern}, but pattern is invalid: ${(err as Error).message}`;
        return [other(name, `${name} in ${IN} should match '${why}'`, data)];
      }
    }
    if (!re.test(data)) return [other(name, `${name} in ${IN} should match '${s.pattern}'`, data)];
  }
  return [];
}

function checkNumber(s: JsonSchemaProps, name: string, data: number): OpenApiError[] {
  const int = isGoInt(data);
  // An int64 value is compared with the bound converted to int64, as MinimumNativeType does.
  const bound = (b: number): number => (int ? Math.trunc(b) : b);
  const show = (b: number): string => (int ? String(Math.trunc(b)) : goFloat(b));
  const out: OpenApiError[] = [];
  if (s.multipleOf !== undefined && typeof s.multipleOf === 'number') {
    const factor = s.multipleOf;
    const f = bound(factor);
    const ratio = int ? data / f : factor < 1 ? (1 / factor) * data : data / factor;
    if (f <= 0) {
      out.push(
        other(
          name,
          `factor MultipleOf declared for ${name} must be positive: ${show(factor)}`,
          factor,
        ),
      );
    } else if (!Number.isInteger(ratio)) {
      out.push(other(name, `${name} in ${IN} should be a multiple of ${show(factor)}`, data));
    }
  }
  if (s.minimum !== undefined) {
    const min = bound(s.minimum);
    const fails = s.exclusiveMinimum ? data <= min : data < min;
    const words = s.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
    if (fails)
      out.push(other(name, `${name} in ${IN} should be ${words} ${show(s.minimum)}`, data));
  }
  if (s.maximum !== undefined) {
    const max = bound(s.maximum);
    const fails = s.exclusiveMaximum ? data >= max : data > max;
    const words = s.exclusiveMaximum ? 'less than' : 'less than or equal to';
    if (fails)
      out.push(other(name, `${name} in ${IN} should be ${words} ${show(s.maximum)}`, data));
  }
  return out;
}

function checkEnum(s: JsonSchemaProps, name: string, data: unknown): OpenApiError[] {
  if (!s.enum || s.enum.length === 0) return [];
  // A null value never matches (kube-openapi skips values it cannot convert).
  if (data !== null && s.enum.some((e) => e !== null && deepEqual(e, data))) return [];
  const shown = s.enum.map((v) => (typeof v === 'number' ? goNumber(v) : JSON.stringify(v)));
  const message = `${name} in ${IN} should be one of [${shown.join(' ')}]`;
  return [{ code: 'enum', name, message, value: data, values: s.enum }];
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) =>
    deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

export { deepEqual };

function childName(parent: string, field: string): string {
  return parent === '' ? field : `${parent}.${field}`;
}

/** Validates `data` (at kube-openapi path `name`) against schema `s`. */
function validateNode(s: JsonSchemaProps, name: string, data: unknown): Result {
  const result = new Result();
  const format = isCheckedFormat(s.format) ? s.format : '';
  result.add(...checkType(s, name, format, data));
  result.matchCount++;
  if (data === null || data === undefined) {
    result.add(...checkEnum(s, name, null));
    return result;
  }
  result.merge(validateComposition(s, name, data));
  if (typeof data === 'string') {
    result.add(...checkString(s, name, data));
    if (format !== '' && !matchesFormat(format, data)) result.add(typeError(name, s.format!, data));
  }
  if (typeof data === 'number') result.add(...checkNumber(s, name, data));
  if (Array.isArray(data)) result.merge(validateArray(s, name, data));
  result.add(...checkEnum(s, name, data));
  if (typeof data === 'object' && !Array.isArray(data)) {
    result.merge(validateObject(s, name, data as Record<string, unknown>));
  }
  result.matchCount += 4;
  return result;
}

function validateArray(s: JsonSchemaProps, name: string, data: unknown[]): Result {
  const result = new Result();
  if (s.items) {
    const items = s.items;
    for (const [i, v] of data.entries()) result.merge(validateNode(items, `${name}[${i}]`, v));
  }
  if (s.minItems !== undefined && data.length < s.minItems) {
    result.add(
      other(name, `${name} in ${IN} should have at least ${s.minItems} items`, data.length),
    );
  }
  if (s.maxItems !== undefined && data.length > s.maxItems) {
    const message = `${name} in ${IN} should have at most ${s.maxItems} items`;
    result.add({ code: 'maxItems', name, message, value: data.length, valid: s.maxItems });
  }
  if (s.uniqueItems && data.some((v, i) => data.slice(0, i).some((u) => deepEqual(u, v)))) {
    result.add(other(name, `${name} in ${IN} shouldn't contain duplicates`));
  }
  return result;
}

function validateObject(s: JsonSchemaProps, name: string, data: Record<string, unknown>): Result {
  const result = new Result();
  const size = Object.keys(data).length;
  const minProperties = s.minProperties as number | undefined;
  const maxProperties = s.maxProperties as number | undefined;
  if (minProperties !== undefined && size < minProperties) {
    result.add(
      other(name, `${name} in ${IN} should have at least ${minProperties} properties`, size),
    );
  }
  if (maxProperties !== undefined && size > maxProperties) {
    const message = `${name} in ${IN} should have at most ${maxProperties} properties`;
    result.add({ code: 'tooManyProperties', name, message, value: size, valid: maxProperties });
  }
  const properties = s.properties ?? {};
  for (const k of Object.keys(data)) {
    if (k in properties) continue;
    if (s.additionalProperties === false) {
      result.add(other(name, `${name}.${k} in ${IN} is a forbidden property`, k));
    } else if (typeof s.additionalProperties === 'object') {
      result.merge(validateNode(s.additionalProperties, `${name}.${k}`, data[k]));
    }
  }
  for (const [k, prop] of Object.entries(properties)) {
    if (k in data) result.merge(validateNode(prop, childName(name, k), data[k]));
  }
  for (const k of s.required ?? []) {
    if (!(k in data)) {
      const field = `${name}.${k}`;
      result.add({ code: 'required', name: field, message: `${field} in ${IN} is required` });
    }
  }
  return result;
}

function composite(message: string): OpenApiError {
  return { code: 'composite', name: '', message };
}

/** allOf / oneOf / anyOf / not, as kube-openapi's schemaPropsValidator. */
function validateComposition(s: JsonSchemaProps, name: string, data: unknown): Result {
  const main = new Result();
  if (s.anyOf && s.anyOf.length > 0) {
    let best: Result | undefined;
    let succeeded = false;
    for (const sub of s.anyOf) {
      const r = validateNode(sub, name, data);
      if (r.valid) {
        succeeded = true;
        best = r;
        break;
      }
      if (best === undefined || r.matchCount > best.matchCount) best = r;
    }
    if (!succeeded)
      main.add(composite(`${goQuote(name)} must validate at least one schema (anyOf)`));
    if (best) main.merge(best);
  }
  if (s.oneOf && s.oneOf.length > 0) {
    let best: Result | undefined;
    let first: Result | undefined;
    let validated = 0;
    for (const sub of s.oneOf) {
      const r = validateNode(sub, name, data);
      if (r.valid) {
        validated++;
        best = undefined;
        first ??= r;
      } else if (validated === 0 && (best === undefined || r.matchCount > best.matchCount)) {
        best = r;
      }
    }
    if (validated !== 1) {
      const more = validated === 0 ? 'Found none valid' : `Found ${validated} valid alternatives`;
      main.add(
        composite(`${goQuote(name)} must validate one and only one schema (oneOf). ${more}`),
      );
      if (best) main.merge(best);
    } else if (first) main.merge(first);
  }
  if (s.allOf && s.allOf.length > 0) {
    let validated = 0;
    for (const sub of s.allOf) {
      const r = validateNode(sub, name, data);
      if (r.valid) validated++;
      main.merge(r);
    }
    if (validated !== s.allOf.length) {
      const more = validated === 0 ? '. None validated' : '';
      main.add(composite(`${goQuote(name)} must validate all the schemas (allOf)${more}`));
    }
  }
  if (s.not && validateNode(s.not, name, data).valid) {
    main.add(composite(`${goQuote(name)} must not validate the schema (not)`));
  }
  return main;
}

/** Every value-validation error of `object` against `schema`, in the apiserver's order. */
export function validateAgainstSchema(schema: JsonSchemaProps, object: unknown): OpenApiError[] {
  return validateNode(schema, '', object).errors;
}
