/**
 * A leader-election candidate as its own process, for the SIGKILL test: it campaigns for a
 * Lease on the API stand-in and prints each transition as one JSON line on stdout
 * (`{"event":"started"|"stopped"|"new-leader","identity":..,"leader"?:..,"at":<epoch ms>}`).
 * SIGTERM stops it cleanly (releasing the lease); SIGKILL is what the test sends.
 *
 * usage: node candidate.js KUBECONFIG NAMESPACE LEASE IDENTITY LEASE_MS RENEW_MS RETRY_MS
 */

import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { LeaderElector } from '../leaderelection/leader-elector.js';
import { LeaseLock } from '../leaderelection/lease-lock.js';

const [kubeconfigPath, namespace, name, identity, leaseMs, renewMs, retryMs] =
  process.argv.slice(2);
if (!kubeconfigPath || !namespace || !name || !identity || !leaseMs || !renewMs || !retryMs) {
  process.stderr.write(
    'usage: candidate KUBECONFIG NAMESPACE LEASE IDENTITY LEASE_MS RENEW_MS RETRY_MS\n',
  );
  process.exit(2);
}

const print = (fields: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify({ ...fields, identity, at: Date.now() })}\n`);
};

const kc = new KubeConfig();
kc.loadFromString(readFileSync(kubeconfigPath, 'utf8'));
const elector = new LeaderElector({
  lock: new LeaseLock({ kubeConfig: kc, namespace, name, identity }),
  leaseDurationMs: Number(leaseMs),
  renewDeadlineMs: Number(renewMs),
  retryPeriodMs: Number(retryMs),
  onStartedLeading: () => print({ event: 'started' }),
  onStoppedLeading: () => print({ event: 'stopped' }),
  onNewLeader: (leader) => print({ event: 'new-leader', leader }),
});
// The elector's timers are unref'd; this keeps the process alive until told to stop.
const keepAlive = setInterval(() => {}, 60_000);
process.on('SIGTERM', () => {
  void elector.stop().then(() => {
    clearInterval(keepAlive);
    process.exit(0);
  });
});
print({ event: 'campaigning' });
elector.start();
