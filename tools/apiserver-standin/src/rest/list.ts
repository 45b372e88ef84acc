/**
 * LIST: selectors, namespace, resourceVersion semantics, and paging with `limit`/`continue`.
 *
 * Paging is consistent, as etcd-backed lists are: the continue token holds the first page's
 * resourceVersion and the last key served, and later pages are cut from the state at that
 * resourceVersion (rebuilt from the event history). Once the history no longer reaches back
 * that far, the token has expired: 410 with kube's message. The token format is kube's own:
 * base64url (no padding) of `{"v":"meta.k8s.io/v1","rv":N,"start":"<key>\u0000"}`.
 */
import { badRequest, gone } from '../errors.js';
import {
  compileFieldSelector,
  type FieldSelector,
  fieldSetOf,
  type LabelSelector,
  matchesFields,
  matchesLabels,
  parseLabelSelector,
} from '../selectors/index.js';
import type { ObjectStore } from '../store/object-store.js';
import { apiVersionOf, type KubeObject, type ResourceType } from '../types.js';
import { invalidListOptions, parseResourceVersion, tooLargeResourceVersion } from './api-errors.js';
import type { ListQuery } from './options.js';
import { presentListItem } from './present.js';

const TOKEN_VERSION = 'meta.k8s.io/v1';

const EXPIRED_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';

/** A compiled label + field selector and namespace filter for one resource type. */
export interface ObjectFilter {
  readonly namespace: string | undefined;
  readonly labels: LabelSelector;
  readonly fields: FieldSelector;
  readonly isEverything: boolean;
}

/** Compiles the selectors once (400 on a bad one); match per object with `filterMatches`. */
export function compileFilter(
  rt: ResourceType,
  query: { namespace?: string; labelSelector?: string; fieldSelector?: string },
): ObjectFilter {
  const labels = parseLabelSelector(query.labelSelector ?? '');
  const fields = compileFieldSelector(rt, query.fieldSelector ?? '');
  return {
    namespace: rt.namespaced ? query.namespace : undefined,
    labels,
    fields,
    isEverything: labels.requirements.length === 0 && fields.requirements.length === 0,
  };
}

export function filterMatches(rt: ResourceType, filter: ObjectFilter, object: KubeObject): boolean {
  if (filter.namespace !== undefined && object.metadata.namespace !== filter.namespace)
    return false;
  if (!matchesLabels(filter.labels, object.metadata.labels)) return false;
  return (
    filter.fields.requirements.length === 0 || matchesFields(filter.fields, fieldSetOf(rt, object))
  );
}

export function encodeContinue(rv: number, lastKey: string): string {
  const token = { v: TOKEN_VERSION, rv, start: `${lastKey}\u0000` };
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

/** The token's RV and the key to resume at (inclusive). 400 when it is not a token of ours. */
export function decodeContinue(token: string): { rv: number; start: string } {
  const invalidToken = (why: string) =>
    badRequest(`invalid continue token: continue key is not valid: ${why}`);
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]*$/.test(token)) throw new Error('illegal base64 data');
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (error) {
    throw invalidToken(error instanceof Error ? error.message : String(error));
  }
  const { v, rv, start } = (parsed ?? {}) as Record<string, unknown>;
  if (v !== TOKEN_VERSION) throw invalidToken('server does not recognize this encoded version');
  if (typeof rv !== 'number' || !Number.isSafeInteger(rv) || rv <= 0) {
    throw invalidToken(`incorrect encoded start resourceVersion (version ${TOKEN_VERSION})`);
  }
  if (typeof start !== 'string' || start.length === 0) {
    throw invalidToken(`encoded start key empty (version ${TOKEN_VERSION})`);
  }
  return { rv, start };
}

/** 422s kube's ListOptions validation gives for contradictory parameters. */
function checkListOptions(query: ListQuery): void {
  const rv = query.resourceVersion ?? '';
  const match = query.resourceVersionMatch;
  if (match !== undefined) {
    if (query.continue) {
      throw invalidListOptions(
        'resourceVersionMatch',
        'resourceVersionMatch is forbidden when continue is provided',
      );
    }
    if (rv === '') {
      throw invalidListOptions(
        'resourceVersionMatch',
        'resourceVersionMatch is forbidden unless resourceVersion is provided',
      );
    }
    if (match === 'Exact' && rv === '0') {
      throw invalidListOptions(
        'resourceVersionMatch',
        'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
      );
    }
  }
  if (query.continue && rv !== '' && rv !== '0') {
    throw badRequest('specifying resource version is not allowed when using continue');
  }
}

type Entries = readonly (readonly [string, KubeObject])[];

/** Which state the list reads: its resourceVersion, its objects, and where to start. */
function snapshotFor(
  store: ObjectStore,
  rt: ResourceType,
  query: ListQuery,
): { rv: number; entries: Entries; start: string | undefined } {
  const current = store.resourceVersion;
  if (query.continue) {
    const token = decodeContinue(query.continue);
    const entries = token.rv > current ? undefined : store.stateAt(rt.storage, token.rv);
    if (entries === undefined) throw gone(EXPIRED_CONTINUE);
    return { rv: token.rv, entries, start: token.start };
  }
  const text = query.resourceVersion ?? '';
  if (text === '' || text === '0')
    return { rv: current, entries: store.entries(rt.storage), start: undefined };
  const rv = parseResourceVersion(text);
  if (rv > current) throw tooLargeResourceVersion(rv, current);
  if (query.resourceVersionMatch !== 'Exact') {
    return { rv: current, entries: store.entries(rt.storage), start: undefined };
  }
  const entries = store.stateAt(rt.storage, rv);
  if (entries === undefined) throw gone(`too old resource version: ${rv} (${store.history.start})`);
  return { rv, entries, start: undefined };
}

/**
 * A `<Kind>List` for `rt` as the real server answers LIST.
 *
 * @throws ApiError 400 (selector, continue token), 410 (expired continue or Exact RV),
 *   422 (contradictory options), 504 (RV newer than the store).
 */
export function listObjects(
  store: ObjectStore,
  rt: ResourceType,
  query: ListQuery,
  item: (rt: ResourceType, object: KubeObject) => KubeObject = presentListItem,
): KubeObject {
  checkListOptions(query);
  const filter = compileFilter(rt, query);
  const { rv, entries, start } = snapshotFor(store, rt, query);
  // resourceVersion=0 is served from the watch cache, which ignores limit (kube's cacher
  // delegates only limited lists at other resourceVersions to etcd).
  const fromCache = query.resourceVersion === '0' && !query.continue;
  const limit =
    !fromCache && query.limit !== undefined && query.limit > 0
      ? Math.floor(query.limit)
      : undefined;
  const items: KubeObject[] = [];
  let lastKey: string | undefined;
  let remaining = 0;
  for (const [key, object] of entries) {
    if (start !== undefined && key < start) continue;
    if (!filterMatches(rt, filter, object)) continue;
    if (limit !== undefined && items.length >= limit) {
      remaining++;
      continue;
    }
    items.push(item(rt, object));
    lastKey = key;
  }
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  if (remaining > 0 && lastKey !== undefined) {
    metadata.continue = encodeContinue(rv, lastKey);
    // kube counts the rest only when it can do so cheaply: no selectors.
    if (filter.isEverything) metadata.remainingItemCount = remaining;
  }
  return { apiVersion: apiVersionOf(rt), kind: rt.listKind, metadata, items };
}
