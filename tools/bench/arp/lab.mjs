// The namespaces of arp-flood.mjs: a client and a node joined by one veth pair (no bridge, so
// no forwarding database learns the flood's 30,000 source MACs):
//   client: eth0, no address (the flood agent speaks raw frames from 192.0.2.1 / 2001:db8::1)
//   node:   eth0 192.0.2.20/24 and 2001:db8::20/64 (nodad), the kernel's; 192.0.2.30 and
//           2001:db8::30 are configured nowhere, ours answers them
// Names carry the pid and random bytes, so parallel runs never collide. Processes are started
// with `ip netns exec` (which execs: the pid is the program's) and stopped by that pid. `close()`
// stops them and deletes the namespaces; an exit hook does the same synchronously if the bench
// dies first. Every command has a timeout.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const COMMAND_TIMEOUT_MS = 5_000;
const STOP_GRACE_MS = 2_000;

/** Per protocol: the kernel's address, ours's (configured nowhere), the flood's sender. */
export const ADDRESSES = {
  arp: { kernel: '192.0.2.20', ours: '192.0.2.30', sender: '192.0.2.1' },
  ndp: { kernel: '2001:db8::20', ours: '2001:db8::30', sender: '2001:db8::1' },
};

function ip(args) {
  return execFileSync('ip', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: COMMAND_TIMEOUT_MS,
  });
}

/** Resolves true when `promise` settles within `ms`. */
function settlesWithin(promise, ms) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

/** A child process in a namespace, stdout/stderr kept, exit awaited with bounds. */
export class NsProcess {
  constructor(child) {
    this.child = child;
    this.stdout = '';
    this.stderr = '';
    this.exitCode = undefined;
    child.stdout.on('data', (chunk) => {
      this.stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk) => {
      this.stderr += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? signal;
        resolve(this.exitCode);
      });
      child.once('error', (err) => {
        this.exitCode = err.message;
        resolve(this.exitCode);
      });
    });
  }

  get running() {
    return this.exitCode === undefined;
  }

  /** Waits until stdout has a line containing `text`; rejects on exit or after `timeoutMs`. */
  async waitForOutput(text, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (!this.stdout.includes(text)) {
      if (!this.running) throw new Error(`exited (${this.exitCode}) first: ${this.output()}`);
      if (Date.now() > deadline)
        throw new Error(`no "${text}" in ${timeoutMs} ms: ${this.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Waits for the exit, at most `timeoutMs` (then SIGKILL by pid). */
  async finish(timeoutMs) {
    if (!(await settlesWithin(this.exited, timeoutMs))) await this.stop();
    return this.exitCode;
  }

  /** SIGTERM by pid, SIGKILL after a grace period. */
  async stop() {
    if (!this.running || this.child.pid === undefined) return this.exitCode;
    process.kill(this.child.pid, 'SIGTERM');
    if (!(await settlesWithin(this.exited, STOP_GRACE_MS)) && this.running) {
      process.kill(this.child.pid, 'SIGKILL');
      await settlesWithin(this.exited, STOP_GRACE_MS);
    }
    return this.exitCode;
  }

  output() {
    return `${this.stdout}${this.stderr}`.slice(-2000);
  }
}

/** The two namespaces; see the file header. */
export class FloodLab {
  constructor() {
    const id = `af-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.client = `${id}-c`;
    this.node = `${id}-n`;
    this.processes = new Set();
    this.closed = false;
    this.exitHook = () => this.closeSync();
  }

  /** Creates the namespaces and links; on failure deletes what it made and throws. */
  static create() {
    const lab = new FloodLab();
    process.once('exit', lab.exitHook);
    try {
      lab.setUp();
    } catch (err) {
      lab.closeSync();
      throw err;
    }
    return lab;
  }

  setUp() {
    for (const ns of [this.client, this.node]) {
      ip(['netns', 'add', ns]);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    ip([
      '-n',
      this.client,
      'link',
      'add',
      'eth0',
      'type',
      'veth',
      'peer',
      'name',
      'eth0',
      'netns',
      this.node,
    ]);
    for (const ns of [this.client, this.node]) ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
    ip(['-n', this.node, 'addr', 'add', `${ADDRESSES.arp.kernel}/24`, 'dev', 'eth0']);
    // nodad: usable at once, no Duplicate Address Detection probe racing the first flood.
    ip(['-n', this.node, 'addr', 'add', `${ADDRESSES.ndp.kernel}/64`, 'dev', 'eth0', 'nodad']);
  }

  /** Starts `argv` in `ns`. */
  spawn(ns, argv) {
    if (this.closed) throw new Error('lab is closed');
    const child = spawn('ip', ['netns', 'exec', ns, ...argv], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = new NsProcess(child);
    this.processes.add(proc);
    proc.exited.then(() => this.processes.delete(proc));
    return proc;
  }

  /** Runs a short command in `ns`; a non-zero exit is an answer: `{ status, stdout }`. */
  run(ns, argv) {
    try {
      const stdout = execFileSync('ip', ['netns', 'exec', ns, ...argv], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: COMMAND_TIMEOUT_MS,
      });
      return { status: 0, stdout };
    } catch (err) {
      return { status: err.status ?? -1, stdout: err.stdout ?? '' };
    }
  }

  /** Stops every process still running (by pid), deletes the namespaces. Idempotent. */
  async close() {
    await Promise.allSettled([...this.processes].map((p) => p.stop()));
    this.closeSync();
  }

  /** The synchronous part of close(), also the exit hook: SIGKILL by pid, delete namespaces. */
  closeSync() {
    if (this.closed) return;
    this.closed = true;
    process.removeListener('exit', this.exitHook);
    for (const p of this.processes) {
      if (p.running && p.child.pid !== undefined) {
        try {
          process.kill(p.child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    for (const ns of [this.client, this.node]) {
      try {
        ip(['netns', 'del', ns]);
      } catch {
        // never created, or already gone
      }
    }
  }
}
