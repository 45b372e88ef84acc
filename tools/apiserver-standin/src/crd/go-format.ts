/**
 * Go's `fmt` renderings of JSON values, so that error messages read byte for byte as the real
 * apiserver's: `%q` (strconv.Quote), `%v` of int64/float64/bool, and `%#v` of the
 * `map[string]interface {}` / `[]interface {}` values that apimachinery's field errors print.
 *
 * JSON numbers become int64 in the apiserver when they are integral and float64 otherwise
 * (unstructured decoding); `isGoInt` applies the same rule here.
 */

/** True when the apiserver would hold this number as an int64 (integral, in range). */
export function isGoInt(value: number): boolean {
  return Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER;
}

/**
 * `%v` of a float64: the shortest digits that round-trip, in %e form when the exponent is
 * below -4 or at least 6 (Go's threshold for the shortest %g: 1e6 prints as `1e+06`), with an
 * exponent of at least two digits.
 */
export function goFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  // toExponential() with no argument gives the shortest round-trip digits, as Go's %v does.
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}

/** `%v` of a JSON number as the apiserver holds it (int64 when integral, else float64). */
export function goNumber(value: number): string {
  return isGoInt(value) ? String(value) : goFloat(value);
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** Go's strconv.Quote: printable runes as-is, the rest escaped. */
export function goQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    switch (char) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd';
    else if (char === ' ' || !/[\p{C}\p{Z}]/u.test(char)) out += char;
    else if (code < 0x80) out += `\\x${hex(code, 2)}`;
    else if (code < 0x10000) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return `${out}"`;
}

/** `%#v` of a decoded JSON value held in an `interface{}`. */
export function goSharpV(value: unknown): string {
  if (value === null || value === undefined) return 'interface {}(nil)';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSharpV).join(', ')}}`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const body = entries.map(([k, v]) => `${goQuote(k)}:${goSharpV(v)}`).join(', ');
  return `map[string]interface {}{${body}}`;
}

/** `%#v` of a Go `[]string`. */
export function goStringSlice(values: readonly string[]): string {
  return `[]string{${values.map(goQuote).join(', ')}}`;
}
