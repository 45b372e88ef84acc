/**
 * WATCH: the events one watcher sees, as the real watch cache produces them.
 *
 * - From resourceVersion N: every change with RV > N, in order (from the history, then live).
 *   An N older than the history gets one ERROR 410 Expired event and the watch ends.
 * - From "" or "0" (or with sendInitialEvents): first a synthetic ADDED per current match, in
 *   key order, then live changes; with sendInitialEvents and bookmarks, a BOOKMARK annotated
 *   `k8s.io/initial-events-end: "true"` marks the end of the initial state.
 * - Selectors apply to the old and the new state: an object that starts matching arrives as
 *   ADDED, one that stops matching as DELETED carrying its previous content with the event's
 *   resourceVersion (kube's cacheWatcher.convertToWatchEvent).
 *
 * Everything is delivered synchronously; `sink` and `onEnd` may run before `watch` returns.
 */
import { gone } from '../errors.js';
import type { ObjectStore } from '../store/object-store.js';
import type { StoreWatcher } from '../store/watch-hub.js';
import { apiVersionOf, type ResourceType, type StoreEvent } from '../types.js';
import { parseResourceVersion } from './api-errors.js';
import { compileFilter, filterMatches, type ObjectFilter } from './list.js';
import type { WatchEvent, WatchHandle, WatchQuery } from './options.js';
import { present, presentShared } from './present.js';

const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

/** What one watcher receives for one store event (undefined: nothing). */
export function toWatchEvent(
  rt: ResourceType,
  filter: ObjectFilter,
  event: StoreEvent,
): WatchEvent | undefined {
  if (event.type === 'DELETED') {
    return filterMatches(rt, filter, event.object) ? shared(rt, event, 'DELETED') : undefined;
  }
  const now = filterMatches(rt, filter, event.object);
  const before = event.previous !== undefined && filterMatches(rt, filter, event.previous);
  if (now) return shared(rt, event, before ? 'MODIFIED' : 'ADDED');
  if (before && event.previous) return shared(rt, event, 'LEFT');
  return undefined;
}

/**
 * One read-only watch event per change, resource version and type, shared by every watcher
 * that gets it (the HTTP layer then encodes it once too). 'LEFT' is the DELETED a watcher
 * gets when the object stops matching its selector: the previous state at the change's RV.
 */
const sharedEvents = new WeakMap<StoreEvent, Map<string, WatchEvent>>();

function shared(
  rt: ResourceType,
  event: StoreEvent,
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'LEFT',
): WatchEvent {
  let byKey = sharedEvents.get(event);
  if (!byKey) {
    byKey = new Map();
    sharedEvents.set(event, byKey);
  }
  const key = `${rt.group}/${rt.version}/${rt.kind}|${type}`;
  let out = byKey.get(key);
  if (!out) {
    if (type === 'LEFT') {
      const previous = presentShared(rt, event.previous!);
      const metadata = { ...previous.metadata, resourceVersion: String(event.resourceVersion) };
      out = { type: 'DELETED', object: Object.freeze({ ...previous, metadata }) };
    } else {
      out = { type, object: Object.freeze(presentShared(rt, event.object)) };
    }
    Object.freeze(out);
    byKey.set(key, out);
  }
  return out;
}

function bookmarkEvent(rt: ResourceType, rv: number, initialEventsEnd: boolean): WatchEvent {
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  if (initialEventsEnd) metadata.annotations = { [INITIAL_EVENTS_END]: 'true' };
  return { type: 'BOOKMARK', object: { kind: rt.kind, apiVersion: apiVersionOf(rt), metadata } };
}

const INERT: WatchHandle = Object.freeze({ bookmark() {}, stop() {} });

/**
 * Starts a watch. Selector or resourceVersion errors throw (400) before anything is sent.
 */
export function startWatch(
  store: ObjectStore,
  rt: ResourceType,
  query: WatchQuery,
  sink: (event: WatchEvent) => void,
  onEnd: () => void,
): WatchHandle {
  const filter = compileFilter(rt, query);
  const text = query.resourceVersion ?? '';
  const from = text === '' || text === '0' ? undefined : parseResourceVersion(text);
  if (from !== undefined && store.history.isExpired(from)) {
    const status = gone(`too old resource version: ${from} (${store.history.start})`).toStatus();
    sink({ type: 'ERROR', object: status });
    onEnd();
    return INERT;
  }

  let open = true;
  const finish = (): void => {
    if (!open) return;
    open = false;
    store.watchers.remove(watcher);
    onEnd();
  };
  const send = (event: WatchEvent): void => {
    if (!open) return;
    try {
      sink(event);
    } catch {
      finish(); // a sink that throws has lost its client
    }
  };
  const watcher: StoreWatcher = {
    storage: rt.storage,
    deliver: (event) => {
      const out = toWatchEvent(rt, filter, event);
      if (out) send(out);
    },
    end: () => {
      if (!open) return;
      open = false;
      onEnd();
    },
  };

  if (from === undefined || query.sendInitialEvents) {
    for (const [, object] of store.entries(rt.storage)) {
      if (filterMatches(rt, filter, object)) send({ type: 'ADDED', object: present(rt, object) });
    }
    if (query.sendInitialEvents && query.allowWatchBookmarks) {
      send(bookmarkEvent(rt, store.resourceVersion, true));
    }
  } else {
    for (const event of store.history.since(from)) {
      if (event.storage === rt.storage) watcher.deliver(event);
    }
  }
  if (!open) return INERT;
  store.watchers.add(watcher);
  return {
    bookmark: () => {
      if (open && query.allowWatchBookmarks) send(bookmarkEvent(rt, store.resourceVersion, false));
    },
    stop: () => {
      if (!open) return;
      open = false;
      store.watchers.remove(watcher);
    },
  };
}
