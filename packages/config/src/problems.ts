/**
 * One configuration problem, and the collector every parser writes to. MetalLB stops at the
 * first error; we collect them all so an operator fixes a file in one pass. Each problem names
 * the object (`Kind/name`) and a dotted field path (`spec.addresses[1]`).
 */

/** One problem: printed as `${kind}/${name} ${field}: ${message}`. */
export interface ConfigProblem {
  readonly kind: string;
  readonly name: string;
  /** Dotted path inside the object, e.g. `spec.addresses[1]`. */
  readonly field: string;
  /** MetalLB's wording where MetalLB has one. */
  readonly message: string;
  /**
   * True for problems MetalLB treats as transient (unknown BFD profile, missing password
   * Secret, unknown community alias): they may resolve when another object arrives, so they
   * never make a config invalid on their own.
   */
  readonly transient: boolean;
}

/** `Kind/name field: message`, the line `validate` prints. */
export function formatProblem(p: ConfigProblem): string {
  return `${p.kind}/${p.name} ${p.field}: ${p.message}`;
}

/** Where a parser reports problems about one object. */
export class ProblemSink {
  readonly problems: ConfigProblem[] = [];

  /** A permanent problem. */
  add(kind: string, name: string, field: string, message: string): void {
    this.problems.push({ kind, name, field, message, transient: false });
  }

  /** A transient problem (see {@link ConfigProblem.transient}). */
  addTransient(kind: string, name: string, field: string, message: string): void {
    this.problems.push({ kind, name, field, message, transient: true });
  }

  /** A reporter bound to one object. */
  for(kind: string, name: string): ObjectProblems {
    return {
      add: (field, message) => this.add(kind, name, field, message),
      addTransient: (field, message) => this.addTransient(kind, name, field, message),
    };
  }
}

/** A reporter bound to one object. */
export interface ObjectProblems {
  add(field: string, message: string): void;
  addTransient(field: string, message: string): void;
}
