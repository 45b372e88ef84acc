/**
 * Planning a write: from a request body (or a patch result) and the stored object to the
 * exact object the store would keep, through the server's rules (write-semantics.ts),
 * `hooks.validate`, the generation rule and managedFields, plus the admission attributes the
 * webhooks will see. Planning never changes the store; ResourceStore commits a plan only if
 * the object is still the one it was planned against.
 */
import { randomUUID } from 'node:crypto';
import { patchMetaFromSchema, type RecordUpdateOptions, recordUpdate } from '../patch/index.js';
import type { ObjectStore } from '../store/object-store.js';
import {
  type AdmissionAttributes,
  apiVersionOf,
  type KubeObject,
  type ResourceType,
  type StoreEvent,
} from '../types.js';
import { isNamespaceType } from './kind-policy.js';
import { objectsInNamespace } from './namespaces.js';
import type { RestHooks, WriteOptions } from './options.js';
import { present, rfc3339 } from './present.js';
import { applyGeneration, isNoopUpdate, prepareCreate, prepareUpdate } from './write-semantics.js';

/** What a write will do to the store ('NONE': nothing changes). */
export interface Plan {
  readonly type: 'NONE' | StoreEvent['type'];
  readonly object: KubeObject;
  readonly admission: AdmissionAttributes;
}

/**
 * How patch/ should track a write by `manager`: built-in kinds use its own tables, custom
 * resources the field metadata of their schema (list types, map keys).
 */
function managedFieldsOptions(
  rt: ResourceType,
  manager: string,
  now: Date,
  subresource?: string,
): RecordUpdateOptions {
  return {
    manager,
    apiVersion: apiVersionOf(rt),
    now: rfc3339(now),
    ...(subresource !== undefined && { subresource }),
    ...(!rt.builtin && { meta: patchMetaFromSchema(rt.schema) }),
    hasStatusSubresource: rt.hasStatus,
  };
}

export class WritePlanner {
  readonly #store: ObjectStore;
  readonly #hooks: RestHooks;
  readonly #now: () => Date;

  constructor(store: ObjectStore, hooks: RestHooks, now: () => Date) {
    this.#store = store;
    this.#hooks = hooks;
    this.#now = now;
  }

  /**
   * A create of `body` as `namespace`/`name`; `record` adds a managedFields entry (operation
   * Update) for opts.fieldManager.
   */
  create(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    opts: WriteOptions,
    record: boolean,
  ): Plan {
    const now = this.#now();
    let object = prepareCreate(rt, body, { namespace, name, uid: randomUUID(), now });
    object = this.#validate(rt, object, undefined, opts, undefined);
    if (record && opts.fieldManager) {
      object = recordUpdate(undefined, object, managedFieldsOptions(rt, opts.fieldManager, now));
    }
    const admission = this.attributes(
      'CREATE',
      rt,
      namespace,
      name,
      object,
      undefined,
      undefined,
      opts,
    );
    return { type: 'ADDED', object, admission };
  }

  /**
   * An update of `stored` to `desired` (PUT, PATCH result; main resource or /status). An update
   * that leaves an object being deleted without finalizers plans its deletion.
   */
  update(
    rt: ResourceType,
    stored: KubeObject,
    desired: KubeObject,
    opts: WriteOptions,
    record: boolean,
  ): Plan {
    const subresource = opts.subresource;
    const old = present(rt, stored);
    let next = prepareUpdate(rt, stored, desired, subresource);
    next = this.#validate(rt, next, old, opts, subresource);
    applyGeneration(rt, stored, next);
    if (record && opts.fieldManager) {
      const options = managedFieldsOptions(rt, opts.fieldManager, this.#now(), subresource);
      next = recordUpdate(old, next, options);
    }
    const name = stored.metadata.name!;
    const namespace = stored.metadata.namespace;
    const oldCopy = present(rt, stored);
    const admission = this.attributes(
      'UPDATE',
      rt,
      namespace,
      name,
      next,
      oldCopy,
      subresource,
      opts,
    );
    if (isNoopUpdate(stored, next)) return { type: 'NONE', object: stored, admission };
    const finishes =
      stored.metadata.deletionTimestamp !== undefined &&
      (next.metadata.finalizers ?? []).length === 0 &&
      (!isNamespaceType(rt) || objectsInNamespace(this.#store, name).length === 0);
    return { type: finishes ? 'DELETED' : 'MODIFIED', object: next, admission };
  }

  /** Admission attributes (objects copied, so a webhook client cannot touch our plan). */
  attributes(
    operation: AdmissionAttributes['operation'],
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    object: KubeObject | undefined,
    oldObject: KubeObject | undefined,
    subresource: string | undefined,
    opts: { dryRun?: boolean },
  ): AdmissionAttributes {
    return {
      operation,
      rt,
      namespace,
      name,
      object: object && present(rt, object),
      oldObject,
      subresource,
      dryRun: opts.dryRun ?? false,
    };
  }

  /** `hooks.admit`, if any. */
  async admit(attributes: AdmissionAttributes): Promise<void> {
    if (this.#hooks.admit !== undefined) await this.#hooks.admit(attributes);
  }

  /** `hooks.validate`; it may rewrite the object, not move it (name and namespace stay). */
  #validate(
    rt: ResourceType,
    object: KubeObject,
    old: KubeObject | undefined,
    opts: WriteOptions,
    subresource: string | undefined,
  ): KubeObject {
    if (this.#hooks.validate === undefined) return object;
    const checked = this.#hooks.validate(rt, object, old, {
      fieldValidation: opts.fieldValidation ?? 'Warn',
      subresource,
    });
    const { name, namespace } = object.metadata;
    const metadata = { ...checked.metadata, name };
    if (namespace === undefined) delete metadata.namespace;
    else metadata.namespace = namespace;
    return { ...checked, metadata };
  }
}
