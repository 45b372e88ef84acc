// ARP and NDP flood benchmark (issue 8): a bounded flood of ARP requests and of IPv6 Neighbor
// Solicitations from a client namespace to a node namespace, answered by the Linux kernel for
// addresses it owns (192.0.2.20 and 2001:db8::20, configured on the node's eth0) and by our
// responder (`arp-ndp respond`, packages/arp-ndp/dist/cli.js, one process owning both) for
// addresses it does not (192.0.2.30 and 2001:db8::30, configured nowhere), in the same run,
// alternating, medians of --repeats. The flood agent (arp/flood-agent.mjs, frames and reply
// matching in arp/requests.mjs) measures replies/s and the reply latency, at the wire (kernel
// receive timestamps) and as seen in JavaScript; arp/lab.mjs makes
// and removes the namespaces; arp/report.mjs the table and the bar, the same for both
// protocols (ours >= half the kernel's replies/s, p99 < 1 ms, at 10,000 requests/s). Needs root.
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ADDRESSES, FloodLab } from './arp/lab.mjs';
import { BAR, buildTable, COLUMNS, medians } from './arp/report.mjs';
import { printTable, saveResults } from './lib.mjs';

const AGENT = fileURLToPath(new URL('./arp/flood-agent.mjs', import.meta.url));
const OURS_CLI = fileURLToPath(new URL('../../packages/arp-ndp/dist/cli.js', import.meta.url));
const PROTOCOLS = ['arp', 'ndp'];
const USAGE = `usage: node arp-flood.mjs [options]
  --protocols LIST  which floods, comma-separated: arp, ndp (env BENCH_ARP_PROTOCOLS; default arp,ndp)
  --rate N          requests (ARP requests, NSs) per second (env BENCH_ARP_RATE; default 10000)
  --seconds S       measured flood length per run (env BENCH_ARP_SECONDS; default 3)
  --warmup-seconds W  flood sent first and not counted, same rate (default 0.5)
  --repeats R       runs per answerer, alternating, medians printed (env BENCH_ARP_REPEATS; default 5)
  --no-save         do not write results/arp-flood.{json,md}
exit 0 ok (also when skipped for a missing prerequisite, unless CI=true), 1 a run failed, 2 usage`;

function usageError(message) {
  console.error(`arp-flood: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        protocols: { type: 'string', default: process.env.BENCH_ARP_PROTOCOLS ?? 'arp,ndp' },
        rate: { type: 'string', default: process.env.BENCH_ARP_RATE ?? '10000' },
        seconds: { type: 'string', default: process.env.BENCH_ARP_SECONDS ?? '3' },
        'warmup-seconds': { type: 'string', default: '0.5' },
        repeats: { type: 'string', default: process.env.BENCH_ARP_REPEATS ?? '5' },
        'no-save': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    usageError(err.message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const num = (name, min, max, integer) => {
    const x = Number(String(values[name]).replaceAll('_', ''));
    if (!Number.isFinite(x) || x < min || x > max || (integer && !Number.isInteger(x)))
      usageError(
        `--${name} must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got ${values[name]}`,
      );
    return x;
  };
  const protocols = [
    ...new Set(
      String(values.protocols)
        .split(',')
        .map((p) => p.trim().toLowerCase())
        .filter((p) => p !== ''),
    ),
  ];
  const unknown = protocols.find((p) => !PROTOCOLS.includes(p));
  if (protocols.length === 0 || unknown !== undefined)
    usageError(`--protocols must list some of ${PROTOCOLS.join(', ')}, got ${values.protocols}`);
  return {
    // run in the order of PROTOCOLS, whatever the order given
    protocols: PROTOCOLS.filter((p) => protocols.includes(p)),
    rate: num('rate', 1, 1_000_000, true),
    seconds: num('seconds', 0.1, 60, false),
    warmupSeconds: num('warmup-seconds', 0, 10, false),
    repeats: num('repeats', 1, 50, true),
    save: !values['no-save'],
  };
}

function missingPrerequisite() {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'network namespaces and AF_PACKET need root';
  const path = (process.env.PATH ?? '').split(delimiter);
  const onPath = (c) =>
    path.some((dir) => {
      try {
        accessSync(join(dir, c), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  if (!onPath('ip')) return 'iproute2 (`ip`) is not installed';
  try {
    accessSync(OURS_CLI, constants.R_OK);
  } catch {
    return `${OURS_CLI} is not built (npx nx run @baremetal-lb/arp-ndp:build)`;
  }
  return undefined;
}

/** user + system CPU seconds of `pid` so far (/proc/PID/stat), or null. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/**
 * One flood of `protocol` requests for `target` from the client namespace; the agent's JSON
 * line, or throws with its output.
 */
async function flood(lab, protocol, target, runId, options, overrides = {}) {
  const o = { ...options, ...overrides };
  const agent = lab.spawn(lab.client, [
    process.execPath,
    AGENT,
    ...['--protocol', protocol, '--target', target, '--sender', ADDRESSES[protocol].sender],
    ...['--run', String(runId)],
    ...[
      '--rate',
      String(o.rate),
      '--seconds',
      String(o.seconds),
      '--warmup-seconds',
      String(o.warmupSeconds),
    ],
  ]);
  const code = await agent.finish((o.seconds + o.warmupSeconds) * 1000 + 30_000);
  const line = agent.stdout.split('\n').find((l) => l.startsWith('{'));
  if (code !== 0 || !line) throw new Error(`flood agent exited ${code}: ${agent.output()}`);
  return JSON.parse(line);
}

async function runBench(options, log) {
  const lab = FloodLab.create();
  const samples = [];
  let responderStopped;
  let kernelNdp;
  try {
    log(`namespaces ${lab.client}, ${lab.node}`);
    // Before ours starts: nothing may answer for ours's addresses (the kernel owns neither).
    for (const protocol of options.protocols) {
      const { ours } = ADDRESSES[protocol];
      const before = await flood(lab, protocol, ours, 0, options, {
        rate: 100,
        seconds: 0.2,
        warmupSeconds: 0,
      });
      if (before.replies !== 0 || before.foreign !== 0)
        throw new Error(
          `${before.replies} replies (${before.foreign} for another address) for ${ours} before ours ran`,
        );
    }
    // One process owning both addresses whatever is flooded, as on a real dual-stack node.
    const responder = lab.spawn(lab.node, [
      process.execPath,
      OURS_CLI,
      'respond',
      '--interface',
      'eth0',
      ...['--address', ADDRESSES.arp.ours, '--address', ADDRESSES.ndp.ours],
    ]);
    await responder.waitForOutput('"started"', 10_000);
    let runId = 1;
    for (let repeat = 1; repeat <= options.repeats; repeat++) {
      const order = repeat % 2 ? ['kernel', 'ours'] : ['ours', 'kernel'];
      for (const protocol of options.protocols) {
        for (const answerer of order) {
          const target = ADDRESSES[protocol][answerer];
          const cpuBefore = cpuSeconds(responder.child.pid);
          const loadAvg1m = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number)[0];
          const result = await flood(lab, protocol, target, runId++, options);
          const cpuAfter = cpuSeconds(responder.child.pid);
          const responderCpuS =
            cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
          samples.push({ protocol, answerer, repeat, loadAvg1m, responderCpuS, ...result });
          log(
            `repeat ${repeat} ${protocol} ${answerer}: ${result.repliesPerSecond} replies/s, p50 ${result.p50Us} / p99 ${result.p99Us} us at the wire (seen in JS ${result.p50SeenUs} / ${result.p99SeenUs}), lost ${result.lost}`,
          );
        }
      }
    }
    await responder.stop();
    const stopped = responder.stdout.split('\n').find((l) => l.includes('"stopped"'));
    responderStopped = stopped ? JSON.parse(stopped) : undefined;
    if (options.protocols.includes('ndp')) kernelNdp = kernelNdpCounters(lab);
  } finally {
    await lab.close();
  }
  return { samples, responderStopped, kernelNdp };
}

/** The kernel's own NDP counters in the node namespace (/proc/net/snmp6 is per namespace). */
function kernelNdpCounters(lab) {
  const { status, stdout } = lab.run(lab.node, ['cat', '/proc/net/snmp6']);
  if (status !== 0) return undefined;
  const value = (name) => Number(stdout.match(new RegExp(`^${name}\\s+(\\d+)`, 'm'))?.[1]);
  return {
    neighborSolicitsIn: value('Icmp6InNeighborSolicits'),
    neighborAdvertisementsOut: value('Icmp6OutNeighborAdvertisements'),
  };
}

/** One sentence on the kernel's NDP counters: did it answer every NS it received? */
function kernelNdpNote(counters) {
  if (!counters) return 'its counters could not be read.';
  const { neighborSolicitsIn: nsIn, neighborAdvertisementsOut: naOut } = counters;
  const verdict =
    naOut >= nsIn ? 'one NA (or more) per NS' : `${nsIn - naOut} NSs without an NA: throttled`;
  return `in the node namespace the kernel counted ${nsIn} NSs received and ${naOut} NAs sent over all runs (/proc/net/snmp6), ${verdict}.`;
}

function notes(options, samples, kernelNdp) {
  const loads = samples.map((s) => s.loadAvg1m);
  const hasNdp = options.protocols.includes('ndp');
  const { arp, ndp } = ADDRESSES;
  const owned = options.protocols.map((p) => ADDRESSES[p].ours).join(' and ');
  return [
    `Client and node network namespaces joined by one veth pair. The kernel answers for ${arp.kernel} and ${ndp.kernel} (on the node's eth0, the IPv6 one nodad); ours (\`arp-ndp respond --interface eth0 --address ${arp.ours} --address ${ndp.ours}\`, packages/arp-ndp/dist/cli.js, one process for both) for ${arp.ours} and ${ndp.ours}, configured nowhere (checked: no reply for ${owned} before ours starts). Ours runs through all runs, so it also receives (and drops) the kernel's requests, as on a real node.`,
    `Generator (arp/flood-agent.mjs, Node in the client namespace, native-net AF_PACKET): ${options.rate.toLocaleString('en-US')} requests/s for ${options.seconds} s after ${options.warmupSeconds} s of uncounted warm-up at the same rate; one sender IP per protocol (${arp.sender}, ${ndp.sender}), the sequence number in the requester's MAC. ARP: in the sender hardware address, which the reply echoes as its target hardware address. NDP: NSs to the target's solicited-node group and its 33:33:ff MAC, hop limit 255, checksummed, the tagged MAC as Ethernet source and Source Link-Layer Address option; the answerer updates its neighbour entry from that option and sends the NA to it (RFC 4861 §7.2.3-7.2.4), so the NA's Ethernet destination is the tag. Pacing by a ~1 ms timer, sending what is due by the clock (about rate/1000 frames back to back per tick).`,
    ...(hasNdp
      ? [
          `Kernel NAs: ${kernelNdpNote(kernelNdp)} net.ipv6.icmp.ratelimit covers ICMPv6 errors, not NDP, and the one neighbour entry for ${ndp.sender} is overridden by each NS's option, so every NS is answered to its own tag; a throttling kernel would show here and as kernel unanswered.`,
        ]
      : []),
    "Latency (p50/p99/max rows, and the bar) is measured at the wire, as ping does with SO_TIMESTAMP: the kernel's receive timestamp of the reply in the generator's namespace (SO_TIMESTAMPNS, native-net FrameInfo.timestampNs, CLOCK_REALTIME) minus CLOCK_REALTIME read right before the request's send() (realtimeNs()). It holds no delay of the generator after the reply arrived. The rows '(seen in JS)' are the older measure, reply seen in onFrame minus performance.now() before the send(): they add the rest of the generator's burst, its wakeup and the batch (the addon reads up to 64 frames per wakeup), which is most of the kernel's figure there. The kernel answers in softirq, within the sender's send() on a veth; ours goes through a wakeup of another user-space process.",
    `replies/s = measured replies / (last reply - first measured send); at an offered rate both answerers can keep up with, it equals the rate. Both the generator and the responder share this machine's cores with whatever else runs: 1-minute load average at the start of the runs ${loads.length ? `${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)}` : 'n/a'}.`,
    `Medians of ${options.repeats} runs per answerer and protocol, alternating (kernel first in odd repeats). Bar (issue 8), the same for ARP and NDP: ours >= ${BAR.minRateRatio} x the kernel's replies/s and ours p99 < ${BAR.maxP99Us} us, at ${BAR.rate.toLocaleString('en-US')} requests/s. Ratio = ours / kernel.`,
  ].join(' ');
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const missing = missingPrerequisite();
  if (missing) {
    console.error(`arp-flood: skipped (${missing})`);
    return process.env.CI === 'true' ? 1 : 0;
  }
  const log = (line) => console.error(`[arp-flood] ${line}`);
  const { samples, responderStopped, kernelNdp } = await runBench(options, log);
  const rows = [];
  const bars = {};
  const rateRatio = {};
  const mediansByProtocol = {};
  for (const protocol of options.protocols) {
    const of = (answerer) =>
      medians(samples.filter((s) => s.protocol === protocol && s.answerer === answerer));
    const ours = of('ours');
    const kernel = of('kernel');
    const table = buildTable(protocol, ours, kernel, options.rate);
    rows.push(...table.rows);
    bars[protocol] = table.bars;
    rateRatio[protocol] = table.rateRatio;
    mediansByProtocol[protocol] = { ours, kernel };
  }
  const names = options.protocols.map((p) => p.toUpperCase()).join(' and ');
  console.log(
    `\n${names} flood, ${options.rate.toLocaleString('en-US')} requests/s for ${options.seconds} s (medians of ${options.repeats}; ratio ours / kernel)`,
  );
  printTable(COLUMNS, rows);
  // Every request of every run reached the node's eth0; what ours never read was dropped by
  // the kernel before its socket (receive buffer full while it was not scheduled).
  const framesSent = samples.reduce((n, s) => n + s.sent + s.sendErrors + s.warmup, 0);
  const framesRead = responderStopped?.counters?.interfaces?.eth0?.framesReceived;
  // framesReceived also counts the few other frames of the LAN (the client kernel's own ARP
  // and NDP), so it can exceed the requests sent by those.
  const framesNotRead =
    typeof framesRead === 'number' ? Math.max(0, framesSent - framesRead) : null;
  console.log(
    `ours read ${framesRead ?? 'n/a'} frames while ${framesSent} requests were sent (both answerers' addresses; other LAN frames included); requests not read: at least ${framesNotRead ?? 'n/a'}`,
  );
  if (kernelNdp) console.log(`kernel NAs: ${kernelNdpNote(kernelNdp)}`);
  // A reply stamped no later than its request was sent is a broken clock or a missing stamp.
  const wrong = samples.filter((s) => s.duplicates > 0 || s.foreign > 0 || s.wireNotPositive > 0);
  for (const s of wrong)
    console.error(
      `[arp-flood] ${s.protocol} ${s.answerer} repeat ${s.repeat}: ${s.duplicates} duplicate and ${s.foreign} foreign replies, ${s.wireNotPositive} with wire latency <= 0`,
    );
  if (options.save) {
    saveResults('arp-flood', {
      columns: COLUMNS,
      rows,
      notes: `${notes(options, samples, kernelNdp)} Requests sent while ours ran: ${framesSent}; frames read by ours: ${framesRead ?? 'n/a'} (other LAN frames included; requests not read were dropped before its socket, whose receive buffer native-net asks to be 4 MiB).`,
      data: {
        options: { ...options, save: undefined },
        bars,
        rateRatio,
        framesSent,
        framesRead,
        kernelNdp,
        medians: mediansByProtocol,
        samples,
        responderStopped,
      },
    });
  }
  return wrong.length ? 1 : 0;
}

process.exitCode = await main();
