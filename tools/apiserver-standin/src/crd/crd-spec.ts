/**
 * Typed reading of an apiextensions.k8s.io/v1 CustomResourceDefinition (plain JSON as stored)
 * and its API defaults: `names.singular` = lowercase kind, `names.listKind` = kind + "List",
 * `conversion.strategy` = None, a webhook service port of 443. Reading never throws: missing
 * or mistyped fields read as empty, so validation can report them.
 */

import type { JsonSchemaProps, KubeObject, PrinterColumn } from '../types.js';

export interface CrdNames {
  readonly plural: string;
  readonly singular: string;
  readonly kind: string;
  readonly listKind: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
}

export interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
  readonly schema: JsonSchemaProps | undefined;
  /** The `schema` object itself (holding `openAPIV3Schema`), as given. */
  readonly schemaWrapper: unknown;
  readonly subresources: Record<string, unknown> | undefined;
  readonly printerColumns: readonly Record<string, unknown>[] | undefined;
  readonly deprecated: boolean;
  readonly deprecationWarning: unknown;
}

export interface CrdSpec {
  readonly group: string;
  readonly scope: string;
  readonly names: CrdNames;
  readonly versions: readonly CrdVersion[];
  readonly conversion: Record<string, unknown> | undefined;
  readonly preserveUnknownFields: boolean;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function namesOf(value: unknown): CrdNames {
  const names = record(value) ?? {};
  const kind = text(names.kind);
  return {
    plural: text(names.plural),
    singular: text(names.singular) || kind.toLowerCase(),
    kind,
    listKind: text(names.listKind) || (kind ? `${kind}List` : ''),
    shortNames: strings(names.shortNames),
    categories: strings(names.categories),
  };
}

function versionOf(value: unknown): CrdVersion {
  const v = record(value) ?? {};
  const schemaWrapper = v.schema;
  const columns = Array.isArray(v.additionalPrinterColumns)
    ? v.additionalPrinterColumns.map((c) => record(c) ?? {})
    : undefined;
  return {
    name: text(v.name),
    served: v.served === true,
    storage: v.storage === true,
    schema: record(record(schemaWrapper)?.openAPIV3Schema) as JsonSchemaProps | undefined,
    schemaWrapper,
    subresources: record(v.subresources),
    printerColumns: columns,
    deprecated: v.deprecated === true,
    deprecationWarning: v.deprecationWarning,
  };
}

/** The spec of a CRD, defaults applied. */
export function crdSpecOf(crd: KubeObject): CrdSpec {
  const spec = record(crd.spec) ?? {};
  const versions = Array.isArray(spec.versions) ? spec.versions.map(versionOf) : [];
  return {
    group: text(spec.group),
    scope: text(spec.scope),
    names: namesOf(spec.names),
    versions,
    conversion: record(spec.conversion),
    preserveUnknownFields: spec.preserveUnknownFields === true,
  };
}

/** The CRD's name for its storage version, if exactly one is marked. */
export function storageVersionOf(spec: CrdSpec): string | undefined {
  const storage = spec.versions.filter((v) => v.storage);
  return storage.length === 1 ? storage[0]!.name : undefined;
}

/** A version's printer columns as ResourceType columns (invalid entries skipped). */
export function printerColumnsOf(version: CrdVersion): PrinterColumn[] | undefined {
  if (!version.printerColumns) return undefined;
  const types = new Set(['integer', 'number', 'string', 'boolean', 'date']);
  return version.printerColumns.flatMap((c): PrinterColumn[] => {
    const type = text(c.type);
    if (!types.has(type) || !text(c.name) || !text(c.jsonPath)) return [];
    return [
      {
        name: text(c.name),
        type: type as PrinterColumn['type'],
        jsonPath: text(c.jsonPath),
        ...(text(c.format) && { format: text(c.format) }),
        ...(text(c.description) && { description: text(c.description) }),
        ...(typeof c.priority === 'number' && { priority: c.priority }),
      },
    ];
  });
}

/**
 * A copy of the CRD with the API's defaults filled in, as the apiserver stores it:
 * `names.singular`, `names.listKind`, `conversion.strategy: None`, webhook service port 443.
 */
export function defaultCrd(crd: KubeObject): KubeObject {
  const out = structuredClone(crd);
  const spec = record(out.spec);
  if (!spec) return out;
  const names = record(spec.names);
  if (names && typeof names.kind === 'string' && names.kind !== '') {
    if (!names.singular) names.singular = names.kind.toLowerCase();
    if (!names.listKind) names.listKind = `${names.kind}List`;
  }
  spec.conversion ??= { strategy: 'None' };
  const service = record(record(record(record(spec.conversion)?.webhook)?.clientConfig)?.service);
  if (service && service.port === undefined) service.port = 443;
  return out;
}
