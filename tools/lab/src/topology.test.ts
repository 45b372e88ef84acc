import { expect, it } from 'vitest';
import { sweep } from './cleanup.js';
import { Netns } from './netns.js';
import { runCommand } from './process.js';
import { describeLab } from './testing.js';
import { Lab } from './topology.js';

async function namespaces(): Promise<string[]> {
  const out = await runCommand(['ip', 'netns', 'list']);
  return out.stdout
    .split('\n')
    .map((line) => line.split(' ')[0]!)
    .filter(Boolean);
}

describeLab('Lab.create', () => {
  it('builds a LAN where hosts ping each other and the router over IPv4 and IPv6', async () => {
    const lab = await Lab.create({ hosts: ['node-a', 'node-b'] });
    try {
      const a = lab.host('node-a');
      const b = lab.host('node-b');
      expect(a.ipv4).toBe('192.0.2.11');
      expect(b.ipv6).toBe('2001:db8:1::12');
      expect(a.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      expect(a.linkLocal).toMatch(/^fe80::/);
      expect(lab.router?.ipv4).toBe('192.0.2.1');
      await a.netns.exec(['ping', '-c1', '-W2', b.ipv4]);
      await a.netns.exec(['ping', '-6', '-c1', '-W2', b.ipv6!]);
      await b.netns.exec(['ping', '-c1', '-W2', lab.router!.ipv4]);
      await b.netns.exec(['ping', '-6', '-c1', '-W2', `${a.linkLocal}%eth0`]);
      expect(await namespaces()).toEqual(expect.arrayContaining(lab.namespaceNames));
    } finally {
      await lab.close();
    }
    const left = await namespaces();
    for (const name of lab.namespaceNames) expect(left).not.toContain(name);
  });

  it('closes idempotently and rejects bad host names', async () => {
    await expect(Lab.create({ hosts: ['router'] })).rejects.toMatchObject({
      code: 'LAB_ERR_INVALID_ARGUMENT',
    });
    await expect(Lab.create({ hosts: ['a-name-far-too-long'] })).rejects.toMatchObject({
      code: 'LAB_ERR_INVALID_ARGUMENT',
    });
    const lab = await Lab.create({ hosts: ['x'], ipv6: false });
    expect(lab.host('x').ipv6).toBeUndefined();
    await Promise.all([lab.close(), lab.close()]);
    await lab.close();
    expect(await namespaces()).not.toContain(lab.host('x').netns.name);
  });
});

describeLab('Lab.pair', () => {
  it('joins two hosts by one veth and deletes both namespaces on dispose', async () => {
    let names: string[] = [];
    {
      await using lab = await Lab.pair();
      names = lab.namespaceNames;
      expect(lab.router).toBeUndefined();
      const [a, b] = lab.hosts;
      await a!.netns.exec(['ping', '-c1', '-W2', b!.ipv4]);
      await b!.netns.exec(['ping', '-6', '-c1', '-W2', a!.ipv6!]);
    }
    const left = await namespaces();
    for (const name of names) expect(left).not.toContain(name);
  });

  it('stops a process still running in a namespace before deleting it', async () => {
    const lab = await Lab.pair({ hosts: ['p', 'q'] });
    const proc = await lab.hosts[0]!.netns.spawn(['sleep', '600']);
    expect(proc.isRunning).toBe(true);
    await lab.close();
    expect(proc.isRunning).toBe(false);
    expect(proc.exitSignal).toBe('SIGTERM');
  });
});

describeLab('the exit-time safety net', () => {
  it('kills remembered daemons and deletes remembered namespaces, synchronously', async () => {
    const ns = await Netns.create({ role: 'crash' });
    const proc = await ns.spawn(['sleep', '600']);
    sweep(); // What process.on('exit') runs when a test dies without closing its lab.
    expect(await namespaces()).not.toContain(ns.name);
    expect(await proc.waitExit(5000)).toBe(true);
    expect(proc.exitSignal).toBe('SIGKILL');
    await ns.close(); // Still idempotent and quiet afterwards.
  });
});
