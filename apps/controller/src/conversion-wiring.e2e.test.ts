/**
 * The BGPPeer conversion webhook as an operator meets it: deploy/crds applied (bgppeers has
 * conversion strategy Webhook to metallb-webhook-service `/convert`), the controller bin
 * serving its webhook behind that Service's EndpointSlice and patching its CA into the CRD.
 * The stand-in stores BGPPeers in the storage version (v1beta2) and converts through the
 * controller, so `kubectl apply` of a v1beta1 peer is stored as v1beta2 and reads back
 * through either version; with the controller gone, reads through v1beta1 fail with kube's
 * conversion error.
 *
 * deploy/crds lists `conversionReviewVersions: [v1beta1, v1beta2]`, as MetalLB's chart does;
 * kube (and the stand-in) sends the first it supports, an apiextensions.k8s.io/v1beta1
 * ConversionReview, which `/convert` answers in kind, as controller-runtime's handler does.
 * This test found that `/convert` used to take v1 reviews only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, type Scenario, startScenario } from './testing/scenario.js';
import { startWithWebhook } from './testing/webhook.js';

const scenarios: Scenario[] = [];
afterEach(async () => {
  for (const s of scenarios.splice(0)) await s.close();
});

const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/bgppeers.metallb.io';

const PEER_V1BETA1 = `apiVersion: metallb.io/v1beta1
kind: BGPPeer
metadata: {name: router, namespace: metallb-system}
spec:
  myASN: 64512
  peerASN: 64513
  peerAddress: 192.0.2.1
  holdTime: 90s
  nodeSelectors:
  - matchLabels:
      rack: b
    matchExpressions:
    - key: kubernetes.io/os
      operator: In
      values: [linux]
`;

/** deploy/crds and the controller's webhook wired up; resolves once the CRD trusts its CA. */
async function startConverting(s: Scenario) {
  const controller = await startWithWebhook(s);
  await eventually(async () => {
    const crd = await s.get<{
      spec: { conversion: { webhook: { clientConfig: { caBundle?: string } } } };
    }>(CRD_PATH);
    return (crd.spec.conversion.webhook.clientConfig.caBundle ?? '') !== '' ? true : undefined;
  }, 'conversion caBundle patched');
  return controller;
}

describe('BGPPeer conversion through the controller', () => {
  it('applies a v1beta1 peer with deploy/crds as is, stores it as v1beta2, reads it through both', async () => {
    const s = await startScenario();
    scenarios.push(s);
    const controller = await startConverting(s);
    const file = await s.manifest('peer.yaml', PEER_V1BETA1);
    const applied = await s.kubectl(['apply', '-f', file]);
    expect(applied.stderr).toBe('');
    expect(applied.stdout.trim()).toBe('bgppeer.metallb.io/router created');

    const v2 = await s.kubectl([
      'get',
      'bgppeers.v1beta2.metallb.io',
      'router',
      '-n',
      'metallb-system',
      '-o',
      'yaml',
    ]);
    expect(v2.code).toBe(0);
    expect(v2.stdout).toContain('apiVersion: metallb.io/v1beta2');
    expect(v2.stdout).toContain('peerAddress: 192.0.2.1');
    expect(v2.stdout).toContain('holdTime: 90s');
    expect(v2.stdout).toContain('key: kubernetes.io/os');

    const v1 = await s.kubectl([
      'get',
      'bgppeers.v1beta1.metallb.io',
      '-n',
      'metallb-system',
      '-o',
      'json',
    ]);
    expect(v1.code).toBe(0);
    const list = JSON.parse(v1.stdout) as { items: { apiVersion: string; spec: unknown }[] };
    expect(list.items.map((i) => i.apiVersion)).toEqual(['metallb.io/v1beta1']);
    expect(list.items[0]!.spec).toMatchObject({ myASN: 64512, peerASN: 64513, holdTime: '90s' });

    // The controller is in the read path: without it, reading through v1beta1 fails as kube does.
    await controller.stop();
    const down = await s.kubectl([
      'get',
      'bgppeers.v1beta1.metallb.io',
      'router',
      '-n',
      'metallb-system',
    ]);
    expect(down.code).not.toBe(0);
    expect(down.stderr).toContain(
      'conversion webhook for metallb.io/v1beta2, Kind=BGPPeer failed: Post "https://',
    );
  });
});
