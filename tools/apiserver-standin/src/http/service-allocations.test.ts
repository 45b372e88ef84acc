import { describe, expect, it } from 'vitest';
import type { KubeObject, StoreEvent } from '../types.js';
import { SERVICES_STORAGE, ServiceAllocations } from './service-allocations.js';

const svc = (name: string, clusterIPs: string[], nodePorts: number[] = []): KubeObject => ({
  metadata: { name, namespace: 'default' },
  spec: { clusterIPs, ports: nodePorts.map((nodePort, i) => ({ port: 80 + i, nodePort })) },
});

const event = (type: StoreEvent['type'], object: KubeObject, previous?: KubeObject) =>
  ({ type, resourceVersion: 1, storage: SERVICES_STORAGE, object, previous }) as StoreEvent;

describe('ServiceAllocations', () => {
  it('follows the store: held values are taken for others, released on delete and change', () => {
    const a = new ServiceAllocations();
    const web = svc('web', ['10.96.0.10'], [30000]);
    const other = svc('other', []);
    a.observe(event('ADDED', web));
    expect(a.ipTaken('10.96.0.10', other)).toBe(true);
    expect(a.ipTaken('10.96.0.10', web)).toBe(false); // its own
    expect(a.portTaken(30000, other)).toBe(true);
    const moved = svc('web', ['10.96.0.11'], [30001]);
    a.observe(event('MODIFIED', moved, web));
    expect(a.ipTaken('10.96.0.10', other)).toBe(false);
    expect(a.portTaken(30001, other)).toBe(true);
    a.observe(event('DELETED', moved, moved));
    expect(a.ipTaken('10.96.0.11', other)).toBe(false);
    expect(a.portTaken(30001, other)).toBe(false);
  });

  it('hands out values in order, skipping held and already-picked ones, and wraps around', () => {
    const a = new ServiceAllocations();
    a.load([svc('held', ['10.96.0.11'], [30001])]);
    const next = svc('next', []);
    expect(a.freeIp('IPv4', next, new Set())).toBe('10.96.0.10');
    expect(a.freeIp('IPv4', next, new Set(['10.96.0.12']))).toBe('10.96.0.13');
    expect(a.freeIp('IPv6', next, new Set())).toBe('fd00:10:96::a');
    expect(a.freePort(next, new Set())).toBe(30000);
    expect(a.freePort(next, new Set())).toBe(30002);
    for (let i = 0; i < 32767 - 30003 + 1; i++) a.freePort(next, new Set());
    expect(a.freePort(next, new Set())).toBe(30000); // wrapped; 30001 still held
  });
});
