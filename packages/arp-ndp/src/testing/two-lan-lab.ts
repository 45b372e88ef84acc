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
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ip, NamespaceLab } from './namespace-lab.js';

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

/** The two LANs; see the file header. */
export class TwoLanLab extends NamespaceLab {
  readonly c1: string;
  readonly c2: string;
  readonly node: string;

  private constructor(id: string) {
    super();
    this.c1 = `${id}-c1`;
    this.c2 = `${id}-c2`;
    this.node = `${id}-n`;
  }

  static create(): TwoLanLab {
    return TwoLanLab.open(new TwoLanLab(TwoLanLab.uniqueId('tl')));
  }

  protected namespaces(): readonly string[] {
    return [this.c1, this.c2, this.node];
  }

  protected setUp(): void {
    this.addNamespaces();
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
}
