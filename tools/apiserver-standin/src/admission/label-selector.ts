/**
 * metav1.LabelSelector matching (`matchLabels` and `matchExpressions`), for a webhook's
 * `namespaceSelector` and `objectSelector`. A missing or empty selector matches everything,
 * as the webhook API defines; a malformed one is an error the caller reports as the
 * apiserver does (500 InternalError).
 */

type Labels = Readonly<Record<string, string>>;

interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function requirementsOf(selector: Record<string, unknown>): Requirement[] {
  const out: Requirement[] = [];
  for (const [key, value] of Object.entries(record(selector.matchLabels) ?? {})) {
    out.push({ key, operator: 'In', values: [String(value)] });
  }
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const e of expressions.map((x) => record(x) ?? {})) {
    const key = typeof e.key === 'string' ? e.key : '';
    const operator = typeof e.operator === 'string' ? e.operator : '';
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0) {
        throw new Error(
          `values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty`,
        );
      }
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0) {
        throw new Error(
          'values: Invalid value: values set must be empty for exists and does not exist',
        );
      }
    } else {
      throw new Error(`${JSON.stringify(operator)} is not a valid label selector operator`);
    }
    out.push({ key, operator, values });
  }
  return out;
}

/** True for a missing selector or one with no requirements (matches every object). */
export function isEmptySelector(selector: unknown): boolean {
  const s = record(selector);
  if (!s) return true;
  const labels = Object.keys(record(s.matchLabels) ?? {}).length;
  const expressions = Array.isArray(s.matchExpressions) ? s.matchExpressions.length : 0;
  return labels === 0 && expressions === 0;
}

/**
 * True when `labels` satisfy every requirement of `selector`.
 *
 * @throws Error when the selector is malformed (unknown operator, values where none belong).
 */
export function matchesLabelSelector(selector: unknown, labels: Labels | undefined): boolean {
  const s = record(selector);
  if (!s) return true;
  const have = labels ?? {};
  return requirementsOf(s).every(({ key, operator, values }) => {
    const present = Object.hasOwn(have, key);
    switch (operator) {
      case 'In':
        return present && values.includes(have[key]!);
      case 'NotIn':
        return !present || !values.includes(have[key]!);
      case 'Exists':
        return present;
      default:
        return !present;
    }
  });
}
