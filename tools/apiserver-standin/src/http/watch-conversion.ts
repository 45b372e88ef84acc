/**
 * A WATCH through a version of a webhook-converted custom resource other than its storage
 * version: the store's events (objects in the storage version) go through the conversion
 * webhook one by one, on a promise chain, so the watcher still gets them in order. BOOKMARKs
 * only take the requested apiVersion. A failed conversion ends the watch with an ERROR event
 * carrying the 500 Status (the real server cannot encode the event either and closes the
 * watch). Watches that need no conversion never come here: they keep the shared events.
 *
 * Deviation: the stand-in takes every stored object of such a type to be in the storage
 * version (writes put them there); objects stored in another version earlier (before the CRD
 * switched to Webhook) are relabelled rather than converted from their own version.
 */

import { ApiError } from '../errors.js';
import type { WatchEvent } from '../rest/index.js';
import { apiVersionOf, type KubeObject, type ResourceType } from '../types.js';
import type { ResourceRequest } from './context.js';
import type { WatchStream } from './watch-stream.js';

export interface ConvertingWatch {
  /** The type to watch in the store: the storage version's. */
  readonly rt: ResourceType;
  readonly push: (event: WatchEvent) => void;
  readonly end: () => void;
}

/** The converting sinks for `r`'s watch, or undefined when its events need no conversion. */
export function convertingWatch(
  r: ResourceRequest,
  stream: WatchStream,
): ConvertingWatch | undefined {
  const conversion = r.rt.conversion;
  if (conversion === undefined || conversion.storageVersion === r.rt.version) return undefined;
  const storageRt: ResourceType = { ...r.rt, version: conversion.storageVersion };
  const apiVersion = apiVersionOf(r.rt);
  let chain: Promise<void> = Promise.resolve();
  let failed = false;
  const convert = async (event: WatchEvent): Promise<WatchEvent> => {
    const object = event.object as KubeObject;
    if (event.type === 'BOOKMARK') return { type: event.type, object: { ...object, apiVersion } };
    if (event.type === 'ERROR') return event;
    return { type: event.type, object: await r.ctx.store.convertStored(r.rt, object) };
  };
  return {
    rt: storageRt,
    push: (event) => {
      chain = chain.then(async () => {
        if (failed || stream.closed) return;
        try {
          stream.push(await convert(event));
        } catch (err) {
          failed = true;
          const status =
            err instanceof ApiError
              ? err.toStatus()
              : new ApiError(500, 'InternalError', (err as Error).message).toStatus();
          stream.push({ type: 'ERROR', object: status });
          stream.close();
        }
      });
    },
    end: () => {
      chain = chain.then(() => stream.end());
    },
  };
}
