/**
 * The safety net: if a test crashes or the process exits without closing its lab, kill the
 * daemons this process started and delete the namespaces it created. Best effort and
 * synchronous, because an 'exit' handler cannot await. The normal path is `close()`; this only
 * catches what `close()` never got to.
 */

import { execFileSync } from 'node:child_process';

const pids = new Set<number>();
const namespaces = new Set<string>();
let installed = false;

/** Remembers a PID we spawned, until {@link forgetPid}. */
export function rememberPid(pid: number): void {
  install();
  pids.add(pid);
}

export function forgetPid(pid: number): void {
  pids.delete(pid);
}

/** Remembers a namespace we created, until {@link forgetNamespace}. */
export function rememberNamespace(name: string): void {
  install();
  namespaces.add(name);
}

export function forgetNamespace(name: string): void {
  namespaces.delete(name);
}

/** Kills every remembered PID, then deletes every remembered namespace. Synchronous. */
export function sweep(): void {
  // Kill first: a process inside keeps its namespace (and its port 179) alive.
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  pids.clear();
  for (const name of namespaces) {
    try {
      execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore', timeout: 5000 });
    } catch {
      // Already gone, or ip failed: nothing more we can do while exiting.
    }
  }
  namespaces.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', sweep);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // Only where nobody else handles the signal: then we keep the default outcome (the process
    // dies of the signal) and just clean up first. A runner with its own handler exits through
    // 'exit' and the sweep above.
    if (process.listenerCount(signal) > 0) continue;
    process.once(signal, () => {
      sweep();
      process.kill(process.pid, signal);
    });
  }
}
