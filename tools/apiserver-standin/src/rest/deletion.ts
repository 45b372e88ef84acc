/**
 * Deletion as pure steps: DeleteOptions checks, preconditions, and the "being deleted" state
 * an object with finalizers enters (kube's `BeforeDelete` with finalizers: deletionTimestamp
 * set, grace period 0, generation bumped) instead of going away.
 */
import { conflict } from '../errors.js';
import { clone } from '../store/json.js';
import type { KubeObject, ResourceType } from '../types.js';
import { unsupportedPropagationPolicy } from './api-errors.js';
import type { DeleteOptions } from './options.js';
import { rfc3339 } from './present.js';

const PROPAGATION_POLICIES = new Set(['Foreground', 'Background', 'Orphan']);

/** 422 for a propagationPolicy kube does not know. */
export function checkDeleteOptions(opts: DeleteOptions): void {
  const policy = opts.propagationPolicy;
  if (policy !== undefined && !PROPAGATION_POLICIES.has(policy)) {
    throw unsupportedPropagationPolicy(policy);
  }
}

/** 409 when DeleteOptions.preconditions do not match the stored object (kube's wording). */
export function checkPreconditions(
  rt: ResourceType,
  stored: KubeObject,
  opts: DeleteOptions,
): void {
  const name = stored.metadata.name!;
  const { uid, resourceVersion } = opts.preconditions ?? {};
  if (uid && uid !== stored.metadata.uid) {
    throw conflict(
      rt.group,
      rt.plural,
      name,
      `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${stored.metadata.uid ?? ''}`,
    );
  }
  if (resourceVersion && resourceVersion !== stored.metadata.resourceVersion) {
    throw conflict(
      rt.group,
      rt.plural,
      name,
      `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${stored.metadata.resourceVersion ?? ''}`,
    );
  }
}

/** Whether deleting `object` must wait for finalizers. */
export function hasFinalizers(object: KubeObject): boolean {
  return (object.metadata.finalizers ?? []).length > 0;
}

/** The object marked as being deleted (a copy; `stored` is not touched). */
export function markDeleting(stored: KubeObject, now: Date): KubeObject {
  const next = clone(stored);
  next.metadata.deletionTimestamp = rfc3339(now);
  next.metadata.deletionGracePeriodSeconds = 0;
  const generation = next.metadata.generation;
  if (generation !== undefined && generation > 0) next.metadata.generation = generation + 1;
  return next;
}
