/**
 * Test harness for driving the real kubectl 1.32 against an in-process stand-in: a temp dir
 * with the kubeconfig, a fresh discovery cache per test (kubectl caches discovery on disk), a
 * bounded `kubectl(...)` call, and long-running kubectl children (get -w, wait) that are killed
 * by PID on cleanup, whatever the test's outcome.
 */

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Standin, type StandinOptions, startStandin } from '../index.js';

/** JSON from the server, read freely in assertions. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary API JSON
export type Json = any;

/** What one kubectl run printed and how it ended. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A kubectl running in the background. */
export interface KubectlChild {
  readonly process: ChildProcess;
  /** Everything printed on stdout so far. */
  stdout(): string;
  /** Resolves when stdout matches (bounded); rejects with what was printed otherwise. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (bounded). */
  exited(timeoutMs?: number): Promise<number | null>;
}

export interface KubectlEnv {
  readonly standin: Standin;
  readonly dir: string;
  /** Runs kubectl to completion (killed after `timeoutMs`). */
  kubectl(args: string[], options?: { stdin?: string; timeoutMs?: number }): Promise<KubectlResult>;
  /** Starts kubectl in the background. */
  spawnKubectl(args: string[]): KubectlChild;
  /** Writes a manifest into the temp dir; returns its path. */
  manifest(name: string, text: string): Promise<string>;
  /** Kills background kubectls by PID, stops the stand-in, removes the temp dir. */
  close(): Promise<void>;
}

/** Starts a stand-in with a kubeconfig on disk, for kubectl. */
export async function kubectlEnv(options: StandinOptions = {}): Promise<KubectlEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'standin-kubectl-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const cacheDir = join(dir, 'cache');
  const standin = await startStandin({ ...options, writeKubeconfig: kubeconfig });
  const children: ChildProcess[] = [];
  // HOME points into the temp dir too: kubectl must not read or write the real ~/.kube.
  const env = { ...process.env, HOME: dir, KUBECONFIG: kubeconfig };
  const base = ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir];

  const kubectl = (args: string[], options: { stdin?: string; timeoutMs?: number } = {}) =>
    new Promise<KubectlResult>((resolve) => {
      const child = execFile(
        'kubectl',
        [...base, ...args],
        { env, timeout: options.timeoutMs ?? 30_000, killSignal: 'SIGKILL' },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
      if (options.stdin !== undefined) child.stdin?.end(options.stdin);
      else child.stdin?.end();
    });

  const spawnKubectl = (args: string[]): KubectlChild => {
    const child = spawn('kubectl', [...base, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      err += c;
    });
    const exit = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    return {
      process: child,
      stdout: () => out,
      waitForOutput: async (pattern, timeoutMs = 20_000) => {
        const deadline = Date.now() + timeoutMs;
        while (!pattern.test(out)) {
          if (Date.now() > deadline) {
            throw new Error(`kubectl printed no ${pattern}; stdout: ${out}; stderr: ${err}`);
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      },
      exited: (timeoutMs = 30_000) =>
        Promise.race([
          exit,
          new Promise<never>((_, reject) =>
            setTimeout(
              () => reject(new Error(`kubectl did not exit; stderr: ${err}`)),
              timeoutMs,
            ).unref(),
          ),
        ]),
    };
  };

  return {
    standin,
    dir,
    kubectl,
    spawnKubectl,
    manifest: async (name, text) => {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    },
    close: async () => {
      for (const child of children) {
        if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
          process.kill(child.pid, 'SIGKILL');
        }
      }
      await standin.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** JSON from the stand-in directly (to set up or check state around a kubectl run). */
export async function api(
  standin: Standin,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: Record<string, Json> }> {
  const res = await fetch(`${standin.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': contentType },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}
