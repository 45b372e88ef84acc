/**
 * Managed fields for writes that are not applies (create, update, JSON / merge / strategic
 * patches): the writer gets an `Update` entry owning what it changed, and loses nothing it
 * owned unless someone else changed it. As on the real server this never fails the write:
 * anything that cannot be tracked leaves the object without managedFields.
 */

import type { KubeObject } from '../../types.js';
import type { PatchMeta } from '../meta/field-meta.js';
import {
  fieldFilterFor,
  metaOfObject,
  setManagedFields,
  stripMeta,
  withoutManagedFields,
} from './field-manager-common.js';
import {
  capUpdateManagers,
  decodeManagedFields,
  emptyManaged,
  encodeManagedFields,
  isResetManagedFields,
  type Managed,
  managerIdentifier,
} from './managed-fields.js';
import { validateTyped } from './typed.js';
import { recordOwnership } from './updater.js';

/** Options of {@link recordUpdate}. */
export interface RecordUpdateOptions {
  /** `?fieldManager=` or the client's user-agent name. */
  readonly manager: string;
  /** The apiVersion the client wrote with. */
  readonly apiVersion: string;
  /** RFC 3339 time (seconds) for the entry. */
  readonly now: string;
  /** `'status'` for `/status`. */
  readonly subresource?: string;
  /** The kind's patch metadata; defaults to the built-in table for `updated`'s kind. */
  readonly meta?: PatchMeta;
  /** Overrides `meta.statusSubresource`. */
  readonly hasStatusSubresource?: boolean;
}

const CURRENT_OPERATION = 'current-operation';

/**
 * Returns `updated` with `metadata.managedFields` recording this write by `opts.manager`.
 * `old` is the stored object (undefined for a create).
 */
export function recordUpdate(
  old: KubeObject | undefined,
  updated: KubeObject,
  opts: RecordUpdateOptions,
): KubeObject {
  const result = withoutManagedFields(updated);
  try {
    const managed = decodeLiveOrNew(old, updated, opts.subresource !== undefined);
    // Objects that are not tracked stay untracked until their first apply.
    if (managed.sets.size === 0 && old !== undefined && old.metadata.uid) return result;
    const meta = opts.meta ?? metaOfObject(updated);
    const live = old === undefined ? ({} as KubeObject) : withoutManagedFields(old);
    // Both sides may repeat a list-map key (nodes with two InternalIP addresses exist).
    validateTyped(meta, result, { allowDuplicates: true, checkUndeclared: false });
    validateTyped(meta, live, { allowDuplicates: true, checkUndeclared: false });
    const hasStatus = opts.hasStatusSubresource ?? meta.statusSubresource;
    const filter = fieldFilterFor(opts.subresource, hasStatus);
    const sets = recordOwnership(
      meta,
      live,
      result,
      opts.apiVersion,
      managed.sets,
      CURRENT_OPERATION,
      filter,
    );
    stripMeta(sets, CURRENT_OPERATION);
    const operation = sets.get(CURRENT_OPERATION);
    sets.delete(CURRENT_OPERATION);
    if (operation !== undefined) {
      const id = managerIdentifier({
        manager: opts.manager,
        operation: 'Update',
        apiVersion: opts.apiVersion,
        subresource: opts.subresource,
      });
      const previous = sets.get(id);
      const set = previous ? operation.set.union(previous.set) : operation.set;
      sets.set(id, { set, apiVersion: opts.apiVersion, applied: false });
      managed.times.set(id, opts.now);
    }
    const next: Managed = { ...managed, sets };
    capUpdateManagers(next);
    setManagedFields(result, encodeManagedFields(next));
    return result;
  } catch {
    // UpdateNoErrors: a write never fails over managedFields; the object goes untracked.
    return result;
  }
}

/**
 * Which managed fields the write starts from: the client's own when it sent valid ones (a
 * main-resource write may edit managedFields; `[]` or `[{}]` clears them), else the stored.
 */
function decodeLiveOrNew(
  old: KubeObject | undefined,
  updated: KubeObject,
  isSubresource: boolean,
): Managed {
  const fromLive = () => {
    try {
      return decodeManagedFields(old?.metadata.managedFields);
    } catch {
      return emptyManaged();
    }
  };
  if (isSubresource) return fromLive();
  const sent = updated.metadata?.managedFields;
  if (isResetManagedFields(sent)) return emptyManaged();
  try {
    const managed = decodeManagedFields(sent);
    if (managed.sets.size > 0) return managed;
  } catch {
    // Undecodable managedFields from a client fall back to the stored ones.
  }
  return fromLive();
}
