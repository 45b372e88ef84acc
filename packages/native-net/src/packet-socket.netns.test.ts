// AF_PACKET sockets against the real kernel, in two network namespaces joined by veth pairs
// (src/testing/netns-lab.ts; a: 192.0.2.1 on veth-a, b: 192.0.2.2 on veth-b). The test process
// cannot enter a namespace, so an agent runs inside one (`ip netns exec <ns> node agent.js`):
// it takes JSON commands on stdin and prints JSON lines on stdout (replies, and one `frame`
// line per received frame). The agent is bundled from AGENT_SOURCE below with esbuild, so it
// runs the code under test, into .test-dist/ (one level below the package root, where the
// addon loader expects to be). Absence ("never delivered") is always shown against a later
// frame that was delivered, never by waiting a while.
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { realtimeNs } from './packet-socket.js';
import { LabProcess, NetnsLab, shouldSkipLab } from './testing/netns-lab.js';

const SRC = dirname(fileURLToPath(import.meta.url));
const AGENT = join(SRC, '..', '.test-dist', `packet-agent-${process.pid}.js`);
const WAIT_MS = 5_000;
/** IEEE 802 local experimental EtherType: no kernel protocol handler touches these frames. */
const EXPERIMENTAL = 0x88b5;
const BROADCAST = 'ff:ff:ff:ff:ff:ff';

const AGENT_SOURCE = `
import { existsSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { interfaceInfo, listInterfaces, openPacketSocket, realtimeNs } from './packet-socket.ts';
const sockets = new Map();
const emit = (e) => process.stdout.write(JSON.stringify(e) + '\\n');
const fds = () => readdirSync('/proc/self/fd').length;
const ops = {
  open: (c) => {
    // bigints as decimal strings: JSON has none. seenNs: the clock when onFrame ran.
    const s = openPacketSocket(c.ifname, { protocols: c.protocols, onFrame: (frame, info) =>
      emit({ event: 'frame', socket: c.name, hex: frame.toString('hex'),
        packetType: info.packetType, timestampNs: String(info.timestampNs),
        seenNs: String(realtimeNs()), closed: s.closed }),
      onError: (err) => emit({ event: 'socket-error', socket: c.name, code: err.code }) });
    sockets.set(c.name, s);
    return { ifindex: s.ifindex };
  },
  // The clock right before send(), as a decimal string.
  send: (c) => {
    const frame = Buffer.from(c.hex, 'hex');
    const sentNs = realtimeNs();
    sockets.get(c.name).send(frame);
    return String(sentNs);
  },
  join: (c) => sockets.get(c.name).addMembership(c.mac),
  leave: (c) => sockets.get(c.name).dropMembership(c.mac),
  close: (c) => { const s = sockets.get(c.name); s.close(); s.close(); return s.counters; },
  counters: (c) => sockets.get(c.name).counters,
  // A socket that reads and counts but prints nothing, for floods.
  openQuiet: (c) => {
    sockets.set(c.name, openPacketSocket(c.ifname, { protocols: c.protocols, onFrame: () => {} }));
  },
  // Keeps the event loop (and so the socket's reader) busy until c.path exists (at most c.maxMs).
  // Says so first (stdout to a pipe is written synchronously on Linux).
  block: (c) => {
    emit({ event: 'blocking' });
    const end = Date.now() + c.maxMs;
    while (Date.now() < end && !existsSync(c.path));
  },
  burst: (c) => {
    const s = sockets.get(c.name);
    const frame = Buffer.from(c.hex, 'hex');
    for (let i = 0; i < c.count; i++) s.send(frame);
    return c.count;
  },
  info: (c) => interfaceInfo(c.ifname),
  list: () => listInterfaces(),
  fds: () => fds(),
};
createInterface({ input: process.stdin }).on('line', (line) => {
  const c = JSON.parse(line);
  try {
    emit({ event: 'reply', id: c.id, ok: true, result: ops[c.op](c) ?? null });
  } catch (err) {
    emit({ event: 'reply', id: c.id, ok: false, code: err.code, message: err.message });
  }
});
process.stdin.on('end', () => { for (const s of sockets.values()) s.close(); });
`;

interface FrameEvent {
  event: 'frame';
  socket: string;
  hex: string;
  packetType: string;
  /** FrameInfo.timestampNs, and realtimeNs() when onFrame ran, as decimal strings. */
  timestampNs: string;
  seenNs: string;
  closed: boolean;
}
interface ReplyEvent {
  event: 'reply';
  id: number;
  ok: boolean;
  result?: unknown;
  code?: string;
  message?: string;
}

/** An agent process in a namespace, driven over stdin. */
class Agent {
  private nextId = 0;
  constructor(readonly proc: LabProcess) {}

  /** Sends one command and returns its reply (bounded). */
  async call(
    op: string,
    args: Record<string, unknown> = {},
    waitMs = WAIT_MS,
  ): Promise<ReplyEvent> {
    const id = this.nextId++;
    this.proc.child.stdin?.write(`${JSON.stringify({ id, op, ...args })}\n`);
    const reply = await this.proc.waitFor((e) => {
      const r = e as unknown as ReplyEvent;
      return r.event === 'reply' && r.id === id;
    }, waitMs);
    return reply as unknown as ReplyEvent;
  }

  /** Like call, but fails the test on an error reply. */
  async ok<T = unknown>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    const reply = await this.call(op, args);
    if (!reply.ok) throw new Error(`${op} failed: ${reply.code}: ${reply.message}`);
    return reply.result as T;
  }

  frames(socket: string): FrameEvent[] {
    return (this.proc.events as unknown as FrameEvent[]).filter(
      (e) => e.event === 'frame' && e.socket === socket,
    );
  }

  async waitFrame(socket: string, match: (f: FrameEvent) => boolean): Promise<FrameEvent> {
    const found = await this.proc.waitFor((e) => {
      const f = e as unknown as FrameEvent;
      return f.event === 'frame' && f.socket === socket && match(f);
    }, WAIT_MS);
    return found as unknown as FrameEvent;
  }
}

const hexMac = (mac: string): string => mac.replaceAll(':', '');
/** An Ethernet II frame of the experimental EtherType with `text` as payload. */
function testFrame(dst: string, src: string, text: string): string {
  const type = EXPERIMENTAL.toString(16).padStart(4, '0');
  return hexMac(dst) + hexMac(src) + type + Buffer.from(text.padEnd(46, '.')).toString('hex');
}
const carries = (text: string) => (f: FrameEvent) =>
  f.hex.includes(Buffer.from(text).toString('hex'));

/** A gratuitous ARP request (RFC 5227 announcement form) for `ip` from `mac`. */
function gratuitousArp(mac: string, ip: string): string {
  const ipHex = Buffer.from(ip.split('.').map(Number)).toString('hex');
  const arp = `0001080006040001${hexMac(mac)}${ipHex}000000000000${ipHex}`;
  return `${hexMac(BROADCAST)}${hexMac(mac)}0806${arp}`.padEnd(120, '0');
}

describe.skipIf(shouldSkipLab('AF_PACKET namespace tests'))('AF_PACKET sockets', () => {
  let lab: NetnsLab;
  const procs = new Set<LabProcess>();

  beforeAll(async () => {
    await build({
      stdin: { contents: AGENT_SOURCE, resolveDir: SRC, loader: 'ts', sourcefile: 'agent.ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: AGENT,
      logLevel: 'silent',
    });
    return () => rmSync(AGENT, { force: true });
  });
  beforeEach(() => {
    lab = NetnsLab.create();
  });
  afterEach(async () => {
    await Promise.allSettled([...procs].map((p) => p.stop()));
    procs.clear();
    await lab?.close();
  });

  function start(ns: string, argv: readonly string[], label: string): LabProcess {
    const child = spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: ['pipe', 'pipe', 'pipe'] });
    const proc = new LabProcess(child, `${label}@${ns}`);
    procs.add(proc);
    return proc;
  }
  const agent = (ns: string): Agent => new Agent(start(ns, [process.execPath, AGENT], 'agent'));
  const ipIn = (ns: string, args: string): string => lab.exec(ns, ['ip', ...args.split(' ')]);
  const macOf = (ns: string, dev: string): string =>
    (JSON.parse(ipIn(ns, `-j link show ${dev}`)) as { address: string }[])[0]?.address ?? '';

  it('receives the broadcast ARP request of arping on the other end', async () => {
    const a = agent(lab.a.ns);
    await a.ok('open', { name: 's', ifname: 'veth-a', protocols: 0x0806 });
    try {
      lab.exec(lab.b.ns, ['timeout', '5', 'arping', '-c', '1', '-I', 'veth-b', '192.0.2.9']);
    } catch {
      // no one answers for 192.0.2.9, so arping exits non-zero; the request went out
    }
    const target = Buffer.from([192, 0, 2, 9]).toString('hex');
    const frame = await a.waitFrame('s', (f) => f.hex.endsWith(target, 2 * 42));
    expect(frame.packetType).toBe('broadcast');
    expect(frame.hex.slice(0, 12)).toBe('ffffffffffff');
    expect(frame.hex.slice(12, 24)).toBe(hexMac(macOf(lab.b.ns, 'veth-b')));
    expect(frame.hex.slice(24, 28)).toBe('0806');
  });

  it('sends a gratuitous ARP that tcpdump sees, and never receives its own sends', async () => {
    const a = agent(lab.a.ns);
    await a.ok('open', { name: 's', ifname: 'veth-a', protocols: 0x0806 });
    const mac = macOf(lab.a.ns, 'veth-a');
    const dump = start(
      lab.b.ns,
      [
        'timeout',
        '5',
        'tcpdump',
        '-c',
        '1',
        '-nn',
        '-e',
        '-l',
        '-i',
        'veth-b',
        'arp host 192.0.2.77',
      ],
      'tcpdump',
    );
    await waitForOutput(dump, 'listening on');
    await a.ok('send', { name: 's', hex: gratuitousArp(mac, '192.0.2.77') });
    await dump.exited;
    expect(dump.output).toContain(`${mac} > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806)`);
    expect(dump.output).toMatch(/Request who-has 192\.0\.2\.77 tell 192\.0\.2\.77/);
    // Observed: with the default arp_accept=0 the peer's kernel learns nothing from it.
    expect(ipIn(lab.b.ns, 'neigh show 192.0.2.77').trim()).toBe('');
    // A later frame is delivered; our own send, which went out before it, never was.
    try {
      lab.exec(lab.b.ns, ['timeout', '5', 'arping', '-c', '1', '-I', 'veth-b', '192.0.2.9']);
    } catch {
      // unanswered, as above
    }
    await a.waitFrame('s', (f) => f.packetType === 'broadcast');
    expect(a.frames('s').filter((f) => f.hex.slice(12, 24) === hexMac(mac))).toEqual([]);
    expect(await a.ok('counters', { name: 's' })).toMatchObject({ framesSent: 1 });
  });

  it('delivers multicast without membership on veth; membership shows in ip maddr', async () => {
    const a = agent(lab.a.ns);
    const b = agent(lab.b.ns);
    await a.ok('open', { name: 's', ifname: 'veth-a', protocols: EXPERIMENTAL });
    await b.ok('open', { name: 's', ifname: 'veth-b', protocols: EXPERIMENTAL });
    const group = '33:33:ff:00:00:09';
    const from = macOf(lab.b.ns, 'veth-b');
    // veth has no multicast filter: the frame arrives with no membership and no promiscuity.
    await b.ok('send', { name: 's', hex: testFrame(group, from, 'no-membership') });
    const frame = await a.waitFrame('s', carries('no-membership'));
    expect(frame.packetType).toBe('multicast');
    expect(ipIn(lab.a.ns, 'maddr show dev veth-a')).not.toContain(group);
    await a.ok('join', { name: 's', mac: group });
    expect(ipIn(lab.a.ns, 'maddr show dev veth-a')).toContain(`link  ${group}`);
    await a.ok('leave', { name: 's', mac: group });
    expect(ipIn(lab.a.ns, 'maddr show dev veth-a')).not.toContain(group);
    expect(await a.call('join', { name: 's', mac: '02:00:00:00:00:01' })).toMatchObject({
      ok: false,
      code: 'NATIVE_NET_ERR_INVALID_ARG',
    });
  });

  it("stamps each frame with the kernel's receive time, between the peer's send and onFrame", async () => {
    const a = agent(lab.a.ns);
    const b = agent(lab.b.ns);
    await a.ok('open', { name: 's', ifname: 'veth-a', protocols: EXPERIMENTAL });
    await b.ok('open', { name: 's', ifname: 'veth-b', protocols: EXPERIMENTAL });
    const from = macOf(lab.b.ns, 'veth-b');
    for (const text of ['stamp-1', 'stamp-2', 'stamp-3']) {
      // CLOCK_REALTIME is one clock for every network namespace, so the two agents compare.
      const sentNs = BigInt(
        await b.ok<string>('send', { hex: testFrame(BROADCAST, from, text), name: 's' }),
      );
      const frame = await a.waitFrame('s', carries(text));
      const afterNs = realtimeNs();
      const stampNs = BigInt(frame.timestampNs);
      expect(stampNs).toBeGreaterThan(sentNs);
      expect(stampNs).toBeLessThanOrEqual(BigInt(frame.seenNs));
      expect(BigInt(frame.seenNs)).toBeLessThanOrEqual(afterNs);
    }
  });

  it('a socket bound to one interface never sees frames of another', async () => {
    ipIn(lab.a.ns, `link add veth-c type veth peer name veth-d netns ${lab.b.ns}`);
    ipIn(lab.a.ns, 'link set veth-c up');
    ipIn(lab.b.ns, 'link set veth-d up');
    const a = agent(lab.a.ns);
    const b = agent(lab.b.ns);
    await a.ok('open', { name: 'on-a', ifname: 'veth-a', protocols: EXPERIMENTAL });
    await a.ok('open', { name: 'on-c', ifname: 'veth-c', protocols: [EXPERIMENTAL, 0x0806] });
    await b.ok('open', { name: 'on-b', ifname: 'veth-b', protocols: EXPERIMENTAL });
    await b.ok('open', { name: 'on-d', ifname: 'veth-d', protocols: EXPERIMENTAL });
    await b.ok('send', {
      name: 'on-d',
      hex: testFrame(BROADCAST, macOf(lab.b.ns, 'veth-d'), 'via-d'),
    });
    await a.waitFrame('on-c', carries('via-d'));
    await b.ok('send', {
      name: 'on-b',
      hex: testFrame(BROADCAST, macOf(lab.b.ns, 'veth-b'), 'via-b'),
    });
    await a.waitFrame('on-a', carries('via-b'));
    expect(a.frames('on-a').filter(carries('via-d'))).toEqual([]);
    expect(a.frames('on-c').filter(carries('via-b'))).toEqual([]);
  });

  it('puts back the 802.1Q tag for ETH_P_ALL; a protocol socket gets it untagged', async () => {
    const a = agent(lab.a.ns);
    const b = agent(lab.b.ns);
    await a.ok('open', { name: 'all', ifname: 'veth-a' });
    await a.ok('open', { name: 'proto', ifname: 'veth-a', protocols: EXPERIMENTAL });
    await b.ok('open', { name: 's', ifname: 'veth-b', protocols: EXPERIMENTAL });
    const plain = testFrame(BROADCAST, macOf(lab.b.ns, 'veth-b'), 'tagged');
    const tagged = `${plain.slice(0, 24)}81000064${plain.slice(24)}`; // VLAN 100, priority 0
    await b.ok('send', { name: 's', hex: tagged });
    // The kernel untags on receive and keeps the tag in the skb: ETH_P_ALL taps see it there
    // (PACKET_AUXDATA, put back into the frame); by the time protocol handlers run, the tag
    // is dropped and a frame of a VLAN with no device here is classed "otherhost".
    expect(await a.waitFrame('all', carries('tagged'))).toMatchObject({ hex: tagged });
    expect(await a.waitFrame('proto', carries('tagged'))).toMatchObject({
      hex: plain,
      packetType: 'otherhost',
    });
  });

  it('reports ENETDOWN when the interface goes down, and receives again once it is up', async () => {
    const a = agent(lab.a.ns);
    const b = agent(lab.b.ns);
    await a.ok('open', { name: 's', ifname: 'veth-a', protocols: EXPERIMENTAL });
    await b.ok('open', { name: 's', ifname: 'veth-b', protocols: EXPERIMENTAL });
    ipIn(lab.a.ns, 'link set veth-a down');
    const error = await a.proc.waitFor(
      (e) => (e as unknown as { event: string }).event === 'socket-error',
      WAIT_MS,
    );
    expect(error).toMatchObject({ socket: 's', code: 'ENETDOWN' });
    ipIn(lab.a.ns, 'link set veth-a up');
    const from = macOf(lab.b.ns, 'veth-b');
    await b.ok('send', { name: 's', hex: testFrame(BROADCAST, from, 'after-up') });
    await a.waitFrame('s', carries('after-up'));
    expect(await a.ok('counters', { name: 's' })).toMatchObject({ receiveErrors: 1 });
  });

  it('counts the frames the kernel dropped while the process was too busy to read them', async () => {
    const a = agent(lab.a.ns);
    const b = agent(lab.b.ns);
    await b.ok('open', { name: 's', ifname: 'veth-b', protocols: EXPERIMENTAL });
    await a.ok('openQuiet', { name: 'busy', ifname: 'veth-a', protocols: EXPERIMENTAL });
    const from = macOf(lab.b.ns, 'veth-b');
    // More frames than the 4 MiB receive buffer holds (about 10,000 of these), sent while a's
    // reader is stuck: a spins until the burst is over and the test creates the release file.
    const release = join(tmpdir(), `native-net-release-${process.pid}-${lab.a.ns}`);
    rmSync(release, { force: true });
    const blocked = a.call('block', { path: release, maxMs: 20_000 }, 25_000);
    const count = 30_000;
    try {
      await a.proc.waitFor((e) => (e as { event?: string }).event === 'blocking', WAIT_MS);
      await b.ok('burst', { name: 's', hex: testFrame(BROADCAST, from, 'flood'), count });
    } finally {
      writeFileSync(release, '');
    }
    expect((await blocked).ok).toBe(true);
    rmSync(release, { force: true });
    type Counts = { framesReceived: number; kernelDrops: number };
    // The reader runs again once a's loop is free; the counters command may come first.
    let counters = await a.ok<Counts>('counters', { name: 'busy' });
    for (let i = 0; i < 50 && counters.framesReceived === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      counters = await a.ok<Counts>('counters', { name: 'busy' });
    }
    expect(counters.kernelDrops).toBeGreaterThan(0);
    expect(counters.framesReceived).toBeGreaterThan(0);
    expect(counters.framesReceived + counters.kernelDrops).toBeLessThanOrEqual(count);
    // Kept after close, with what the kernel counted since the last read.
    const closed = await a.ok<{ kernelDrops: number }>('close', { name: 'busy' });
    expect(closed.kernelDrops).toBeGreaterThanOrEqual(counters.kernelDrops);
  });

  it('close() stops delivery and frees the fd', async () => {
    const a = agent(lab.a.ns);
    const b = agent(lab.b.ns);
    await b.ok('open', { name: 's', ifname: 'veth-b', protocols: EXPERIMENTAL });
    await a.ok('open', { name: 'witness', ifname: 'veth-a', protocols: EXPERIMENTAL });
    const before = await a.ok<number>('fds');
    await a.ok('open', { name: 'closing', ifname: 'veth-a', protocols: EXPERIMENTAL });
    expect(await a.ok<number>('fds')).toBe(before + 1);
    const from = macOf(lab.b.ns, 'veth-b');
    await b.ok('send', { name: 's', hex: testFrame(BROADCAST, from, 'while-open') });
    await a.waitFrame('closing', carries('while-open'));
    expect(await a.ok('close', { name: 'closing' })).toMatchObject({ framesReceived: 1 });
    expect(await a.ok<number>('fds')).toBe(before);
    await b.ok('send', { name: 's', hex: testFrame(BROADCAST, from, 'after-close') });
    await a.waitFrame('witness', carries('after-close'));
    expect(a.frames('closing').map((f) => f.closed)).toEqual([false]);
    expect(
      await a.call('send', { name: 'closing', hex: testFrame(BROADCAST, from, 'x') }),
    ).toMatchObject({
      ok: false,
      code: 'EBADF',
    });
  });

  it('interfaceInfo reports the MAC, index, MTU, flags and master the kernel shows', async () => {
    const a = agent(lab.a.ns);
    type Link = { ifindex: number; address: string; mtu: number; flags: string[] };
    const link = (JSON.parse(ipIn(lab.a.ns, '-j link show veth-a')) as Link[])[0] as Link;
    expect(await a.ok('info', { ifname: 'veth-a' })).toEqual({
      name: 'veth-a',
      index: link.ifindex,
      mac: link.address,
      mtu: link.mtu,
      hardwareType: 1,
      flags: {
        up: true,
        broadcast: true,
        loopback: false,
        noarp: false,
        running: true,
        multicast: true,
      },
    });
    ipIn(lab.a.ns, 'link set veth-a arp off');
    expect(await a.ok('info', { ifname: 'veth-a' })).toMatchObject({ flags: { noarp: true } });
    ipIn(lab.a.ns, 'link set veth-a down');
    expect(await a.ok('info', { ifname: 'veth-a' })).toMatchObject({
      flags: { up: false, running: false },
    });
    ipIn(lab.a.ns, 'link add br0 type bridge');
    ipIn(lab.a.ns, 'link set veth-a master br0');
    expect(await a.ok('info', { ifname: 'veth-a' })).toMatchObject({ master: 'br0' });
    expect(await a.ok('info', { ifname: 'br0' })).not.toHaveProperty('master');
    const names = (await a.ok<{ name: string }[]>('list')).map((i) => i.name);
    expect(names).toEqual(['lo', 'veth-a', 'br0']);
    expect(await a.call('info', { ifname: 'nope0' })).toMatchObject({ ok: false, code: 'ENODEV' });
  });

  it('says that CAP_NET_RAW is needed when it is missing', async () => {
    // capsh drops the capability from the bounding set, so root's exec no longer gets it.
    const argv = [
      'capsh',
      '--drop=cap_net_raw',
      '--',
      '-c',
      'exec "$0" "$@"',
      process.execPath,
      AGENT,
    ];
    const a = new Agent(start(lab.a.ns, argv, 'agent-no-net-raw'));
    const reply = await a.call('open', { name: 's', ifname: 'veth-a', protocols: 0x0806 });
    expect(reply).toMatchObject({ ok: false, code: 'EPERM' });
    expect(reply.message).toContain(
      'AF_PACKET needs CAP_NET_RAW (run as root or grant the capability)',
    );
    expect(await a.ok('info', { ifname: 'veth-a' })).toMatchObject({ name: 'veth-a' });
  });
});

/** Resolves once `text` is in the process's output (stdout or stderr); bounded. */
async function waitForOutput(proc: LabProcess, text: string): Promise<void> {
  for (let waited = 0; !proc.output.includes(text); waited += 20) {
    if (waited > WAIT_MS) throw new Error(`${proc.label}: no "${text}"; output:\n${proc.output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
