/**
 * The loose shape of a Kubernetes object as read from YAML or the API, plus small typed
 * readers. Every reader reports a wrong type as a problem instead of throwing, so one bad
 * field never hides the others.
 */
import type { ObjectProblems } from './problems.js';

/** A Kubernetes object as decoded from YAML or JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** A plain record, or undefined for anything else. */
export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** Reads typed fields of one record, reporting wrong types at `base.field`. */
export class FieldReader {
  constructor(
    readonly record: Record<string, unknown>,
    readonly base: string,
    readonly report: ObjectProblems,
  ) {}

  path(field: string): string {
    return this.base === '' ? field : `${this.base}.${field}`;
  }

  string(field: string): string | undefined {
    const v = this.record[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      this.report.add(this.path(field), `must be a string`);
      return undefined;
    }
    return v;
  }

  bool(field: string): boolean | undefined {
    const v = this.record[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.report.add(this.path(field), `must be a boolean`);
      return undefined;
    }
    return v;
  }

  /** An integer within [min, max]. */
  int(field: string, min: number, max: number): number | undefined {
    const v = this.record[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.report.add(this.path(field), `must be an integer`);
      return undefined;
    }
    if (v < min || v > max) {
      this.report.add(this.path(field), `must be between ${min} and ${max}, got ${v}`);
      return undefined;
    }
    return v;
  }

  stringList(field: string): string[] {
    const v = this.record[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.report.add(this.path(field), `must be a list of strings`);
      return [];
    }
    const out: string[] = [];
    v.forEach((item, i) => {
      if (typeof item === 'string') out.push(item);
      else this.report.add(`${this.path(field)}[${i}]`, `must be a string`);
    });
    return out;
  }

  list(field: string): unknown[] {
    const v = this.record[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.report.add(this.path(field), `must be a list`);
      return [];
    }
    return v;
  }

  child(field: string): FieldReader | undefined {
    const v = this.record[field];
    if (v === undefined || v === null) return undefined;
    const r = asRecord(v);
    if (r === undefined) {
      this.report.add(this.path(field), `must be an object`);
      return undefined;
    }
    return new FieldReader(r, this.path(field), this.report);
  }
}

/** The object's `spec` as a reader (an empty one when absent). */
export function specReader(obj: KubeObject, report: ObjectProblems): FieldReader {
  const spec = asRecord(obj.spec);
  if (obj.spec !== undefined && spec === undefined) report.add('spec', 'must be an object');
  return new FieldReader(spec ?? {}, 'spec', report);
}
