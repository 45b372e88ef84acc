/**
 * `baremetal-lb-controller` without a command: builds the KubeConfig (a file, else
 * in-cluster, else the default locations), the JSON logger and the daemon, and runs it until
 * SIGTERM or SIGINT, when it stops gracefully (lease handed back, writes in flight finished).
 */

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { KubeConfig } from '@kubernetes/client-node';
import type { RunOptions } from './args.js';
import { ControllerDaemon } from './daemon/daemon.js';
import { createLogger } from './observe/logger.js';

/** The cluster: `--kubeconfig`, else in-cluster when inside a pod, else the defaults. */
export function loadKubeConfig(path: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  if (path !== undefined) kc.loadFromFile(path);
  else if (process.env.KUBERNETES_SERVICE_HOST) kc.loadFromCluster();
  else kc.loadFromDefault();
  return kc;
}

/** Runs the controller; resolves with the exit code once it has stopped. */
export async function runController(options: RunOptions): Promise<number> {
  const logger = createLogger({ level: options.logLevel, name: 'controller' });
  let kubeConfig: KubeConfig;
  try {
    kubeConfig = loadKubeConfig(options.kubeconfig);
  } catch (err) {
    logger.error({ err: String(err) }, 'cannot load the kubeconfig');
    return 1;
  }
  const identity = options.identity ?? `${hostname()}_${randomUUID()}`;
  const daemon = new ControllerDaemon({
    kubeConfig,
    namespace: options.namespace,
    lbClass: options.lbClass,
    bgpMode: options.bgpMode,
    metricsPort: options.metricsPort,
    webhookPort: options.webhookPort,
    host: options.host,
    identity,
    lease: {
      name: options.leaseName,
      durationMs: options.leaseDurationMs,
      renewDeadlineMs: options.renewDeadlineMs,
      retryPeriodMs: options.retryPeriodMs,
    },
    webhookCert: { secretName: options.webhookSecret, serviceName: options.webhookService },
    logger,
  });
  const stopped = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  try {
    await daemon.start();
  } catch (err) {
    logger.error({ err: String(err) }, 'cannot start');
    await daemon.stop().catch(() => undefined);
    return 1;
  }
  logger.info({ identity, namespace: options.namespace, lbClass: options.lbClass }, 'started');
  const signal = await stopped;
  logger.info({ signal }, 'stopping');
  await daemon.stop();
  logger.info({}, 'stopped');
  return 0;
}
