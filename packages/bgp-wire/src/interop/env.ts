/**
 * Test helper (not exported): when the interop suite can run, and the shared timers.
 *
 * The interop tests need root (network namespaces, TCP-MD5), the lab's daemons (LAB.md §1)
 * and the built CLI (`npm run build`). Without them a test file is skipped with the reason
 * printed, never silently, and never under CI=true: CI must run them (STYLE.md §8).
 */

import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

/** The built `bgp-wire` CLI (`npm run build` makes it; CI builds before it tests). */
export const CLI_PATH = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** The programs each daemon's tests run, besides `ip` (LAB.md §1 installs them). */
export const DAEMON_PROGRAMS = {
  bird: ['bird', 'birdc'],
  gobgp: ['gobgpd', 'gobgp'],
  frr: ['/usr/lib/frr/bgpd', 'vtysh'],
  exabgp: ['exabgp', 'python3'],
  none: [],
} as const;

export type DaemonName = keyof typeof DAEMON_PROGRAMS;

function isExecutable(command: string): boolean {
  const candidates = command.includes('/')
    ? [command]
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, command));
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Why these tests cannot run here, or undefined. Never a reason under CI=true. */
export function skipReason(daemon: DaemonName): string | undefined {
  if (process.env.CI === 'true') return undefined;
  if (process.getuid?.() !== 0) return 'network namespaces and TCP-MD5 need root';
  const missing = ['ip', ...DAEMON_PROGRAMS[daemon]].filter((c) => !isExecutable(c));
  if (missing.length > 0) return `missing ${missing.join(', ')} (LAB.md §1)`;
  if (!existsSync(CLI_PATH)) return `${CLI_PATH} is not built (npm run build)`;
  return undefined;
}

/** `describe`, or `describe.skip` with the reason printed. */
export function describeInterop(daemon: DaemonName, name: string, body: () => void): void {
  const reason = skipReason(daemon);
  if (reason === undefined) {
    describe(name, body);
    return;
  }
  console.warn(`skipping "${name}": ${reason}`);
  describe.skip(name, body);
}

/**
 * Our side's timers: hold 6 s (keepalive 2 s), so a frozen peer is noticed in 6-8 s; connect
 * retry and restart backoff of 1 s doubling to 4 s, so a restarted peer is back in seconds.
 */
export const FAST_TIMERS = {
  holdTimeSec: 6,
  connectRetrySec: 1,
  backoff: { initialSec: 1, maxSec: 4, stableSec: 60 },
} as const;

/** Polls `attempt` every `intervalMs` until it returns a value, or throws after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  attempt: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
