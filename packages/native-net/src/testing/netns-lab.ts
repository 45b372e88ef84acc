// Two network namespaces joined by a veth pair, for tests against the real kernel:
//   a: 192.0.2.1/24, 2001:db8::1/64 on veth-a    b: 192.0.2.2/24, 2001:db8::2/64 on veth-b
// (documentation prefixes, RFC 5737 / RFC 3849). Nothing is created in or sent from the
// caller's own namespace. Names carry the pid and random bytes so parallel runs never collide.
// Every process is started with `ip netns exec` (which execs, so the child's pid is the
// program's), stopped by that pid, and the namespaces are deleted on close, also on failure.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConnectSpec, PeerEvent, PeerSpec } from './peer.js';

export const PEER_SCRIPT = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '.test-dist',
  'peer.js',
);
const COMMAND_TIMEOUT_MS = 5_000;
const STOP_GRACE_MS = 2_000;

export interface LabHost {
  ns: string;
  v4: string;
  v6: string;
}

/** Why these tests cannot run here (they need root and iproute2), or undefined. */
export function labUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'creating network namespaces needs root';
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore', timeout: COMMAND_TIMEOUT_MS });
  } catch {
    return 'iproute2 (`ip`) is not installed';
  }
  return undefined;
}

/** A process inside a namespace: its output, parsed JSON lines, and a bounded stop. */
export class LabProcess {
  readonly events: PeerEvent[] = [];
  output = '';
  readonly exited: Promise<number | null>;
  private readonly waiters = new Set<() => void>();
  private pending = '';
  private hasExited = false;

  constructor(
    readonly child: ChildProcess,
    readonly label: string,
  ) {
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      this.output += text;
      this.pending += text;
      let newline = this.pending.indexOf('\n');
      while (newline >= 0) {
        const line = this.pending.slice(0, newline).trim();
        this.pending = this.pending.slice(newline + 1);
        if (line.startsWith('{')) {
          try {
            this.events.push(JSON.parse(line) as PeerEvent);
          } catch {
            // not ours (a daemon's log line): kept in `output` only
          }
        }
        newline = this.pending.indexOf('\n');
      }
      for (const wake of this.waiters) wake();
    };
    child.stdout?.on('data', onData);
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

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.label}: failed to start`);
    return this.child.pid;
  }

  /** The first event matching `match`, or a rejection after `timeoutMs` or on exit. */
  waitFor<E extends PeerEvent>(match: (e: PeerEvent) => e is E, timeoutMs: number): Promise<E>;
  waitFor(match: (e: PeerEvent) => boolean, timeoutMs: number): Promise<PeerEvent>;
  waitFor(match: (e: PeerEvent) => boolean, timeoutMs: number): Promise<PeerEvent> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.events.find(match);
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

  /** SIGTERM by pid, SIGKILL after a grace period; resolves once the process is gone. */
  async stop(): Promise<void> {
    if (this.hasExited || this.child.pid === undefined) return;
    process.kill(this.child.pid, 'SIGTERM');
    if (await settlesWithin(this.exited, STOP_GRACE_MS)) return;
    if (!this.hasExited) process.kill(this.child.pid, 'SIGKILL');
    await settlesWithin(this.exited, STOP_GRACE_MS);
  }

  private failure(what: string): Error {
    return new Error(`${this.label}: ${what}; output:\n${this.output.slice(-2000)}`);
  }
}

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

export class NetnsLab implements AsyncDisposable {
  private readonly processes = new Set<LabProcess>();
  private closed = false;

  private constructor(
    readonly a: LabHost,
    readonly b: LabHost,
  ) {}

  static create(): NetnsLab {
    const id = `nn-${process.pid}-${randomBytes(3).toString('hex')}`;
    const lab = new NetnsLab(
      { ns: `${id}-a`, v4: '192.0.2.1', v6: '2001:db8::1' },
      { ns: `${id}-b`, v4: '192.0.2.2', v6: '2001:db8::2' },
    );
    try {
      lab.setUp();
    } catch (err) {
      lab.deleteNamespaces();
      throw err;
    }
    return lab;
  }

  private setUp(): void {
    const { a, b } = this;
    ip(['netns', 'add', a.ns]);
    ip(['netns', 'add', b.ns]);
    // Created inside a, its peer end moved straight into b: the caller's namespace never
    // sees either end.
    ip(['-n', a.ns, ...'link add veth-a type veth peer name veth-b netns'.split(' '), b.ns]);
    for (const [host, dev] of [
      [a, 'veth-a'],
      [b, 'veth-b'],
    ] as const) {
      ip(['-n', host.ns, 'link', 'set', 'lo', 'up']);
      ip(['-n', host.ns, 'addr', 'add', `${host.v4}/24`, 'dev', dev]);
      // nodad: usable at once instead of after duplicate address detection (~1 s)
      ip(['-n', host.ns, 'addr', 'add', `${host.v6}/64`, 'dev', dev, 'nodad']);
      ip(['-n', host.ns, 'link', 'set', dev, 'up']);
    }
  }

  /** Starts `argv` inside namespace `ns`. */
  spawn(ns: string, argv: readonly string[], label = argv[0] ?? 'process'): LabProcess {
    if (this.closed) throw new Error('lab is closed');
    const child = spawn('ip', ['netns', 'exec', ns, ...argv], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = new LabProcess(child, `${label}@${ns}`);
    this.processes.add(proc);
    void proc.exited.then(() => this.processes.delete(proc));
    return proc;
  }

  /** Starts a test peer (src/testing/peer.ts) in `ns`. */
  startPeer(ns: string, spec: PeerSpec): LabProcess {
    return this.spawn(
      ns,
      [process.execPath, PEER_SCRIPT, JSON.stringify(spec)],
      `peer:${spec.mode}`,
    );
  }

  /** Runs a `connect` peer in `ns` and returns its one outcome (bounded by its timeout). */
  async connectFrom(ns: string, spec: Omit<ConnectSpec, 'mode'>): Promise<PeerEvent> {
    const peer = this.startPeer(ns, { mode: 'connect', ...spec });
    try {
      // connect timeout + read timeout + process start-up
      return await peer.waitFor(
        (e) => e.event === 'connected' || e.event === 'error',
        2 * spec.timeoutMs + 5_000,
      );
    } finally {
      await peer.stop();
    }
  }

  /** Runs a short command in `ns` and returns its stdout (bounded). */
  exec(ns: string, argv: readonly string[]): string {
    return execFileSync('ip', ['netns', 'exec', ns, ...argv], {
      encoding: 'utf8',
      timeout: COMMAND_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** Stops every process still running, then deletes both namespaces. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.processes].map((p) => p.stop()));
    this.deleteNamespaces();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private deleteNamespaces(): void {
    for (const ns of [this.a.ns, this.b.ns]) {
      try {
        ip(['netns', 'del', ns]);
      } catch {
        // never created (setUp failed early) or already gone
      }
    }
  }
}

function ip(args: readonly string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: COMMAND_TIMEOUT_MS });
}

/**
 * Whether to skip a namespace suite: yes, with the reason printed, where namespaces cannot be
 * made (not root); under CI=true that is a failure instead, never a silent skip.
 */
export function shouldSkipLab(suite: string): boolean {
  const reason = labUnavailableReason();
  if (reason === undefined) return false;
  if (process.env.CI === 'true') throw new Error(`${suite}: cannot run under CI: ${reason}`);
  console.warn(`skipping ${suite}: ${reason}`);
  return true;
}
