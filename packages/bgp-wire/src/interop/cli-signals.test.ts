/**
 * `bgp-wire speak` as a process and its signals (DESIGN.md "Contracts": SIGTERM drains, then
 * exit 0). A signal the process has no listener for takes Node's default action and kills it
 * on the spot: no drain, no Cease, no exit 0. These run the real CLI (no peers: nothing on
 * any network) in a lab namespace and send real signals to its PID.
 */

import { readFile } from 'node:fs/promises';
import { Netns } from '@baremetal-lb/lab';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInterop, waitUntil } from './env.js';
import { SpeakCli } from './speak-cli.js';

/** Whether `pid` has a handler for signal number `signal` (the SigCgt mask in /proc). */
async function catches(pid: number, signal: number): Promise<boolean> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  return mask !== undefined && (BigInt(`0x${mask}`) & (1n << BigInt(signal - 1))) !== 0n;
}

const SIGHUP = 1;
/** 300,000 host routes from 10.0.0.0/8 (RFC 1918, never announced: there are no peers). */
const BIG_PREFIXES = Array.from(
  { length: 300_000 },
  (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`,
).join('\n');

describeInterop('none', 'bgp-wire speak and its signals (the process)', () => {
  let ns: Netns | undefined;
  beforeAll(async () => {
    ns = await Netns.create({ role: 'signals' });
  });
  afterAll(async () => {
    await ns?.close();
  });

  it('drains and exits 0 on a SIGTERM that comes while a large prefixesFile loads', async () => {
    const cli = await SpeakCli.start(
      { netns: ns! },
      { localAS: 64513, routerId: '192.0.2.11', drainTime: 0, peers: [], prefixesFile: 'p.txt' },
      { files: { 'p.txt': BIG_PREFIXES } },
    );
    // Node itself catches SIGTERM from the start (and re-raises it); SIGHUP is caught once the
    // CLI's listeners are in, before it reads the config. The file takes a while to load.
    await waitUntil(
      'the CLI to listen for signals',
      async () => ((await catches(cli.proc.pid, SIGHUP)) ? true : undefined),
      5_000,
      5,
    );
    const loadedBefore = (await cli.events()).some((e) => e.event === 'config');
    cli.signal('SIGTERM');
    expect(await cli.proc.waitExit(30_000)).toBe(true);
    expect(cli.proc.exitSignal).toBeNull();
    expect(cli.proc.exitCode).toBe(0);
    const events = (await cli.events()).map((e) => e.event);
    expect(events).toEqual(['config', 'draining', 'stopped']);
    expect(loadedBefore).toBe(false);
  });

  it('runs with no peers until a SIGTERM, drains through a second SIGTERM, a SIGINT and a SIGHUP, then exits 0', async () => {
    const cli = await SpeakCli.start(
      { netns: ns! },
      { localAS: 64513, routerId: '192.0.2.11', drainTime: 2, peers: [], routes: [] },
    );
    await cli.waitForEvent('"config"', (e) => e.event === 'config', 10_000);
    // No peers, no listener: nothing but the CLI itself keeps it running until a signal.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(cli.proc.isRunning).toBe(true);
    cli.signal('SIGTERM');
    await cli.waitForEvent('"draining"', (e) => e.event === 'draining', 5_000);
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) cli.signal(signal);
    expect(await cli.proc.waitExit(10_000)).toBe(true);
    expect(cli.proc.exitSignal).toBeNull();
    expect(cli.proc.exitCode).toBe(0);
    expect((await cli.events()).map((e) => e.event)).toEqual(['config', 'draining', 'stopped']);
  });
});
