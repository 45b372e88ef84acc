/**
 * kubectl 1.32 reads against the stand-in: get in every output kubectl users rely on (the
 * server-side Table with EXTERNAL-IP, -A, -o yaml/json), get -w as a child process, describe
 * with Events, and wait --for=jsonpath on a value the test sets while kubectl waits.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { api, type KubectlEnv, kubectlEnv } from './harness.js';

let env: KubectlEnv;

beforeEach(async () => {
  env = await kubectlEnv();
  const svc = await api(env.standin, 'POST', '/api/v1/namespaces/default/services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: { type: 'LoadBalancer', ports: [{ name: 'http', port: 80 }] },
  });
  expect(svc.status).toBe(201);
});

afterEach(async () => {
  await env.close();
});

async function setIngress(ip: string): Promise<void> {
  const reply = await api(
    env.standin,
    'PATCH',
    '/api/v1/namespaces/default/services/web/status',
    { status: { loadBalancer: { ingress: [{ ip }] } } },
    'application/merge-patch+json',
  );
  expect(reply.status).toBe(200);
}

describe('kubectl get', () => {
  it('prints the Service table with its EXTERNAL-IP, also across namespaces', async () => {
    await setIngress('192.0.2.10');
    const table = await env.kubectl(['get', 'services']);
    expect(table.code).toBe(0);
    const [header, row] = table.stdout.trimEnd().split('\n');
    expect(header!.split(/\s{2,}/)).toEqual([
      'NAME',
      'TYPE',
      'CLUSTER-IP',
      'EXTERNAL-IP',
      'PORT(S)',
      'AGE',
    ]);
    expect(row).toMatch(
      /^web\s+LoadBalancer\s+10\.96\.\d+\.\d+\s+192\.0\.2\.10\s+80:3\d{4}\/TCP\s+\d+s$/,
    );
    const all = await env.kubectl(['get', 'services', '-A']);
    expect(all.stdout.split('\n')[0]!.split(/\s{2,}/)[0]).toBe('NAMESPACE');
    expect(all.stdout).toMatch(/^default\s+web\s+LoadBalancer/m);
  });

  it('prints one object as YAML and as JSON', async () => {
    const yaml = await env.kubectl(['get', 'service', 'web', '-o', 'yaml']);
    expect(parse(yaml.stdout)).toMatchObject({
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
    });
    const json = await env.kubectl(['get', 'service', 'web', '-o', 'json']);
    expect(JSON.parse(json.stdout).spec.ports[0]).toMatchObject({ port: 80, protocol: 'TCP' });
  });

  it('watches with -w and prints each change as it happens', async () => {
    const watch = env.spawnKubectl(['get', 'services', '-w']);
    await watch.waitForOutput(/^web\s+LoadBalancer\s+\S+\s+<pending>/m);
    await setIngress('192.0.2.20');
    await watch.waitForOutput(/^web\s+LoadBalancer\s+\S+\s+192\.0\.2\.20\s/m);
  });
});

describe('kubectl describe', () => {
  it('shows the Events recorded for a Service', async () => {
    const svc = await api(env.standin, 'GET', '/api/v1/namespaces/default/services/web');
    const now = new Date().toISOString();
    const event = await api(env.standin, 'POST', '/api/v1/namespaces/default/events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { generateName: 'web.' },
      involvedObject: {
        apiVersion: 'v1',
        kind: 'Service',
        name: 'web',
        namespace: 'default',
        uid: svc.body.metadata.uid,
        resourceVersion: svc.body.metadata.resourceVersion,
      },
      reason: 'IPAllocated',
      message: 'Assigned IP ["192.0.2.10"]',
      type: 'Normal',
      source: { component: 'metallb-controller' },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    });
    expect(event.status).toBe(201);
    const described = await env.kubectl(['describe', 'service', 'web']);
    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(/^Name:\s+web$/m);
    expect(described.stdout).toMatch(/^Type:\s+LoadBalancer$/m);
    expect(described.stdout).toMatch(
      /Normal\s+IPAllocated\s+.*metallb-controller\s+Assigned IP \["192\.0\.2\.10"\]/,
    );
  });
});

describe('kubectl wait', () => {
  it('waits for a jsonpath value the test sets while it waits', async () => {
    const wait = env.spawnKubectl([
      'wait',
      '--for=jsonpath={.status.loadBalancer.ingress[0].ip}=192.0.2.30',
      'service/web',
      '--timeout=30s',
    ]);
    // Give kubectl time to start watching (not an assertion: it passes either way).
    await new Promise((r) => setTimeout(r, 500));
    await setIngress('192.0.2.30');
    expect(await wait.exited()).toBe(0);
    expect(wait.stdout()).toBe('service/web condition met\n');
  });
});
