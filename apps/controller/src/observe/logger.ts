/**
 * The controller's logs: one JSON object a line (pino), shaped like MetalLB's go-kit output:
 * `level` as a word ("info", not pino's 30), `time` as an ISO-8601 string, `msg`, plus
 * fixed camelCase fields (`event`, `service`, `pool`, `err`, ...). Libraries never pick a
 * logger: `toWatchLogger` hands this one to @baremetal-lb/k8s-watch through its interface.
 */

import type { Logger as WatchLogger } from '@baremetal-lb/k8s-watch';
import pino from 'pino';

/** The levels the controller accepts (pino's names; `silent` logs nothing). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** How to build the logger. */
export interface LoggerOptions {
  readonly level: LogLevel;
  /** Added to every line as `name` (e.g. `controller`). */
  readonly name?: string;
  /** Where lines go; default stderr (stdout is for data, STYLE.md §10). */
  readonly destination?: pino.DestinationStream;
}

/**
 * A pino logger writing JSON lines with `level` as a label and ISO `time`.
 *
 * @example
 * ```ts
 * const log = createLogger({ level: 'info', name: 'controller' });
 * log.info({ event: 'serviceUpdated', service: 'default/web' }, 'service updated');
 * // {"level":"info","time":"2025-01-01T00:00:00.000Z","pid":1,"name":"controller",
 * //  "event":"serviceUpdated","service":"default/web","msg":"service updated"}
 * ```
 */
export function createLogger(options: LoggerOptions): pino.Logger {
  const destination = options.destination ?? pino.destination({ dest: 2, sync: true });
  return pino(
    {
      level: options.level,
      ...(options.name === undefined ? {} : { name: options.name }),
      // The pod name already identifies the host; pid helps tell restarts apart.
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/**
 * Maps MetalLB's `--log-level` words (`all`, `debug`, `info`, `warn`, `error`, `none`) to
 * ours; undefined for anything else (the caller reports a usage error).
 */
export function logLevelFromFlag(flag: string): LogLevel | undefined {
  switch (flag) {
    case 'all':
    case 'debug':
      return 'debug';
    case 'info':
    case 'warn':
    case 'error':
      return flag;
    case 'none':
    case 'silent':
      return 'silent';
    default:
      return undefined;
  }
}

/**
 * Adapts a pino logger to @baremetal-lb/k8s-watch's `Logger` (fields first, then message),
 * binding the methods so the library may pass them around detached.
 */
export function toWatchLogger(logger: pino.Logger): WatchLogger {
  return {
    debug: (fields, msg) => logger.debug(fields, msg),
    info: (fields, msg) => logger.info(fields, msg),
    warn: (fields, msg) => logger.warn(fields, msg),
    error: (fields, msg) => logger.error(fields, msg),
  };
}
