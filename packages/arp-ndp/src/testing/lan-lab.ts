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
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ip, NamespaceLab } from './namespace-lab.js';

export { type LabEvent, LabProcess } from './lab-process.js';

const COMMAND_TIMEOUT_MS = 5_000;
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

/** The LAN; see the file header. */
export class LanLab extends NamespaceLab {
  readonly client: string;
  readonly a: string;
  readonly b: string;
  private readonly lan: string;

  private constructor(id: string) {
    super();
    this.lan = `${id}-lan`;
    this.client = `${id}-c`;
    this.a = `${id}-a`;
    this.b = `${id}-b`;
  }

  static create(): LanLab {
    return LanLab.open(new LanLab(LanLab.uniqueId('an')));
  }

  protected namespaces(): readonly string[] {
    return [this.client, this.a, this.b, this.lan];
  }

  protected setUp(): void {
    this.addNamespaces();
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

  /** The lladdr of `address` in the client's neighbour table (eth0), or undefined. */
  clientNeighbor(address: string): { lladdr?: string; state?: string[] } | undefined {
    const family = address.includes(':') ? '-6' : '-4';
    const rows = JSON.parse(
      ip(['-n', this.client, family, '-j', 'neigh', 'show', address, 'dev', 'eth0']),
    ) as { lladdr?: string; state?: string[] }[];
    return rows[0];
  }
}
