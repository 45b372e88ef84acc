/**
 * One network namespace we created: run commands in it, start daemons in it, delete it. A
 * namespace is deleted only after every process we started in it has been stopped (a process
 * inside keeps the namespace, and its port 179, alive after `ip netns del`).
 */

import { randomBytes } from 'node:crypto';
import { forgetNamespace, rememberNamespace } from './cleanup.js';
import { LabError } from './errors.js';
import {
  type CommandResult,
  LabProcess,
  type RunOptions,
  runCommand,
  type SpawnOptions,
} from './process.js';

/** Something a namespace closes before it goes away (a daemon driver). */
export interface Closeable {
  close(): Promise<void>;
}

/** Options for {@link Netns.create}. */
export interface NetnsOptions {
  /** Exact name. Default `blb-<labId>-<role>`. */
  name?: string;
  /** What the namespace is for ("router", "node-a"). Default "ns". */
  role?: string;
  /** Shared by the namespaces of one lab. Default: 6 random hex digits. */
  labId?: string;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** Six random hex digits: unique enough for parallel labs on one machine. */
export function randomLabId(): string {
  return randomBytes(3).toString('hex');
}

/**
 * A network namespace created by this process.
 *
 * When to use: anything that must not touch the host's network. `exec` for one-shot commands,
 * `spawn` for daemons (stopped by PID in `close()`), `track` for drivers that must shut down
 * before the namespace goes.
 *
 * @example
 * ```ts
 * await using ns = await Netns.create({ role: 'probe' });
 * await ns.exec(['ip', 'link', 'set', 'lo', 'up']);
 * ```
 */
export class Netns {
  readonly name: string;
  readonly #processes = new Set<LabProcess>();
  readonly #tracked: Closeable[] = [];
  #closing: Promise<void> | undefined;

  private constructor(name: string) {
    this.name = name;
  }

  /** Creates a namespace with a unique name and brings its loopback up. */
  static async create(options: NetnsOptions = {}): Promise<Netns> {
    const name = options.name ?? `blb-${options.labId ?? randomLabId()}-${options.role ?? 'ns'}`;
    if (!NAME_RE.test(name))
      throw new LabError('LAB_ERR_INVALID_ARGUMENT', `bad namespace name ${name}`);
    await runCommand(['ip', 'netns', 'add', name]);
    rememberNamespace(name);
    const ns = new Netns(name);
    try {
      await runCommand(['ip', '-n', name, 'link', 'set', 'lo', 'up']);
    } catch (err) {
      await ns.close();
      throw err;
    }
    return ns;
  }

  /** True once `close()` has started. */
  get isClosed(): boolean {
    return this.#closing !== undefined;
  }

  /** The argv prefix that runs a command in this namespace. */
  prefix(): string[] {
    return ['ip', 'netns', 'exec', this.name];
  }

  /** Runs `argv` inside the namespace to completion (bounded by `timeoutMs`, default 15 s). */
  exec(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    this.#assertOpen();
    return runCommand([...this.prefix(), ...argv], options);
  }

  /**
   * Starts a long-running `argv` inside the namespace. The returned process's PID is the
   * program's own (`ip netns exec` execs); `close()` stops it if nobody else has.
   */
  async spawn(argv: readonly string[], options: SpawnOptions = {}): Promise<LabProcess> {
    this.#assertOpen();
    const proc = await LabProcess.spawn([...this.prefix(), ...argv], options);
    this.#processes.add(proc);
    void proc.exited.then(() => this.#processes.delete(proc));
    return proc;
  }

  /** Registers something to close (before any process is killed) when the namespace closes. */
  track(resource: Closeable): void {
    this.#assertOpen();
    this.#tracked.push(resource);
  }

  /**
   * Closes tracked resources (last first), stops every process still running in the namespace
   * by PID, then deletes the namespace. Idempotent; later calls return the first call's promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #close(): Promise<void> {
    const errors: unknown[] = [];
    for (const resource of this.#tracked.splice(0).reverse()) {
      await resource.close().catch((err: unknown) => errors.push(err));
    }
    await Promise.all(
      [...this.#processes].map((p) => p.stop().catch((err: unknown) => errors.push(err))),
    );
    const del = await runCommand(['ip', 'netns', 'del', this.name], { allowFailure: true }).catch(
      (err: unknown) => err,
    );
    const gone = !(await runCommand(['ip', 'netns', 'list'])).stdout
      .split('\n')
      .some((line) => line.split(' ')[0] === this.name);
    if (gone) forgetNamespace(this.name);
    else
      errors.push(
        new LabError('LAB_ERR_COMMAND', `could not delete namespace ${this.name}`, { cause: del }),
      );
    if (errors.length > 0) {
      if (errors.length === 1) throw errors[0];
      throw new LabError(
        'LAB_ERR_COMMAND',
        `${errors.length} failures closing namespace ${this.name}`,
        {
          cause: new AggregateError(errors),
        },
      );
    }
  }

  #assertOpen(): void {
    if (this.#closing) throw new LabError('LAB_ERR_STATE', `namespace ${this.name} is closed`);
  }
}
