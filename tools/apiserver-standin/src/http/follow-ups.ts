/**
 * Work the server does after a stored change, in order, one task at a time: setting a new
 * CRD's status, deleting a deleted CRD's objects, emptying a deleted namespace. The real
 * apiserver runs these in controllers; here they are queued from `store.onChange` (which must
 * not write re-entrantly) and the write that caused them waits for `settled()` before it
 * answers, so a client never sees a half-done change.
 */

import type { ErrorLog } from './respond.js';

/** A serial queue of async tasks; a failing task is logged and does not stop the next. */
export class FollowUps {
  #tail: Promise<void> = Promise.resolve();
  readonly #log: ErrorLog;

  constructor(log: ErrorLog) {
    this.#log = log;
  }

  /** Runs `task` after every task queued before it. */
  enqueue(what: string, task: () => Promise<void>): void {
    this.#tail = this.#tail.then(task).catch((err: unknown) => {
      this.#log(
        `${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    });
  }

  /**
   * Resolves when the queue is empty, including tasks queued by tasks (a CRD status write is
   * itself a change that may queue more).
   */
  async settled(): Promise<void> {
    let tail: Promise<void>;
    do {
      tail = this.#tail;
      await tail;
    } while (tail !== this.#tail);
  }
}
