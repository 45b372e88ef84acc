// One measurement = a fresh lab (router + one node namespace), a sender preloaded with N
// routes on the node, a passive BIRD 2 receiver on the router, then:
//   announce  = from the moment the receiver entered Established (BIRD's own state-change
//               stamp, in ms) to the first poll where its channel holds N routes;
//   withdraw  = from the moment the sender is told to withdraw everything to the first poll
//               where the receiver holds 0;
//   peak RSS  = the sender's VmHWM, read just before it is stopped.
// Every sender is timed by the same receiver-side polls, so the ratios between them are fair.
// The receiver's own memory is never counted: it is a separate process.
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab, pollUntil } from '@baremetal-lb/lab';
import { parseProtocolStatus, parseRouteCount } from './bird-control.mjs';
import { BirdDaemon } from './bird-daemon.mjs';
import { firstDump } from './gobgp-inject.mjs';
import { birdStaticRoutes, prefixList, SENDER_NEXT_HOP } from './prefixes.mjs';
import {
  createSender,
  oursUnavailableReason,
  peakRssBytes,
  RECEIVER_AS,
  SENDER_AS,
} from './senders.mjs';

const SESSION_TIMEOUT_MS = 60_000;

/** Defaults of {@link runAnnounceBench}; the CLI overrides them. */
export const DEFAULTS = {
  ns: [100_000, 1_000_000],
  repeats: 3,
  senders: ['ours', 'gobgpd', 'bird'],
  /** Cap of one announce or withdraw measurement. */
  timeoutMs: 180_000,
  /** Receiver poll interval. */
  pollMs: 20,
};

/**
 * Runs every sender `repeats` times at every N (senders interleaved within a repeat, so drift
 * of the machine spreads over all of them). Returns `{ skipped: {sender: reason}, samples }`,
 * one sample per run: `{ n, sender, repeat, announceS, withdrawS, peakRssBytes,
 * routesAfterAnnounce, routesAfterWithdraw, timedOut?, error? }`. `log` gets progress lines.
 */
export async function runAnnounceBench(options = {}, log = () => {}) {
  const o = { ...DEFAULTS, ...options };
  const skipped = {};
  if (o.senders.includes('ours')) {
    const reason = await oursUnavailableReason();
    if (reason) {
      skipped.ours = reason;
      log(`ours: skipped (${reason})`);
    }
  }
  const senders = o.senders.filter((s) => !(s in skipped));
  const samples = [];
  const work = await mkdtemp(join(tmpdir(), 'blb-bench-announce-'));
  try {
    for (const n of o.ns) {
      log(`N=${n}: preparing inputs`);
      const inputs = prepareInputs(n);
      for (let repeat = 1; repeat <= o.repeats; repeat++) {
        for (const sender of senders) {
          log(`N=${n} ${sender} repeat ${repeat}/${o.repeats}`);
          const sample = await measureOnce({ sender, n, repeat, inputs, work, ...o });
          log(`  -> ${describeSample(sample)}`);
          samples.push(sample);
        }
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { skipped, samples };
}

function prepareInputs(n) {
  const mrtOptions = { nextHop: SENDER_NEXT_HOP, peerAs: SENDER_AS };
  return {
    mrt: firstDump(n, mrtOptions),
    mrtOptions,
    prefixList: prefixList(n),
    birdStaticRoutes: birdStaticRoutes(n),
  };
}

async function measureOnce({ sender: name, n, repeat, inputs, work, timeoutMs, pollMs }) {
  // The machine's load when the run starts: other work on a shared box shows up here.
  const sample = { n, sender: name, repeat, loadAvg1m: os.loadavg()[0] };
  const lab = await Lab.create({ hosts: ['node'], ipv6: false });
  const dir = await mkdtemp(join(work, `${name}-`));
  try {
    const router = lab.router;
    const host = lab.host('node');
    const sender = createSender(name, { host, router, n, inputs, dir });
    const receiver = new BirdDaemon({ host: router, dir, name: 'receiver' });
    try {
      await sender.start();
      await receiver.start(receiverConfig(router, host));
      const status = () => receiverStatus(receiver);
      const established = await waitFor(status, (s) => s.state === 'Established', {
        timeoutMs: SESSION_TIMEOUT_MS,
        pollMs,
        what: `the receiver to report ${name} Established`,
      });
      const full = await waitFor(status, (s) => checkUp(s) >= n, { timeoutMs, pollMs });
      if (full.timedOut) {
        sample.timedOut = 'announce';
      } else {
        // Same session as when first seen Established? BIRD renders its monotonic stamp in
        // wall-clock time anew for every reply, so the text can move by a millisecond; a real
        // reset (reconnect after an error wait) moves it by seconds.
        if (Math.abs(full.value.sinceMs - established.value.sinceMs) > 100)
          throw new Error('receiver session was reset during the announce');
        sample.announceS = (full.at - established.value.sinceMs) / 1000;
        sample.routesAfterAnnounce = await tableRoutes(receiver);
        const triggered = Date.now();
        const trigger = sender.withdrawAll();
        const empty = await waitFor(status, (s) => checkUp(s) === 0, { timeoutMs, pollMs });
        await trigger;
        if (empty.timedOut) sample.timedOut = 'withdraw';
        else sample.withdrawS = (empty.at - triggered) / 1000;
        sample.routesAfterWithdraw = await tableRoutes(receiver);
      }
      sample.peakRssBytes = await peakRssBytes(sender.pid);
      return sample;
    } catch (err) {
      sample.error = err instanceof Error ? err.message : String(err);
      sample.receiverLog = await receiver.tail();
      return sample;
    } finally {
      await sender.close();
      await receiver.close();
    }
  } finally {
    await lab.close();
  }
}

/** The receiver: passive, takes everything, sends nothing, writes nothing to any FIB. */
function receiverConfig(router, host) {
  return [
    `router id ${router.ipv4};`,
    // Millisecond state-change stamps: the announce window starts at Established exactly.
    'timeformat protocol iso long ms;',
    // Interfaces only, to see that the sender is directly connected; no `protocol kernel`.
    'protocol device {}',
    'protocol bgp sender {',
    `  local ${router.ipv4} as ${RECEIVER_AS};`,
    `  neighbor ${host.ipv4} as ${SENDER_AS};`,
    '  passive on;',
    '  ipv4 { import all; export none; };',
    '}',
    '',
  ].join('\n');
}

async function receiverStatus(receiver) {
  return parseProtocolStatus(await receiver.request('show protocols all sender'));
}

/** The imported count of a session that must stay up: a reset mid-run fails the run. */
function checkUp(status) {
  if (status.state !== 'Established')
    throw new Error(`receiver session left Established (${status.state})`);
  return status.imported ?? 0;
}

/** Routes in the receiver's whole table (not timed): what the test asserts on. */
async function tableRoutes(receiver) {
  return parseRouteCount(await receiver.request('show route count', { timeoutMs: 60_000 })).routes;
}

/**
 * Polls `read` every `pollMs` until `predicate` holds; returns `{ at, value }` (`at`: epoch ms
 * when that reply arrived, the clock BIRD stamps with) or `{ timedOut: true }` after
 * `timeoutMs`. With `what`, a timeout throws instead.
 */
async function waitFor(read, predicate, { timeoutMs, pollMs, what }) {
  try {
    return await pollUntil(
      async () => {
        const value = await read();
        return predicate(value) ? { at: Date.now(), value } : undefined;
      },
      { timeoutMs, intervalMs: pollMs, what: what ?? 'the receiver' },
    );
  } catch (err) {
    if (what === undefined && err?.code === 'LAB_ERR_TIMEOUT') return { timedOut: true };
    throw err;
  }
}

function describeSample(s) {
  if (s.error) return `error: ${s.error}`;
  const parts = [
    s.announceS === undefined ? `announce timeout` : `announce ${s.announceS.toFixed(3)} s`,
    s.withdrawS === undefined ? `withdraw timeout/not run` : `withdraw ${s.withdrawS.toFixed(3)} s`,
    s.peakRssBytes === undefined ? '' : `peak RSS ${(s.peakRssBytes / 2 ** 20).toFixed(0)} MB`,
  ];
  return parts.filter(Boolean).join(', ');
}
