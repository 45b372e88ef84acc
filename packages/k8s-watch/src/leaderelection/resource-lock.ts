/**
 * The election record and the lock that stores it. The elector only needs "read the record
 * with its version", "create it", and "replace it if the version still matches"; a Lease
 * (`lease-lock.ts`) is the production lock, tests may use an in-memory one.
 */

/** Who holds the lock and since when (client-go's `LeaderElectionRecord`). */
export interface LeaderElectionRecord {
  /** '' when released. */
  holderIdentity: string;
  /** How long candidates wait, after they last saw the record change, before taking over. */
  leaseDurationSeconds: number;
  acquireTime: Date | undefined;
  renewTime: Date | undefined;
  /** Times the lock changed hands. */
  leaseTransitions: number;
}

/** A record as read, with the version an update must match (the Lease's resourceVersion). */
export interface VersionedRecord {
  record: LeaderElectionRecord;
  version: string;
}

/**
 * Storage for the election record with optimistic concurrency.
 *
 * **Contract:** `get` resolves `undefined` when the lock object does not exist; `create`
 * rejects if it exists meanwhile; `update` rejects (HTTP 409) when `version` is no longer
 * current. Any rejection means "did not write".
 */
export interface ResourceLock {
  /** This candidate's identity, written as `holderIdentity`. */
  readonly identity: string;
  /** For logs: `Lease ns/name`. */
  describe(): string;
  get(): Promise<VersionedRecord | undefined>;
  create(record: LeaderElectionRecord): Promise<VersionedRecord>;
  update(record: LeaderElectionRecord, version: string): Promise<VersionedRecord>;
}

function timeOf(d: Date | undefined): number | undefined {
  return d?.getTime();
}

/** Field-by-field equality of two records (timestamps to the millisecond). */
export function sameRecord(a: LeaderElectionRecord, b: LeaderElectionRecord): boolean {
  return (
    a.holderIdentity === b.holderIdentity &&
    a.leaseDurationSeconds === b.leaseDurationSeconds &&
    a.leaseTransitions === b.leaseTransitions &&
    timeOf(a.acquireTime) === timeOf(b.acquireTime) &&
    timeOf(a.renewTime) === timeOf(b.renewTime)
  );
}
