/**
 * The logger this package writes to: a pino-compatible subset, so apps pass their pino
 * instance (or a child of it) and libraries never pick a logger. The default discards.
 */

/** A structured logger: `(fields, message)`, as pino's methods take them. */
export interface Logger {
  debug(fields: Record<string, unknown>, msg: string): void;
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

const discard = (): void => {};

/**
 * A logger that drops everything (the default).
 *
 * @example
 * ```ts
 * new Informer({ kubeConfig: kc, path: '/api/v1/nodes', logger: app.log ?? silentLogger });
 * ```
 */
export const silentLogger: Logger = Object.freeze({
  debug: discard,
  info: discard,
  warn: discard,
  error: discard,
});
