/**
 * Test support: the built `baremetal-lb-controller` bin (dist/cli.js) as a child process
 * against a stand-in, with its JSON log lines collected, waits on them bounded, and a kill by
 * PID that `close()` always makes. Tests only; not part of the bin.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** dist/cli.js of this app (tests run after the build, as nx orders them). */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** One JSON log line. */
export type LogLine = Record<string, unknown> & { msg?: string };

/** A running controller process. */
export interface ControllerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Every JSON log line (stderr) so far; other lines are kept as `{ msg: '<raw>', raw: true }`. */
  readonly lines: LogLine[];
  /** Stderr so far, as text. */
  stderr(): string;
  /** Resolves with the first line (past or future) that `match` accepts; rejects after `timeoutMs` or on exit. */
  waitFor(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** The metrics port it logged. */
  metricsPort(timeoutMs?: number): Promise<number>;
  /** Sends a signal; resolves with the exit code (or signal name) once it has exited. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | string>;
  /** SIGKILL if still running (idempotent); for finally/afterEach. */
  close(): Promise<void>;
}

/** Starts the controller bin with `args` (add --kubeconfig etc. yourself). */
export function startController(
  args: readonly string[],
  env: Record<string, string> = {},
): ControllerProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  let err = '';
  let buffered = '';
  let exit: { code: number | string } | undefined;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code: code ?? signal ?? -1 };
      for (const w of waiters) w();
      resolve(exit.code);
    });
  });
  // Logs are JSON lines on stderr (STYLE.md); stdout stays empty.
  child.stdout?.resume();
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    buffered += chunk;
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      const text = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      try {
        lines.push(JSON.parse(text) as LogLine);
      } catch {
        lines.push({ msg: text, raw: true });
      }
      nl = buffered.indexOf('\n');
    }
    // Keep only the tail of the raw text: the JSON lines are the record.
    if (err.length > 100_000) err = err.slice(-50_000);
    for (const w of waiters) w();
  });
  const waitFor = (match: (line: LogLine) => boolean, timeoutMs = 20_000): Promise<LogLine> =>
    new Promise<LogLine>((resolve, reject) => {
      const check = (): void => {
        const found = lines.find(match);
        if (found) finish(() => resolve(found));
        else if (exit) {
          finish(() =>
            reject(
              new Error(`controller exited (${exit?.code}) first; stderr: ${err.slice(-2000)}`),
            ),
          );
        }
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(
              new Error(
                `no matching log line in ${timeoutMs} ms; last lines: ${JSON.stringify(lines.slice(-5))}; stderr: ${err.slice(-2000)}`,
              ),
            ),
          ),
        timeoutMs,
      );
      const finish = (fn: () => void): void => {
        clearTimeout(timer);
        waiters.delete(check);
        fn();
      };
      waiters.add(check);
      check();
    });
  const pid = child.pid ?? -1;
  return {
    child,
    pid,
    lines,
    stderr: () => err,
    waitFor,
    metricsPort: async (timeoutMs) =>
      Number((await waitFor((l) => l.msg === 'metrics server listening', timeoutMs)).port),
    stop: async (signal = 'SIGTERM', timeoutMs = 20_000) => {
      if (exit) return exit.code;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {
      if (!exit) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
