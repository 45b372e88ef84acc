/**
 * What every namespace lab of these tests shares: network namespaces named by the lab
 * (pid + random bytes, so parallel runs never collide), processes started with
 * `ip netns exec` and stopped by pid, short commands run with a timeout, and `close()` that
 * stops the processes and deletes the namespaces, also after a failure. The topologies
 * (lan-lab.ts: a bridge; two-lan-lab.ts: two cables into one node) extend it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { LabProcess } from './lab-process.js';

const COMMAND_TIMEOUT_MS = 5_000;

/** Runs `ip` with `args` (bounded): its stdout, or the error thrown. */
export function ip(args: readonly string[]): string {
  return execFileSync('ip', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: COMMAND_TIMEOUT_MS,
  });
}

/** The base of a lab: its namespaces, processes and teardown. */
export abstract class NamespaceLab {
  private readonly processes = new Set<LabProcess>();
  private closed = false;

  /** Every namespace the lab creates, in the order they are deleted. */
  protected abstract namespaces(): readonly string[];

  /** Creates the namespaces and links (called once, by {@link NamespaceLab.open}). */
  protected abstract setUp(): void;

  /** Sets `lab` up, deleting whatever it made if that fails. */
  protected static open<L extends NamespaceLab>(lab: L): L {
    try {
      lab.setUp();
    } catch (err) {
      lab.deleteNamespaces();
      throw err;
    }
    return lab;
  }

  /** A name prefix unique to this process and call: parallel runs never collide. */
  protected static uniqueId(prefix: string): string {
    return `${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`;
  }

  /** Adds the namespaces with lo up and DAD off for interfaces made afterwards. */
  protected addNamespaces(): void {
    for (const ns of this.namespaces()) {
      ip(['netns', 'add', ns]);
      // Interfaces made afterwards skip DAD: addresses (link-locals) usable at once.
      this.exec(ns, ['sysctl', '-qw', 'net.ipv6.conf.default.accept_dad=0']);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    }
  }

  /** The MAC of `dev` in `ns`. */
  macOf(ns: string, dev = 'eth0'): string {
    const links = JSON.parse(ip(['-n', ns, '-j', 'link', 'show', dev])) as { address: string }[];
    return links[0]?.address ?? '';
  }

  /** Starts `argv` in `ns` (stdout parsed as JSON lines). */
  spawn(ns: string, argv: readonly string[]): LabProcess {
    if (this.closed) throw new Error('lab is closed');
    const child = spawn('ip', ['netns', 'exec', ns, ...argv], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = new LabProcess(child);
    this.processes.add(proc);
    void proc.exited.then(() => this.processes.delete(proc));
    return proc;
  }

  /** Runs a short command in `ns`: its stdout, or the error (exit status, output) thrown. */
  exec(ns: string, argv: readonly string[]): string {
    return execFileSync('ip', ['netns', 'exec', ns, ...argv], {
      encoding: 'utf8',
      timeout: COMMAND_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** Like exec, but a non-zero exit is an answer: `{ status, stdout }`. */
  run(ns: string, argv: readonly string[]): { status: number; stdout: string } {
    try {
      return { status: 0, stdout: this.exec(ns, argv) };
    } catch (err) {
      const e = err as { status?: number | null; stdout?: string };
      return { status: e.status ?? -1, stdout: e.stdout ?? '' };
    }
  }

  /** Stops every process still running, deletes the namespaces. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.processes].map((p) => p.stop()));
    this.deleteNamespaces();
  }

  /** Deletes whatever namespaces exist (after a failed set-up too). */
  protected deleteNamespaces(): void {
    for (const ns of this.namespaces()) {
      try {
        ip(['netns', 'del', ns]);
      } catch {
        // never created, or already gone
      }
    }
  }
}
