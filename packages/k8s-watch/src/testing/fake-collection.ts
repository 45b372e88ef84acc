/**
 * An in-memory collection with API-server semantics (one resourceVersion counter, bounded
 * watch history, 410 for expired versions, server-closed streams), served through our own
 * `ListerWatcher` interface. Unit tests of the informer script faults with it; the
 * integration tests run the same scenarios against the real stand-in over HTTP.
 */

import { KubeApiError } from '../errors.js';
import type {
  ListerWatcher,
  ListOptions,
  ObjectList,
  WatchEvent,
  WatchOptions,
} from '../informer/list-watch.js';

export interface FakeObject {
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
  };
  data?: unknown;
}

interface Stream {
  send: (e: WatchEvent<FakeObject>) => void;
  end: (err?: unknown) => void;
}

type Change = { rv: number; type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: FakeObject };

/** See the file comment. Calls are counted in `lists` and `watches`. */
export class FakeCollection implements ListerWatcher<FakeObject> {
  rv = 0;
  readonly objects = new Map<string, FakeObject>();
  history: Change[] = [];
  readonly streams = new Set<Stream>();
  lists = 0;
  watches: WatchOptions[] = [];
  /** Errors thrown by the next list/watch calls, in order. */
  listFailures: unknown[] = [];
  watchFailures: unknown[] = [];

  constructor(readonly historySize = 100) {}

  upsert(
    name: string,
    data?: unknown,
    namespace = 'default',
    labels?: Record<string, string>,
  ): FakeObject {
    const key = namespace ? `${namespace}/${name}` : name;
    const type = this.objects.has(key) ? 'MODIFIED' : 'ADDED';
    const object: FakeObject = {
      metadata: { name, namespace, resourceVersion: String(++this.rv), ...(labels && { labels }) },
      data,
    };
    this.objects.set(key, object);
    this.#record({ rv: this.rv, type, object });
    return object;
  }

  remove(name: string, namespace = 'default'): void {
    const key = namespace ? `${namespace}/${name}` : name;
    const old = this.objects.get(key);
    if (!old) throw new Error(`no ${key}`);
    this.objects.delete(key);
    const object = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } };
    this.#record({ rv: this.rv, type: 'DELETED', object });
  }

  /** Drops all history: any older version is now expired. */
  compact(): void {
    this.history = [];
  }

  /** Ends every open stream normally, as a server does at its timeout. */
  closeWatches(): void {
    for (const s of [...this.streams]) s.end();
  }

  /** Sends a raw event on every open stream (ERROR events, bookmarks). */
  broadcast(event: WatchEvent<FakeObject>): void {
    for (const s of [...this.streams]) s.send(event);
  }

  async list(options: ListOptions): Promise<ObjectList<FakeObject>> {
    this.lists++;
    const failure = this.listFailures.shift();
    if (failure) throw failure;
    void options;
    return {
      metadata: { resourceVersion: String(this.rv) },
      items: [...this.objects.values()].map((o) => structuredClone(o)),
    };
  }

  watch(options: WatchOptions, onEvent: (e: WatchEvent<FakeObject>) => void): Promise<void> {
    this.watches.push(options);
    const failure = this.watchFailures.shift();
    if (failure) return Promise.reject(failure);
    const from = Number(options.resourceVersion);
    const oldest = this.history[0]?.rv ?? this.rv + 1;
    if (from < this.rv && from + 1 < oldest) {
      return Promise.reject(new KubeApiError(410, { code: 410, reason: 'Expired' }, 'watch'));
    }
    return new Promise<void>((resolve, reject) => {
      const stream: Stream = {
        send: (e) => onEvent(structuredClone(e)),
        end: (err) => {
          this.streams.delete(stream);
          if (err) reject(err);
          else resolve();
        },
      };
      this.streams.add(stream);
      options.signal.addEventListener('abort', () => stream.end(), { once: true });
      for (const c of this.history)
        if (c.rv > from) stream.send({ type: c.type, object: c.object });
    });
  }

  #record(change: Change): void {
    this.history.push(change);
    if (this.history.length > this.historySize) this.history.shift();
    for (const s of [...this.streams]) s.send({ type: change.type, object: change.object });
  }
}
