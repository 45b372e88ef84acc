// The `arp-ndp` command line: usage rules (exit 2 cases), and `respond` end to end with a fake
// link: JSON lines out, announcements at start, a counters line and exit 0 on abort, exit 1
// when the interface is refused.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../responder/clock.js';
import { FakeLink, fakeInterface } from '../testing/fake-link.js';
import { parseCommandLine } from './args.js';
import { runRespond } from './run.js';

describe('parseCommandLine', () => {
  it('parses respond with repeated addresses', () => {
    expect(
      parseCommandLine([
        'respond',
        '--interface',
        'eth0',
        '--address',
        '192.0.2.10',
        '--address',
        '2001:db8::10',
      ]),
    ).toEqual({
      kind: 'respond',
      options: { interfaces: ['eth0'], addresses: ['192.0.2.10', '2001:db8::10'] },
    });
  });

  it('falls back to ARP_NDP_INTERFACE and ARP_NDP_ADDRESSES', () => {
    expect(
      parseCommandLine(['respond'], {
        ARP_NDP_INTERFACE: 'eth1',
        ARP_NDP_ADDRESSES: '192.0.2.1, 2001:db8::1',
      }),
    ).toEqual({
      kind: 'respond',
      options: { interfaces: ['eth1'], addresses: ['192.0.2.1', '2001:db8::1'] },
    });
  });

  it('recognises --help', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['respond', '-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[]],
    [['announce']],
    [['respond', '--address', '192.0.2.1']],
    [['respond', '--interface', 'eth0']],
    [['respond', '--interface', 'eth0', '--address', 'not-an-ip']],
    [['respond', '--interface', 'eth0', '--address', '192.0.2.1', '--bogus']],
    [['respond', 'extra', '--interface', 'eth0', '--address', '192.0.2.1']],
  ])('is a usage error: %j', (argv) => {
    expect(parseCommandLine(argv).kind).toBe('usage-error');
  });
});

describe('runRespond', () => {
  it('prints started and announced, then stopped with counters, and exits 0', async () => {
    const link = new FakeLink({ eth0: fakeInterface('eth0') });
    const lines: string[] = [];
    const stop = new AbortController();
    const done = runRespond(
      { interfaces: ['eth0'], addresses: ['192.0.2.10', '2001:db8::10'] },
      { print: (l) => lines.push(l), signal: stop.signal, link, clock: new ManualClock() },
    );
    stop.abort();
    expect(await done).toBe(0);
    const events = lines.map((l) => JSON.parse(l) as { event: string; ip?: string });
    expect(events.map((e) => [e.event, e.ip ?? ''])).toEqual([
      ['started', ''],
      ['announced', '192.0.2.10'],
      ['announced', '2001:db8::10'],
      ['stopped', ''],
    ]);
    expect(events.at(-1)).toMatchObject({
      counters: { gratuitous_sent: { '192.0.2.10': 2, '2001:db8::10': 1 } },
    });
    expect(link.socket('eth0').closed).toBe(true);
  });

  it('exits 1 with an error line when the interface is refused', async () => {
    const link = new FakeLink({ eth0: fakeInterface('eth0', { master: 'br0' }) });
    const lines: string[] = [];
    const code = await runRespond(
      { interfaces: ['eth0'], addresses: ['192.0.2.10'] },
      { print: (l) => lines.push(l), signal: new AbortController().signal, link },
    );
    expect(code).toBe(1);
    expect(lines.map((l) => JSON.parse(l) as object)).toEqual([
      expect.objectContaining({ event: 'refused', reason: 'enslaved' }),
      expect.objectContaining({ event: 'error', code: 'ARP_NDP_ERR_NO_USABLE_INTERFACE' }),
    ]);
  });
});
