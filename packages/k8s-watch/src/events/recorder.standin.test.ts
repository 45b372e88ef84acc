/**
 * The event recorder against the API stand-in: core/v1 Events with counts that
 * `kubectl describe` shows, aggregation of repeats into one Event, and never a throw.
 */

import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CoreV1Api,
  type CoreV1Event,
  type KubeConfig,
  type V1Service,
} from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { type StandinHandle, startInProcess, tempDir } from '../testing/standin.js';
import { EventRecorder } from './recorder.js';

const run = promisify(execFile);
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

const NS = 'default';

describe('EventRecorder against the stand-in', () => {
  let standin: StandinHandle;
  let kc: KubeConfig;
  let core: CoreV1Api;

  async function setup(): Promise<V1Service> {
    ({ standin, kc } = await startInProcess());
    cleanups.push(() => standin.close());
    core = kc.makeApiClient(CoreV1Api);
    return core.createNamespacedService({
      namespace: NS,
      body: { metadata: { name: 'web' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } },
    });
  }

  async function eventsAbout(svc: V1Service): Promise<CoreV1Event[]> {
    const list = await core.listNamespacedEvent({
      namespace: NS,
      fieldSelector: `involvedObject.name=${svc.metadata!.name},involvedObject.uid=${svc.metadata!.uid}`,
    });
    return list.items;
  }

  it('writes core/v1 Events about an object, counting identical ones in one Event', async () => {
    const svc = await setup();
    const clock = new ManualClock();
    const recorder = new EventRecorder({ kubeConfig: kc, component: 'metallb-controller', clock });
    cleanups.push(() => recorder.close());
    for (let i = 0; i < 3; i++) {
      recorder.event(svc, 'Normal', 'IPAllocated', 'Assigned IP ["192.0.2.10"]');
      clock.advance(1000);
    }
    recorder.event(svc, 'Warning', 'AllocationFailed', 'no available IPs in pool "default"');
    await recorder.flush();
    const events = await eventsAbout(svc);
    expect(events).toHaveLength(2);
    const allocated = events.find((e) => e.reason === 'IPAllocated')!;
    expect(allocated).toMatchObject({
      type: 'Normal',
      count: 3,
      message: 'Assigned IP ["192.0.2.10"]',
      source: { component: 'metallb-controller' },
      reportingComponent: 'metallb-controller',
      involvedObject: {
        kind: 'Service',
        apiVersion: 'v1',
        name: 'web',
        namespace: NS,
        uid: svc.metadata!.uid,
      },
    });
    expect(allocated.metadata.name).toMatch(/^web\.[0-9a-f]+$/);
    expect(allocated.lastTimestamp!.getTime()).toBeGreaterThanOrEqual(
      allocated.firstTimestamp!.getTime(),
    );
    expect(events.find((e) => e.reason === 'AllocationFailed')).toMatchObject({
      type: 'Warning',
      count: 1,
    });
  });

  it('shows up in kubectl describe with its count', async () => {
    const svc = await setup();
    const recorder = new EventRecorder({ kubeConfig: kc, component: 'metallb-controller' });
    cleanups.push(() => recorder.close());
    for (let i = 0; i < 3; i++)
      recorder.event(svc, 'Normal', 'IPAllocated', 'Assigned IP ["192.0.2.10"]');
    await recorder.flush();
    const dir = await tempDir('describe');
    cleanups.push(dir.remove);
    const kubeconfig = join(dir.path, 'kubeconfig');
    await writeFile(kubeconfig, standin.kubeconfig);
    const { stdout } = await run(
      'kubectl',
      [
        '--kubeconfig',
        kubeconfig,
        '--cache-dir',
        join(dir.path, 'cache'),
        'describe',
        'service',
        'web',
        '-n',
        NS,
      ],
      { timeout: 30_000 },
    );
    const eventsSection = stdout.slice(stdout.indexOf('Events:'));
    expect(eventsSection).toMatch(
      /Normal\s+IPAllocated\s+.*\(x3 over .*\)\s+metallb-controller\s+Assigned IP \["192\.0\.2\.10"\]/,
    );
  });

  it('never throws into the caller: a write that keeps failing is reported to onError', async () => {
    const svc = await setup();
    const failures: unknown[] = [];
    const recorder = new EventRecorder({
      kubeConfig: kc,
      component: 'c',
      maxTries: 2,
      retryDelayMs: 10,
      onError: (err) => failures.push(err),
    });
    // An Event in a namespace that does not exist: the server refuses it (404).
    recorder.event(
      { ...svc, metadata: { ...svc.metadata, namespace: 'missing' } },
      'Normal',
      'R',
      'm',
    );
    await recorder.flush();
    expect(failures).toHaveLength(1);
  });

  it('drops events beyond maxPending instead of queueing without bound, and counts them', async () => {
    const svc = await setup();
    const recorder = new EventRecorder({ kubeConfig: kc, component: 'c', maxPending: 3 });
    for (let i = 0; i < 10; i++) recorder.event(svc, 'Normal', 'Burst', `message ${i}`);
    expect(recorder.pending).toBe(3);
    expect(recorder.dropped).toBe(7);
    await recorder.flush();
    expect(recorder.pending).toBe(0);
    const reasons = (await eventsAbout(svc)).filter((e) => e.reason === 'Burst');
    expect(reasons.map((e) => e.message).sort()).toEqual(['message 0', 'message 1', 'message 2']);
  });
});
