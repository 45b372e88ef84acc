/**
 * A small typed event emitter for this package's long-lived objects. Unlike node's
 * EventEmitter, an `'error'` with no listener is not thrown, and one listener's exception
 * never stops the others: it is handed to `onListenerError` (the informer turns it into an
 * `'error'` event, so a buggy handler shows up instead of killing the watch loop).
 */

// biome-ignore lint/suspicious/noExplicitAny: listener parameter lists vary per event.
type AnyListener = (...args: any[]) => unknown;

/** Calls listeners of typed events; see the file comment for how failures are contained. */
export class Emitter<Events extends { [K in keyof Events]: AnyListener }> {
  readonly #listeners = new Map<keyof Events, AnyListener[]>();
  readonly #onListenerError: (err: unknown, event: keyof Events) => void;

  constructor(onListenerError: (err: unknown, event: keyof Events) => void) {
    this.#onListenerError = onListenerError;
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(event: K, listener: Events[K]): () => void {
    const list = this.#listeners.get(event) ?? [];
    list.push(listener);
    this.#listeners.set(event, list);
    return () => this.off(event, listener);
  }

  /** Removes one registration of `listener` (no-op if absent). */
  off<K extends keyof Events>(event: K, listener: Events[K]): void {
    const list = this.#listeners.get(event);
    if (!list) return;
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
  }

  listenerCount(event: keyof Events): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  /**
   * Calls every listener of `event` in registration order. A throw or a rejected promise
   * goes to `onListenerError`; the remaining listeners still run.
   */
  emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    const list = this.#listeners.get(event);
    if (!list) return;
    for (const listener of [...list]) {
      try {
        const result = listener(...args);
        if (result instanceof Promise) {
          result.catch((err: unknown) => this.#onListenerError(err, event));
        }
      } catch (err) {
        this.#onListenerError(err, event);
      }
    }
  }
}
