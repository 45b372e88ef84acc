/**
 * How stored objects leave the store: a deep copy carrying the apiVersion and kind of the
 * resource type asked for (versions of one CRD share storage, so the stored apiVersion may be
 * another version's).
 */
import { clone } from '../store/json.js';
import { apiVersionOf, type KubeObject, type ResourceType } from '../types.js';

/** A mutable copy of `object` as `rt` serves it (apiVersion and kind first). */
export function present(rt: ResourceType, object: KubeObject): KubeObject {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = clone(object);
  return { apiVersion: apiVersionOf(rt), kind: rt.kind, ...rest };
}

/**
 * `object` as `rt` serves it, sharing the stored (deeply frozen) object's parts instead of
 * copying them: for answers that are only serialized, such as watch events, where a deep copy
 * per watcher was the stand-in's largest cost under write load. Read-only: nested values
 * are frozen.
 */
export function presentShared(rt: ResourceType, object: KubeObject): KubeObject {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = object;
  return { apiVersion: apiVersionOf(rt), kind: rt.kind, ...rest } as KubeObject;
}

/**
 * A list item: built-in kinds come without apiVersion/kind (typed lists leave them out on a
 * real server); custom resources keep them (unstructured lists carry them).
 */
export function presentListItem(rt: ResourceType, object: KubeObject): KubeObject {
  if (!rt.builtin) return present(rt, object);
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = clone(object);
  return rest;
}

/** RFC 3339 at second precision, as metav1.Time serialises: `2026-11-25T03:00:00Z`. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}
