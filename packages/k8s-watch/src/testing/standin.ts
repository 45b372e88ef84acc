/**
 * Test plumbing for the integration tests: the API stand-in (tools/apiserver-standin) in
 * process or as its bin (a child process we can SIGKILL and restart on the same port), a
 * KubeConfig for it, child-process helpers that always kill by PID, and bounded waits.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';

const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const STANDIN_ROOT = join(PACKAGE_ROOT, '..', '..', 'tools', 'apiserver-standin');
/** The stand-in's bin, built by `npm run build -w @baremetal-lb/apiserver-standin`. */
export const STANDIN_CLI = join(STANDIN_ROOT, 'dist', 'cli.js');
/** The leader-election candidate, bundled by the vitest global setup. */
export const CANDIDATE_SCRIPT = join(PACKAGE_ROOT, '.test-dist', 'candidate.js');

const NOT_BUILT =
  'the API stand-in is not built (tools/apiserver-standin/dist): run ' +
  '`npm run build -w @baremetal-lb/apiserver-standin` (nx does it before `test`)';

/** The stand-in's in-process handle, as its contract describes it. */
export interface StandinHandle {
  readonly url: string;
  readonly kubeconfig: string;
  closeAllWatches(): void;
  compactHistory(): void;
  close(): Promise<void>;
}

/** Starts the stand-in in this process (fails with a clear message if it is not built). */
export async function startInProcess(
  options: { watchHistory?: number; requestLog?: (line: string) => void; tls?: boolean } = {},
): Promise<{
  standin: StandinHandle;
  kc: KubeConfig;
}> {
  let mod: {
    startStandin(o: {
      port?: number;
      watchHistory?: number;
      requestLog?: (line: string) => void;
      tls?: boolean;
    }): Promise<StandinHandle>;
  };
  try {
    mod = await import('@baremetal-lb/apiserver-standin');
  } catch (err) {
    throw new Error(`${NOT_BUILT}: ${(err as Error).message}`);
  }
  const standin = await mod.startStandin({ port: 0, ...options });
  return { standin, kc: kubeConfigFrom(standin.kubeconfig) };
}

/** A KubeConfig from kubeconfig YAML text. */
export function kubeConfigFrom(yaml: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(yaml);
  return kc;
}

/** A temporary directory removed by the returned function. */
export async function tempDir(
  prefix: string,
): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `k8s-watch-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A child process whose stdout lines are collected; kill() is by PID and idempotent. */
export class Child {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  readonly #proc: ChildProcess;
  readonly #waiters: Array<() => void> = [];
  stderr = '';

  constructor(args: string[], env: NodeJS.ProcessEnv = {}) {
    this.#proc = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    this.exited = new Promise((resolve) => this.#proc.on('exit', (code) => resolve(code)));
    createInterface({ input: this.#proc.stdout! }).on('line', (line) => {
      this.lines.push(line);
      for (const w of this.#waiters.splice(0)) w();
    });
    this.#proc.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.#proc.on('exit', () => {
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  get pid(): number {
    return this.#proc.pid!;
  }

  get running(): boolean {
    return this.#proc.exitCode === null && this.#proc.signalCode === null;
  }

  /** Waits for a stdout line matching `pattern` (bounded). */
  async waitForLine(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.find((l) => pattern.test(l));
      if (line) return line;
      if (!this.running)
        throw new Error(`child ${this.pid} exited before printing ${pattern}: ${this.stderr}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out waiting for ${pattern} from child ${this.pid}: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends `signal` to the child by its PID (no-op once it exited) and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.running) {
      try {
        process.kill(this.pid, signal);
      } catch {
        // Exited between the check and the kill.
      }
    }
    await this.exited;
  }
}

/** The stand-in's bin as a child process. */
export interface StandinProcess {
  readonly child: Child;
  readonly url: string;
  readonly port: number;
}

/** Starts the stand-in's bin and waits for `listening on <url>`. */
export async function spawnStandin(options: {
  port: number;
  kubeconfigPath: string;
  dataDir?: string;
  watchHistory?: number;
}): Promise<StandinProcess> {
  if (!existsSync(STANDIN_CLI)) throw new Error(`${NOT_BUILT}: ${STANDIN_CLI} is missing`);
  const args = [
    STANDIN_CLI,
    '--port',
    String(options.port),
    '--write-kubeconfig',
    options.kubeconfigPath,
  ];
  if (options.dataDir) args.push('--data-dir', options.dataDir);
  if (options.watchHistory) args.push('--watch-history', String(options.watchHistory));
  const child = new Child(args);
  try {
    const line = await child.waitForLine(/^listening on /);
    const url = line.slice('listening on '.length).trim();
    return { child, url, port: Number(new URL(url).port) };
  } catch (err) {
    await child.kill();
    throw err;
  }
}

/** Polls `check` every 20 ms until it returns true; throws after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
