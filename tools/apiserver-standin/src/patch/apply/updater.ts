/**
 * structured-merge-diff's `merge.Updater`: ownership bookkeeping for one write. `update`
 * finds which managers lose fields (changed by someone else: a conflict unless forced;
 * removed: gone for everyone). `apply` merges an applied configuration, records it as the
 * applier's set, and prunes what the applier stopped applying and nobody else owns. `record`
 * is the non-apply write (create, update, any other patch): the writer owns what it changed.
 */

import type { PatchMeta } from '../meta/field-meta.js';
import { deepEqual } from '../util/json.js';
import { type Comparison, compareObjects, filterComparison } from './compare.js';
import { FieldSet } from './field-set.js';
import { mergeValues, removeItems } from './merge-values.js';
import type { Path } from './path-element.js';
import { toFieldSet } from './to-field-set.js';

/** One manager's fields, at the API version it wrote them. */
export interface VersionedSet {
  readonly set: FieldSet;
  readonly apiVersion: string;
  readonly applied: boolean;
}

/** Every manager's fields, keyed by manager identifier. */
export type ManagedSets = Map<string, VersionedSet>;

/** Restricts a set to what this request may own (reset fields: status vs main resource). */
export type FieldFilter = (set: FieldSet) => FieldSet;

/** One conflicting field and its current owner. */
export interface Conflict {
  readonly manager: string;
  readonly path: Path;
}

/** An apply changed fields other managers own. */
export class ApplyConflicts extends Error {
  constructor(readonly conflicts: readonly Conflict[]) {
    super(`${conflicts.length} apply conflicts`);
    this.name = 'ApplyConflicts';
  }
}

interface UpdateResult {
  readonly managers: ManagedSets;
  readonly comparison: Comparison;
}

/** Takes changed fields away from the other managers; refuses when `force` is false. */
export function updateOwnership(
  meta: PatchMeta,
  oldObject: unknown,
  newObject: unknown,
  managers: ManagedSets,
  workflow: string,
  force: boolean,
  filter: FieldFilter,
): UpdateResult {
  const comparison = filterComparison(compareObjects(meta, oldObject, newObject), filter);
  const changed = comparison.modified.union(comparison.added);
  const conflicts: Conflict[] = [];
  const out: ManagedSets = new Map();
  for (const [manager, owned] of managers) {
    if (manager === workflow) {
      out.set(manager, owned);
      continue;
    }
    const lost = owned.set.intersection(changed);
    for (const path of lost.paths()) conflicts.push({ manager, path });
    const set = owned.set.difference(lost).difference(comparison.removed);
    if (!set.isEmpty()) out.set(manager, { ...owned, set });
  }
  if (!force && conflicts.length > 0) throw new ApplyConflicts(conflicts);
  return { managers: out, comparison };
}

/** A non-apply write by `manager`: it now owns what changed. */
export function recordOwnership(
  meta: PatchMeta,
  liveObject: unknown,
  newObject: unknown,
  version: string,
  managers: ManagedSets,
  manager: string,
  filter: FieldFilter,
): ManagedSets {
  const { managers: out, comparison } = updateOwnership(
    meta,
    liveObject,
    newObject,
    managers,
    manager,
    true,
    filter,
  );
  const previous = out.get(manager)?.set ?? new FieldSet();
  const set = filter(
    previous.difference(comparison.removed).union(comparison.modified).union(comparison.added),
  );
  if (set.isEmpty()) out.delete(manager);
  else out.set(manager, { set, apiVersion: version, applied: false });
  return out;
}

/** The result of an apply: the new object (undefined when nothing changed) and the sets. */
export interface ApplyResult {
  readonly object: unknown;
  readonly managers: ManagedSets;
}

/** Merges `config` over `live` as `manager`'s applied configuration. */
export function applyConfiguration(
  meta: PatchMeta,
  live: unknown,
  config: unknown,
  version: string,
  managers: ManagedSets,
  manager: string,
  force: boolean,
  filter: FieldFilter,
): ApplyResult {
  let merged = mergeValues(meta, live, config);
  const lastSet = managers.get(manager);
  const next: ManagedSets = new Map(managers);
  next.set(manager, { set: filter(toFieldSet(meta, config)), apiVersion: version, applied: true });
  merged = prune(meta, merged, next, lastSet);
  const { managers: out } = updateOwnership(meta, live, merged, next, manager, force, filter);
  return { object: deepEqual(live, merged) ? undefined : merged, managers: out };
}

/**
 * Removes what the applier applied last time and not this time, unless some manager (the
 * applier's new configuration included) still owns it.
 */
function prune(
  meta: PatchMeta,
  merged: unknown,
  managers: ManagedSets,
  lastSet: VersionedSet | undefined,
): unknown {
  if (lastSet === undefined || lastSet.set.isEmpty()) return merged;
  const named = (set: FieldSet) => set.ensureNamedFieldsAreMembers(meta, meta.root);
  const last = named(lastSet.set);
  let pruned = removeItems(meta, merged, last);
  let managed = new FieldSet();
  for (const owned of managers.values()) managed = managed.union(owned.set);
  const mergedSet = named(toFieldSet(meta, merged));
  const prunedSet = named(toFieldSet(meta, pruned));
  pruned = removeItems(meta, merged, mergedSet.difference(prunedSet.union(named(managed))));
  const stillThere = named(toFieldSet(meta, pruned));
  return removeItems(meta, merged, mergedSet.difference(stillThere).intersection(last));
}
