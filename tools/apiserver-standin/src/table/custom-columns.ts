/**
 * Table rows from printer columns (a CRD's `additionalPrinterColumns`), as apiextensions'
 * table convertor builds them: NAME first, then one cell per column from the first value its
 * JSONPath selects. A `string` column prints that value as JSONPath does (text as is, lists
 * and maps as JSON); other types keep JSON types, and `date` becomes an age (`5m`).
 */

import { goNumber } from '../crd/go-format.js';
import type { PrinterColumn } from '../types.js';
import { type ColumnDefinition, column, NAME_COLUMN, record, str } from './columns.js';
import { humanDuration, parseTimestamp } from './human-duration.js';
import { findResults } from './jsonpath.js';

/**
 * Go's encoding/json: sorted map keys, and <, >, & escaped as \u003c, \u003e, \u0026 (its
 * number format is JavaScript's).
 */
function goJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${goJson(k)}:${goJson(v)}`).join(',')}}`;
  }
  return (JSON.stringify(value) ?? 'null')
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026');
}

/** What `JSONPath.PrintResults` writes for one value (null when it cannot print it). */
function printed(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') return goJson(value);
  if (typeof value === 'number') return goNumber(value);
  return String(value);
}

/** `cellForJSONValue`. */
function typedCell(type: string, value: unknown, now: Date): unknown {
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      if (value === '' || value === 'null') return '<unknown>';
      const ms = parseTimestamp(value);
      return ms === undefined ? '<invalid>' : humanDuration(now.getTime() - ms);
    }
    default:
      return typeof value === 'string' ? value : null;
  }
}

/** The cell of one printer column for one object. */
export function columnCell(col: PrinterColumn, object: unknown, now: Date): unknown {
  let results: unknown[];
  try {
    results = findResults(col.jsonPath, object);
  } catch {
    return null;
  }
  if (results.length === 0) return null;
  const value = results[0];
  return col.type === 'string' ? printed(value) : typedCell(col.type, value, now);
}

/** Column definitions: NAME, then the printer columns. */
export function customColumnDefinitions(columns: readonly PrinterColumn[]): ColumnDefinition[] {
  return [
    NAME_COLUMN,
    ...columns.map((c) =>
      column(
        c.name,
        c.type,
        c.description ?? `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
        c.priority ?? 0,
        c.format ?? '',
      ),
    ),
  ];
}

/** The cells of one object's row. */
export function customCells(
  columns: readonly PrinterColumn[],
  object: Record<string, unknown>,
  now: Date,
): unknown[] {
  return [str(record(object.metadata).name), ...columns.map((c) => columnCell(c, object, now))];
}
