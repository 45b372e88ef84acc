/**
 * The package's one error base class. Config building never throws for bad content (it
 * collects `ConfigProblem`s); `ConfigError` is thrown only where no result can be returned at
 * all (a YAML syntax error) or by callers that want to turn problems into an exception.
 */
import { type ConfigProblem, formatProblem } from './problems.js';

const CONFIG_ERROR_BRAND = Symbol.for('@baremetal-lb/config.ConfigError');

/** Stable machine-readable codes for every error this package throws. */
export type ConfigErrorCode = 'CONFIG_ERR_YAML' | 'CONFIG_ERR_INVALID';

/**
 * Base class of every error thrown by @baremetal-lb/config. `instanceof` holds across two
 * installed copies of the package (a `Symbol.for` brand, as undici does).
 */
export class ConfigError extends Error {
  readonly code: ConfigErrorCode;
  /** The problems behind this error (empty for YAML syntax errors). */
  readonly problems: readonly ConfigProblem[];

  constructor(
    code: ConfigErrorCode,
    message: string,
    options?: { cause?: unknown; problems?: readonly ConfigProblem[] },
  ) {
    super(message, { cause: options?.cause });
    this.name = 'ConfigError';
    this.code = code;
    this.problems = options?.problems ?? [];
  }

  /** An error listing every problem, one `formatProblem` line each. */
  static fromProblems(problems: readonly ConfigProblem[]): ConfigError {
    return new ConfigError('CONFIG_ERR_INVALID', problems.map(formatProblem).join('\n'), {
      problems,
    });
  }

  get [CONFIG_ERROR_BRAND](): true {
    return true;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[CONFIG_ERROR_BRAND] === true &&
      (this === ConfigError ||
        (value as Error).name === this.name ||
        Function.prototype[Symbol.hasInstance].call(this, value))
    );
  }
}
