/**
 * The part of Kubernetes JSONPath (client-go `util/jsonpath`) that printer columns use:
 * `.a.b`, `['a.b']`, `[0]`, `[-1]`, `[1:3]`, `[*]`, `..name` (recursive descent) and filters
 * `[?(@.type=="Ready")]` with ==, !=, <, <=, >, >= or a bare `@.x` (exists). Missing keys give
 * no result, as with `AllowMissingKeys(true)`; a malformed path throws.
 */

type Step =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'recursive'; readonly name: string }
  | { readonly kind: 'wildcard' }
  | {
      readonly kind: 'index';
      readonly start: number | undefined;
      readonly end: number | undefined;
      readonly single: boolean;
    }
  | {
      readonly kind: 'filter';
      readonly path: Step[];
      readonly op: string | undefined;
      readonly literal: unknown;
    };

const FIELD = /^[A-Za-z0-9_\-$/]+/;

function parseLiteral(text: string): unknown {
  const t = text.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))
    return t.slice(1, -1);
  if (t === 'true' || t === 'false') return t === 'true';
  const n = Number(t);
  if (t !== '' && !Number.isNaN(n)) return n;
  throw new Error(`unrecognized filter literal ${text}`);
}

function parseFilter(body: string): Step {
  const m =
    /^\s*@((?:\.[A-Za-z0-9_\-$/]+|\['[^']*'\]|\["[^"]*"\])*)\s*(?:(==|!=|<=|>=|<|>)\s*(.+?))?\s*$/.exec(
      body,
    );
  if (!m) throw new Error(`unrecognized filter ${body}`);
  const path = parseSteps(m[1] ?? '');
  return {
    kind: 'filter',
    path,
    op: m[2],
    literal: m[3] === undefined ? undefined : parseLiteral(m[3]),
  };
}

function parseBracket(body: string): Step {
  const b = body.trim();
  if (b === '*') return { kind: 'wildcard' };
  if (b.startsWith('?(') && b.endsWith(')')) return parseFilter(b.slice(2, -1));
  const quoted = /^(['"])(.*)\1$/.exec(b);
  if (quoted) return { kind: 'field', name: quoted[2]! };
  const slice = /^(-?\d*)\s*:\s*(-?\d*)$/.exec(b);
  if (slice) {
    const num = (s: string | undefined) => (s ? Number(s) : undefined);
    return { kind: 'index', start: num(slice[1]), end: num(slice[2]), single: false };
  }
  if (/^-?\d+$/.test(b)) return { kind: 'index', start: Number(b), end: undefined, single: true };
  throw new Error(`unrecognized array index ${body}`);
}

function parseSteps(path: string): Step[] {
  const steps: Step[] = [];
  let rest = path;
  while (rest.length > 0) {
    if (rest.startsWith('..')) {
      const m = FIELD.exec(rest.slice(2));
      if (!m) throw new Error(`invalid recursive descent in ${path}`);
      steps.push({ kind: 'recursive', name: m[0] });
      rest = rest.slice(2 + m[0].length);
    } else if (rest.startsWith('.')) {
      if (rest.startsWith('.*')) {
        steps.push({ kind: 'wildcard' });
        rest = rest.slice(2);
        continue;
      }
      const m = FIELD.exec(rest.slice(1));
      if (!m) {
        if (rest === '.') break;
        throw new Error(`invalid field in ${path}`);
      }
      steps.push({ kind: 'field', name: m[0] });
      rest = rest.slice(1 + m[0].length);
    } else if (rest.startsWith('[')) {
      const close = closingBracket(rest);
      steps.push(parseBracket(rest.slice(1, close)));
      rest = rest.slice(close + 1);
    } else {
      throw new Error(`unexpected ${JSON.stringify(rest[0])} in ${path}`);
    }
  }
  return steps;
}

function closingBracket(text: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  throw new Error(`unclosed [ in ${text}`);
}

/** Parses a column's `jsonPath` (with or without the `{...}` template braces). */
export function parseJsonPath(path: string): Step[] {
  const trimmed = path.trim();
  const inner = trimmed.startsWith('{') && trimmed.endsWith('}') ? trimmed.slice(1, -1) : trimmed;
  return parseSteps(inner.startsWith('.') || inner.startsWith('[') ? inner : `.${inner}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function compare(a: unknown, op: string, b: unknown): boolean {
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}

function descendants(v: unknown, name: string, out: unknown[]): void {
  if (isObject(v)) {
    if (name in v) out.push(v[name]);
    for (const child of Object.values(v)) descendants(child, name, out);
  } else if (Array.isArray(v)) {
    for (const child of v) descendants(child, name, out);
  }
}

function applyStep(values: unknown[], step: Step): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    switch (step.kind) {
      case 'field':
        if (isObject(v) && step.name in v) out.push(v[step.name]);
        break;
      case 'recursive':
        descendants(v, step.name, out);
        break;
      case 'wildcard':
        if (Array.isArray(v)) out.push(...v);
        else if (isObject(v)) out.push(...Object.values(v));
        break;
      case 'index': {
        if (!Array.isArray(v)) break;
        const at = (i: number) => (i < 0 ? v.length + i : i);
        if (step.single) {
          const i = at(step.start ?? 0);
          if (i >= 0 && i < v.length) out.push(v[i]);
        } else {
          out.push(
            ...v.slice(at(step.start ?? 0), step.end === undefined ? undefined : at(step.end)),
          );
        }
        break;
      }
      case 'filter':
        if (!Array.isArray(v)) break;
        for (const item of v) {
          const found = evaluate(step.path, item);
          const keep =
            step.op === undefined
              ? found.length > 0
              : found.some((f) => compare(f, step.op!, step.literal));
          if (keep) out.push(item);
        }
        break;
    }
  }
  return out;
}

function evaluate(steps: readonly Step[], root: unknown): unknown[] {
  return steps.reduce<unknown[]>((values, step) => applyStep(values, step), [root]);
}

/**
 * Every value `path` selects in `object`, in document order; empty when nothing matches.
 *
 * @throws Error when the path cannot be parsed.
 */
export function findResults(path: string, object: unknown): unknown[] {
  return evaluate(parseJsonPath(path), object);
}
