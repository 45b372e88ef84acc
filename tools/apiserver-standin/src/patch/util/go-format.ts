/**
 * Go's text forms, so error messages read exactly as the real apiserver writes them: `%v` of a
 * decoded JSON value (`map[port:80 protocol:TCP]`), `%q` of a string, and encoding/json's
 * output (sorted keys, `<>&` escaped), which managedFields keys and the last-applied
 * annotation are made of.
 */

import { isObject } from './json.js';

/** Go `%q` of a string: double-quoted, with Go's escapes. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (ch === '\u0007') out += '\\a';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Go `%v` of a float64 (strconv 'g' with the shortest precision). */
export function goFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [mantissa, exponent = '0'] = n.toExponential().split('e');
    const sign = exponent.startsWith('-') ? '-' : '+';
    const digits = exponent.replace(/^[+-]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(n);
}

/**
 * Go `%v` of a value decoded from JSON by the apiserver: integers stay integers (it decodes
 * with int64 preservation), objects print as `map[k:v ...]` with sorted keys, lists as `[a b]`.
 */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort(compareGoStrings);
    return `map[${keys.map((key) => `${key}:${goValue(value[key])}`).join(' ')}]`;
  }
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : goFloat(value);
  return String(value);
}

/** Go `%T` of a value decoded from JSON (as `mergepatch.ErrBadArgType` prints it). */
export function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return '[]interface {}';
  if (isObject(value)) return 'map[string]interface {}';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  return typeof value === 'boolean' ? 'bool' : 'string';
}

/** Byte-wise (UTF-8) string order, as Go's `strings.Compare` and `sort.Strings`. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

const JSON_HTML_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** encoding/json `Marshal` of a decoded JSON value: object keys sorted, HTML-safe escapes. */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort(compareGoStrings);
    return `{${keys.map((key) => `${goJsonString(key)}:${goJson(value[key])}`).join(',')}}`;
  }
  if (typeof value === 'string') return goJsonString(value);
  return JSON.stringify(value);
}

/** encoding/json's form of one string. */
export function goJsonString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (ch) => JSON_HTML_ESCAPES[ch] ?? ch);
}
