import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnnounceBench } from './announce/harness.mjs';
import { oursUnavailableReason } from './announce/senders.mjs';

const N = 2000;
const REQUIRED = ['ip', 'mkfifo', 'bird', 'gobgpd', 'gobgp'];

function skipReason(): string | undefined {
  // STYLE.md §8: skip only with a printed reason, never under CI.
  if (process.env.CI === 'true') return undefined;
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

const reason = skipReason();
if (reason) console.warn(`skipping the bgp-announce harness test: ${reason}`);

describe.skipIf(reason !== undefined)('bgp-announce harness', () => {
  it(`moves ${N} routes to the BIRD receiver and back to none, for every sender available`, async () => {
    const oursMissing = await oursUnavailableReason();
    if (oursMissing) console.warn(`ours: skipped (${oursMissing})`);
    const { skipped, samples } = await runAnnounceBench({
      ns: [N],
      repeats: 1,
      senders: ['ours', 'gobgpd', 'bird'],
    });
    expect(skipped).toEqual(oursMissing ? { ours: oursMissing } : {});
    const expectedSenders = ['gobgpd', 'bird', ...(oursMissing ? [] : ['ours'])].sort();
    expect(samples.map((s) => s.sender).sort()).toEqual(expectedSenders);
    for (const s of samples) {
      // The receiver's whole table, read after each phase: exactly N, then exactly none.
      expect(s, `${s.sender}: ${s.error ?? ''}`).toMatchObject({
        n: N,
        routesAfterAnnounce: N,
        routesAfterWithdraw: 0,
      });
      expect(s.error).toBeUndefined();
      expect(s.timedOut).toBeUndefined();
      expect(s.peakRssBytes).toBeGreaterThan(0);
    }
  });
});
