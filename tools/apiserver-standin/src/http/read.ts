/**
 * The read verbs: GET one object, LIST, and WATCH. Each answers plain JSON (or YAML) or, when
 * the client's Accept asks `as=Table` (kubectl get does), a meta.k8s.io Table; a watch then
 * carries one Table per event, with the column definitions only in the first, as the real
 * server sends them (watch.go's watchEmbeddedEncoder).
 *
 * A custom resource whose CRD converts through a webhook is read through the store's
 * converting reads, and a watch through a version other than the storage version converts
 * each event's object on its own ordered path (watch-conversion.ts); every other watch keeps
 * the shared, once-encoded event path.
 */

import type { WatchEvent } from '../rest/index.js';
import { toTable } from '../table/index.js';
import type { KubeObject } from '../types.js';
import type { ResourceRequest } from './context.js';
import { negotiateOutput, type OutputMedia } from './media.js';
import { type IncludeObject, parseIncludeObject, parseListParams } from './query.js';
import { sendObject } from './respond.js';
import { convertingWatch } from './watch-conversion.js';
import { randomWatchLifetimeMs, WatchStream } from './watch-stream.js';

/** A Table of `objects` in the meta.k8s.io version the client asked for. */
function tableOf(
  r: ResourceRequest,
  media: OutputMedia,
  objects: KubeObject[],
  includeObject: IncludeObject,
  listMetadata: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const table = toTable(r.rt, objects, { includeObject, now: r.ctx.now(), listMetadata });
  return media.table === 'v1beta1' ? { ...table, apiVersion: 'meta.k8s.io/v1beta1' } : table;
}

/** GET .../NAME and GET .../NAME/status (both answer the whole object). */
export async function getObject(r: ResourceRequest): Promise<void> {
  const media = negotiateOutput(r.req.headers.accept, { allowTable: true });
  const includeObject = media.table ? parseIncludeObject(r.params) : 'Metadata';
  const object = r.rt.conversion
    ? await r.ctx.store.getConverted(r.rt, r.path.namespace, r.path.name!)
    : r.ctx.store.get(r.rt, r.path.namespace, r.path.name!);
  const body = media.table
    ? tableOf(r, media, [object], includeObject, {
        resourceVersion: object.metadata.resourceVersion,
      })
    : object;
  sendObject(r.res, 200, body, media.format);
}

/** LIST: a namespace's objects, or every namespace's at the un-namespaced path. */
export async function listObjects(r: ResourceRequest): Promise<void> {
  const media = negotiateOutput(r.req.headers.accept, { allowTable: true });
  const includeObject = media.table ? parseIncludeObject(r.params) : 'Metadata';
  const p = parseListParams(r.params, false);
  const query = {
    namespace: r.path.namespace,
    labelSelector: p.labelSelector,
    fieldSelector: p.fieldSelector,
    limit: p.limit,
    continue: p.continue,
    resourceVersion: p.resourceVersion,
    resourceVersionMatch: p.resourceVersionMatch,
  };
  const list = r.rt.conversion
    ? await r.ctx.store.listConverted(r.rt, query)
    : r.ctx.store.list(r.rt, query);
  const body = media.table
    ? tableOf(r, media, (list.items as KubeObject[]) ?? [], includeObject, list.metadata)
    : list;
  sendObject(r.res, 200, body, media.format);
}

/**
 * WATCH (`watch=true`, or the legacy `/watch/` prefix, where a NAME in the path becomes a
 * `metadata.name` field selector). The store may deliver events, even the end (an expired
 * resourceVersion), while `watch()` runs; the stream holds them until its headers are out.
 */
export function watchObjects(r: ResourceRequest): void {
  const { ctx } = r;
  const media = negotiateOutput(r.req.headers.accept, { allowTable: true });
  const includeObject = media.table ? parseIncludeObject(r.params) : 'Metadata';
  const p = parseListParams(r.params, true);
  const name = r.path.name;
  const fieldSelector =
    name === undefined
      ? p.fieldSelector
      : [`metadata.name=${name}`, p.fieldSelector].filter((s) => s !== undefined).join(',');
  const stream: WatchStream = new WatchStream(r.res, {
    lifetimeMs:
      p.timeoutSeconds !== undefined
        ? p.timeoutSeconds * 1000
        : randomWatchLifetimeMs(ctx.watch.minRequestTimeoutSec),
    bookmarkIntervalMs: p.allowWatchBookmarks ? ctx.watch.bookmarkIntervalMs : undefined,
    bookmarkBeforeEnd: p.allowWatchBookmarks,
    maxQueuedEvents: ctx.watch.maxQueuedEvents,
    encode: watchEncoder(r, media, includeObject),
    onClose: () => ctx.openWatches.delete(stream),
  });
  const converting = convertingWatch(r, stream);
  const handle = ctx.store.watch(
    converting?.rt ?? r.rt,
    {
      namespace: r.path.namespace,
      labelSelector: p.labelSelector,
      fieldSelector,
      resourceVersion: p.resourceVersion,
      allowWatchBookmarks: p.allowWatchBookmarks,
      sendInitialEvents: p.sendInitialEvents,
    },
    converting?.push ?? ((event) => stream.push(event)),
    converting?.end ?? (() => stream.end()),
  );
  ctx.openWatches.add(stream);
  stream.begin();
  stream.attach(handle);
}

/** Encodes events as lines, converting objects to Tables when asked. */
/**
 * JSON lines of shared watch events (rest/watch.ts hands every watcher of a change the same
 * frozen event): encoded once, however many watchers send them.
 */
const encodedEvents = new WeakMap<WatchEvent, string>();

function encodeJson(event: WatchEvent): string {
  let line = Object.isFrozen(event) ? encodedEvents.get(event) : undefined;
  if (line === undefined) {
    line = JSON.stringify({ type: event.type, object: event.object });
    if (Object.isFrozen(event)) encodedEvents.set(event, line);
  }
  return line;
}

function watchEncoder(
  r: ResourceRequest,
  media: OutputMedia,
  includeObject: IncludeObject,
): (event: WatchEvent) => string {
  let columnsSent = false;
  if (!media.table) return encodeJson;
  return (event) => {
    let object: unknown = event.object;
    // Status (ERROR) and BOOKMARK objects are never converted, as on the real server.
    if (media.table && event.type !== 'ERROR' && event.type !== 'BOOKMARK') {
      try {
        const table = tableOf(r, media, [event.object as KubeObject], includeObject, undefined);
        if (columnsSent) table.columnDefinitions = null;
        columnsSent = true;
        object = table;
      } catch (err) {
        // watch.go: a failed transform is logged and the object sent as it is.
        r.ctx.log(`watch: table conversion failed: ${(err as Error).message}`);
      }
    }
    return JSON.stringify({ type: event.type, object });
  };
}
