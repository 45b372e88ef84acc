import { describe, expect, it } from 'vitest';
import { birdStateToSession, parseBirdProtocols, parseBirdRoutes } from './bird-parse.js';
import { exaRoutes, exaStateToSession, foldExaMessages } from './exabgp-parse.js';
import { parseFrrNeighborState, parseFrrRoutes } from './frr-parse.js';
import { parseGobgpNeighborState, parseGobgpRib } from './gobgp-parse.js';
import { readFixture } from './testing.js';

const EXA_EXT = ['raw:4300000000000005', 'rt:192.0.2.5:100', 'rt:4200000000:7', 'soo:65000:7'];
const GOBGP_V4 = {
  prefix: '203.0.113.10/32',
  nextHop: '192.0.2.11',
  asPath: [64513],
  communities: ['65000:20', '65000:100'],
  largeCommunities: ['65000:1:2'],
  extendedCommunities: ['rt:65000:100'],
  med: 5,
  peer: '192.0.2.11',
};

describe('parseBirdRoutes', () => {
  const protocols = parseBirdProtocols(readFixture('bird-2.0.12-show-protocols-all.txt'));
  const peerOf = (name: string) => protocols.find((p) => p.name === name)?.neighborAddress;

  it('reads every path of a prefix, not just the best one', () => {
    const routes = parseBirdRoutes(readFixture('bird-2.0.12-show-route-all-ipv4.txt'), peerOf);
    expect(routes.filter((r) => r.prefix === '203.0.113.10/32')).toHaveLength(4);
    expect(routes.filter((r) => r.prefix === '203.0.113.40/32').map((r) => r.asPath)).toEqual([
      [64513, 64515],
      [64513, 64515],
    ]);
  });

  it('normalizes communities, large and extended communities (generic ones as raw)', () => {
    const routes = parseBirdRoutes(readFixture('bird-2.0.12-show-route-all-ipv4.txt'), peerOf);
    expect(routes).toContainEqual({ ...GOBGP_V4, localPref: 100 });
    expect(routes).toContainEqual({
      prefix: '203.0.113.10/32',
      nextHop: '192.0.2.12',
      asPath: [64514],
      communities: [],
      largeCommunities: ['65000:3:4'],
      extendedCommunities: EXA_EXT,
      localPref: 100,
      peer: '2001:db8:1::12',
    });
  });

  it('takes the global address of an IPv6 next hop', () => {
    const routes = parseBirdRoutes(readFixture('bird-2.0.12-show-route-all-ipv6.txt'), peerOf);
    expect(routes.map((r) => [r.prefix, r.nextHop, r.med])).toEqual([
      ['2001:db8:99::/48', '2001:db8:1::11', undefined],
      ['2001:db8:98::/48', '2001:db8:1::12', 8],
      ['2001:db8:98::/48', '2001:db8:1::11', undefined],
    ]);
  });
});

describe('parseBirdProtocols', () => {
  it('lists BGP protocols with neighbour and state, skipping others', () => {
    const protocols = parseBirdProtocols(readFixture('bird-2.0.12-show-protocols-all.txt'));
    expect(
      protocols.map((p) => [p.name, p.neighborAddress, birdStateToSession(p.bgpState)]),
    ).toEqual([
      ['n0', '192.0.2.11', 'established'],
      ['n1', '192.0.2.12', 'established'],
      ['n2', '2001:db8:1::11', 'established'],
      ['n3', '2001:db8:1::12', 'established'],
    ]);
    expect(birdStateToSession('Passive')).toBe('active');
    expect(birdStateToSession('Down')).toBe('idle');
  });
});

describe('parseFrrRoutes', () => {
  it('skips the prefix summary entries and our own network routes', () => {
    const routes = parseFrrRoutes(readFixture('frr-8.4.4-show-bgp-ipv4-json-detail.txt'));
    expect(routes.map((r) => r.peer)).toEqual(['2001:db8:1::11', '192.0.2.11', '2001:db8:1::12']);
    expect(routes).toContainEqual(GOBGP_V4);
  });

  it('shows what FRR cannot name as frr:<text>', () => {
    const routes = parseFrrRoutes(readFixture('frr-8.4.4-show-bgp-ipv4-json-detail.txt'));
    const exa = routes.find((r) => r.peer === '2001:db8:1::12');
    expect(exa?.extendedCommunities).toEqual([
      'frr:OVS:ERROR',
      'rt:192.0.2.5:100',
      'rt:4200000000:7',
      'soo:65000:7',
    ]);
  });

  it('reads well-known communities, which FRR lists by name, as numbers', () => {
    const [route] = parseFrrRoutes(
      readFixture('frr-8.4.4-show-bgp-ipv4-json-detail-well-known.txt'),
    );
    expect(route?.communities).toEqual([
      '65000:100',
      '65535:0',
      '65535:666',
      '65535:65281',
      '65535:65282',
      '65535:65283',
    ]);
  });

  it('takes the global IPv6 next hop', () => {
    const routes = parseFrrRoutes(readFixture('frr-8.4.4-show-bgp-ipv6-json-detail.txt'));
    expect(routes.find((r) => r.peer === '2001:db8:1::11')).toMatchObject({
      prefix: '2001:db8:99::/48',
      nextHop: '2001:db8:1::11',
      communities: ['65000:6'],
    });
  });

  it('reads the neighbour state', () => {
    expect(
      parseFrrNeighborState(readFixture('frr-8.4.4-show-bgp-neighbor-json.txt'), '192.0.2.11'),
    ).toBe('established');
    expect(parseFrrNeighborState('{}', '192.0.2.99')).toBe('idle');
  });
});

describe('parseGobgpRib', () => {
  it('reads learned paths only, with asdot RTs and opaque communities normalized', () => {
    const routes = parseGobgpRib(readFixture('gobgp-3.10.0-global-rib-ipv4.txt'));
    expect(routes).toContainEqual(GOBGP_V4);
    expect(routes.find((r) => r.peer === '192.0.2.12')?.extendedCommunities).toEqual(EXA_EXT);
  });

  it('reads IPv6 next hops from MP_REACH_NLRI', () => {
    const routes = parseGobgpRib(readFixture('gobgp-3.10.0-global-rib-ipv6.txt'));
    expect(routes).toContainEqual(
      expect.objectContaining({
        prefix: '2001:db8:99::/48',
        nextHop: '2001:db8:1::11',
        peer: '2001:db8:1::11',
      }),
    );
  });

  it('reads the numeric session state', () => {
    expect(parseGobgpNeighborState(readFixture('gobgp-3.10.0-neighbor.txt'))).toBe('established');
    expect(parseGobgpNeighborState('{"state":{}}')).toBe('idle');
    expect(parseGobgpRib('null')).toEqual([]);
  });
});

describe('foldExaMessages', () => {
  const table = foldExaMessages(readFixture('exabgp-4.2.21-api-messages.txt'));

  it('folds announcements and withdrawals into a table', () => {
    const v4 = exaRoutes(table, 'ipv4');
    expect(v4.map((r) => [r.prefix, r.peer, r.nextHop])).toEqual([
      ['203.0.113.10/32', '2001:db8:1::13', '0.0.0.0'],
      ['203.0.113.40/32', '192.0.2.14', '192.0.2.14'],
      ['203.0.113.40/32', '2001:db8:1::13', '0.0.0.0'],
    ]);
    expect(v4[0]?.extendedCommunities).toEqual([
      'rt:192.0.2.5:100',
      'rt:4200000000:7',
      'soo:65000:7',
    ]);
    expect(v4[2]?.med).toBe(0);
  });

  it('keeps IPv6 routes per peer', () => {
    expect(exaRoutes(table, 'ipv6').map((r) => [r.prefix, r.peer])).toEqual([
      ['2001:db8:98::/48', '2001:db8:1::13'],
      ['2001:db8:99::/48', '192.0.2.14'],
      ['2001:db8:99::/48', '2001:db8:1::13'],
      ['2001:db8:99::/48', '2001:db8:1::14'],
    ]);
  });

  it('takes the global address of a global + link-local IPv6 next hop', () => {
    const v6 = exaRoutes(
      foldExaMessages(readFixture('exabgp-4.2.21-api-ipv6-link-local.txt')),
      'ipv6',
    );
    expect(v6.map((r) => [r.prefix, r.nextHop])).toEqual([['2001:db8:99::/48', '2001:db8:1::11']]);
  });

  it('tracks the last state per peer and drops a downed peer’s routes', () => {
    expect(exaStateToSession(table.states.get('192.0.2.1'))).toBe('established');
    expect(exaStateToSession(table.states.get('192.0.2.13'))).toBe('idle');
    const down = foldExaMessages(
      `${readFixture('exabgp-4.2.21-api-messages.txt')}{"type":"state","neighbor":{"address":{"peer":"192.0.2.14"},"state":"down"}}\n`,
    );
    expect(exaRoutes(down, 'ipv4').some((r) => r.peer === '192.0.2.14')).toBe(false);
  });

  it('reads path identifiers', () => {
    const line = {
      type: 'update',
      neighbor: {
        address: { peer: '192.0.2.11' },
        message: {
          update: {
            attribute: { 'as-path': [64513] },
            announce: {
              'ipv4 unicast': {
                '192.0.2.11': [{ nlri: '203.0.113.10/32', 'path-information': '0.0.0.2' }],
              },
            },
          },
        },
      },
    };
    expect(exaRoutes(foldExaMessages(JSON.stringify(line)), 'ipv4')[0]?.pathId).toBe(2);
  });
});
