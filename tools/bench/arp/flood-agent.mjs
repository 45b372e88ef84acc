// The flood generator of arp-flood.mjs, run in the client namespace (`ip netns exec`): sends
// `rate` ARP requests (--protocol arp) or IPv6 Neighbor Solicitations (--protocol ndp) per
// second for `seconds` to one target address over an AF_PACKET socket (native-net), matches
// each reply to its request, and prints one JSON line with the counts and the reply latencies.
// Each request carries its sequence number in the requester's MAC (02:<run>:<seq 32 bit>),
// which the reply comes back to (requests.mjs says how, per protocol); the sender IP stays one
// address, so the answering kernel keeps a single neighbour entry instead of one per request.
// All frames are built before the clock starts.
// Pacing: a timer (~1 ms in Node) sends whatever is due by hrtime since the start, at most
// MAX_BATCH at once, so the generator sleeps in epoll between batches instead of spinning a
// core the responder needs.
// Latency, two ways, per reply:
// - at the wire (p50Us, p99Us, maxUs): the kernel's receive time of the reply (SO_TIMESTAMPNS,
//   native-net FrameInfo.timestampNs) minus CLOCK_REALTIME read right before the request's
//   send() (realtimeNs()), as ping does with SO_TIMESTAMP. None of the generator's own delays
//   after the reply arrives (the rest of its burst, the wakeup, the batch) is in it.
// - seen in JavaScript (p50SeenUs, p99SeenUs, maxSeenUs): performance.now() in onFrame minus
//   performance.now() before the send, which includes them.
import { parseArgs } from 'node:util';
import { openPacketSocket, realtimeNs } from '@baremetal-lb/native-net';
import { requestKind } from './requests.mjs';

const MAX_BATCH = 64;
const SETTLE_MS = 100;
const DRAIN_MS = 500;

const { values } = parseArgs({
  options: {
    interface: { type: 'string', default: 'eth0' },
    protocol: { type: 'string', default: 'arp' },
    target: { type: 'string' },
    sender: { type: 'string' },
    rate: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '3' },
    run: { type: 'string', default: '1' },
    'warmup-seconds': { type: 'string', default: '0.5' },
  },
});
const rate = Number(values.rate);
const total = Math.round(rate * Number(values.seconds));
const runId = Number(values.run) & 0xff;
// The first `warmup` requests (same stream, same rate) are sent and answered but not counted:
// both answerers are measured in their steady state, JIT warm-up of ours excluded.
const warmup = Math.round(rate * Number(values['warmup-seconds']));
const protocol = values.protocol;
if (
  !values.target ||
  !values.sender ||
  !['arp', 'ndp'].includes(protocol) ||
  !(rate > 0) ||
  !(total > 0)
) {
  console.error(
    'usage: flood-agent.mjs --protocol arp|ndp --target IP --sender IP [--rate N] [--seconds S] [--run 0..255]',
  );
  process.exit(2);
}
const requests = requestKind(protocol, { runId, sender: values.sender, target: values.target });

const count = warmup + total;
const frames = Array.from({ length: count }, (_, seq) => requests.frame(seq));
const sentAt = new Float64Array(count); // performance.now() ms before send()
const repliedAt = new Float64Array(count); // performance.now() ms in onFrame; 0 = not answered (yet)
const sentNs = new BigInt64Array(count); // realtimeNs() right before send()
const repliedNs = new BigInt64Array(count); // the reply's kernel receive time (timestampNs)
const stats = {
  warmupReplies: 0,
  replies: 0,
  duplicates: 0,
  foreign: 0,
  sendErrors: 0,
  firstSend: 0,
  lastSend: 0,
  lastReply: 0,
};

function onFrame(frame, { timestampNs }) {
  const now = performance.now();
  const seq = requests.match(frame);
  if (seq === undefined) return;
  if (seq === 'foreign') {
    stats.foreign++; // a reply for another address: someone answers what it should not
    return;
  }
  if (seq >= count || sentAt[seq] === 0) return;
  if (repliedAt[seq] !== 0) {
    stats.duplicates++; // two answerers for one address
    return;
  }
  repliedAt[seq] = now;
  repliedNs[seq] = timestampNs;
  if (seq < warmup) {
    stats.warmupReplies++;
    return;
  }
  stats.replies++;
  stats.lastReply = now;
}

const socket = openPacketSocket(values.interface, {
  protocols: requests.etherProtocol,
  onFrame,
  onError: (err) => console.error(`flood-agent: receive error ${err.code}`),
});
// Replies go to the per-request MACs, not eth0's: a veth delivers them anyway, as otherhost;
// promiscuous mode makes sure, and only exists inside this namespace.
socket.setPromiscuous(true);

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function flood() {
  let next = 0;
  const start = performance.now();
  while (next < count) {
    const due = Math.min(count, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    for (let sent = 0; next < due && sent < MAX_BATCH; sent++, next++) {
      sentAt[next] = performance.now();
      if (next === warmup) stats.firstSend = sentAt[next];
      try {
        sentNs[next] = realtimeNs(); // last, right before the syscall
        socket.send(frames[next]);
      } catch {
        // EAGAIN / ENOBUFS: counted, never retried (a retry would skew the latency)
        if (next >= warmup) stats.sendErrors++;
      }
    }
    stats.lastSend = performance.now();
    await delay(0);
  }
  const drainUntil = performance.now() + DRAIN_MS;
  while (stats.replies < total - stats.sendErrors && performance.now() < drainUntil) await delay(5);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

await delay(SETTLE_MS);
await flood();
socket.close();

// Per measured reply, in us: at the wire and seen in JavaScript. A wire latency <= 0 (a reply
// stamped before its request was sent: a CLOCK_REALTIME step, or a missing stamp, 0n) is
// counted, not hidden: the bench fails on it.
const wire = new Float64Array(stats.replies);
const seen = new Float64Array(stats.replies);
let k = 0;
let wireNotPositive = 0;
for (let i = warmup; i < count; i++) {
  if (repliedAt[i] === 0) continue;
  wire[k] = Number(repliedNs[i] - sentNs[i]) / 1000;
  seen[k] = (repliedAt[i] - sentAt[i]) * 1000;
  if (!(wire[k] > 0)) wireNotPositive++;
  k++;
}
wire.sort();
seen.sort();
const us = (x) => (x === null ? null : Math.round(x * 10) / 10);
const max = (sorted) => (sorted.length ? sorted[sorted.length - 1] : null);
const floodSeconds = (stats.lastSend - stats.firstSend) / 1000;
const replySeconds = (Math.max(stats.lastReply, stats.lastSend) - stats.firstSend) / 1000;
console.log(
  JSON.stringify({
    protocol,
    target: values.target,
    rate,
    warmup,
    warmupReplies: stats.warmupReplies,
    sent: total - stats.sendErrors,
    sendErrors: stats.sendErrors,
    sentPerSecond: Math.round(total / floodSeconds),
    replies: stats.replies,
    repliesPerSecond: Math.round(stats.replies / replySeconds),
    lost: total - stats.sendErrors - stats.replies,
    duplicates: stats.duplicates,
    foreign: stats.foreign,
    p50Us: us(percentile(wire, 50)),
    p99Us: us(percentile(wire, 99)),
    maxUs: us(max(wire)),
    minUs: us(wire.length ? wire[0] : null),
    wireNotPositive,
    p50SeenUs: us(percentile(seen, 50)),
    p99SeenUs: us(percentile(seen, 99)),
    maxSeenUs: us(max(seen)),
    floodSeconds: Math.round(floodSeconds * 1000) / 1000,
  }),
);
