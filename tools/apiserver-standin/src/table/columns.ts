/**
 * Column definitions of meta.k8s.io Tables, and small readers the row printers share. The
 * Name and Age columns carry ObjectMeta's real descriptions; the others a one-line summary of
 * the field they show (the real server uses each field's full API documentation).
 */

/** One `columnDefinitions[]` entry; every field is always present, as the API serializes it. */
export interface ColumnDefinition {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly description: string;
  readonly priority: number;
}

export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** A column; `priority` 1 marks the ones kubectl shows only with `-o wide`. */
export function column(
  name: string,
  type: string,
  description: string,
  priority = 0,
  format = '',
): ColumnDefinition {
  return { name, type, format, description, priority };
}

export const NAME_COLUMN = column('Name', 'string', NAME_DESCRIPTION, 0, 'name');
export const AGE_COLUMN = column('Age', 'string', CREATION_TIMESTAMP_DESCRIPTION);

export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function int(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : 0;
}

/** `labels.FormatLabels`: `a=b,c=d` sorted by key, `<none>` when empty. */
export function formatLabels(labels: unknown): string {
  const entries = Object.entries(record(labels)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? '<none>' : entries.map(([k, v]) => `${k}=${str(v)}`).join(',');
}

/** `LabelSelectorAsSelector(s).String()`: requirements sorted by key; '' when empty. */
export function selectorString(selector: unknown): string {
  const s = record(selector);
  const parts: [string, string][] = [];
  for (const [k, v] of Object.entries(record(s.matchLabels))) parts.push([k, `${k}=${str(v)}`]);
  for (const e of list(s.matchExpressions).map(record)) {
    const key = str(e.key);
    const values = list(e.values).map(str).sort().join(',');
    const text = {
      In: `${key} in (${values})`,
      NotIn: `${key} notin (${values})`,
      Exists: key,
      DoesNotExist: `!${key}`,
    }[str(e.operator)];
    if (text !== undefined) parts.push([key, text]);
  }
  parts.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return parts.map(([, text]) => text).join(',');
}

/** `metav1.FormatLabelSelector`: the selector string, `<none>` when empty or absent. */
export function formatLabelSelector(selector: unknown): string {
  const text = selector === undefined || selector === null ? '' : selectorString(selector);
  return text === '' ? '<none>' : text;
}

/** Container names and images of a pod template, comma separated (the wide columns). */
export function containerCells(podSpec: unknown): [names: string, images: string] {
  const containers = list(record(podSpec).containers).map(record);
  return [
    containers.map((c) => str(c.name)).join(','),
    containers.map((c) => str(c.image)).join(','),
  ];
}

/** `listWithMoreString`: at most `max` entries, then `+ N more...`; `<unset>` when empty. */
export function listWithMore(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).join(',');
  if (items.length > max) return `${shown} + ${items.length - max} more...`;
  return shown === '' ? '<unset>' : shown;
}

/** How one kind prints: its columns, and the cells of one object's row. */
export interface Layout {
  readonly columns: readonly ColumnDefinition[];
  cells(object: Record<string, unknown>, now: Date): unknown[];
  /** Row conditions (a finished Pod is `Completed`). */
  conditions?(object: Record<string, unknown>): Record<string, unknown>[] | undefined;
}
