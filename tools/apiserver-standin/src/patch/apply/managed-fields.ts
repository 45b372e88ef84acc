/**
 * `metadata.managedFields` on the wire and in memory (the apiserver's
 * k8s.io/apimachinery/pkg/util/managedfields/internal): entries decode into per-manager field
 * sets keyed by a manager identifier (manager, operation, apiVersion for updaters, subresource),
 * and encode back sorted as the server sorts them (Apply before Update, then by time, manager,
 * apiVersion, subresource), reusing an entry's own FieldsV1 when its set did not change.
 */

import type { ManagedFieldsEntry } from '../../types.js';
import { compareGoStrings } from '../util/go-format.js';
import { isObject } from '../util/json.js';
import { FieldSet } from './field-set.js';
import type { ManagedSets } from './updater.js';

/** What identifies a manager's entry. */
export interface ManagerInfo {
  readonly manager: string;
  readonly operation: 'Apply' | 'Update';
  /** Only updaters are told apart by version. */
  readonly apiVersion?: string;
  readonly subresource?: string;
}

/** The identifier of a manager (`BuildManagerIdentifier`). */
export function managerIdentifier(info: ManagerInfo): string {
  return JSON.stringify({
    manager: info.manager,
    operation: info.operation,
    ...(info.operation === 'Update' && info.apiVersion && { apiVersion: info.apiVersion }),
    ...(info.subresource && { subresource: info.subresource }),
  });
}

/** The parts of an identifier. */
export function parseIdentifier(identifier: string): ManagerInfo {
  return JSON.parse(identifier) as ManagerInfo;
}

/** Decoded managed fields: sets, times, and the entries they came from. */
export interface Managed {
  readonly sets: ManagedSets;
  readonly times: Map<string, string>;
  readonly original: Map<string, ManagedFieldsEntry>;
}

/** An empty Managed. */
export function emptyManaged(): Managed {
  return { sets: new Map(), times: new Map(), original: new Map() };
}

/** Decodes `metadata.managedFields`; throws (with the server's words) on a bad entry. */
export function decodeManagedFields(entries: unknown): Managed {
  const managed = emptyManaged();
  if (entries === undefined || entries === null) return managed;
  if (!Array.isArray(entries)) throw new Error('managedFields must be a list');
  for (const entry of entries as ManagedFieldsEntry[]) {
    if (!isObject(entry)) throw new Error('managedFields entry must be an object');
    if (entry.fieldsType !== 'FieldsV1') {
      throw new Error(
        `error decoding versioned set from ${JSON.stringify(entry)}: unsupported fieldsType ${String(entry.fieldsType)}`,
      );
    }
    if (entry.operation !== 'Apply' && entry.operation !== 'Update') {
      throw new Error(`unknown operation: ${String(entry.operation)}`);
    }
    const id = managerIdentifier({
      manager: String(entry.manager ?? ''),
      operation: entry.operation,
      apiVersion: entry.apiVersion,
      ...(entry.subresource && { subresource: entry.subresource }),
    });
    const set = FieldSet.fromFieldsV1(entry.fieldsV1 ?? {});
    managed.sets.set(id, {
      set,
      apiVersion: String(entry.apiVersion ?? ''),
      applied: entry.operation === 'Apply',
    });
    if (entry.time) managed.times.set(id, entry.time);
    managed.original.set(id, entry);
  }
  return managed;
}

/** True for `[]` or `[{}]`: a client asking to clear managedFields. */
export function isResetManagedFields(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  return entries.length === 1 && isObject(entries[0]) && Object.keys(entries[0]).length === 0;
}

/** Encodes managed fields as sorted entries (undefined when there are none). */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, versioned] of managed.sets) {
    const info = parseIdentifier(id);
    const original = managed.original.get(id);
    const reuse =
      original !== undefined &&
      original.apiVersion === versioned.apiVersion &&
      FieldSet.fromFieldsV1(original.fieldsV1 ?? {}).equals(versioned.set);
    const time = managed.times.get(id);
    entries.push({
      manager: info.manager,
      operation: info.operation,
      apiVersion: versioned.apiVersion,
      ...(time !== undefined && { time }),
      fieldsType: 'FieldsV1',
      fieldsV1: reuse ? original.fieldsV1 : versioned.set.toFieldsV1(),
      ...(info.subresource && { subresource: info.subresource }),
    } as ManagedFieldsEntry);
  }
  if (entries.length === 0) return undefined;
  return entries.sort(compareEntries);
}

function seconds(time: string | undefined): number {
  if (time === undefined) return 0;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

function compareEntries(p: ManagedFieldsEntry, q: ManagedFieldsEntry): number {
  if (p.operation !== q.operation) return compareGoStrings(p.operation, q.operation);
  const byTime = seconds(p.time) - seconds(q.time);
  if (byTime !== 0) return byTime;
  if (p.manager !== q.manager) return compareGoStrings(p.manager, q.manager);
  if (p.apiVersion !== q.apiVersion) return compareGoStrings(p.apiVersion, q.apiVersion);
  return compareGoStrings(p.subresource ?? '', q.subresource ?? '');
}

/** The cap on Update entries before the oldest merge into `ancient-changes` buckets. */
export const MAX_UPDATE_MANAGERS = 10;

/** `capManagersManager`: merges the oldest updaters into per-version buckets. */
export function capUpdateManagers(managed: Managed): void {
  const updaters = [...managed.sets].filter(([, v]) => !v.applied).map(([id]) => id);
  if (updaters.length <= MAX_UPDATE_MANAGERS) return;
  updaters.sort((a, b) => {
    const byTime = seconds(managed.times.get(a)) - seconds(managed.times.get(b));
    return byTime !== 0 ? byTime : compareGoStrings(a, b);
  });
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > MAX_UPDATE_MANAGERS; i++) {
    const id = updaters[i]!;
    const versioned = managed.sets.get(id)!;
    const time = managed.times.get(id);
    const bucket = managerIdentifier({
      manager: 'ancient-changes',
      operation: 'Update',
      apiVersion: versioned.apiVersion,
    });
    const first = firstOfVersion.get(versioned.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(versioned.apiVersion, id);
      continue;
    }
    if (!managed.sets.has(bucket)) {
      managed.sets.set(bucket, managed.sets.get(first)!);
      managed.sets.delete(first);
    }
    const into = managed.sets.get(bucket)!;
    managed.sets.set(bucket, { ...versioned, set: versioned.set.union(into.set) });
    managed.sets.delete(id);
    length--;
    if (time !== undefined) managed.times.set(bucket, time);
    else managed.times.delete(bucket);
  }
}
