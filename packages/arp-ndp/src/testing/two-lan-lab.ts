/**
 * Two LANs that meet at one node, in network namespaces, for the responder's isolation and
 * bad-input proofs against the Linux kernel:
 *   c1:   eth0 192.0.2.1/24, 2001:db8::1/64  <-veth->  node eth0   (LAN 1)
 *   c2:   eth0 192.0.2.2/24, 2001:db8::2/64  <-veth->  node eth1   (LAN 2)
 *   node: eth0 and eth1 with no address (the responder's host; link-locals only, no DAD wait)
 * Direct veth pairs, no bridge: each LAN is one cable, so a frame on LAN 2 can reach the node
 * only through eth1. Names carry the pid and random bytes (parallel runs never collide);
 * processes run with `ip netns exec` and are stopped by pid; `close()` stops them and deletes
 * the namespaces, also after a failure. `bundleLabScripts` bundles the `arp-ndp` CLI and the
 * frame agent (./frame-agent.ts) from source with esbuild.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabProcess } from './lan-lab.js';

const COMMAND_TIMEOUT_MS = 5_000;
const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');
const NATIVE_NET_BUILD = join(SRC, '..', '..', 'native-net', 'build');

/** The bundled scripts: `node <cli> respond ...`, `node <agent> send|listen ...`. */
export interface LabScripts {
  cli: string;
  agent: string;
  remove(): void;
}

/** Bundles the CLI and the frame agent into one temp dir, native-net's addon beside them. */
export async function bundleLabScripts(): Promise<LabScripts> {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'arp-ndp-lab-'));
  // The bundled native-net loader looks for <bundle dir>/../build/Release/native_net.node.
  symlinkSync(NATIVE_NET_BUILD, join(dir, 'build'));
  await build({
    entryPoints: {
      cli: join(SRC, 'cli.ts'),
      'frame-agent': join(SRC, 'testing', 'frame-agent.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: join(dir, 'bin'),
    logLevel: 'silent',
  });
  return {
    cli: join(dir, 'bin', 'cli.js'),
    agent: join(dir, 'bin', 'frame-agent.js'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function ip(args: readonly string[]): string {
  return execFileSync('ip', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: COMMAND_TIMEOUT_MS,
  });
}

/** The two LANs; see the file header. */
export class TwoLanLab {
  readonly c1: string;
  readonly c2: string;
  readonly node: string;
  private readonly processes = new Set<LabProcess>();
  private closed = false;

  private constructor(id: string) {
    this.c1 = `${id}-c1`;
    this.c2 = `${id}-c2`;
    this.node = `${id}-n`;
  }

  static create(): TwoLanLab {
    const lab = new TwoLanLab(`tl-${process.pid}-${randomBytes(3).toString('hex')}`);
    try {
      lab.setUp();
    } catch (err) {
      lab.deleteNamespaces();
      throw err;
    }
    return lab;
  }

  private setUp(): void {
    for (const ns of [this.node, this.c1, this.c2]) {
      ip(['netns', 'add', ns]);
      // Interfaces made afterwards skip DAD: the node's link-locals are usable at once.
      this.exec(ns, ['sysctl', '-qw', 'net.ipv6.conf.default.accept_dad=0']);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    const clients = [
      [this.c1, 'eth0', '1'],
      [this.c2, 'eth1', '2'],
    ] as const;
    for (const [client, nodeDev, host] of clients) {
      // Made in the node, the peer end moved straight into the client: the caller's namespace
      // never sees either end.
      ip([
        '-n',
        this.node,
        'link',
        'add',
        nodeDev,
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        client,
      ]);
      ip(['-n', this.node, 'link', 'set', nodeDev, 'up']);
      ip(['-n', client, 'link', 'set', 'eth0', 'up']);
      ip(['-n', client, 'addr', 'add', `192.0.2.${host}/24`, 'dev', 'eth0']);
      ip(['-n', client, 'addr', 'add', `2001:db8::${host}/64`, 'dev', 'eth0', 'nodad']);
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

  private deleteNamespaces(): void {
    for (const ns of [this.c1, this.c2, this.node]) {
      try {
        ip(['netns', 'del', ns]);
      } catch {
        // never created, or already gone
      }
    }
  }
}
