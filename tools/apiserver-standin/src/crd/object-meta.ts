/**
 * `metadata` of a custom resource, which the CRD's schema does not describe: the apiserver
 * decodes it as ObjectMeta, so fields ObjectMeta does not have are unknown (reported as
 * `metadata.x` under strict field validation, dropped otherwise), and the name must be a
 * DNS subdomain (`NameIsDNSSubdomain`).
 */

import type { StatusCause } from '../errors.js';
import type { KubeObject } from '../types.js';
import { child, invalidValue } from './field-errors.js';
import { nameIsDnsSubdomain } from './name-rules.js';

const OBJECT_META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

const OWNER_REFERENCE_FIELDS = new Set([
  'apiVersion',
  'kind',
  'name',
  'uid',
  'controller',
  'blockOwnerDeletion',
]);

const MANAGED_FIELDS_FIELDS = new Set([
  'manager',
  'operation',
  'apiVersion',
  'time',
  'fieldsType',
  'fieldsV1',
  'subresource',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dropUnknownInList(
  list: unknown,
  known: Set<string>,
  path: string,
  unknown: string[],
): void {
  if (!Array.isArray(list)) return;
  list.forEach((item, i) => {
    if (!isObject(item)) return;
    for (const k of Object.keys(item)) {
      if (known.has(k)) continue;
      unknown.push(`${path}[${i}].${k}`);
      delete item[k];
    }
  });
}

/**
 * Drops the metadata fields ObjectMeta does not know, in place.
 *
 * @returns their paths (`metadata.foo`, `metadata.ownerReferences[0].bar`), in field order.
 */
export function pruneUnknownMetadata(object: KubeObject): string[] {
  const meta = object.metadata;
  if (!isObject(meta)) return [];
  const unknown: string[] = [];
  for (const k of Object.keys(meta)) {
    if (OBJECT_META_FIELDS.has(k)) continue;
    unknown.push(`metadata.${k}`);
    delete meta[k];
  }
  dropUnknownInList(
    meta.ownerReferences,
    OWNER_REFERENCE_FIELDS,
    'metadata.ownerReferences',
    unknown,
  );
  dropUnknownInList(meta.managedFields, MANAGED_FIELDS_FIELDS, 'metadata.managedFields', unknown);
  return unknown;
}

/** The name checks a custom resource gets (`generateName` as a prefix, `name` in full). */
export function validateCustomResourceName(object: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const { name, generateName } = object.metadata;
  if (typeof generateName === 'string' && generateName !== '') {
    for (const msg of nameIsDnsSubdomain(generateName, true)) {
      causes.push(invalidValue(child('metadata', 'generateName'), generateName, msg));
    }
  }
  if (typeof name === 'string' && name !== '') {
    for (const msg of nameIsDnsSubdomain(name, false)) {
      causes.push(invalidValue(child('metadata', 'name'), name, msg));
    }
  }
  return causes;
}
