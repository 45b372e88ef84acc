/**
 * Child processes: one-shot commands with a timeout (`runCommand`) and long-running daemons
 * (`LabProcess`) that are always stopped by their own PID: SIGTERM, a bounded wait, SIGKILL.
 */

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { forgetPid, rememberPid } from './cleanup.js';
import { LabError } from './errors.js';

/** Result of a finished command. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  /** Exit status; `null` when killed by a signal. */
  code: number | null;
}

/** Options for {@link runCommand}. */
export interface RunOptions {
  /** Kill the command (SIGKILL) after this long. Default 15 000 ms. */
  timeoutMs?: number;
  /** Return a non-zero exit as a result instead of throwing. Default false. */
  allowFailure?: boolean;
  /** Environment (default: ours). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs `argv` to completion and returns its output. Throws `LabError('LAB_ERR_COMMAND')` when
 * it cannot start, is killed (timeout), or exits non-zero (unless `allowFailure`).
 */
export function runCommand(
  argv: readonly string[],
  options: RunOptions = {},
): Promise<CommandResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new LabError('LAB_ERR_INVALID_ARGUMENT', 'empty command');
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, env: options.env },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
        const result = { stdout, stderr, code };
        if (err === null || (options.allowFailure && typeof err.code === 'number')) {
          resolve(result);
          return;
        }
        const why = err.killed ? `killed after ${timeoutMs} ms` : `failed (${String(err.code)})`;
        reject(
          new LabError(
            'LAB_ERR_COMMAND',
            `${argv.join(' ')} ${why}: ${stderr.trim() || stdout.trim()}`,
            {
              cause: err,
            },
          ),
        );
      },
    );
  });
}

/** Options for {@link LabProcess.spawn}. */
export interface SpawnOptions {
  /** Append the child's stdout and stderr to this file (default: discard). */
  outputFile?: string;
  /** Environment (default: ours). */
  env?: NodeJS.ProcessEnv;
  /** Working directory. */
  cwd?: string;
}

/** Options for {@link LabProcess.stop}. */
export interface StopOptions {
  /** How long to wait after SIGTERM before SIGKILL (ms). Default 5000. */
  graceMs?: number;
}

/** Used so a daemon dies with the process that started it (PR_SET_PDEATHSIG through exec). */
const SETPRIV = '/usr/bin/setpriv';

/**
 * A long-running child (a daemon run in the foreground). Its `pid` is the daemon's own PID:
 * `ip netns exec` and `setpriv` both exec, so no wrapper sits in between.
 *
 * Gotchas: a daemon that changes its credentials (FRR's bgpd drops to user `frr`) loses the
 * parent-death signal; {@link ./cleanup.ts} still kills it when our process exits normally.
 */
export class LabProcess {
  readonly pid: number;
  readonly argv: readonly string[];
  readonly #exited: Promise<void>;
  #exitCode: number | null = null;
  #exitSignal: NodeJS.Signals | null = null;
  #running = true;

  private constructor(child: ChildProcess, argv: readonly string[]) {
    if (child.pid === undefined)
      throw new LabError('LAB_ERR_COMMAND', `could not spawn ${argv.join(' ')}`);
    this.pid = child.pid;
    this.argv = argv;
    rememberPid(this.pid);
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#exitCode = code;
        this.#exitSignal = signal;
        this.#running = false;
        forgetPid(this.pid);
        resolve();
      });
    });
  }

  /**
   * Starts `argv` with stdin closed and output appended to `outputFile`. When `setpriv` exists
   * the child gets a parent-death signal (SIGKILL), so a crashed test runner leaves no daemon.
   */
  static spawn(argv: readonly string[], options: SpawnOptions = {}): Promise<LabProcess> {
    const full = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'KILL', '--', ...argv] : [...argv];
    const out = options.outputFile === undefined ? 'ignore' : openSync(options.outputFile, 'a');
    try {
      const child = spawn(full[0]!, full.slice(1), {
        stdio: ['ignore', out, out],
        env: options.env,
        cwd: options.cwd,
      });
      return new Promise((resolve, reject) => {
        child.once('error', (err) =>
          reject(
            new LabError('LAB_ERR_COMMAND', `could not spawn ${argv.join(' ')}`, { cause: err }),
          ),
        );
        child.once('spawn', () => resolve(new LabProcess(child, argv)));
      });
    } finally {
      if (typeof out === 'number') closeSync(out);
    }
  }

  /** True until the process has exited (and been reaped). */
  get isRunning(): boolean {
    return this.#running;
  }

  /** Exit status once exited (`null` while running or when killed by a signal). */
  get exitCode(): number | null {
    return this.#exitCode;
  }

  /** The signal that killed it, if one did. */
  get exitSignal(): NodeJS.Signals | null {
    return this.#exitSignal;
  }

  /** Resolves when the process has exited. */
  get exited(): Promise<void> {
    return this.#exited;
  }

  /** Sends `signal` to the PID if it is still running. */
  signal(signal: NodeJS.Signals): void {
    if (!this.#running) return;
    try {
      process.kill(this.pid, signal);
    } catch {
      // Exited between the check and the kill; 'exit' will tell us.
    }
  }

  /** Resolves true if the process exits within `ms`. */
  async waitExit(ms: number): Promise<boolean> {
    if (!this.#running) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    try {
      return await Promise.race([this.#exited.then(() => true as const), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * SIGTERM (and SIGCONT, in case it is frozen), up to `graceMs` to exit, then SIGKILL and up to
   * 5 s more. Idempotent. Throws `LAB_ERR_TIMEOUT` only if even SIGKILL did not end it.
   */
  async stop(options: StopOptions = {}): Promise<void> {
    if (!this.#running) return;
    this.signal('SIGTERM');
    // A stopped process does not act on SIGTERM until it is continued.
    this.signal('SIGCONT');
    if (await this.waitExit(options.graceMs ?? 5000)) return;
    this.signal('SIGKILL');
    if (await this.waitExit(5000)) return;
    throw new LabError('LAB_ERR_TIMEOUT', `pid ${this.pid} (${this.argv[0]}) survived SIGKILL`);
  }
}
