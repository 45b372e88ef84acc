/**
 * Validation of a CustomResourceDefinition write, as apiextensions-apiserver does it: the name
 * (`<plural>.<group>`), group, scope, names, versions (unique, exactly one storage version,
 * a schema each), schemas, printer columns, subresources, conversion; on update, the fields
 * that cannot change. Paths are those of the internal API version the real server reports
 * (`spec.validation.openAPIV3Schema` when every version has the same schema,
 * `spec.conversion.webhookClientConfig`, `...additionalPrinterColumns[0].JSONPath`).
 */

import type { StatusCause } from '../errors.js';
import type { KubeObject } from '../types.js';
import { type CrdSpec, type CrdVersion, crdSpecOf } from './crd-spec.js';
import { child, GoLiteral, index, invalidValue, notSupported, required } from './field-errors.js';
import { goQuote } from './go-format.js';
import { isDns1035Label, isDns1123Subdomain, nameIsDnsSubdomain } from './name-rules.js';
import { deepEqual } from './schema/openapi-validate.js';
import { validateConversion } from './validate-conversion.js';
import { validateCrdSchema } from './validate-crd-schema.js';

const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const COLUMN_FORMATS = [
  'byte',
  'date',
  'date-time',
  'double',
  'float',
  'int32',
  'int64',
  'password',
];

function pointer(type: string, present: boolean): string {
  // Go prints pointers as addresses; the real value is not reproducible, so a fixed one stands in.
  return present ? `(*${type})(0xc000000000)` : `(*${type})(nil)`;
}

/** `%#v` of the internal `[]CustomResourceDefinitionVersion` the real server prints. */
function versionsLiteral(
  spec: CrdSpec,
  moved: { schema: boolean; columns: boolean; subresources: boolean },
): GoLiteral {
  if (spec.versions.length === 0)
    return new GoLiteral('[]apiextensions.CustomResourceDefinitionVersion(nil)');
  const items = spec.versions.map((v) => {
    const warning = typeof v.deprecationWarning === 'string';
    const columns =
      !moved.columns && v.printerColumns
        ? '[]apiextensions.CustomResourceColumnDefinition{...}'
        : '[]apiextensions.CustomResourceColumnDefinition(nil)';
    return (
      `apiextensions.CustomResourceDefinitionVersion{Name:${goQuote(v.name)}, Served:${v.served}, ` +
      `Storage:${v.storage}, Deprecated:${v.deprecated}, DeprecationWarning:${pointer('string', warning)}, ` +
      `Schema:${pointer('apiextensions.CustomResourceValidation', !moved.schema && v.schema !== undefined)}, ` +
      `Subresources:${pointer('apiextensions.CustomResourceSubresources', !moved.subresources && v.subresources !== undefined)}, ` +
      `AdditionalPrinterColumns:${columns}, SelectableFields:[]apiextensions.SelectableField(nil)}`
    );
  });
  return new GoLiteral(`[]apiextensions.CustomResourceDefinitionVersion{${items.join(', ')}}`);
}

/** True when every version carries the same value: the internal API holds it once, at the top. */
function identical(spec: CrdSpec, pick: (v: CrdVersion) => unknown): boolean {
  const first = spec.versions[0];
  return (
    first !== undefined &&
    spec.versions.every((v) => deepEqual(pick(v) ?? null, pick(first) ?? null))
  );
}

function validateName(crd: KubeObject, spec: CrdSpec): StatusCause[] {
  const name = crd.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    return [required('metadata.name', 'name or generateName is required')];
  }
  const msgs = nameIsDnsSubdomain(name, false);
  if (name !== `${spec.names.plural}.${spec.group}`)
    msgs.push('must be spec.names.plural+"."+spec.group');
  return msgs.map((m) => invalidValue('metadata.name', name, m));
}

function validateGroupAndScope(spec: CrdSpec): StatusCause[] {
  const errs: StatusCause[] = [];
  const groupErrs = isDns1123Subdomain(spec.group);
  if (spec.group === '') errs.push(required('spec.group'));
  else if (groupErrs.length > 0)
    errs.push(invalidValue('spec.group', spec.group, groupErrs.join(',')));
  else if (spec.group.split('.').length < 2) {
    errs.push(invalidValue('spec.group', spec.group, 'should be a domain with at least one dot'));
  }
  if (spec.scope === '') errs.push(required('spec.scope'));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') {
    errs.push(notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));
  }
  return errs;
}

/** `ValidateCustomResourceDefinitionNames`. */
export function validateNames(names: CrdSpec['names'], path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  const label = (field: string, value: string, lower: boolean, prefix = ''): void => {
    const problems = isDns1035Label(lower ? value.toLowerCase() : value);
    if (value !== '' && problems.length > 0)
      errs.push(invalidValue(child(path, field), value, prefix + problems.join(',')));
  };
  label('plural', names.plural, false);
  label('singular', names.singular, false);
  label('kind', names.kind, true, 'may have mixed case, but should otherwise match: ');
  label('listKind', names.listKind, true, 'may have mixed case, but should otherwise match: ');
  names.shortNames.forEach((s, i) => {
    const problems = isDns1035Label(s);
    if (problems.length > 0)
      errs.push(invalidValue(index(child(path, 'shortNames'), i), s, problems.join(',')));
  });
  if (names.kind !== '' && names.kind === names.listKind) {
    errs.push(
      invalidValue(
        child(path, 'listKind'),
        names.listKind,
        'kind and listKind may not be the same',
      ),
    );
  }
  names.categories.forEach((c, i) => {
    const problems = isDns1035Label(c);
    if (problems.length > 0)
      errs.push(invalidValue(index(child(path, 'categories'), i), c, problems.join(',')));
  });
  return errs;
}

function validateColumn(column: Record<string, unknown>, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const name = text(column.name);
  const type = text(column.type);
  const format = text(column.format);
  const jsonPath = text(column.jsonPath);
  if (name === '') errs.push(required(child(path, 'name')));
  const types = `must be one of ${COLUMN_TYPES.join(',')}`;
  if (type === '') errs.push(required(child(path, 'type'), types));
  else if (!COLUMN_TYPES.includes(type)) errs.push(invalidValue(child(path, 'type'), type, types));
  if (format !== '' && !COLUMN_FORMATS.includes(format)) {
    errs.push(
      invalidValue(child(path, 'format'), format, `must be one of ${COLUMN_FORMATS.join(',')}`),
    );
  }
  const at = child(path, 'JSONPath');
  if (jsonPath === '') errs.push(required(at));
  else if (!jsonPath.startsWith('.'))
    errs.push(invalidValue(at, jsonPath, 'must be a simple json path starting with .'));
  return errs;
}

function validateSubresources(
  sub: Record<string, unknown> | undefined,
  path: string,
): StatusCause[] {
  const scale = sub?.scale;
  if (typeof scale !== 'object' || scale === null) return [];
  const errs: StatusCause[] = [];
  const s = scale as Record<string, unknown>;
  for (const [field, prefix] of [
    ['specReplicasPath', '.spec.'],
    ['statusReplicasPath', '.status.'],
  ] as const) {
    const value = typeof s[field] === 'string' ? (s[field] as string) : '';
    const at = child(path, `scale.${field}`);
    if (value === '') errs.push(required(at));
    else if (!value.startsWith('.'))
      errs.push(invalidValue(at, value, 'must be a simple json path starting with .'));
    else if (!value.startsWith(prefix))
      errs.push(invalidValue(at, value, `should be a json path under ${prefix.slice(0, -1)}`));
  }
  return errs;
}

function validateVersions(spec: CrdSpec): StatusCause[] {
  const errs: StatusCause[] = [];
  const moved = {
    schema: identical(spec, (v) => v.schemaWrapper),
    columns: identical(spec, (v) => v.printerColumns),
    subresources: identical(spec, (v) => v.subresources),
  };
  const topSchema = moved.schema ? spec.versions[0]?.schema : undefined;
  if (!topSchema) {
    spec.versions.forEach((v, i) => {
      if (!v.schema)
        errs.push(required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
    });
  }
  const names = new Set<string>();
  let unique = true;
  spec.versions.forEach((v, i) => {
    const at = index('spec.versions', i);
    if (names.has(v.name)) unique = false;
    names.add(v.name);
    const problems = isDns1035Label(v.name);
    if (problems.length > 0) errs.push(invalidValue(child(at, 'name'), v.name, problems.join(',')));
    if (!v.deprecated && v.deprecationWarning !== undefined) {
      errs.push(
        invalidValue(
          child(at, 'deprecationWarning'),
          v.deprecationWarning,
          'can only be set for deprecated versions',
        ),
      );
    }
    if (!moved.schema && v.schema)
      errs.push(...validateCrdSchema(v.schema, child(at, 'schema', 'openAPIV3Schema')));
    if (!moved.subresources)
      errs.push(...validateSubresources(v.subresources, child(at, 'subresources')));
    if (!moved.columns) {
      for (const [j, c] of (v.printerColumns ?? []).entries()) {
        errs.push(...validateColumn(c, index(child(at, 'additionalPrinterColumns'), j)));
      }
    }
  });
  const literal = versionsLiteral(spec, moved);
  if (!unique)
    errs.push(invalidValue('spec.versions', literal, 'must contain unique version names'));
  if (spec.versions.filter((v) => v.storage).length !== 1) {
    errs.push(
      invalidValue(
        'spec.versions',
        literal,
        'must have exactly one version marked as storage version',
      ),
    );
  }
  const first = spec.versions[0];
  if (first) {
    const problems = isDns1035Label(first.name);
    if (problems.length > 0)
      errs.push(invalidValue('spec.version', first.name, problems.join(',')));
  }
  errs.push(...topLevelFields(spec, moved, topSchema));
  return errs;
}

function topLevelFields(
  spec: CrdSpec,
  moved: { schema: boolean; columns: boolean; subresources: boolean },
  topSchema: CrdSpec['versions'][number]['schema'],
): StatusCause[] {
  const errs: StatusCause[] = [];
  const n = spec.names;
  for (const [field, value] of [
    ['plural', n.plural],
    ['singular', n.singular],
    ['kind', n.kind],
    ['listKind', n.listKind],
  ] as const) {
    if (value === '') errs.push(required(`spec.names.${field}`));
  }
  errs.push(...validateNames(n, 'spec.names'));
  if (topSchema) errs.push(...validateCrdSchema(topSchema, 'spec.validation.openAPIV3Schema'));
  const first = spec.versions[0];
  if (first && moved.subresources)
    errs.push(...validateSubresources(first.subresources, 'spec.subresources'));
  if (first && moved.columns) {
    for (const [j, c] of (first.printerColumns ?? []).entries()) {
      errs.push(...validateColumn(c, index('spec.additionalPrinterColumns', j)));
    }
  }
  return errs;
}

function validateUpdate(spec: CrdSpec, old: KubeObject): StatusCause[] {
  const before = crdSpecOf(old);
  const errs: StatusCause[] = [];
  const immutable = (path: string, now: string, was: string): void => {
    if (now !== was) errs.push(invalidValue(path, now, 'field is immutable'));
  };
  const conditions = (
    old.status as { conditions?: { type?: string; status?: string }[] } | undefined
  )?.conditions;
  if (conditions?.some((c) => c.type === 'Established' && c.status === 'True')) {
    immutable('spec.scope', spec.scope, before.scope);
    immutable('spec.names.kind', spec.names.kind, before.names.kind);
  }
  immutable('spec.group', spec.group, before.group);
  immutable('spec.names.plural', spec.names.plural, before.names.plural);
  return errs;
}

/**
 * Every reason the apiserver would refuse this CRD (create when `old` is undefined, else
 * update), as 422 causes; empty when it is valid. Defaults (listKind, singular, conversion)
 * are applied before checking, as the real server does.
 *
 * @example
 * ```ts
 * const causes = validateCrd(crd, undefined);
 * if (causes.length > 0) throw invalid('CustomResourceDefinition', 'apiextensions.k8s.io', name, causes);
 * ```
 */
export function validateCrd(crd: KubeObject, old: KubeObject | undefined): StatusCause[] {
  const spec = crdSpecOf(crd);
  const errs = [
    ...validateName(crd, spec),
    ...validateGroupAndScope(spec),
    ...validateVersions(spec),
  ];
  errs.push(...validateConversion(spec));
  if (old) errs.push(...validateUpdate(spec, old));
  const wasPreserving = old !== undefined && crdSpecOf(old).preserveUnknownFields;
  if (spec.preserveUnknownFields && !wasPreserving) {
    const why =
      'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead';
    errs.push(invalidValue('spec.preserveUnknownFields', true, why));
  }
  return errs;
}
