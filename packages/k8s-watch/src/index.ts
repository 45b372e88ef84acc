/**
 * @baremetal-lb/k8s-watch: what a controller needs on top of @kubernetes/client-node 1.4.
 *
 * Layout, by concern (all I/O goes through client-node or `http.ts`; time through `clock.ts`):
 * - `informer/`: `Informer`, a list+watch loop that survives every failure (backoff with
 *   jitter, relist on 410 with deletes for vanished objects, re-watch from the last version,
 *   resync), over a `ListerWatcher` (`listWatchForPath`: paged JSON lists, client-node `Watch`).
 * - `cache/`: `Indexer`, the informer's cache with namespace, label and custom indices.
 * - `workqueue/`: `RateLimitingQueue` (dedup, per-item exponential backoff, token bucket,
 *   delayed adds, drain on shutdown, `process` workers) and its rate limiters.
 * - `leaderelection/`: `LeaderElector` over a `ResourceLock`; `LeaseLock` is a
 *   coordination.k8s.io/v1 Lease with resourceVersion preconditions.
 * - `events/`: `EventRecorder` writes core/v1 Events after `EventCorrelator` has filtered,
 *   aggregated and counted them (client-go's `tools/record`).
 * - `status/`: `patchStatus`, a real `application/merge-patch+json` status write.
 * - `clock.ts`, `backoff.ts`, `errors.ts`, `logger.ts`: the injected dependencies and errors.
 *
 * Only what is exported here is public API.
 */

export type { BackoffOptions } from './backoff.js';
export { Backoff } from './backoff.js';
export type { IndexFunc, KubeObjectLike, ReadonlyIndexer } from './cache/indexer.js';
// Cache
export { Indexer, objectKey, splitKey } from './cache/indexer.js';
// Time and retry
export type { Clock, Timer } from './clock.js';
export { ManualClock, sleep, systemClock } from './clock.js';
// Errors and logging
export type { K8sWatchErrorCode, KubeStatus } from './errors.js';
export { apiStatusOf, isApiStatus, K8sWatchError, KubeApiError } from './errors.js';
// Events
export type {
  CoreEvent,
  Correlation,
  CorrelatorOptions,
  EventInput,
  InvolvedObject,
} from './events/correlator.js';
export { EventCorrelator } from './events/correlator.js';
export type { EventRecorderOptions, EventSubject } from './events/recorder.js';
export { EventRecorder, involvedObjectOf } from './events/recorder.js';
// Raw JSON requests with a KubeConfig's credentials
export type { JsonRequest } from './http.js';
export { requestJson } from './http.js';
// Informers
export type { InformerEvents, InformerOptions } from './informer/informer.js';
export { Informer, stripManagedFields } from './informer/informer.js';
export type {
  ListerWatcher,
  ListOptions,
  ObjectList,
  Selectors,
  WatchEvent,
  WatchOptions,
} from './informer/list-watch.js';
export { listWatchForPath } from './informer/list-watch.js';
// Leader election
export type { LeaderElectorOptions } from './leaderelection/leader-elector.js';
export { LeaderElector } from './leaderelection/leader-elector.js';
export type { LeaseLockOptions } from './leaderelection/lease-lock.js';
export { LeaseLock } from './leaderelection/lease-lock.js';
export type {
  LeaderElectionRecord,
  ResourceLock,
  VersionedRecord,
} from './leaderelection/resource-lock.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
// Status writes
export type { CustomResourceRef, PatchStatusOptions, StatusPatch } from './status/patch-status.js';
export { patchStatus } from './status/patch-status.js';
// Work queue
export type { ProcessOptions, QueueItem, QueueOptions } from './workqueue/queue.js';
export { RateLimitingQueue } from './workqueue/queue.js';
export type { RateLimiter } from './workqueue/rate-limiters.js';
export {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ItemExponentialRateLimiter,
  MaxOfRateLimiter,
} from './workqueue/rate-limiters.js';
