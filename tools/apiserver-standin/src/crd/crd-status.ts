/**
 * The status the apiserver's CRD controllers give a CustomResourceDefinition: the names it
 * accepted (or the conflict that stopped it: another CRD of the group already uses the plural,
 * kind, ...), the NamesAccepted and Established conditions, and `storedVersions` (every version
 * ever used for storage). The real server reaches this in a few controller steps; the
 * stand-in computes the settled result at once, so a CRD is served as soon as it is created.
 */

import type { KubeObject } from '../types.js';
import { crdSpecOf, storageVersionOf } from './crd-spec.js';

interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

interface AcceptedNames {
  plural: string;
  singular?: string;
  shortNames?: string[];
  kind: string;
  listKind?: string;
  categories?: string[];
}

export interface CrdStatusOptions {
  /** Transition times of changed conditions; `new Date()` by default. */
  readonly now?: Date;
  /** The other CRDs the server holds: names they accepted in the same group conflict. */
  readonly otherCrds?: readonly KubeObject[];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function rfc3339Seconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function acceptedNamesOf(crd: KubeObject): Record<string, unknown> {
  return record(record(crd.status).acceptedNames);
}

/** Names other CRDs of the same group hold: a requested name in there is a conflict. */
function usedNames(
  group: string,
  selfName: string | undefined,
  others: readonly KubeObject[],
): Set<string> {
  const used = new Set<string>();
  for (const other of others) {
    if (other.metadata?.name === selfName || crdSpecOf(other).group !== group) continue;
    const names = acceptedNamesOf(other);
    for (const field of ['plural', 'singular', 'kind', 'listKind']) {
      if (typeof names[field] === 'string' && names[field]) used.add(names[field] as string);
    }
    for (const s of Array.isArray(names.shortNames) ? names.shortNames : []) {
      if (typeof s === 'string') used.add(s);
    }
  }
  return used;
}

function namesDecision(
  crd: KubeObject,
  others: readonly KubeObject[],
): { names: AcceptedNames; conflict?: [reason: string, message: string] } {
  const spec = crdSpecOf(crd);
  const wanted = spec.names;
  const accepted = acceptedNamesOf(crd);
  const acceptedShort = Array.isArray(accepted.shortNames) ? accepted.shortNames : [];
  const used = usedNames(spec.group, crd.metadata?.name, others);
  // The naming controller's order: plural, singular, short names, kind, list kind.
  const checks: [requested: string, isAccepted: boolean, reason: string][] = [
    [wanted.plural, accepted.plural === wanted.plural, 'PluralConflict'],
    [wanted.singular, accepted.singular === wanted.singular, 'SingularConflict'],
    ...wanted.shortNames.map((s): [string, boolean, string] => [
      s,
      acceptedShort.includes(s),
      'ShortNamesConflict',
    ]),
    [wanted.kind, accepted.kind === wanted.kind, 'KindConflict'],
    [wanted.listKind, accepted.listKind === wanted.listKind, 'ListKindConflict'],
  ];
  for (const [requested, isAccepted, reason] of checks) {
    if (requested !== '' && !isAccepted && used.has(requested)) {
      return {
        names: accepted as unknown as AcceptedNames,
        conflict: [reason, `"${requested}" is already in use`],
      };
    }
  }
  const names: AcceptedNames = {
    plural: wanted.plural,
    singular: wanted.singular,
    kind: wanted.kind,
    listKind: wanted.listKind,
  };
  if (wanted.shortNames.length > 0) names.shortNames = [...wanted.shortNames];
  if (wanted.categories.length > 0) names.categories = [...wanted.categories];
  return { names };
}

function condition(
  previous: unknown[],
  next: Omit<Condition, 'lastTransitionTime'>,
  now: Date,
): Condition {
  const old = previous.map(record).find((c) => c.type === next.type);
  const keep = old && old.status === next.status && typeof old.lastTransitionTime === 'string';
  const lastTransitionTime = keep ? (old.lastTransitionTime as string) : rfc3339Seconds(now);
  return {
    type: next.type,
    status: next.status,
    lastTransitionTime,
    reason: next.reason,
    message: next.message,
  };
}

/**
 * The settled status of a CRD after a create or update.
 *
 * @example
 * ```ts
 * const stored = { ...crd, status: crdStatus(crd, { otherCrds }) };
 * ```
 */
export function crdStatus(crd: KubeObject, opts: CrdStatusOptions = {}): Record<string, unknown> {
  const now = opts.now ?? new Date();
  const previous = Array.isArray(record(crd.status).conditions)
    ? (record(crd.status).conditions as unknown[])
    : [];
  const { names, conflict } = namesDecision(crd, opts.otherCrds ?? []);
  const namesAccepted = conflict
    ? { type: 'NamesAccepted', status: 'False' as const, reason: conflict[0], message: conflict[1] }
    : {
        type: 'NamesAccepted',
        status: 'True' as const,
        reason: 'NoConflicts',
        message: 'no conflicts found',
      };
  const wasEstablished = previous
    .map(record)
    .some((c) => c.type === 'Established' && c.status === 'True');
  const established =
    wasEstablished || !conflict
      ? {
          type: 'Established',
          status: 'True' as const,
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
        }
      : {
          type: 'Established',
          status: 'False' as const,
          reason: 'NotAccepted',
          message: 'not all names are accepted',
        };
  const stored = record(crd.status).storedVersions;
  const storedVersions = Array.isArray(stored)
    ? stored.filter((v): v is string => typeof v === 'string')
    : [];
  const storage = storageVersionOf(crdSpecOf(crd));
  if (storage && !storedVersions.includes(storage)) storedVersions.push(storage);
  return {
    conditions: [condition(previous, namesAccepted, now), condition(previous, established, now)],
    acceptedNames: names,
    storedVersions,
  };
}

/** True when the status says the CRD's types are served (Established=True). */
export function isEstablished(crd: KubeObject): boolean {
  const conditions = record(crd.status).conditions;
  return (
    Array.isArray(conditions) &&
    conditions.map(record).some((c) => c.type === 'Established' && c.status === 'True')
  );
}
