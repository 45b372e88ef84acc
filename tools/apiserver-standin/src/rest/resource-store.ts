/**
 * `ResourceStore`: the Kubernetes API verbs over the object store. GET/LIST/WATCH read
 * synchronously; writes follow the real registry's order: server-set fields and update rules
 * (write-semantics.ts), `hooks.validate` (schemas, built-in checks), the generation rule,
 * managedFields, `hooks.admit` (webhooks; asynchronous), then the store.
 *
 * Concurrency is optimistic, like the registry's GuaranteedUpdate: a write plans against the
 * object it read, awaits admission, and commits only if the object is still the one it read;
 * otherwise it plans again (a client-given resourceVersion then fails with 409, as it should).
 * The commit itself is synchronous, so writes never interleave inside the store.
 *
 * Types whose CRD converts through a webhook (`rt.conversion`) keep their objects in the
 * storage version, as kube does: a write plans, validates and admits in the request's version,
 * is converted to the storage version before it is committed, and answers converted back; an
 * update or patch reads the stored object converted to the request's version first. Reads of
 * such types go through `getConverted` / `listConverted` / `convertStored` (asynchronous).
 */
import { ApiError, alreadyExists, conflict, invalid, notFound } from '../errors.js';
import { clone } from '../store/json.js';
import { objectKey } from '../store/keys.js';
import { ObjectStore } from '../store/object-store.js';
import { apiVersionOf, type KubeObject, type ResourceType, type StoreEvent } from '../types.js';
import { noSuchSubresource } from './api-errors.js';
import { checkDeleteOptions, checkPreconditions, hasFinalizers, markDeleting } from './deletion.js';
import { allowsCreateOnUpdate, allowsUnconditionalUpdate, isNamespaceType } from './kind-policy.js';
import { listObjects } from './list.js';
import { checkNamespaceOpen, deleteNamespace, finishNamespaceOf } from './namespaces.js';
import type {
  DeleteOptions,
  ListQuery,
  RestHooks,
  WatchEvent,
  WatchHandle,
  WatchQuery,
  WriteOptions,
} from './options.js';
import { present, presentShared } from './present.js';
import { startWatch } from './watch.js';
import { type Plan, WritePlanner } from './write-plan.js';
import { checkBody, checkIdentity, generateName } from './write-semantics.js';

/** Plans a write is retried with when the object changed during admission. */
const MAX_ATTEMPTS = 8;

/**
 * What a PUT or PATCH decided against the object it read: create or update with `object`;
 * `record` adds a managedFields entry for opts.fieldManager (PUT; PATCH computes its own).
 */
interface Decision {
  readonly action: 'create' | 'update';
  readonly object: KubeObject;
  readonly record: boolean;
}

export interface ResourceStoreOptions {
  /** Events kept for resuming watches and paging lists (kube's watch cache size). */
  watchHistory: number;
  /** Persist every write here; load from it at open. */
  dataDir?: string;
  hooks?: RestHooks;
  /** Clock for creationTimestamp, deletionTimestamp, managedFields times. */
  now?: () => Date;
}

/**
 * The API's objects and verbs (contract A). Objects returned are deep copies carrying the
 * apiVersion/kind of the resource type asked for.
 */
export class ResourceStore {
  readonly #store: ObjectStore;
  readonly #planner: WritePlanner;
  readonly #now: () => Date;
  readonly #hooks: RestHooks;
  #closed = false;

  private constructor(store: ObjectStore, hooks: RestHooks, now: () => Date) {
    this.#store = store;
    this.#hooks = hooks;
    this.#planner = new WritePlanner(store, hooks, now);
    this.#now = now;
  }

  /** Opens a store; with `dataDir`, loads what was persisted there (and compacts it). */
  static async open(options: ResourceStoreOptions): Promise<ResourceStore> {
    const store = ObjectStore.open({
      watchHistory: options.watchHistory,
      dataDir: options.dataDir,
    });
    return new ResourceStore(store, options.hooks ?? {}, options.now ?? (() => new Date()));
  }

  /** The global counter: resourceVersion of the latest change. */
  get resourceVersion(): number {
    return this.#store.resourceVersion;
  }

  /** One object. @throws ApiError 404. */
  get(rt: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const stored = this.#stored(rt, namespace, name);
    if (stored === undefined) throw notFound(rt.group, rt.plural, name);
    return present(rt, stored);
  }

  /**
   * GET for any type, converting through the CRD's webhook when the stored object is in
   * another version than `rt`'s (otherwise exactly `get`). @throws ApiError 404, 500.
   */
  async getConverted(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
  ): Promise<KubeObject> {
    const stored = this.#stored(rt, namespace, name);
    if (stored === undefined) throw notFound(rt.group, rt.plural, name);
    return this.convertStored(rt, stored);
  }

  /**
   * LIST for any type; the items not in `rt`'s version go to the webhook in one
   * ConversionReview, as kube converts a list. @throws as `list`, and ApiError 500.
   */
  async listConverted(rt: ResourceType, query: ListQuery): Promise<KubeObject> {
    if (!this.#converts(rt)) return this.list(rt, query);
    const list = listObjects(this.#store, rt, query, (_rt, object) => object);
    const raw = list.items as KubeObject[];
    const desired = apiVersionOf(rt);
    if (raw.every((o) => o.apiVersion === desired)) {
      return { ...list, items: raw.map((o) => present(rt, o)) };
    }
    const listGvk = `${rt.group}/${rt.conversion!.storageVersion}, Kind=${rt.listKind}`;
    const converted = await this.#hooks.convert!(rt, raw, desired, listGvk, true);
    return { ...list, items: converted.map((o) => (raw.includes(o) ? present(rt, o) : o)) };
  }

  /**
   * A stored (or stored-and-relabelled) object as `rt` serves it: converted through the
   * webhook when its apiVersion is another version's, else a relabelled copy. @throws 500.
   */
  async convertStored(rt: ResourceType, object: KubeObject): Promise<KubeObject> {
    if (!this.#needsConversion(rt, object)) return present(rt, object);
    const gvk = `${String(object.apiVersion)}, Kind=${rt.kind}`;
    const [converted] = await this.#hooks.convert!(rt, [object], apiVersionOf(rt), gvk, false);
    return converted!;
  }

  /**
   * The stored objects of a type as they are kept: deeply frozen, unsorted, without
   * apiVersion/kind, shared with the store. For readers inside the server that must not pay a
   * copy per object on every write (e.g. the Service IP and port allocators); never hand them
   * to clients.
   */
  peek(rt: ResourceType): Iterable<KubeObject> {
    return this.#store.values(rt.storage);
  }

  /** A `<Kind>List`. @throws ApiError 400, 410, 422, 504 (see list.ts). */
  list(rt: ResourceType, query: ListQuery): KubeObject {
    return listObjects(this.#store, rt, query);
  }

  /**
   * Starts a watch; `sink` gets events in order, `onEnd` when the store ends it (410,
   * closeAllWatches, close). Both may run before this returns. @throws ApiError 400.
   */
  watch(
    rt: ResourceType,
    query: WatchQuery,
    sink: (event: WatchEvent) => void,
    onEnd: () => void,
  ): WatchHandle {
    return startWatch(this.#store, rt, query, sink, onEnd);
  }

  /** POST. @throws ApiError 400, 403, 404 (namespace), 409 AlreadyExists, 422, hooks' errors. */
  async create(
    rt: ResourceType,
    namespace: string | undefined,
    body: KubeObject,
    opts: WriteOptions = {},
  ): Promise<KubeObject> {
    this.#checkOpen();
    checkBody(body);
    checkIdentity(rt, namespace, undefined, body);
    const meta = body.metadata ?? {};
    const ns = rt.namespaced ? (namespace ?? meta.namespace) : undefined;
    if (rt.namespaced && !ns) {
      throw invalid(rt.kind, rt.group, meta.name ?? '', [
        { field: 'metadata.namespace', message: 'Required value', reason: 'FieldValueRequired' },
      ]);
    }
    if (!meta.name && !meta.generateName) {
      throw invalid(rt.kind, rt.group, '', [
        {
          field: 'metadata.name',
          message: 'Required value: name or generateName is required',
          reason: 'FieldValueRequired',
        },
      ]);
    }
    for (let attempt = 1; ; attempt++) {
      // A generated name that is taken is generated again, as kube does since 1.30.
      const name = meta.name || generateName(meta.generateName!);
      const created = await this.#createAt(rt, ns, name, body, opts);
      if (created !== undefined) return created;
      if (meta.name || attempt >= MAX_ATTEMPTS) throw alreadyExists(rt.group, rt.plural, name);
    }
  }

  /** PUT (main resource or /status). See `replace` for the created flag. */
  async update(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    opts: WriteOptions = {},
  ): Promise<KubeObject> {
    return (await this.replace(rt, namespace, name, body, opts)).object;
  }

  /**
   * PUT, telling whether it created the object (kinds that allow create-on-update answer 201).
   * @throws ApiError 400, 404, 409 Conflict, 422 (no resourceVersion where one is required).
   */
  async replace(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    opts: WriteOptions = {},
  ): Promise<{ object: KubeObject; created: boolean }> {
    this.#checkOpen();
    checkBody(body);
    checkIdentity(rt, namespace, name, body);
    const subresource = this.#subresource(rt, opts);
    const bodyRv = body.metadata?.resourceVersion;
    return this.#guaranteedUpdate(rt, namespace, name, opts, (stored) => {
      if (stored === undefined) {
        if (subresource || !allowsCreateOnUpdate(rt)) throw notFound(rt.group, rt.plural, name);
        if (bodyRv) throw conflict(rt.group, rt.plural, name);
        return { action: 'create', object: body, record: true };
      }
      if (bodyRv) {
        if (bodyRv !== stored.metadata.resourceVersion) throw conflict(rt.group, rt.plural, name);
      } else if (!allowsUnconditionalUpdate(rt)) {
        throw invalid(rt.kind, rt.group, name, [
          {
            field: 'metadata.resourceVersion',
            message: 'Invalid value: 0x0: must be specified for an update',
          },
        ]);
      }
      return { action: 'update', object: body, record: true };
    });
  }

  /**
   * PATCH / apply: `compute` gets a copy of the current object (undefined only with
   * createIfMissing when absent) and returns the desired one. It is called again if the object
   * changes meanwhile. A resourceVersion in the result that is not the current one gives 409;
   * an unchanged result stores nothing. managedFields are `compute`'s business here.
   */
  async modify(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    compute: (current: KubeObject | undefined) => KubeObject,
    opts: WriteOptions & { createIfMissing?: boolean } = {},
  ): Promise<{ object: KubeObject; created: boolean }> {
    this.#checkOpen();
    const subresource = this.#subresource(rt, opts);
    return this.#guaranteedUpdate(rt, namespace, name, opts, (stored) => {
      if (stored === undefined && (!opts.createIfMissing || subresource)) {
        throw notFound(rt.group, rt.plural, name);
      }
      // compute (a patch) reads the current object and builds a new one; handing it the
      // stored, frozen object instead of a deep copy saves a copy per write, and a patch that
      // tried to change its input in place would throw here rather than corrupt the store.
      const result = compute(stored === undefined ? undefined : presentShared(rt, stored));
      checkBody(result);
      checkIdentity(rt, namespace, name, result);
      if (stored === undefined) return { action: 'create', object: result, record: false };
      const rv = result.metadata?.resourceVersion;
      if (rv && rv !== stored.metadata.resourceVersion) throw conflict(rt.group, rt.plural, name);
      return { action: 'update', object: result, record: false };
    });
  }

  /**
   * DELETE: answers the deleted object (last state, deletion's resourceVersion), or, when
   * finalizers hold it, the object now carrying deletionTimestamp. A Namespace takes its
   * contents with it. @throws ApiError 404, 409 (preconditions), 422 (options).
   */
  async delete(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): Promise<KubeObject> {
    this.#checkOpen();
    checkDeleteOptions(opts);
    const ns = rt.namespaced ? namespace : undefined;
    for (let attempt = 1; ; attempt++) {
      const stored = this.#stored(rt, ns, name);
      if (stored === undefined) throw notFound(rt.group, rt.plural, name);
      checkPreconditions(rt, stored, opts);
      const old = this.#needsConversion(rt, stored)
        ? await this.convertStored(rt, stored)
        : present(rt, stored);
      await this.#planner.admit(
        this.#planner.attributes('DELETE', rt, ns, name, undefined, old, undefined, opts),
      );
      if (this.#stored(rt, ns, name) !== stored) {
        if (attempt < MAX_ATTEMPTS) continue;
        throw conflict(rt.group, rt.plural, name);
      }
      if (isNamespaceType(rt)) {
        if (opts.dryRun) return present(rt, stored);
        return present(rt, deleteNamespace(this.#store, rt, stored, this.#now()));
      }
      if (this.#needsConversion(rt, stored)) return this.#deleteConverted(rt, stored, opts);
      if (!hasFinalizers(stored)) return this.#apply(rt, stored, 'DELETED', clone(stored), opts);
      if (stored.metadata.deletionTimestamp !== undefined) return present(rt, stored);
      return this.#apply(rt, stored, 'MODIFIED', markDeleting(stored, this.#now()), opts);
    }
  }

  /** The synchronous end of a DELETE of an object stored in another version than `rt`'s. */
  async #deleteConverted(
    rt: ResourceType,
    stored: KubeObject,
    opts: DeleteOptions,
  ): Promise<KubeObject> {
    let result: KubeObject = stored;
    if (!hasFinalizers(stored)) {
      result = opts.dryRun ? stored : this.#commit(rt, 'DELETED', clone(stored));
    } else if (stored.metadata.deletionTimestamp === undefined) {
      const marked = markDeleting(stored, this.#now());
      result = opts.dryRun ? marked : this.#commit(rt, 'MODIFIED', marked);
    }
    return this.convertStored(rt, result);
  }

  /** Every stored change, after it is stored (objects are frozen: read only). */
  onChange(listener: (event: StoreEvent) => void): () => void {
    return this.#store.onChange(listener);
  }

  /** Test fault: ends every open watch normally (onEnd, no ERROR event). */
  closeAllWatches(): void {
    this.#store.watchers.endAll();
  }

  /** Test fault: drops the history, so watches and continue tokens from older RVs get 410. */
  compactHistory(): void {
    this.#store.compactHistory();
  }

  /** Ends every watch, writes a final snapshot (with dataDir). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#store.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Whether `rt` converts through a webhook (and the server can call it). */
  #converts(rt: ResourceType): boolean {
    return rt.conversion !== undefined && this.#hooks.convert !== undefined;
  }

  /** Whether `object` (stored) must go through the webhook to be served as `rt`. */
  #needsConversion(rt: ResourceType, object: KubeObject): boolean {
    return this.#converts(rt) && object.apiVersion !== apiVersionOf(rt);
  }

  /**
   * A planned object as it is to be stored: converted to the storage version when `rt`
   * converts through a webhook and is not that version (undefined otherwise: store as is).
   * Dry runs and no-op writes store nothing and are not converted.
   */
  async #toStorage(
    rt: ResourceType,
    plan: Plan,
    opts: { dryRun?: boolean },
  ): Promise<KubeObject | undefined> {
    if (!this.#converts(rt) || plan.type === 'NONE' || opts.dryRun) return undefined;
    const storageVersion = `${rt.group}/${rt.conversion!.storageVersion}`;
    if (apiVersionOf(rt) === storageVersion) return undefined;
    const gvk = `${apiVersionOf(rt)}, Kind=${rt.kind}`;
    const [converted] = await this.#hooks.convert!(rt, [plan.object], storageVersion, gvk, false);
    return converted!;
  }

  /** Commits a change as it is (the object already in its stored version); the stored object. */
  #commit(
    rt: ResourceType,
    type: 'ADDED' | 'MODIFIED' | 'DELETED',
    object: KubeObject,
  ): KubeObject {
    const event = this.#store.commit({ type, storage: rt.storage, object });
    if (type === 'DELETED') finishNamespaceOf(this.#store, event.object);
    return event.object;
  }

  #stored(rt: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.#store.get(rt.storage, objectKey(rt.namespaced ? namespace : undefined, name));
  }

  #checkOpen(): void {
    if (this.#closed) throw new ApiError(500, 'InternalError', 'the object store is closed');
  }

  #subresource(rt: ResourceType, opts: WriteOptions): 'status' | undefined {
    if (opts.subresource === 'status' && !rt.hasStatus) throw noSuchSubresource();
    return opts.subresource;
  }

  /** One create attempt; undefined when the name is taken (the caller decides: 409 or retry). */
  async #createAt(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    opts: WriteOptions,
  ): Promise<KubeObject | undefined> {
    if (this.#stored(rt, namespace, name) !== undefined) return undefined;
    checkNamespaceOpen(this.#store, rt, namespace, name);
    const plan = this.#planner.create(rt, namespace, name, body, opts, true);
    await this.#planner.admit(plan.admission);
    const converted = await this.#toStorage(rt, plan, opts);
    if (this.#stored(rt, namespace, name) !== undefined) return undefined;
    checkNamespaceOpen(this.#store, rt, namespace, name);
    if (converted === undefined) return this.#apply(rt, undefined, 'ADDED', plan.object, opts);
    return this.convertStored(rt, this.#commit(rt, 'ADDED', converted));
  }

  /** The read-plan-admit-commit loop of PUT and PATCH. */
  async #guaranteedUpdate(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    opts: WriteOptions,
    decide: (stored: KubeObject | undefined) => Decision,
  ): Promise<{ object: KubeObject; created: boolean }> {
    const ns = rt.namespaced ? namespace : undefined;
    for (let attempt = 1; ; attempt++) {
      const stored = this.#stored(rt, ns, name);
      // Kube reads the stored object in the request's version (converting it) and plans there.
      const view =
        stored !== undefined && this.#needsConversion(rt, stored)
          ? await this.convertStored(rt, stored)
          : stored;
      const decision = decide(view);
      let plan: Plan;
      if (view === undefined || decision.action === 'create') {
        checkNamespaceOpen(this.#store, rt, ns, name);
        plan = this.#planner.create(rt, ns, name, decision.object, opts, decision.record);
      } else {
        plan = this.#planner.update(rt, view, decision.object, opts, decision.record);
      }
      await this.#planner.admit(plan.admission);
      const converted = await this.#toStorage(rt, plan, opts);
      if (this.#stored(rt, ns, name) !== stored) {
        if (attempt < MAX_ATTEMPTS) continue;
        throw conflict(rt.group, rt.plural, name);
      }
      if (plan.type === 'ADDED') checkNamespaceOpen(this.#store, rt, ns, name);
      const created = plan.type === 'ADDED';
      if (converted !== undefined && plan.type !== 'NONE') {
        const object = await this.convertStored(rt, this.#commit(rt, plan.type, converted));
        return { object, created };
      }
      const object = this.#apply(rt, view, plan.type, plan.object, opts);
      return { object, created };
    }
  }

  /** Stores a planned change (or, with dryRun, shows what would be stored). */
  #apply(
    rt: ResourceType,
    stored: KubeObject | undefined,
    type: Plan['type'],
    object: KubeObject,
    opts: { dryRun?: boolean; readOnlyResult?: boolean },
  ): KubeObject {
    if (type === 'NONE') return present(rt, object);
    if (opts.dryRun) {
      const preview = present(rt, object);
      if (stored?.metadata.resourceVersion) {
        preview.metadata.resourceVersion = stored.metadata.resourceVersion;
      }
      return preview;
    }
    const event = this.#store.commit({ type, storage: rt.storage, object });
    if (type === 'DELETED') finishNamespaceOf(this.#store, event.object);
    return opts.readOnlyResult ? presentShared(rt, event.object) : present(rt, event.object);
  }
}
