// BGP announce benchmark: N IPv4 /32s from one sender to a BIRD 2 receiver, each in its own
// network namespace. Per sender (ours = `bgp-wire speak`, gobgpd, BIRD) and N: the time from
// Established until the receiver holds all N, the withdraw-all time, the sender's peak RSS;
// medians of --repeats runs, ratios against gobgpd measured in the same run. Needs root and
// LAB.md §1's packages. How each part works: announce/harness.mjs (what is timed, and how),
// announce/senders.mjs (how each sender is preloaded), announce/gobgp-inject.mjs (gobgpd's).
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULTS, runAnnounceBench } from './announce/harness.mjs';
import { MAX_PREFIXES } from './announce/prefixes.mjs';
import { BAR, buildTables, COLUMNS } from './announce/report.mjs';
import { SENDER_NAMES } from './announce/senders.mjs';
import { printTable, saveResults } from './lib.mjs';

const USAGE = `usage: node bgp-announce.mjs [options]
  --n LIST          comma list of route counts (env BENCH_ANNOUNCE_N; default ${DEFAULTS.ns.join(',')})
  --repeats K       runs per sender and N, medians printed (env BENCH_ANNOUNCE_REPEATS; default ${DEFAULTS.repeats})
  --senders LIST    any of ${SENDER_NAMES.join(',')} (env BENCH_ANNOUNCE_SENDERS; default all)
  --timeout-s S     cap of one announce or withdraw measurement (env BENCH_ANNOUNCE_TIMEOUT_S; default ${DEFAULTS.timeoutMs / 1000})
  --poll-ms MS      receiver poll interval (env BENCH_ANNOUNCE_POLL_MS; default ${DEFAULTS.pollMs})
  --no-save         do not write results/bgp-announce.{json,md}
ours runs "node CLI speak --config FILE", CLI = env BENCH_OURS_CLI or packages/bgp-wire/dist/cli.js
exit 0 ok (also when skipped for a missing prerequisite, unless CI=true), 1 a run failed, 2 usage`;

const REQUIRED = ['ip', 'mkfifo', 'bird', 'gobgpd', 'gobgp'];

function usageError(message) {
  console.error(`bgp-announce: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        n: { type: 'string' },
        repeats: { type: 'string' },
        senders: { type: 'string' },
        'timeout-s': { type: 'string' },
        'poll-ms': { type: 'string' },
        'no-save': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    usageError(err.message);
  }
  if (parsed.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const env = process.env;
  const int = (text, name, min, max) => {
    const value = Number(String(text).replaceAll('_', ''));
    if (!Number.isInteger(value) || value < min || value > max)
      usageError(`${name} must be an integer in ${min}..${max}, got ${text}`);
    return value;
  };
  const nText = parsed.n ?? env.BENCH_ANNOUNCE_N;
  const sendersText = parsed.senders ?? env.BENCH_ANNOUNCE_SENDERS;
  const repeatsText = parsed.repeats ?? env.BENCH_ANNOUNCE_REPEATS;
  const timeoutText = parsed['timeout-s'] ?? env.BENCH_ANNOUNCE_TIMEOUT_S;
  const pollText = parsed['poll-ms'] ?? env.BENCH_ANNOUNCE_POLL_MS;
  const senders = sendersText ? sendersText.split(',').map((s) => s.trim()) : DEFAULTS.senders;
  for (const s of senders) if (!SENDER_NAMES.includes(s)) usageError(`unknown sender ${s}`);
  return {
    ns: nText ? nText.split(',').map((t) => int(t.trim(), '--n', 1, MAX_PREFIXES)) : DEFAULTS.ns,
    repeats: repeatsText ? int(repeatsText, '--repeats', 1, 100) : DEFAULTS.repeats,
    senders: SENDER_NAMES.filter((s) => senders.includes(s)),
    timeoutMs: timeoutText ? int(timeoutText, '--timeout-s', 1, 3600) * 1000 : DEFAULTS.timeoutMs,
    pollMs: pollText ? int(pollText, '--poll-ms', 1, 1000) : DEFAULTS.pollMs,
    save: !parsed['no-save'],
  };
}

function missingPrerequisite() {
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  const path = (process.env.PATH ?? '').split(delimiter);
  const missing = REQUIRED.filter(
    (c) =>
      !path.some((dir) => {
        try {
          accessSync(join(dir, c), constants.X_OK);
          return true;
        } catch {
          return false;
        }
      }),
  );
  return missing.length ? `missing ${missing.join(', ')} (LAB.md §1)` : undefined;
}

const NOTES = [
  'Receiver: BIRD 2 (passive, import all, export none, no kernel protocol) in the router namespace of a fresh tools/lab LAN per run; sender in the node namespace, eBGP 64513 -> 64512.',
  'announce = from the receiver entering Established (BIRD state-change stamp, ms) until its channel reports N routes imported; withdraw = from the withdraw trigger until it reports 0. The receiver is polled over its control socket (default every 20 ms), the same way for every sender.',
  'Senders are preloaded before the session can come up: gobgpd by `gobgp mrt inject global FILE` of a generated MRT TABLE_DUMP_V2 dump (padded, count checked, tail re-injected if short: announce/gobgp-inject.mjs), BIRD by a static protocol of N blackhole routes, ours by `bgp-wire speak --config` with a prefixesFile (counted as loaded when its CPU time stops moving).',
  'Withdraw triggers: gobgpd `gobgp global rib del all -a ipv4`; BIRD `birdc disable` of the static protocol; ours an empty prefixesFile + SIGHUP.',
  'peak RSS = the sender process VmHWM (/proc/PID/status) just before it is stopped, preload included. Prefixes: /32s from 100.64.0.0/10 (RFC 6598), only ever inside the namespaces BGP tables.',
  `Ratios = time / gobgpd time, same run (lower is faster). Bar for ours: announce no slower than gobgpd at every N; at N=${BAR.atN.toLocaleString('en-US')} also announce <= ${BAR.announceS} s, withdraw <= ${BAR.withdrawS} s, peak RSS < ${BAR.peakRssMB} MB.`,
].join(' ');

/** The machine may be shared: say how busy it was, from each run's starting load average. */
function loadNote(samples) {
  const loads = samples.map((s) => s.loadAvg1m);
  if (loads.length === 0) return '';
  const fmt = (x) => x.toFixed(1);
  return `1-minute load average at the start of the runs: ${fmt(Math.min(...loads))} to ${fmt(Math.max(...loads))} (per run in the JSON).`;
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const missing = missingPrerequisite();
  if (missing) {
    console.error(`bgp-announce: skipped (${missing})`);
    return process.env.CI === 'true' ? 1 : 0;
  }
  const started = Date.now();
  const result = await runAnnounceBench(options, (line) => console.error(`[bgp-announce] ${line}`));
  const tables = buildTables(result, options);
  console.log(
    `\nBGP announce to a BIRD 2 receiver (medians of ${options.repeats}; ratios vs gobgpd in the same run)`,
  );
  for (const [n, rows] of tables) {
    console.log(`\nN = ${n.toLocaleString('en-US')}`);
    printTable(COLUMNS, rows);
  }
  for (const s of result.samples.filter((x) => x.error))
    console.error(`[bgp-announce] N=${s.n} ${s.sender} repeat ${s.repeat} failed: ${s.error}`);
  if (options.save) {
    saveResults('bgp-announce', {
      columns: ['N', ...COLUMNS],
      rows: [...tables].flatMap(([n, rows]) => rows.map((r) => [n, ...r])),
      notes: `${NOTES} ${loadNote(result.samples)}`,
      data: { options: { ...options, save: undefined }, ...result },
    });
  }
  console.error(`[bgp-announce] done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return result.samples.some((s) => s.error) ? 1 : 0;
}

process.exitCode = await main();
