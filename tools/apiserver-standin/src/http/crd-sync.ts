/**
 * Keeps the served resources in step with the stored CustomResourceDefinitions, doing what the
 * apiextensions-apiserver's controllers do on a real cluster:
 * - a stored CRD (created, changed, or loaded from --data-dir) registers its served versions'
 *   resource types at once, so the next request can use them;
 * - its status (acceptedNames, NamesAccepted/Established, storedVersions) is then written
 *   through the /status subresource, as the naming and establishing controllers do;
 * - a deleted CRD's objects are deleted (each a DELETED event to their watchers) before its
 *   resources stop being served, as the finalizer controller does.
 */

import { crdStatus, resourceTypesOfCrd } from '../crd/index.js';
import { ApiError } from '../errors.js';
import type { ResourceRegistry } from '../resources/index.js';
import type { ResourceStore } from '../rest/index.js';
import type { KubeObject, ResourceType, StoreEvent } from '../types.js';
import type { FollowUps } from './follow-ups.js';

/** Where CRDs live (`<group>/<plural>`). */
export const CRD_STORAGE = 'apiextensions.k8s.io/customresourcedefinitions';

interface Condition {
  type?: unknown;
  status?: unknown;
  lastTransitionTime?: unknown;
  [key: string]: unknown;
}

/**
 * `next`, keeping each condition's lastTransitionTime from `previous` when its status did not
 * change: a condition's time moves only on a transition, so re-deriving an unchanged status
 * writes nothing (and the status write does not loop).
 */
export function stableStatus(
  previous: Record<string, unknown> | undefined,
  next: Record<string, unknown>,
): Record<string, unknown> {
  const before = Array.isArray(previous?.conditions) ? (previous.conditions as Condition[]) : [];
  if (!Array.isArray(next.conditions)) return next;
  const conditions = (next.conditions as Condition[]).map((c) => {
    const old = before.find((b) => b.type === c.type);
    return old !== undefined && old.status === c.status && old.lastTransitionTime !== undefined
      ? { ...c, lastTransitionTime: old.lastTransitionTime }
      : c;
  });
  return { ...next, conditions };
}

/** The storage key of a CRD's objects, from its spec. */
function crdObjectStorage(crd: KubeObject): string | undefined {
  const spec = crd.spec as { group?: unknown; names?: { plural?: unknown } } | undefined;
  if (typeof spec?.group !== 'string' || typeof spec.names?.plural !== 'string') return undefined;
  return `${spec.group}/${spec.names.plural}`;
}

export class CrdSync {
  readonly #store: ResourceStore;
  readonly #registry: ResourceRegistry;
  readonly #queue: FollowUps;

  constructor(store: ResourceStore, registry: ResourceRegistry, queue: FollowUps) {
    this.#store = store;
    this.#registry = registry;
    this.#queue = queue;
  }

  /** The CRD resource type itself (a built-in). */
  get crdType(): ResourceType {
    const rt = this.#registry.find('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
    if (rt === undefined) throw new Error('the registry does not serve customresourcedefinitions');
    return rt;
  }

  /** Registers every stored CRD (a start from --data-dir) and brings their status up to date. */
  loadStored(): void {
    const list = this.#store.list(this.crdType, {});
    for (const crd of (list.items as KubeObject[]) ?? []) this.#stored(crd);
  }

  /** The store's change listener. */
  onChange(event: StoreEvent): void {
    if (event.storage !== CRD_STORAGE) return;
    if (event.type === 'DELETED') {
      const crd = event.object;
      this.#queue.enqueue(`cleanup of CRD ${crd.metadata.name}`, () => this.#removed(crd));
    } else {
      this.#stored(event.object);
    }
  }

  #stored(crd: KubeObject): void {
    const name = crd.metadata.name!;
    this.#registry.setCustomTypes(name, resourceTypesOfCrd(crd));
    this.#queue.enqueue(`status of CRD ${name}`, () => this.#writeStatus(name));
  }

  async #writeStatus(name: string): Promise<void> {
    try {
      await this.#store.modify(
        this.crdType,
        undefined,
        name,
        (current) => {
          const crd = current!;
          const previous = crd.status as Record<string, unknown> | undefined;
          return { ...crd, status: stableStatus(previous, crdStatus(crd)) };
        },
        { subresource: 'status', fieldManager: 'kube-apiserver' },
      );
    } catch (err) {
      // Deleted meanwhile: nothing to establish.
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    }
  }

  async #removed(crd: KubeObject): Promise<void> {
    const name = crd.metadata.name!;
    const storage = crdObjectStorage(crd);
    const rt = storage === undefined ? undefined : this.#registry.byStorage(storage)[0];
    if (rt !== undefined) {
      const list = this.#store.list(rt, {});
      for (const item of (list.items as KubeObject[]) ?? []) {
        try {
          await this.#store.delete(rt, item.metadata.namespace, item.metadata.name!, {});
        } catch (err) {
          if (!(err instanceof ApiError && err.code === 404)) throw err;
        }
      }
    }
    // Re-created under the same name while its objects were going: keep serving the new one.
    const again = this.#existing(name);
    this.#registry.setCustomTypes(
      name,
      again === undefined ? undefined : resourceTypesOfCrd(again),
    );
  }

  #existing(name: string): KubeObject | undefined {
    try {
      return this.#store.get(this.crdType, undefined, name);
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) return undefined;
      throw err;
    }
  }
}
