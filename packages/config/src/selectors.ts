/**
 * Kubernetes label selectors (`matchLabels` + `matchExpressions`): parsing with MetalLB's
 * duplicate rules, a canonical string form (used in duplicate messages), and matching against
 * a label set. MetalLB resolves node and namespace selectors at parse time; so do we.
 */
import { asRecord, type FieldReader } from './kube.js';
import type { ObjectProblems } from './problems.js';

/** One `key operator values` requirement. */
export interface SelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

/** A parsed label selector; an empty one matches everything. */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly SelectorRequirement[];
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

// Kubernetes label syntax (apimachinery validation): a value is at most 63 characters of
// [A-Za-z0-9-_.] starting and ending alphanumeric; a key is such a name with an optional
// DNS-subdomain prefix and '/'.
const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Why `key` is not a valid label key, or undefined when it is. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !DNS_SUBDOMAIN.test(prefix)) {
    return `invalid label key ${JSON.stringify(key)}: prefix must be a DNS subdomain`;
  }
  if (name === '' || !LABEL_VALUE.test(name)) {
    return `invalid label key ${JSON.stringify(key)}: name part must be 63 characters or less of [A-Za-z0-9-_.], starting and ending alphanumeric`;
  }
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is. */
export function labelValueProblem(value: string): string | undefined {
  return LABEL_VALUE.test(value)
    ? undefined
    : `invalid label value ${JSON.stringify(value)}: must be 63 characters or less of [A-Za-z0-9-_.], starting and ending alphanumeric`;
}

/** Canonical text, as `kubectl get -l` would write it: `a=b,k in (x,y)`. */
export function formatSelector(s: LabelSelector): string {
  const parts = Object.keys(s.matchLabels)
    .sort()
    .map((k) => `${k}=${s.matchLabels[k]}`);
  for (const e of s.matchExpressions) {
    const vals = [...e.values].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${vals})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** True when `labels` satisfy every requirement of `s`. */
export function selectorMatches(
  s: LabelSelector,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(s.matchLabels)) if (l[k] !== v) return false;
  for (const e of s.matchExpressions) {
    const has = Object.hasOwn(l, e.key);
    if (e.operator === 'In' && !(has && e.values.includes(l[e.key]!))) return false;
    if (e.operator === 'NotIn' && has && e.values.includes(l[e.key]!)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** True when any selector of the list matches (an empty list matches nothing). */
export function anySelectorMatches(
  list: readonly LabelSelector[],
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  return list.some((s) => selectorMatches(s, labels));
}

/** Key spellings: CRDs use camelCase, the legacy ConfigMap kebab-case. */
export interface SelectorKeys {
  readonly matchLabels: string;
  readonly matchExpressions: string;
}
const CRD_KEYS: SelectorKeys = { matchLabels: 'matchLabels', matchExpressions: 'matchExpressions' };

/** Parses one selector at `path`; undefined (with problems) when malformed. */
export function parseSelector(
  value: unknown,
  path: string,
  report: ObjectProblems,
  keys: SelectorKeys = CRD_KEYS,
): LabelSelector | undefined {
  const rec = asRecord(value);
  if (rec === undefined) {
    report.add(path, 'must be a label selector object');
    return undefined;
  }
  let ok = true;
  const matchLabels: Record<string, string> = {};
  const ml = rec[keys.matchLabels];
  if (ml !== undefined && ml !== null) {
    const r = asRecord(ml);
    if (r === undefined) {
      report.add(`${path}.${keys.matchLabels}`, 'must be a map of strings');
      ok = false;
    } else {
      for (const [k, v] of Object.entries(r)) {
        const why = labelKeyProblem(k) ?? labelValueProblem(String(v));
        if (why !== undefined) {
          report.add(`${path}.${keys.matchLabels}`, why);
          ok = false;
        }
        matchLabels[k] = String(v);
      }
    }
  }
  const matchExpressions: SelectorRequirement[] = [];
  const me = rec[keys.matchExpressions];
  if (Array.isArray(me)) {
    me.forEach((e, i) => {
      const req = parseRequirement(e, `${path}.${keys.matchExpressions}[${i}]`, report);
      if (req === undefined) ok = false;
      else matchExpressions.push(req);
    });
  } else if (me !== undefined && me !== null) {
    report.add(`${path}.${keys.matchExpressions}`, 'must be a list');
    ok = false;
  }
  return ok ? { matchLabels, matchExpressions } : undefined;
}

function parseRequirement(
  value: unknown,
  path: string,
  report: ObjectProblems,
): SelectorRequirement | undefined {
  const rec = asRecord(value);
  const key = rec?.key;
  const op = rec?.operator;
  if (rec === undefined || typeof key !== 'string' || key === '') {
    report.add(path, 'match expression needs a key');
    return undefined;
  }
  const keyWhy = labelKeyProblem(key);
  if (keyWhy !== undefined) {
    report.add(`${path}.key`, keyWhy);
    return undefined;
  }
  if (typeof op !== 'string' || !OPERATORS.has(op)) {
    report.add(`${path}.operator`, `${JSON.stringify(op)} is not a valid label selector operator`);
    return undefined;
  }
  const raw = Array.isArray(rec.values) ? rec.values.map(String) : [];
  const values: string[] = [];
  for (const v of raw) {
    const valueWhy = labelValueProblem(v);
    if (valueWhy !== undefined) {
      report.add(`${path}.values`, valueWhy);
      return undefined;
    }
    if (values.includes(v)) {
      report.add(
        `${path}.values`,
        `duplicate definition of match expression value in label selector ${JSON.stringify(key)}`,
      );
      return undefined;
    }
    values.push(v);
  }
  if ((op === 'In' || op === 'NotIn') && values.length === 0) {
    report.add(
      `${path}.values`,
      `values: Required value: must be specified when operator is ${op}`,
    );
    return undefined;
  }
  if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
    report.add(`${path}.values`, `values: Forbidden: may not be specified when operator is ${op}`);
    return undefined;
  }
  return { key, operator: op as SelectorRequirement['operator'], values };
}

/**
 * Parses the selector list `field` of `reader`, rejecting duplicates as MetalLB does
 * (`duplicate definition of <field> "<selector>"`).
 */
export function parseSelectorList(reader: FieldReader, field: string): LabelSelector[] {
  const out: LabelSelector[] = [];
  const seen = new Set<string>();
  reader.list(field).forEach((v, i) => {
    const path = `${reader.path(field)}[${i}]`;
    const s = parseSelector(v, path, reader.report);
    if (s === undefined) return;
    const text = formatSelector(s);
    if (seen.has(text)) {
      reader.report.add(path, `duplicate definition of ${field} ${JSON.stringify(text)}`);
      return;
    }
    seen.add(text);
    out.push(s);
  });
  return out;
}

/** Parses a plain string list `field`, rejecting duplicates (`duplicate definition of <field> "x"`). */
export function parseUniqueStrings(reader: FieldReader, field: string, label = field): string[] {
  const out: string[] = [];
  reader.stringList(field).forEach((v, i) => {
    if (out.includes(v)) {
      reader.report.add(
        `${reader.path(field)}[${i}]`,
        `duplicate definition of ${label} ${JSON.stringify(v)}`,
      );
      return;
    }
    out.push(v);
  });
  return out;
}
