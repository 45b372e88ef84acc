/**
 * The responder's counters as Prometheus samples with MetalLB's names, so the speaker (or
 * any user of this library) exports what MetalLB dashboards already query:
 * `metallb_layer2_requests_received`, `metallb_layer2_responses_sent` and
 * `metallb_layer2_gratuitous_sent`, labelled by `ip`. MetalLB has no per-interface or drop
 * series; ours carry the `baremetal_lb_layer2_` prefix. Pure: no Prometheus client here, the
 * caller registers the samples with its own (prom-client in the apps).
 */
import type { ResponderCounters } from './counters.js';

/** One counter sample. */
export interface MetricSample {
  readonly name: string;
  readonly help: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const PER_IP = [
  [
    'requests_received',
    'metallb_layer2_requests_received',
    'Number of layer2 requests received for owned IPs',
  ],
  [
    'responses_sent',
    'metallb_layer2_responses_sent',
    'Number of layer2 responses sent for owned IPs in response to requests',
  ],
  [
    'gratuitous_sent',
    'metallb_layer2_gratuitous_sent',
    'Number of gratuitous layer2 packets sent for owned IPs as a result of failovers',
  ],
] as const;

const PER_INTERFACE = [
  ['framesReceived', 'baremetal_lb_layer2_frames_received_total', 'Frames read from the interface'],
  [
    'requestsReceived',
    'baremetal_lb_layer2_requests_received_total',
    'ARP requests and Neighbor Solicitations for owned addresses',
  ],
  [
    'responsesSent',
    'baremetal_lb_layer2_responses_sent_total',
    'ARP replies and solicited Neighbor Advertisements sent',
  ],
  [
    'gratuitousSent',
    'baremetal_lb_layer2_gratuitous_sent_total',
    'Gratuitous ARP and unsolicited Neighbor Advertisement frames sent',
  ],
  ['sendErrors', 'baremetal_lb_layer2_send_errors_total', 'Frames the socket refused to send'],
  [
    'receiveErrors',
    'baremetal_lb_layer2_receive_errors_total',
    'Receive errors the socket reported',
  ],
] as const;

const DROPPED = 'baremetal_lb_layer2_dropped_total';
const DROPPED_HELP = 'Frames ignored, by reason (malformed, not for an owned address, ...)';
/** The drop reason of frames the kernel dropped unread (receive buffer full). */
export const SOCKET_BUFFER_FULL = 'socket-buffer-full';

/** Every counter as a sample: MetalLB's per-IP series, then ours per interface and drop reason. */
export function metricSamples(counters: ResponderCounters): MetricSample[] {
  const out: MetricSample[] = [];
  for (const [field, name, help] of PER_IP) {
    for (const [ip, value] of Object.entries(counters[field])) {
      out.push({ name, help, labels: { ip }, value });
    }
  }
  for (const [iface, c] of Object.entries(counters.interfaces)) {
    for (const [field, name, help] of PER_INTERFACE) {
      out.push({ name, help, labels: { interface: iface }, value: c[field] });
    }
    for (const [reason, value] of Object.entries(c.dropped)) {
      out.push({
        name: DROPPED,
        help: DROPPED_HELP,
        labels: { interface: iface, reason },
        value: value ?? 0,
      });
    }
    if (c.socketBufferDrops > 0) {
      out.push({
        name: DROPPED,
        help: DROPPED_HELP,
        labels: { interface: iface, reason: SOCKET_BUFFER_FULL },
        value: c.socketBufferDrops,
      });
    }
  }
  return out;
}
