/**
 * The bridge between client-side and server-side apply, for the `kubectl` field manager only
 * (as the apiserver's lastAppliedManager and lastAppliedUpdater do): an apply may take over
 * fields a client-side apply last set to the same values without a conflict, and it keeps an
 * existing `kubectl.kubernetes.io/last-applied-configuration` annotation up to date.
 */

import type { KubeObject } from '../../types.js';
import type { PatchMeta } from '../meta/field-meta.js';
import { goJson } from '../util/go-format.js';
import { deepClone, isObject } from '../util/json.js';
import { compareObjects } from './compare.js';
import type { FieldSet } from './field-set.js';
import { toFieldSet } from './to-field-set.js';
import { validateTyped } from './typed.js';

/** The annotation client-side `kubectl apply` keeps its last configuration in. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** The field manager `kubectl apply --server-side` uses by default. */
export const KUBECTL_MANAGER = 'kubectl';

function lastAppliedOf(object: KubeObject): string | undefined {
  const value = object.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Fields an apply may take from other managers without a conflict: those the last-applied
 * annotation sets to exactly their live values. Undefined when there is no usable annotation.
 */
export function allowedConflictsFromLastApplied(
  meta: PatchMeta,
  live: KubeObject,
  apiVersion: string,
): FieldSet | undefined {
  const text = lastAppliedOf(live);
  if (text === undefined) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
    if (!isObject(lastApplied) || lastApplied.apiVersion !== apiVersion) return undefined;
    validateTyped(meta, lastApplied, { allowDuplicates: false, checkUndeclared: false });
  } catch {
    return undefined;
  }
  const differences = compareObjects(meta, lastApplied, live);
  return toFieldSet(meta, lastApplied)
    .difference(differences.modified)
    .difference(differences.added)
    .difference(differences.removed);
}

/** Rewrites an existing last-applied annotation of `result` to the applied configuration. */
export function updateLastApplied(result: KubeObject, applied: KubeObject): void {
  if (lastAppliedOf(result) === undefined) return;
  const config = deepClone(applied);
  if (isObject(config.metadata) && isObject(config.metadata.annotations)) {
    delete config.metadata.annotations[LAST_APPLIED_ANNOTATION];
  }
  // encoding/json through the unstructured encoder: sorted keys and a trailing newline.
  const annotations = { ...result.metadata.annotations };
  annotations[LAST_APPLIED_ANNOTATION] = `${goJson(config)}\n`;
  result.metadata.annotations = annotations;
}
