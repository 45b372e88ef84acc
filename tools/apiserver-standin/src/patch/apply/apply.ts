/**
 * Server-side apply (`application/apply-patch+yaml`), the apiserver's field manager chain for
 * an apply: check the applied object's type, decode the live managed fields (giving all
 * fields to `before-first-apply` if there are none), merge, prune, detect conflicts (letting
 * `kubectl` take over its own client-side-applied fields), record ownership, and write the
 * managed fields back.
 */

import type { KubeObject } from '../../types.js';
import { jsonTypeName } from '../json-patch.js';
import type { PatchMeta } from '../meta/field-meta.js';
import { patchBadRequest, patchInternal } from '../patch-errors.js';
import { deepClone, isObject, type JsonObject } from '../util/json.js';
import { applyConflictError } from './conflict-error.js';
import {
  fieldFilterFor,
  gvkString,
  setManagedFields,
  stripMeta,
  withoutManagedFields,
} from './field-manager-common.js';
import {
  allowedConflictsFromLastApplied,
  KUBECTL_MANAGER,
  updateLastApplied,
} from './last-applied.js';
import {
  decodeManagedFields,
  encodeManagedFields,
  type Managed,
  managerIdentifier,
} from './managed-fields.js';
import { TypedError, validateTyped } from './typed.js';
import {
  ApplyConflicts,
  applyConfiguration,
  type FieldFilter,
  recordOwnership,
} from './updater.js';

/** Options of {@link serverSideApply}. */
export interface ServerSideApplyOptions {
  /** `?fieldManager=` (required for apply; the caller checks it is set). */
  readonly manager: string;
  /** `?force=true`: take conflicting fields instead of failing. */
  readonly force: boolean;
  /** The apiVersion of the endpoint (`v1`, `metallb.io/v1beta1`). */
  readonly apiVersion: string;
  /** RFC 3339 time (seconds) for the managedFields entry. */
  readonly now: string;
  readonly meta: PatchMeta;
  /** `'status'` for `/status`. */
  readonly subresource?: string;
  /** The endpoint's kind; defaults to the live object's. */
  readonly kind?: string;
  /** Overrides `meta.statusSubresource` (CRDs: `subresources.status`). */
  readonly hasStatusSubresource?: boolean;
}

/**
 * Applies `applied` as `opts.manager`'s configuration to `current` (undefined: create).
 * Returns the resulting object with updated `metadata.managedFields`; when the apply changes
 * nothing, that is `current` unchanged (the store then skips the write).
 *
 * @throws ApiError 400 for a body that is not an object of this kind or carries managedFields,
 *   409 Conflict when it changes fields other managers own (without force), 500 when it does
 *   not fit the kind's schema (as the real server answers).
 */
export function serverSideApply(
  current: KubeObject | undefined,
  applied: KubeObject,
  opts: ServerSideApplyOptions,
): KubeObject {
  const config = checkApplied(applied, current, opts);
  const managed = decodeLive(current);
  const live = current === undefined ? ({} as KubeObject) : withoutManagedFields(current);
  checkTyped(opts.meta, config, live, opts);
  const hasStatus = opts.hasStatusSubresource ?? opts.meta.statusSubresource;
  const filter = fieldFilterFor(opts.subresource, hasStatus);
  if (current !== undefined && managed.sets.size === 0)
    giveAllToBeforeFirstApply(live, managed, filter, opts);
  const merged = applyWithLastApplied(live, config, managed, filter, opts);
  const result = resetOtherSide(merged, live, opts.subresource, hasStatus);
  if (opts.manager === KUBECTL_MANAGER) updateLastApplied(result, applied);
  setManagedFields(result, encodeManagedFields(managed));
  return result;
}

function checkApplied(
  applied: unknown,
  current: KubeObject | undefined,
  opts: ServerSideApplyOptions,
) {
  if (!isObject(applied)) {
    throw patchBadRequest(
      `error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonTypeName(applied)} into Go value of type map[string]interface {}`,
    );
  }
  const kind = opts.kind ?? current?.kind ?? (applied.kind || undefined);
  const got = gvkString(applied.apiVersion, applied.kind);
  if (kind === undefined || got !== gvkString(opts.apiVersion, kind)) {
    throw patchBadRequest(`invalid object type: ${got}`);
  }
  const metadata = applied.metadata;
  if (
    isObject(metadata) &&
    metadata.managedFields !== undefined &&
    metadata.managedFields !== null
  ) {
    throw patchBadRequest('metadata.managedFields must be nil');
  }
  const config = deepClone(applied) as JsonObject;
  if (!isObject(config.metadata)) config.metadata = {};
  return config as KubeObject;
}

function decodeLive(current: KubeObject | undefined): Managed {
  try {
    return decodeManagedFields(current?.metadata.managedFields);
  } catch (err) {
    throw patchInternal(`failed to decode managed fields: ${(err as Error).message}`);
  }
}

function objectName(object: KubeObject): string {
  return `${String(object.metadata.namespace ?? '')}/${String(object.metadata.name ?? '')}`;
}

function checkTyped(
  meta: PatchMeta,
  config: KubeObject,
  live: KubeObject,
  opts: ServerSideApplyOptions,
) {
  const where = (o: KubeObject) =>
    `${objectName(o)}; ${gvkString(o.apiVersion ?? opts.apiVersion, o.kind ?? opts.kind)}`;
  try {
    validateTyped(meta, config, { allowDuplicates: false, checkUndeclared: true });
  } catch (err) {
    if (!(err instanceof TypedError)) throw err;
    throw patchInternal(`failed to create typed patch object (${where(config)}): ${err.message}`);
  }
  try {
    validateTyped(meta, live, { allowDuplicates: true, checkUndeclared: false });
  } catch (err) {
    if (!(err instanceof TypedError)) throw err;
    throw patchInternal(`failed to create typed live object (${where(live)}): ${err.message}`);
  }
}

/** An object nobody tracked yet: everything it has belongs to `before-first-apply`. */
function giveAllToBeforeFirstApply(
  live: KubeObject,
  managed: Managed,
  filter: FieldFilter,
  opts: ServerSideApplyOptions,
): void {
  const current = 'current-operation';
  const sets = recordOwnership(opts.meta, {}, live, opts.apiVersion, new Map(), current, filter);
  stripMeta(sets, current);
  const owned = sets.get(current);
  if (owned === undefined) return;
  const id = managerIdentifier({
    manager: 'before-first-apply',
    operation: 'Update',
    apiVersion: opts.apiVersion,
  });
  managed.sets.set(id, owned);
  managed.times.set(id, opts.now);
}

/** The apply; `kubectl` may force through conflicts its last-applied annotation explains. */
function applyWithLastApplied(
  live: KubeObject,
  config: KubeObject,
  managed: Managed,
  filter: FieldFilter,
  opts: ServerSideApplyOptions,
): KubeObject {
  try {
    return applyOnce(live, config, managed, filter, opts, opts.force);
  } catch (err) {
    if (!(err instanceof ApplyConflicts)) throw err;
    if (opts.manager !== KUBECTL_MANAGER) throw applyConflictError(err.conflicts);
    const allowed = allowedConflictsFromLastApplied(opts.meta, live, opts.apiVersion);
    if (allowed === undefined) throw applyConflictError(err.conflicts);
    const remaining = err.conflicts.filter(({ path }) => !allowed.has(path));
    if (remaining.length > 0) throw applyConflictError(remaining);
    return applyOnce(live, config, managed, filter, opts, true);
  }
}

function applyOnce(
  live: KubeObject,
  config: KubeObject,
  managed: Managed,
  filter: FieldFilter,
  opts: ServerSideApplyOptions,
  force: boolean,
): KubeObject {
  const id = managerIdentifier({
    manager: opts.manager,
    operation: 'Apply',
    subresource: opts.subresource,
  });
  const result = applyConfiguration(
    opts.meta,
    live,
    config,
    opts.apiVersion,
    managed.sets,
    id,
    force,
    filter,
  );
  stripMeta(result.managers, id);
  managed.sets.clear();
  for (const [key, value] of result.managers) managed.sets.set(key, value);
  if (result.object !== undefined) managed.times.set(id, opts.now);
  const object = (result.object ?? deepClone(live)) as KubeObject;
  if (!isObject(object.metadata)) object.metadata = {};
  return object;
}

/**
 * What the strategy resets: a `/status` apply changes only `.status`, a main-resource apply
 * of a kind with a status subresource keeps the stored `.status`.
 */
function resetOtherSide(
  merged: KubeObject,
  live: KubeObject,
  subresource: string | undefined,
  hasStatus: boolean,
): KubeObject {
  if (subresource === 'status') {
    const out = deepClone(live);
    if (merged.status === undefined) delete out.status;
    else out.status = merged.status;
    return out;
  }
  if (subresource === undefined && hasStatus) {
    if (live.status === undefined) delete merged.status;
    else merged.status = deepClone(live.status);
  }
  return merged;
}
