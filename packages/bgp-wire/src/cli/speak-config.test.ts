import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  loadSpeakConfig,
  prefixesFromText,
  SpeakConfigError,
  speakConfigFrom,
} from './speak-config.js';

describe('speakConfigFrom', () => {
  it('reads the contract example with defaults filled in', () => {
    const { config, problems } = speakConfigFrom(
      {
        localAS: 4200000001,
        routerId: '192.0.2.11',
        peers: [{ address: '192.0.2.1', peerAS: 64512, password: 's3cret', holdTime: 9, ttl: 255 }],
        routes: [
          {
            prefix: '203.0.113.10/32',
            communities: ['65000:100'],
            largeCommunities: ['65000:1:2'],
            med: 5,
          },
        ],
        prefixesFile: 'p.txt',
      },
      '/etc/blb',
    );
    expect(problems).toEqual([]);
    expect(config).toEqual({
      localAS: 4200000001,
      routerId: '192.0.2.11',
      drainTime: 3,
      peers: [{ address: '192.0.2.1', peerAS: 64512, password: 's3cret', holdTime: 9, ttl: 255 }],
      routes: [
        {
          prefix: '203.0.113.10/32',
          communities: ['65000:100'],
          largeCommunities: ['65000:1:2'],
          med: 5,
        },
      ],
      prefixesFile: '/etc/blb/p.txt',
    });
  });

  it('collects every problem, each named by its path', () => {
    const { config, problems } = speakConfigFrom(
      {
        routerId: '2001:db8::1',
        peers: [{ address: 'nope', peerAS: 0, holdTime: 2 }, { peerAS: 1 }],
        routes: [{ prefix: '203.0.113.0/33', communities: ['65536:1'] }],
        colour: 'blue',
      },
      '/',
    );
    expect(config).toBeUndefined();
    const paths = problems.map((p) => p.split(':')[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'colour',
        'localAS',
        'routerId',
        'peers[0].address',
        'peers[0].peerAS',
        'peers[0].holdTime',
        'peers[1].address',
        'routes[0].prefix',
        'routes[0].communities',
      ]),
    );
  });

  it('reads gracefulRestart, defaults left to the speaker', () => {
    const base = { localAS: 64513, routerId: '192.0.2.11', peers: [] };
    const { config, problems } = speakConfigFrom(
      {
        ...base,
        gracefulRestart: { restartTime: 120, restarting: true, forwardingPreserved: true },
      },
      '/',
    );
    expect(problems).toEqual([]);
    expect(config?.gracefulRestart).toEqual({
      restartTime: 120,
      restarting: true,
      forwardingPreserved: true,
    });
    expect(speakConfigFrom(base, '/').config?.gracefulRestart).toBeUndefined();
  });

  it('names each problem of gracefulRestart', () => {
    const base = { localAS: 64513, routerId: '192.0.2.11' };
    const bad = speakConfigFrom(
      { ...base, gracefulRestart: { restartTime: 4096, restarting: 'yes', f: 1 } },
      '/',
    );
    expect(bad.problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'gracefulRestart.f',
      'gracefulRestart.restartTime',
      'gracefulRestart.restarting',
    ]);
    expect(speakConfigFrom({ ...base, gracefulRestart: {} }, '/').problems).toEqual([
      'gracefulRestart.restartTime: required',
    ]);
    expect(speakConfigFrom({ ...base, gracefulRestart: true }, '/').problems).toEqual([
      'gracefulRestart: must be a mapping',
    ]);
  });

  it('refuses the same peer twice', () => {
    const peer = { address: '192.0.2.1', peerAS: 64512 };
    const { problems } = speakConfigFrom(
      { localAS: 1, routerId: '192.0.2.2', peers: [peer, peer] },
      '/',
    );
    expect(problems).toEqual([expect.stringMatching(/^peers\[1\]\.address/)]);
  });
});

describe('prefixesFromText', () => {
  it('skips comments and blank lines and names the line of a bad prefix', () => {
    const { prefixes, problems } = prefixesFromText(
      '# x\n203.0.113.1/32\n\n2001:db8::/48\nbad\n',
      'f',
    );
    expect(prefixes).toEqual(['203.0.113.1/32', '2001:db8::/48']);
    expect(problems).toEqual([expect.stringMatching(/^f:5: /)]);
  });
});

describe('loadSpeakConfig', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads YAML and the prefixesFile beside it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'blb-speak-'));
    writeFileSync(join(dir, 'p.txt'), '203.0.113.1/32\n203.0.113.2/32\n');
    writeFileSync(
      join(dir, 'c.yaml'),
      'localAS: 64513\nrouterId: 192.0.2.11\npeers:\n  - {address: 192.0.2.1, peerAS: 64512}\nprefixesFile: p.txt\n',
    );
    const { config, prefixes } = await loadSpeakConfig(join(dir, 'c.yaml'));
    expect(config.peers).toEqual([{ address: '192.0.2.1', peerAS: 64512 }]);
    expect(prefixes).toEqual(['203.0.113.1/32', '203.0.113.2/32']);
  });

  it('throws SpeakConfigError for YAML that does not parse', async () => {
    dir = mkdtempSync(join(tmpdir(), 'blb-speak-'));
    writeFileSync(join(dir, 'c.yaml'), 'localAS: [1\n');
    await expect(loadSpeakConfig(join(dir, 'c.yaml'))).rejects.toBeInstanceOf(SpeakConfigError);
  });
});
