/**
 * `validate`: read every file, parse its YAML documents, build one config from all of them and
 * report each problem as one line. The config functions and all I/O are passed in, so this
 * file knows neither the file system nor how @baremetal-lb/config is built: the bin (cli.ts)
 * wires the real ones, tests wire fakes.
 *
 * Like MetalLB's validating webhook (internal/config/validator.go), transient problems (a
 * BGPPeer naming a BFDProfile or Secret that is not in the files, an unknown community
 * alias) do not make the files invalid: the object they name may well exist in the cluster.
 * They are printed as `warning: ...` lines and leave the exit code alone.
 */

/** The slice of @baremetal-lb/config's ConfigProblem that decides the exit code. */
export interface ProblemLike {
  readonly transient: boolean;
}

/**
 * What `validate` needs from the outside world. `O` is whatever parseManifests yields (only
 * passed through to buildConfig), `P` whatever problem buildConfig reports.
 */
export interface ValidateDeps<O = unknown, P extends ProblemLike = ProblemLike> {
  /**
   * Reads what a `-f` names: a file, `-` for stdin, or a directory (its `.yaml`, `.yml` and
   * `.json` files, as kubectl reads one), each with the name messages use for it. Rejects when
   * it cannot be read.
   */
  readonly readInputs: (path: string) => Promise<readonly Input[]>;
  /** @baremetal-lb/config's parseManifests: throws (naming the document) on a YAML syntax error. */
  readonly parseManifests: (text: string, source?: string) => O[];
  /** @baremetal-lb/config's buildConfig. */
  readonly buildConfig: (snapshot: {
    readonly objects: readonly O[];
    readonly namespace?: string;
    readonly bgpMode?: 'native' | 'frr';
  }) => { readonly problems: readonly P[] };
  /** @baremetal-lb/config's formatProblem: `<Kind>/<name> <field.path>: <message>`. */
  readonly formatProblem: (problem: P) => string;
  /** Writes one line (no newline) to stderr. */
  readonly printError: (line: string) => void;
}

/** One text to parse, named as messages name it. */
export interface Input {
  readonly source: string;
  readonly text: string;
}

/** What to validate. */
export interface ValidateOptions {
  /** Files in the order given; `-` is stdin. */
  readonly files: readonly string[];
  /** The MetalLB namespace config objects must live in. */
  readonly namespace: string;
  /** Whose BGP rules apply: MetalLB's native speaker or FRR (default: the config's). */
  readonly bgpMode?: 'native' | 'frr';
}

/**
 * Validates the files as one configuration.
 *
 * @returns the exit code: 0 when valid (nothing printed but warnings), 1 when any file could
 *   not be read or parsed or any non-transient problem was found (one stderr line each)
 */
export async function runValidate<O, P extends ProblemLike>(
  options: ValidateOptions,
  deps: ValidateDeps<O, P>,
): Promise<number> {
  const objects: O[] = [];
  let failed = false;
  for (const file of options.files) {
    const read = await readManifests(file, deps);
    objects.push(...read.objects);
    if (!read.ok) failed = true;
  }
  const { problems } = deps.buildConfig({
    objects,
    namespace: options.namespace,
    ...(options.bgpMode === undefined ? {} : { bgpMode: options.bgpMode }),
  });
  for (const problem of problems) {
    const line = deps.formatProblem(problem);
    if (problem.transient) {
      deps.printError(`warning: ${line}`);
    } else {
      deps.printError(line);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

/**
 * The objects of one `-f` argument; `ok` is false after printing why some could not be had
 * (the objects of its other files are still returned, so their problems are reported too).
 */
async function readManifests<O, P extends ProblemLike>(
  file: string,
  deps: ValidateDeps<O, P>,
): Promise<{ objects: O[]; ok: boolean }> {
  let inputs: readonly Input[];
  try {
    inputs = await deps.readInputs(file);
  } catch (err) {
    deps.printError(`${sourceName(file)}: cannot read: ${describe(err)}`);
    return { objects: [], ok: false };
  }
  const objects: O[] = [];
  let ok = true;
  for (const { source, text } of inputs) {
    try {
      objects.push(...deps.parseManifests(text, source));
    } catch (err) {
      deps.printError(withSource(source, describe(err)));
      ok = false;
    }
  }
  return { objects, ok };
}

/** How a file is named in messages. */
export function sourceName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

/**
 * One line naming the file, whether or not the parser's message already does. Only the first
 * line of the message is kept: YAML errors go on with a code excerpt over several lines.
 */
function withSource(source: string, message: string): string {
  const firstLine = (message.split('\n', 1)[0] ?? '').trim().replace(/:$/, '');
  return firstLine.includes(source) ? firstLine : `${source}: ${firstLine}`;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
