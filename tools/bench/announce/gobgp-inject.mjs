// Loads N routes into a running gobgpd with `gobgp mrt inject global FILE` (mrt.mjs writes the
// dump), and checks that gobgpd holds exactly N afterwards.
//
// Gotcha (gobgp 3.10 CLI): it exits as soon as it has read the file, without waiting for the
// reply to its gRPC stream, so whatever is still in its send buffers is lost: the last 286 of
// 100,000 routes in one trial, 1,275 of 1,000,000 in another (always a tail: the stream is
// ordered). So every dump ends with PADDING copies of its first route, which are harmless
// (re-adding a path replaces it, and no session is up yet) and are what gets lost instead;
// should even that not be enough, the missing tail is injected again. Feeding the CLI through
// a FIFO held open until gobgpd had everything avoided the loss too, but under load the CLI
// twice read a corrupted stream from it (parse errors, then a stall); plain files never did.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pollUntil } from '@baremetal-lb/lab';
import { mrtDump } from './mrt.mjs';

const PADDING = 20_000;
const MAX_PASSES = 5;
const PASS_TIMEOUT_MS = 600_000;

/**
 * Injects routes 0..n-1 into the gobgpd whose CLI is `cli` (argv prefix, run in `netns`), using
 * `dir` for the dump files; `first` is the pass-one dump (from 0, with padding) when the caller
 * has it ready. Throws unless gobgpd ends up holding exactly n destinations.
 */
export async function injectRoutes({ netns, cli, n, dir, first, mrtOptions }) {
  const ribSize = async () => {
    const out = await netns.exec([...cli, 'global', 'rib', 'summary', '-a', 'ipv4'], {
      timeoutMs: 60_000,
    });
    return Number(/Destination:\s*(\d+)/.exec(out.stdout)?.[1]);
  };
  let have = 0;
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    const file = join(dir, `inject-${pass}.mrt`);
    const dump =
      pass === 1 && first ? first : mrtDump({ from: have, to: n, padding: PADDING }, mrtOptions);
    await writeFile(file, dump);
    await netns.exec([...cli, 'mrt', 'inject', 'global', file], { timeoutMs: PASS_TIMEOUT_MS });
    await rm(file);
    // The CLI is gone; gobgpd may still be adding what it received. Wait until the count stops.
    let last = -1;
    let stableSince = 0;
    have = await pollUntil(
      async () => {
        const size = await ribSize();
        if (size === n) return size;
        if (size !== last) {
          last = size;
          stableSince = Date.now();
          return undefined;
        }
        return Date.now() - stableSince >= 2000 ? size : undefined;
      },
      { timeoutMs: PASS_TIMEOUT_MS, intervalMs: 250, what: `gobgpd to take injected routes` },
    );
    if (have === n) return;
  }
  throw new Error(`gobgpd holds ${have} of ${n} routes after ${MAX_PASSES} mrt inject passes`);
}

/** The first pass's dump, to build once per N and reuse for every repeat. */
export function firstDump(n, mrtOptions) {
  return mrtDump({ from: 0, to: n, padding: PADDING }, mrtOptions);
}
