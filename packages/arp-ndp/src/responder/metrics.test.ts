import { describe, expect, it } from 'vitest';
import { emptyInterfaceCounters, type ResponderCounters } from './counters.js';
import { metricSamples } from './metrics.js';

describe('metricSamples', () => {
  it("names MetalLB's per-IP series as MetalLB does, and ours per interface and drop reason", () => {
    const eth0 = { ...emptyInterfaceCounters(), framesReceived: 7, requestsReceived: 2 };
    eth0.dropped = { 'bad-checksum': 3, 'not-owned': 1 };
    const counters: ResponderCounters = {
      requests_received: { '192.0.2.10': 2 },
      responses_sent: { '192.0.2.10': 2 },
      gratuitous_sent: { '192.0.2.10': 10, '2001:db8::10': 5 },
      interfaces: { eth0 },
    };
    const samples = metricSamples(counters);
    const find = (name: string, labels: Record<string, string>) =>
      samples.find((s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels));
    expect(find('metallb_layer2_requests_received', { ip: '192.0.2.10' })?.value).toBe(2);
    expect(find('metallb_layer2_responses_sent', { ip: '192.0.2.10' })?.value).toBe(2);
    expect(find('metallb_layer2_gratuitous_sent', { ip: '2001:db8::10' })?.value).toBe(5);
    expect(find('baremetal_lb_layer2_frames_received_total', { interface: 'eth0' })?.value).toBe(7);
    expect(
      find('baremetal_lb_layer2_dropped_total', { interface: 'eth0', reason: 'bad-checksum' })
        ?.value,
    ).toBe(3);
    // One sample per series: 4 per-IP, 6 per-interface, 2 drop reasons.
    expect(samples).toHaveLength(12);
    expect(samples.every((s) => s.help.length > 0)).toBe(true);
  });
});
