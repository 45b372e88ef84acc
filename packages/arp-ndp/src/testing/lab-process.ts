/**
 * A process started in a network namespace by a lab (namespace-lab.ts): its stdout parsed as
 * JSON lines as they arrive, a bounded wait for a line, and a bounded stop by pid.
 */
import type { ChildProcess } from 'node:child_process';

const STOP_GRACE_MS = 2_000;
/** How long `waitFor` waits by default. */
const DEFAULT_WAIT_MS = 5_000;

/** One JSON line a process printed. */
export type LabEvent = { event?: string } & Record<string, unknown>;

/** A process in a namespace: JSON lines parsed as they arrive, a bounded wait, a bounded stop. */
export class LabProcess {
  readonly events: { at: number; event: LabEvent }[] = [];
  output = '';
  readonly exited: Promise<number | null>;
  private pending = '';
  private hasExited = false;
  private readonly waiters = new Set<() => void>();

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => this.onData(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        this.hasExited = true;
        for (const wake of this.waiters) wake();
        resolve(code);
      });
      child.once('error', () => {
        this.hasExited = true;
        resolve(null);
      });
    });
  }

  private onData(text: string): void {
    this.output += text;
    this.pending += text;
    let newline = this.pending.indexOf('\n');
    while (newline >= 0) {
      const line = this.pending.slice(0, newline).trim();
      this.pending = this.pending.slice(newline + 1);
      if (line.startsWith('{')) {
        try {
          this.events.push({ at: performance.now(), event: JSON.parse(line) as LabEvent });
        } catch {
          // not a JSON line: kept in `output`
        }
      }
      newline = this.pending.indexOf('\n');
    }
    for (const wake of this.waiters) wake();
  }

  /** The first event matching, with when it arrived (performance.now()); bounded. */
  waitFor(
    match: (e: LabEvent) => boolean,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<{ at: number; event: LabEvent }> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.events.find((e) => match(e.event));
        if (found !== undefined) finish(() => resolve(found));
        else if (this.hasExited) finish(() => reject(this.failure('exited before the event')));
      };
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      const timer = setTimeout(
        () => finish(() => reject(this.failure(`no matching event in ${timeoutMs} ms`))),
        timeoutMs,
      );
      this.waiters.add(check);
      check();
    });
  }

  /** SIGTERM by pid, SIGKILL after a grace period; resolves the exit code (null if killed). */
  async stop(): Promise<number | null> {
    if (!this.hasExited && this.child.pid !== undefined) {
      process.kill(this.child.pid, 'SIGTERM');
      if (!(await settlesWithin(this.exited, STOP_GRACE_MS)) && !this.hasExited) {
        process.kill(this.child.pid, 'SIGKILL');
        await settlesWithin(this.exited, STOP_GRACE_MS);
      }
    }
    return this.hasExited ? this.exited : null;
  }

  private failure(what: string): Error {
    return new Error(`${what}; output:\n${this.output.slice(-2000)}`);
  }
}

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}
