/**
 * Leader election over HTTP on a real Lease in the API stand-in: three candidates racing with
 * resourceVersion preconditions (409), a graceful hand-over, and a leader in another process
 * SIGKILLed, replaced within leaseDuration + retryPeriod. Never two leaders at once: checked
 * at every transition.
 */

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CoordinationV1Api, type KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CANDIDATE_SCRIPT,
  Child,
  type StandinHandle,
  startInProcess,
  tempDir,
  waitFor,
} from '../testing/standin.js';
import { LeaderElector } from './leader-elector.js';
import { LeaseLock } from './lease-lock.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

const NS = 'kube-system';
const LEASE = 'k8s-watch-test';
const TIMING = { leaseDurationMs: 2000, renewDeadlineMs: 1500, retryPeriodMs: 250 };
/** Two API round trips on loopback and timer latency on a busy 2-core machine. */
const LATENCY_ALLOWANCE_MS = 400;

/** Who leads, checked at every transition (in-process candidates and the child alike). */
class Referee {
  readonly leading = new Set<string>();
  readonly starts: Array<{ identity: string; at: number }> = [];
  readonly violations: string[] = [];

  started(identity: string, at = Date.now()): void {
    if (this.leading.size > 0)
      this.violations.push(`${identity} started while ${[...this.leading]} led`);
    this.leading.add(identity);
    this.starts.push({ identity, at });
  }

  stopped(identity: string): void {
    this.leading.delete(identity);
  }
}

function candidate(kc: KubeConfig, identity: string, referee: Referee): LeaderElector {
  const elector = new LeaderElector({
    lock: new LeaseLock({ kubeConfig: kc, namespace: NS, name: LEASE, identity }),
    ...TIMING,
    onStartedLeading: () => referee.started(identity),
    onStoppedLeading: () => referee.stopped(identity),
  });
  cleanups.push(() => elector.stop());
  elector.start();
  return elector;
}

describe('LeaderElector on a Lease in the stand-in', () => {
  let standin: StandinHandle;
  let kc: KubeConfig;

  async function setup(): Promise<void> {
    ({ standin, kc } = await startInProcess());
    cleanups.push(() => standin.close());
  }

  it('elects one of three candidates and hands over on stop, never two at once', async () => {
    await setup();
    const referee = new Referee();
    const electors = ['a', 'b', 'c'].map((id) => candidate(kc, id, referee));
    await waitFor('a leader', () => referee.leading.size === 1);
    // Several renewals: the others keep polling and keep losing.
    await new Promise((resolve) => setTimeout(resolve, 4 * TIMING.retryPeriodMs));
    expect(referee.starts).toHaveLength(1);
    const first = referee.starts[0]!.identity;
    const lease = await kc
      .makeApiClient(CoordinationV1Api)
      .readNamespacedLease({ name: LEASE, namespace: NS });
    expect(lease.spec).toMatchObject({
      holderIdentity: first,
      leaseDurationSeconds: 2,
      leaseTransitions: 0,
    });
    expect(lease.spec?.renewTime).toBeDefined();

    const stoppedAt = Date.now();
    await electors.find((e) => e.identity === first)!.stop();
    await waitFor('a new leader', () => referee.starts.length === 2);
    // Released: the next poll takes it, long before the lease would have expired.
    expect(referee.starts[1]!.at - stoppedAt).toBeLessThan(
      TIMING.retryPeriodMs + LATENCY_ALLOWANCE_MS,
    );
    expect(referee.starts[1]!.identity).not.toBe(first);
    expect(referee.violations).toEqual([]);
  });

  it('replaces a SIGKILLed leader (another process) within leaseDuration + retryPeriod', async () => {
    await setup();
    const dir = await tempDir('election');
    cleanups.push(dir.remove);
    const kubeconfigPath = join(dir.path, 'kubeconfig');
    await writeFile(kubeconfigPath, standin.kubeconfig);
    const referee = new Referee();

    const child = new Child([
      CANDIDATE_SCRIPT,
      kubeconfigPath,
      NS,
      LEASE,
      'child',
      String(TIMING.leaseDurationMs),
      String(TIMING.renewDeadlineMs),
      String(TIMING.retryPeriodMs),
    ]);
    cleanups.push(() => child.kill());
    const line = await child.waitForLine(/"event":"started"/);
    referee.started('child', JSON.parse(line).at);

    candidate(kc, 'b', referee);
    candidate(kc, 'c', referee);
    // b and c see the child renewing and stay followers.
    await new Promise((resolve) =>
      setTimeout(resolve, TIMING.leaseDurationMs + 2 * TIMING.retryPeriodMs),
    );
    expect(referee.starts.map((s) => s.identity)).toEqual(['child']);

    await child.kill('SIGKILL');
    const killedAt = Date.now();
    referee.stopped('child');
    await waitFor('a new leader', () => referee.starts.length === 2, 10_000);
    const takeover = referee.starts[1]!;
    expect(['b', 'c']).toContain(takeover.identity);
    expect(takeover.at - killedAt).toBeLessThanOrEqual(
      TIMING.leaseDurationMs + TIMING.retryPeriodMs + LATENCY_ALLOWANCE_MS,
    );
    expect(referee.violations).toEqual([]);
    const lease = await kc
      .makeApiClient(CoordinationV1Api)
      .readNamespacedLease({ name: LEASE, namespace: NS });
    expect(lease.spec).toMatchObject({ holderIdentity: takeover.identity, leaseTransitions: 1 });
  });
});
