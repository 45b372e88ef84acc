/**
 * A switched LAN in network namespaces, for the responder against the Linux kernel:
 *   lan:    bridge br0 (multicast snooping off: nodes join groups with no MLD report)
 *   client: eth0 192.0.2.1/24, 2001:db8::1/64 (the kernel whose neighbour table we read)
 *   a, b:   eth0 with no address at all (the responders' nodes)
 * each eth0 being one end of a veth pair whose other end is a port of br0. Names carry the pid
 * and random bytes, so parallel runs never collide; nothing touches the caller's namespace.
 * Processes are started with `ip netns exec` (which execs: the pid is the program's) and stopped
 * by that pid; `close()` stops them and deletes the namespaces, also after a failure.
 * Also bundles the `arp-ndp` CLI with esbuild into a temp dir (the code under test, not dist/).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const COMMAND_TIMEOUT_MS = 5_000;
const STOP_GRACE_MS = 2_000;
const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');
const NATIVE_NET_BUILD = join(SRC, '..', '..', 'native-net', 'build');

/** Why namespace tests cannot run here, or undefined. */
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

/** Skip (printing why) where the lab cannot run; under CI=true that is a failure instead. */
export function shouldSkipLab(suite: string): boolean {
  const reason = labUnavailableReason();
  if (reason === undefined) return false;
  if (process.env.CI === 'true') throw new Error(`${suite}: cannot run under CI: ${reason}`);
  console.warn(`skipping ${suite}: ${reason}`);
  return true;
}

/** The CLI bundled into a temp dir, with native-net's addon where its loader looks. */
export async function bundleCli(): Promise<{ script: string; remove: () => void }> {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'arp-ndp-cli-'));
  // The bundled native-net loader looks for <bundle dir>/../build/Release/native_net.node.
  symlinkSync(NATIVE_NET_BUILD, join(dir, 'build'));
  const script = join(dir, 'bin', 'cli.js');
  await build({
    entryPoints: [join(SRC, 'cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: script,
    logLevel: 'silent',
  });
  return { script, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

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
    timeoutMs = COMMAND_TIMEOUT_MS,
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

function ip(args: readonly string[]): string {
  return execFileSync('ip', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: COMMAND_TIMEOUT_MS,
  });
}

/** The LAN; see the file header. */
export class LanLab {
  readonly client: string;
  readonly a: string;
  readonly b: string;
  private readonly lan: string;
  private readonly processes = new Set<LabProcess>();
  private closed = false;

  private constructor(id: string) {
    this.lan = `${id}-lan`;
    this.client = `${id}-c`;
    this.a = `${id}-a`;
    this.b = `${id}-b`;
  }

  static create(): LanLab {
    const lab = new LanLab(`an-${process.pid}-${randomBytes(3).toString('hex')}`);
    try {
      lab.setUp();
    } catch (err) {
      lab.deleteNamespaces();
      throw err;
    }
    return lab;
  }

  private setUp(): void {
    const all = [this.lan, this.client, this.a, this.b];
    for (const ns of all) {
      ip(['netns', 'add', ns]);
      // Interfaces made afterwards skip DAD: addresses (the nodes' link-locals) usable at once.
      this.exec(ns, ['sysctl', '-qw', 'net.ipv6.conf.default.accept_dad=0']);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    ip(['-n', this.lan, ...'link add br0 type bridge mcast_snooping 0'.split(' ')]);
    ip(['-n', this.lan, 'link', 'set', 'br0', 'up']);
    for (const [ns, port] of [
      [this.client, 'pc'],
      [this.a, 'pa'],
      [this.b, 'pb'],
    ] as const) {
      ip([
        '-n',
        this.lan,
        'link',
        'add',
        port,
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        ns,
      ]);
      ip(['-n', this.lan, 'link', 'set', port, 'master', 'br0', 'up']);
      ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
    }
    ip(['-n', this.client, 'addr', 'add', '192.0.2.1/24', 'dev', 'eth0']);
    ip(['-n', this.client, 'addr', 'add', '2001:db8::1/64', 'dev', 'eth0', 'nodad']);
  }

  /** eth0's MAC in `ns`. */
  macOf(ns: string): string {
    const links = JSON.parse(ip(['-n', ns, '-j', 'link', 'show', 'eth0'])) as { address: string }[];
    return links[0]?.address ?? '';
  }

  /** The lladdr of `address` in the client's neighbour table (eth0), or undefined. */
  clientNeighbor(address: string): { lladdr?: string; state?: string[] } | undefined {
    const family = address.includes(':') ? '-6' : '-4';
    const rows = JSON.parse(
      ip(['-n', this.client, family, '-j', 'neigh', 'show', address, 'dev', 'eth0']),
    ) as { lladdr?: string; state?: string[] }[];
    return rows[0];
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

  private deleteNamespaces(): void {
    for (const ns of [this.client, this.a, this.b, this.lan]) {
      try {
        ip(['netns', 'del', ns]);
      } catch {
        // never created, or already gone
      }
    }
  }
}
