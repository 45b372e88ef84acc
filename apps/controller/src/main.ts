/**
 * The command dispatcher behind the `baremetal-lb-controller` bin: parses argv (args.ts) and runs
 * the subcommand with the dependencies it is given, returning the exit code. cli.ts is the thin
 * bin that builds the real dependencies; tests call this with fakes.
 */

import { parseCommandLine, type RunOptions, USAGE } from './args.js';
import { type ProblemLike, runValidate, type ValidateDeps } from './validate.js';

/** Everything `main` touches: the config functions, file reading and the two output streams. */
export interface MainDeps<O = unknown, P extends ProblemLike = ProblemLike>
  extends ValidateDeps<O, P> {
  /** Writes text (help) to stdout as is. */
  readonly printOut: (text: string) => void;
  /** Environment variables for flag fallbacks. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Runs the controller until it is told to stop; resolves with the exit code. */
  readonly run?: (options: RunOptions) => Promise<number>;
}

/**
 * Runs one command line.
 *
 * @param argv - the arguments after the script, e.g. `['validate', '-f', 'pools.yaml']`
 * @returns the exit code: 0 ok, 1 invalid input, 2 usage error (message and usage on stderr)
 */
export async function main<O, P extends ProblemLike>(
  argv: readonly string[],
  deps: MainDeps<O, P>,
): Promise<number> {
  const command = parseCommandLine(argv, deps.env);
  switch (command.kind) {
    case 'help':
      deps.printOut(USAGE);
      return 0;
    case 'usage-error':
      deps.printError(`error: ${command.message}`);
      deps.printError('');
      deps.printError(USAGE.trimEnd());
      return 2;
    case 'validate':
      return runValidate(
        { files: command.files, namespace: command.namespace, bgpMode: command.bgpMode },
        deps,
      );
    case 'run':
      if (deps.run === undefined) {
        deps.printError('error: this build cannot run the controller');
        return 2;
      }
      return deps.run(command.options);
    default: {
      const unknown: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unknown)}`);
    }
  }
}
