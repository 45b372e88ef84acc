/**
 * The logger a library takes (STYLE.md §9): a pino-compatible subset, optional. Keys are the
 * fixed camelCase ones (`peer`, `state`, `prevState`, `reason`, `event`, `err`).
 */

/** One log method: a bindings object first, then a short message (pino's calling form). */
export type LogMethod = (bindings: Record<string, unknown>, msg?: string) => void;

/**
 * A pino-compatible logger subset.
 *
 * **Gotchas:** `child` is optional; without it, per-peer bindings are merged into each call.
 */
export interface Logger {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  child?(bindings: Record<string, unknown>): Logger;
}

const noop: LogMethod = () => {};

/** Logs nothing. */
export const SILENT_LOGGER: Logger = Object.freeze({
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
});

/** `logger.child(bindings)`, or a wrapper that adds `bindings` to every call. */
export function childLogger(logger: Logger, bindings: Record<string, unknown>): Logger {
  if (logger === SILENT_LOGGER) return logger;
  if (typeof logger.child === 'function') return logger.child(bindings);
  const wrap =
    (method: LogMethod): LogMethod =>
    (obj, msg) =>
      method.call(logger, { ...bindings, ...obj }, msg);
  return {
    debug: wrap(logger.debug),
    info: wrap(logger.info),
    warn: wrap(logger.warn),
    error: wrap(logger.error),
  };
}
