/**
 * The admission webhook as an operator meets it: the controller bin serves it, deploy/'s
 * webhook Service and ValidatingWebhookConfiguration are applied with kubectl, and the API
 * server (the stand-in) reaches the controller through the Service's EndpointSlice, trusting
 * the CA the controller generated and patched in. Then `kubectl apply` of a bad pool fails at
 * once naming the object and field, and a good one allocates.
 */
import { X509Certificate } from 'node:crypto';
import { connect as tlsConnect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import {
  eventually,
  ingressOf,
  poolYaml,
  type Scenario,
  serviceYaml,
  startScenario,
} from './testing/scenario.js';
import { startWithWebhook } from './testing/webhook.js';

const scenarios: Scenario[] = [];
afterEach(async () => {
  for (const s of scenarios.splice(0)) await s.close();
});

const SECRET_PATH = '/api/v1/namespaces/metallb-system/secrets/metallb-webhook-cert';
const VWC_PATH =
  '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/metallb-webhook-configuration';

/** The certificate a TLS server on localhost presents, as PEM. */
async function servedCertificate(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const cert = socket.getPeerX509Certificate();
      socket.end();
      if (cert) resolve(cert.toString());
      else reject(new Error('no peer certificate'));
    });
    socket.once('error', reject);
  });
}

const fromBase64 = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64').toString('utf8');

describe('admission webhook served by the controller', () => {
  it('refuses a bad pool at kubectl apply, naming object and field; a good one allocates', async () => {
    const s = await startScenario();
    scenarios.push(s);
    await startWithWebhook(s);
    await s.apply(poolYaml('good', ['10.0.0.0/8']));
    const bad = await s.manifest('bad.yaml', poolYaml('bad', ['10.1.0.0/16']));
    const refused = await s.kubectl(['apply', '-f', bad]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request',
    );
    expect(refused.stderr).toContain(
      'IPAddressPool/bad spec.addresses[0]: CIDR "10.1.0.0/16" in pool "bad" overlaps with already defined CIDR "10.0.0.0/8"',
    );
    const pools = await s.kubectl(['get', 'ipaddresspools', '-n', 'metallb-system', '-o', 'name']);
    expect(pools.stdout.trim().split('\n')).toEqual(['ipaddresspool.metallb.io/good']);
    // Garbage in a field the schema allows: refused by the webhook, never a crash.
    const garbage = await s.manifest('garbage.yaml', poolYaml('garbage', ['not-an-ip']));
    const refusedGarbage = await s.kubectl(['apply', '-f', garbage]);
    expect(refusedGarbage.stderr).toContain('IPAddressPool/garbage spec.addresses[0]');
    // The controller still serves, and the good pool allocates.
    await s.apply(serviceYaml('web'));
    await eventually(async () => {
      const ips = ingressOf(await s.get('/api/v1/namespaces/default/services/web'));
      return ips[0] === '10.0.0.1' || ips[0] === '10.0.0.0' ? ips : undefined;
    }, 'web to get an IP from the good pool');
  });

  it('refuses deleting a BFDProfile that a BGPPeer uses, and changing enableGracefulRestart', async () => {
    const s = await startScenario();
    scenarios.push(s);
    await startWithWebhook(s);
    const peer = (graceful: boolean) => `apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: {name: router, namespace: metallb-system}
spec:
  myASN: 64512
  peerASN: 64513
  peerAddress: 192.0.2.1
  bfdProfile: fast
  enableGracefulRestart: ${graceful}
`;
    await s.apply(`apiVersion: metallb.io/v1beta1
kind: BFDProfile
metadata: {name: fast, namespace: metallb-system}
spec: {receiveInterval: 300}
---
${peer(false)}`);
    // The webhook's cache must have seen the peer before it can refuse the delete.
    await eventually(async () => {
      const del = await s.kubectl([
        'delete',
        'bfdprofile',
        'fast',
        '-n',
        'metallb-system',
        '--dry-run=server',
      ]);
      return del.code !== 0 ? del : undefined;
    }, 'BFDProfile delete refused');
    const del = await s.kubectl(['delete', 'bfdprofile', 'fast', '-n', 'metallb-system']);
    expect(del.code).not.toBe(0);
    expect(del.stderr).toContain('denied the request');
    const change = await s.manifest('peer.yaml', peer(true));
    const changed = await s.kubectl(['apply', '-f', change]);
    expect(changed.code).not.toBe(0);
    expect(changed.stderr).toContain('denied the request');
    expect(changed.stderr.toLowerCase()).toContain('gracefulrestart');
  });

  it('follows its certificate Secret while running: a deleted Secret is remade, served and trusted', async () => {
    const s = await startScenario();
    scenarios.push(s);
    const controller = await startWithWebhook(s);
    const { port } = await controller.waitFor((l) => l.msg === 'webhook server listening');
    type Secret = { data: Record<string, string> };
    const before = await s.get<Secret>(SECRET_PATH);
    expect(await servedCertificate(Number(port))).toBe(
      new X509Certificate(fromBase64(before.data['tls.crt'])).toString(),
    );
    // An operator deletes the Secret to rotate: the running controller makes a new one.
    const del = await s.kubectl([
      'delete',
      'secret',
      'metallb-webhook-cert',
      '-n',
      'metallb-system',
    ]);
    expect(del.code).toBe(0);
    await controller.waitFor((l) => l.msg === 'webhook certificate reloaded');
    const after = await s.get<Secret>(SECRET_PATH);
    expect(after.data['tls.crt']).not.toBe(before.data['tls.crt']);
    expect(await servedCertificate(Number(port))).toBe(
      new X509Certificate(fromBase64(after.data['tls.crt'])).toString(),
    );
    await eventually(async () => {
      const vwc = await s.get<{ webhooks: { clientConfig: { caBundle?: string } }[] }>(VWC_PATH);
      return vwc.webhooks.every((w) => w.clientConfig.caBundle === after.data['ca.crt'])
        ? true
        : undefined;
    }, 'caBundle follows the new CA');
    // The API server, trusting only the new CA, still reaches the webhook.
    await s.apply(poolYaml('good', ['10.0.0.0/8']));
    const bad = await s.manifest('bad.yaml', poolYaml('bad', ['10.1.0.0/16']));
    const refused = await s.kubectl(['apply', '-f', bad]);
    expect(refused.stderr).toContain('IPAddressPool/bad spec.addresses[0]');
  });
});
