/**
 * The API's verb semantics over one object store (contract A): resourceVersion, optimistic
 * concurrency, status isolation, generation, finalizers, namespaces, list paging and watch.
 *
 * - resource-store.ts  `ResourceStore`: the verbs; write pipeline, retries, namespaces.
 * - write-semantics.ts what a create/update stores (server-set and immutable fields, status).
 * - list.ts / watch.ts LIST (selectors, RV semantics, continue tokens) and WATCH events.
 * - deletion.ts, namespaces.ts, kind-policy.ts: the smaller rules.
 * - ../store/           objects, the RV counter, history, watcher fan-out, persistence.
 * - ../selectors/       label and field selector parsing and matching.
 */
export type {
  DeleteOptions,
  FieldValidation,
  ListQuery,
  RestHooks,
  WatchEvent,
  WatchHandle,
  WatchQuery,
  WriteOptions,
} from './options.js';
export { ResourceStore, type ResourceStoreOptions } from './resource-store.js';
