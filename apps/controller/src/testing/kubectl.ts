/**
 * Test support: an API stand-in with its kubeconfig in a fresh temp dir, and a bounded run of
 * the real kubectl 1.32 against it (its own --cache-dir and HOME, so no test sees another's
 * discovery cache or the real ~/.kube). Tests only; not part of the bin.
 */

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Standin, startStandin } from '@baremetal-lb/apiserver-standin';

/** How one kubectl run ended and what it printed. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A stand-in plus kubectl pointed at it; `close()` stops and removes everything. */
export interface KubectlEnv {
  readonly standin: Standin;
  readonly dir: string;
  /** Runs kubectl to completion; SIGKILLed after `timeoutMs` (default 30 s). */
  kubectl(args: readonly string[], timeoutMs?: number): Promise<KubectlResult>;
  /** Writes a manifest into the temp dir and returns its path. */
  manifest(name: string, text: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts a stand-in in-process and writes its kubeconfig for kubectl. */
export async function startKubectlEnv(
  options: { requestLog?: (line: string) => void } = {},
): Promise<KubectlEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'controller-kubectl-'));
  const kubeconfig = join(dir, 'kubeconfig');
  let standin: Standin;
  try {
    standin = await startStandin({ requestLog: options.requestLog });
    await writeFile(kubeconfig, standin.kubeconfig);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const env = { ...process.env, HOME: dir, KUBECONFIG: kubeconfig };
  const base = ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache')];
  return {
    standin,
    dir,
    kubectl: (args, timeoutMs = 30_000) =>
      new Promise<KubectlResult>((resolve) => {
        const child = execFile(
          'kubectl',
          [...base, ...args],
          { env, timeout: timeoutMs, killSignal: 'SIGKILL' },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
        child.stdin?.end();
      }),
    manifest: async (name, text) => {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    },
    close: async () => {
      await standin.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
