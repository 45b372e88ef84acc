/**
 * Namespace lifecycle as the store needs it: a namespaced object can only be created in a
 * namespace that exists and is not being deleted (kube's NamespaceLifecycle admission), and a
 * deleted namespace takes its contents with it (the namespace controller's job on a real
 * cluster; done at once here).
 */
import { notFound } from '../errors.js';
import { objectKey } from '../store/keys.js';
import type { ObjectStore } from '../store/object-store.js';
import type { KubeObject, ResourceType } from '../types.js';
import { namespaceTerminating } from './api-errors.js';
import { hasFinalizers, markDeleting } from './deletion.js';
import { NAMESPACE_STORAGE } from './kind-policy.js';

export function namespaceObject(store: ObjectStore, name: string): KubeObject | undefined {
  return store.get(NAMESPACE_STORAGE, objectKey(undefined, name));
}

/** 404 when the namespace does not exist, 403 when it is being deleted. */
export function checkNamespaceOpen(
  store: ObjectStore,
  rt: ResourceType,
  namespace: string | undefined,
  name: string,
): void {
  if (!rt.namespaced || namespace === undefined) return;
  const ns = namespaceObject(store, namespace);
  if (ns === undefined) throw notFound('', 'namespaces', namespace);
  if (ns.metadata.deletionTimestamp !== undefined) throw namespaceTerminating(rt, name, namespace);
}

/** Every stored object in namespace `name`, with its storage. */
export function objectsInNamespace(
  store: ObjectStore,
  name: string,
): { storage: string; object: KubeObject }[] {
  const found: { storage: string; object: KubeObject }[] = [];
  for (const storage of store.storages()) {
    if (storage === NAMESPACE_STORAGE) continue;
    for (const [, object] of store.entries(storage)) {
      if (object.metadata.namespace === name) found.push({ storage, object });
    }
  }
  return found;
}

/** Whether namespace `name` is being deleted and nothing is left in it. */
export function namespaceReadyToGo(store: ObjectStore, ns: KubeObject): boolean {
  if (ns.metadata.deletionTimestamp === undefined) return false;
  if ((ns.metadata.finalizers ?? []).length > 0) return false;
  return objectsInNamespace(store, ns.metadata.name!).length === 0;
}

/**
 * Deletes namespace `stored` the way the namespace controller does, but at once: phase
 * Terminating (with deletionTimestamp), every object in it deleted (those with finalizers only
 * marked), then the namespace itself if nothing is left. Returns its last state.
 */
export function deleteNamespace(
  store: ObjectStore,
  rt: ResourceType,
  stored: KubeObject,
  now: Date,
): KubeObject {
  let ns = stored;
  if (ns.metadata.deletionTimestamp === undefined) {
    const marked = markDeleting(stored, now);
    marked.status = { ...(marked.status as Record<string, unknown>), phase: 'Terminating' };
    ns = store.commit({ type: 'MODIFIED', storage: rt.storage, object: marked }).object;
  }
  for (const { storage, object } of objectsInNamespace(store, stored.metadata.name!)) {
    if (!hasFinalizers(object)) {
      store.commit({ type: 'DELETED', storage, object });
    } else if (object.metadata.deletionTimestamp === undefined) {
      store.commit({ type: 'MODIFIED', storage, object: markDeleting(object, now) });
    }
  }
  if (namespaceReadyToGo(store, ns)) {
    ns = store.commit({ type: 'DELETED', storage: rt.storage, object: ns }).object;
  }
  return ns;
}

/** After `removed` went: its namespace goes too if it was only waiting for that. */
export function finishNamespaceOf(store: ObjectStore, removed: KubeObject): void {
  const namespace = removed.metadata.namespace;
  if (namespace === undefined) return;
  const ns = namespaceObject(store, namespace);
  if (ns !== undefined && namespaceReadyToGo(store, ns)) {
    store.commit({ type: 'DELETED', storage: NAMESPACE_STORAGE, object: ns });
  }
}
