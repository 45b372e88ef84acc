/**
 * Bounded polling: the lab never sleeps once and hopes, and never loops without a deadline.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { LabError } from './errors.js';

/** Options for {@link pollUntil}. */
export interface PollOptions {
  /** Give up after this long (ms). */
  timeoutMs: number;
  /** Pause between attempts (ms). Default 250. */
  intervalMs?: number;
  /** What we wait for, for the timeout message ("bird 192.0.2.11 established"). */
  what: string;
  /** Extra text for the timeout message (last value seen, a log tail), computed only on failure. */
  describe?: () => Promise<string> | string;
}

/**
 * Calls `attempt` until it returns a value other than `undefined`, then returns that value.
 * Throws `LabError('LAB_ERR_TIMEOUT')` when `timeoutMs` passes first. An attempt that throws
 * stops the wait at once (a daemon that exited will not come back by itself).
 */
export async function pollUntil<T>(
  attempt: () => Promise<T | undefined>,
  options: PollOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const intervalMs = options.intervalMs ?? 250;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    const left = deadline - Date.now();
    if (left <= 0) break;
    await sleep(Math.min(intervalMs, left));
  }
  let detail = '';
  if (options.describe) {
    try {
      detail = `: ${await options.describe()}`;
    } catch (err) {
      detail = `: (no detail: ${String(err)})`;
    }
  }
  throw new LabError(
    'LAB_ERR_TIMEOUT',
    `timed out after ${options.timeoutMs} ms waiting for ${options.what}${detail}`,
  );
}
