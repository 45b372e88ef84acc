// The three senders, each preloaded with N routes before its session can come up, so the
// measured window (receiver Established -> receiver holds N) is transfer + import only:
// - gobgpd: the routes go in through `gobgp mrt inject global` of an MRT dump (gobgp-inject.mjs);
// - bird: a static protocol of N blackhole routes, exported to the receiver;
// - ours: `bgp-wire speak --config FILE` with a `prefixesFile` (DESIGN.md "Contracts").
// Each has the same shape: start() (loaded when it resolves), withdrawAll() (the trigger),
// pid, close(). The session is active from the sender's side; the receiver starts afterwards.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GoBgp, pollUntil } from '@baremetal-lb/lab';
import { parseProtocolStatus } from './bird-control.mjs';
import { BirdDaemon } from './bird-daemon.mjs';
import { injectRoutes } from './gobgp-inject.mjs';

export const RECEIVER_AS = 64512;
export const SENDER_AS = 64513;

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** `bgp-wire`'s bin as `npm run build` leaves it; BENCH_OURS_CLI points at another build. */
export const OURS_CLI = process.env.BENCH_OURS_CLI ?? join(REPO, 'packages/bgp-wire/dist/cli.js');

const LOAD_TIMEOUT_MS = 600_000;

/** Sender names in table order. */
export const SENDER_NAMES = ['ours', 'gobgpd', 'bird'];

/** Builds the sender called `name` on lab host `host`, peering with the router. */
export function createSender(name, context) {
  const make = { ours: oursSender, gobgpd: gobgpdSender, bird: birdSender }[name];
  if (!make) throw new Error(`unknown sender ${name} (known: ${SENDER_NAMES.join(', ')})`);
  return make(context);
}

/** Why `bgp-wire speak` cannot run here, or undefined when it can. */
export async function oursUnavailableReason() {
  if (!existsSync(OURS_CLI)) return 'bgp-wire speak not built yet';
  const help = await promisify(execFile)(process.execPath, [OURS_CLI, '--help'], {
    timeout: 10_000,
  }).catch((err) => ({ stdout: String(err.stdout ?? ''), stderr: String(err.stderr ?? '') }));
  return /^\s+speak\b/m.test(`${help.stdout}\n${help.stderr}`)
    ? undefined
    : 'bgp-wire speak not built yet';
}

/** VmHWM (peak resident set) of a running process, in bytes. */
export async function peakRssBytes(pid) {
  if (pid === undefined) throw new Error('sender is not running');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kb) * 1024;
}

function gobgpdSender({ host, router, n, inputs, dir }) {
  const gobgp = new GoBgp({
    host,
    asn: SENDER_AS,
    routerId: host.ipv4,
    neighbors: [{ address: router.ipv4, asn: RECEIVER_AS }],
  });
  const cli = () => ['gobgp', '-u', '127.0.0.1', '-p', String(gobgp.apiPort)];
  return {
    async start() {
      await gobgp.start();
      await injectRoutes({
        netns: host.netns,
        cli: cli(),
        n,
        dir,
        first: inputs.mrt,
        mrtOptions: inputs.mrtOptions,
      });
    },
    async withdrawAll() {
      await host.netns.exec([...cli(), 'global', 'rib', 'del', 'all', '-a', 'ipv4'], {
        timeoutMs: LOAD_TIMEOUT_MS,
      });
    },
    get pid() {
      return gobgp.pid;
    },
    close: () => gobgp.close(),
  };
}

function birdSender({ host, router, n, inputs, dir }) {
  const bird = new BirdDaemon({ host, dir, name: 'sender' });
  const config = [
    `router id ${host.ipv4};`,
    'protocol device {}',
    'protocol static bench_routes {',
    '  ipv4;',
    inputs.birdStaticRoutes,
    '}',
    'protocol bgp receiver {',
    `  local ${host.ipv4} as ${SENDER_AS};`,
    `  neighbor ${router.ipv4} as ${RECEIVER_AS};`,
    '  connect delay time 1;',
    '  connect retry time 2;',
    '  error wait time 1, 10;',
    '  ipv4 { import none; export where source = RTS_STATIC; };',
    '}',
    '',
  ].join('\n');
  return {
    async start() {
      await bird.start(config, { timeoutMs: LOAD_TIMEOUT_MS });
      await pollUntil(
        async () =>
          parseProtocolStatus(await bird.request('show protocols all bench_routes')).imported === n
            ? true
            : undefined,
        { timeoutMs: 60_000, intervalMs: 100, what: `sender bird to hold ${n} static routes` },
      );
    },
    async withdrawAll() {
      await bird.request('disable bench_routes');
    },
    get pid() {
      return bird.pid;
    },
    close: () => bird.close(),
  };
}

function oursSender({ host, router, inputs, dir }) {
  const prefixesFile = join(dir, 'ours-prefixes.txt');
  const configFile = join(dir, 'ours.yaml');
  let proc;
  const config = [
    '# bgp-announce bench: our speaker in the sender namespace (DESIGN.md "Contracts").',
    `localAS: ${SENDER_AS}`,
    `routerId: ${host.ipv4}`,
    'peers:',
    `  - address: ${router.ipv4}`,
    `    peerAS: ${RECEIVER_AS}`,
    `    localAddress: ${host.ipv4}`,
    `prefixesFile: ${prefixesFile}`,
    '',
  ].join('\n');
  return {
    async start() {
      await writeFile(prefixesFile, inputs.prefixList);
      await writeFile(configFile, config);
      proc = await host.netns.spawn([process.execPath, OURS_CLI, 'speak', '--config', configFile], {
        outputFile: join(dir, 'ours.out'),
      });
      await untilIdle(proc, () => readFile(join(dir, 'ours.out'), 'utf8').catch(() => ''));
    },
    async withdrawAll() {
      // The contract: SIGHUP re-reads prefixesFile and sends only the differences.
      await writeFile(prefixesFile, '');
      proc.signal('SIGHUP');
    },
    get pid() {
      return proc?.isRunning ? proc.pid : undefined;
    },
    close: async () => proc?.stop(),
  };
}

/**
 * The contract has no "prefixes loaded" signal, so "preloaded" is judged from outside: the
 * process is still running and its CPU time has not moved for 300 ms (reading and indexing a
 * million prefixes keeps it busy; waiting for a peer to answer does not). If it were still
 * loading when the session came up, that time would count against it, never for it.
 */
async function untilIdle(proc, output) {
  let last = -1;
  let stableSince = 0;
  await pollUntil(
    async () => {
      if (!proc.isRunning)
        throw new Error(`bgp-wire speak exited: ${(await output()).slice(-2000)}`);
      const cpu = await cpuTicks(proc.pid);
      const now = Date.now();
      if (cpu !== last) {
        last = cpu;
        stableSince = now;
        return undefined;
      }
      return now - stableSince >= 300 ? true : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 50, what: 'bgp-wire speak to finish loading its prefixes' },
  );
}

async function cpuTicks(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
