/**
 * Test support for the webhook e2e tests: deploy/'s webhook plumbing applied, the controller
 * bin serving its webhook on a free port, and the webhook Service's EndpointSlice pointing
 * there, as a Deployment's pod would be wired on a real cluster.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ControllerProcess } from './controller-process.js';
import { eventually, type Scenario } from './scenario.js';

const WEBHOOK_YAML = fileURLToPath(
  new URL('../../../../deploy/controller/webhook.yaml', import.meta.url),
);

/** Points the webhook Service at the controller's port, as a Deployment's pod would be. */
export function endpointSlice(port: number): string {
  return JSON.stringify({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'metallb-webhook-service-local',
      namespace: 'metallb-system',
      labels: { 'kubernetes.io/service-name': 'metallb-webhook-service' },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
    ports: [{ name: 'webhook', port, protocol: 'TCP' }],
  });
}

/**
 * deploy/'s webhook plumbing applied, the controller started with its webhook on a free port
 * and the Service's EndpointSlice pointed at it; resolves once the controller has written its
 * CA into every webhook of the configuration.
 */
export async function startWithWebhook(s: Scenario): Promise<ControllerProcess> {
  await s.apply(await readFile(WEBHOOK_YAML, 'utf8'));
  const controller = await s.startController(['--webhook-port', '0']);
  const { port } = await controller.waitFor((l) => l.msg === 'webhook server listening');
  await s.create(
    '/apis/discovery.k8s.io/v1/namespaces/metallb-system/endpointslices',
    JSON.parse(endpointSlice(Number(port))),
  );
  await eventually(async () => {
    const vwc = await s.get<{ webhooks: { clientConfig: { caBundle?: string } }[] }>(
      '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/metallb-webhook-configuration',
    );
    return vwc.webhooks.every((w) => (w.clientConfig.caBundle ?? '') !== '') ? true : undefined;
  }, 'caBundle patched');
  return controller;
}
