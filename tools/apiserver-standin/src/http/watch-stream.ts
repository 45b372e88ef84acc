/**
 * One WATCH answer: a chunked `200` whose headers go out at once (client-node's informer awaits
 * them before `start()` resolves), then one JSON event per line. It owns the stream's timers
 * (the `timeoutSeconds` / random lifetime end, periodic BOOKMARKs) and the socket's
 * backpressure: while the socket is full, lines wait in a queue, and a watcher whose queue
 * passes the limit is closed, as the real server closes a watcher that cannot keep up. The
 * client then re-watches from the last resourceVersion it saw, which is what it would do after
 * any normal end.
 */

import type { ServerResponse } from 'node:http';
import type { WatchEvent } from '../rest/index.js';

/** What the store hands back for an open watch (see `ResourceStore.watch`). */
export interface WatchControl {
  bookmark(): void;
  stop(): void;
}

export interface WatchStreamOptions {
  /** Close normally after this long (timeoutSeconds, or the server's own random lifetime). */
  readonly lifetimeMs: number | undefined;
  /** Send a BOOKMARK this often (only when the client allowed bookmarks). */
  readonly bookmarkIntervalMs: number | undefined;
  /** Bookmark right before the lifetime end (allowWatchBookmarks, as the watch cache does). */
  readonly bookmarkBeforeEnd: boolean;
  /** Lines queued behind a full socket before the watcher is dropped. */
  readonly maxQueuedEvents: number;
  /** The event's line without its newline (Table conversion happens here). */
  readonly encode: (event: WatchEvent) => string;
  /** Told once when the stream is over, whatever ended it. */
  readonly onClose?: () => void;
}

/**
 * The kube-apiserver's lifetime for a watch with no timeoutSeconds: uniformly random in
 * [min, 2*min) for `--min-request-timeout` (1800 s by default), so clients re-watch now and
 * then and their reconnect code gets exercised.
 */
export function randomWatchLifetimeMs(minRequestTimeoutSec: number, random = Math.random): number {
  return Math.round(minRequestTimeoutSec * 1000 * (1 + random()));
}

/** Characters of one turn's events beyond which they are written at once. */
const MAX_BATCH_CHARS = 64 * 1024;

/** Streams watch events into one HTTP response. */
export class WatchStream {
  readonly #res: ServerResponse;
  readonly #options: WatchStreamOptions;
  readonly #queue: string[] = [];
  #control: WatchControl | undefined;
  /** Until `begin()`, events queue (the store may send the initial ones from inside watch()). */
  #begun = false;
  #blocked = false;
  #ending = false;
  #closed = false;
  #timers: NodeJS.Timeout[] = [];
  /** Lines of this event-loop turn, written together (one syscall, not one per event). */
  #batch: string[] = [];
  #batchBytes = 0;
  #flushScheduled = false;

  constructor(res: ServerResponse, options: WatchStreamOptions) {
    this.#res = res;
    this.#options = options;
    res.on('drain', () => this.#drain());
    res.on('close', () => this.#finish());
  }

  /** True once the answer is over (ended, dropped, or the client went away). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Sends the `200` and its headers now, then whatever arrived before. */
  begin(): void {
    if (this.#begun || this.#closed) return;
    this.#begun = true;
    const res = this.#res;
    res.socket?.setTimeout(0);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders();
    this.#drain();
  }

  /**
   * Binds the store's watch and arms the timers. Events (and even the end) may arrive before
   * this, while `store.watch` is still running; a stream already over stops the watch at once.
   */
  attach(control: WatchControl): void {
    this.#control = control;
    if (this.#closed || this.#ending) {
      control.stop();
      return;
    }
    const { lifetimeMs, bookmarkIntervalMs } = this.#options;
    if (bookmarkIntervalMs !== undefined && bookmarkIntervalMs > 0) {
      const timer = setInterval(() => this.#control?.bookmark(), bookmarkIntervalMs);
      timer.unref();
      this.#timers.push(timer);
    }
    if (lifetimeMs !== undefined) {
      const timer = setTimeout(() => this.#expire(), lifetimeMs);
      timer.unref();
      this.#timers.push(timer);
    }
  }

  /** The store's sink: one event, written now or queued behind a full socket. */
  push(event: WatchEvent): void {
    if (this.#closed || this.#ending) return;
    const line = `${this.#options.encode(event)}\n`;
    if (!this.#begun) {
      // The initial state of a watch from RV 0 may be large: never dropped for its size.
      this.#queue.push(line);
      return;
    }
    if (this.#blocked || this.#queue.length > 0) {
      this.#queue.push(line);
      if (this.#queue.length > this.#options.maxQueuedEvents) this.#drop();
      return;
    }
    this.#batch.push(line);
    this.#batchBytes += line.length;
    // A big turn goes out at once: backpressure (and dropping a watcher that cannot keep up)
    // must see it.
    if (this.#batchBytes >= MAX_BATCH_CHARS) {
      this.#flush();
      return;
    }
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => {
        this.#flushScheduled = false;
        this.#flush();
      });
    }
  }

  /** Writes the turn's lines as one chunk. */
  #flush(): void {
    if (this.#batch.length === 0) return;
    const text = this.#batch.length === 1 ? this.#batch[0]! : this.#batch.join('');
    this.#batch = [];
    this.#batchBytes = 0;
    if (this.#closed) return;
    if (!this.#res.write(text)) this.#blocked = true;
    if (this.#ending && this.#queue.length === 0 && !this.#res.writableEnded) this.#res.end();
  }

  /** The store's onEnd: finish writing what is queued, then end the answer normally. */
  end(): void {
    if (this.#closed || this.#ending) return;
    this.#ending = true;
    this.#clearTimers();
    if (this.#begun && this.#queue.length === 0 && this.#batch.length === 0) this.#res.end();
  }

  /** Ends the stream from the server side (shutdown, lifetime over). */
  close(): void {
    if (this.#closed) return;
    this.#control?.stop();
    this.end();
  }

  #expire(): void {
    // The watch cache sends a bookmark just before it ends a watch at its deadline, so the
    // client resumes from a fresh resourceVersion (KUBE-API.md §4 Bookmarks).
    if (this.#options.bookmarkBeforeEnd) this.#control?.bookmark();
    this.close();
  }

  /** Too far behind: what is already in the socket goes out, the rest is dropped. */
  #drop(): void {
    this.#queue.length = 0;
    this.#batch = [];
    this.#batchBytes = 0;
    this.#control?.stop();
    this.#ending = true;
    this.#clearTimers();
    if (this.#begun) this.#res.end();
  }

  #drain(): void {
    this.#blocked = false;
    while (this.#queue.length > 0) {
      const line = this.#queue.shift()!;
      if (!this.#res.write(line)) {
        this.#blocked = true;
        return;
      }
    }
    if (this.#ending && !this.#res.writableEnded) this.#res.end();
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    this.#clearTimers();
    this.#control?.stop();
    this.#options.onClose?.();
  }

  #clearTimers(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers = [];
  }
}
