// connectTcp against a real BGP daemon that uses TCP-MD5: BIRD 2 in namespace a, passive,
// with `password`. BIRD sets the key on its listening socket itself, so this checks our
// signing against an independent implementation; once the TCP connection is up, BIRD sends its
// OPEN first (RFC 4271 §8.2.2, Active -> OpenSent), which we read as proof it accepted us.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LabProcess, NetnsLab, shouldSkipLab } from './testing/netns-lab.js';

const TIMEOUT_MS = 2_000;
const PASSWORD = 'bird-md5-secret';
const BGP_HEADER_LENGTH = 19;
const BGP_OPEN = 1;

function birdInstalled(): boolean {
  try {
    execFileSync('bird', ['--version'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

function skipBird(): boolean {
  if (shouldSkipLab('BIRD TCP-MD5 test')) return true;
  if (birdInstalled()) return false;
  const reason = '`bird` (BIRD 2) is not installed; scripts/setup-debian.sh installs it';
  if (process.env.CI === 'true') throw new Error(`BIRD TCP-MD5 test: ${reason}`);
  console.warn(`skipping BIRD TCP-MD5 test: ${reason}`);
  return true;
}

function birdConfig(local: string, neighbor: string): string {
  return `
log stderr all;
router id ${local};
protocol device {}
protocol bgp peer1 {
  local ${local} as 65001;
  neighbor ${neighbor} as 65002;
  passive on;
  password "${PASSWORD}";
  ipv4 { import none; export none; };
}
`;
}

describe.skipIf(skipBird())('connectTcp against BIRD 2 with a BGP password', () => {
  let lab: NetnsLab;
  let dir: string;
  let bird: LabProcess;

  beforeAll(async () => {
    lab = NetnsLab.create();
    dir = mkdtempSync(join(tmpdir(), 'native-net-bird-'));
    const conf = join(dir, 'bird.conf');
    const sock = join(dir, 'bird.ctl');
    const pidFile = join(dir, 'bird.pid');
    writeFileSync(conf, birdConfig(lab.a.v4, lab.b.v4));
    bird = lab.spawn(lab.a.ns, ['bird', '-f', '-c', conf, '-s', sock, '-P', pidFile], 'bird');
    // Waiting for a peer (`Passive`, `Active` in older BIRDs): BIRD has opened its
    // listening socket and set the key on it, in one step (bgp_initiate).
    await waitUntil(
      () => ['Passive', 'Active'].includes(birdPeerState(sock)) && listensOn179(lab),
      5_000,
      () => bird.output,
    );
    expect(Number(readFileSync(pidFile, 'utf8').trim())).toBe(bird.pid);
  });

  afterAll(async () => {
    await lab?.close(); // stops BIRD by its pid, then deletes the namespaces
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('gets a connection BIRD accepts with the right key: BIRD sends its OPEN', async () => {
    const result = await lab.connectFrom(lab.b.ns, {
      host: lab.a.v4,
      port: 179,
      md5Key: PASSWORD,
      readBytes: BGP_HEADER_LENGTH,
      timeoutMs: TIMEOUT_MS,
    });
    expect(result).toMatchObject({ event: 'connected', remoteAddress: lab.a.v4, remotePort: 179 });
    if (result.event !== 'connected') throw new Error('unreachable');
    const bytes = Buffer.from(result.received, 'hex');
    expect(bytes.length).toBeGreaterThanOrEqual(BGP_HEADER_LENGTH);
    // RFC 4271 §4.1: marker of 16 0xff octets, then length, then type.
    expect(bytes.subarray(0, 16)).toEqual(Buffer.alloc(16, 0xff));
    expect(bytes[18]).toBe(BGP_OPEN);
  });

  it('never connects with a wrong key', async () => {
    const result = await lab.connectFrom(lab.b.ns, {
      host: lab.a.v4,
      port: 179,
      md5Key: 'not-the-password',
      timeoutMs: TIMEOUT_MS,
    });
    expect(result).toMatchObject({ event: 'error', code: 'ETIMEDOUT' });
  });
});

/** The last word of birdc's line for peer1 (`Passive`, `Established`, ...), or ''. */
function birdPeerState(sock: string): string {
  try {
    const out = execFileSync('birdc', ['-s', sock, 'show', 'protocols', 'peer1'], {
      encoding: 'utf8',
      timeout: 5_000,
    });
    return /^peer1\s.*\s(\w+)\s*$/m.exec(out)?.[1] ?? '';
  } catch {
    return ''; // control socket not up yet
  }
}

function listensOn179(lab: NetnsLab): boolean {
  return lab.exec(lab.a.ns, ['ss', '-Htln', 'sport = :179']).trim() !== '';
}

/** Polls `ready` every 50 ms; rejects after `timeoutMs` with `context()` in the message. */
async function waitUntil(
  ready: () => boolean,
  timeoutMs: number,
  context: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`not ready in ${timeoutMs} ms:\n${context()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
