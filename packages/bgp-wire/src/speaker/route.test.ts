import { describe, expect, it } from 'vitest';
import { BgpError } from '../codec/errors.js';
import { parseExtendedCommunity } from './ext-community-text.js';
import { DEFAULT_KEY, rawAttributeKey, routeTemplate } from './route.js';

describe('parseExtendedCommunity', () => {
  it.each([
    ['rt:65000:100', { type: 'route-target', form: 'as2', global: 65000, local: 100 }],
    ['rt:4200000000:9', { type: 'route-target', form: 'as4', global: 4200000000, local: 9 }],
    ['soo:192.0.2.1:7', { type: 'route-origin', form: 'ipv4', global: '192.0.2.1', local: 7 }],
    [
      'ro:65000:4294967295',
      { type: 'route-origin', form: 'as2', global: 65000, local: 4294967295 },
    ],
  ])('reads %s', (text, expected) => {
    expect(parseExtendedCommunity(text)).toEqual({ ...expected, transitive: true });
  });

  it('reads raw octets', () => {
    const ec = parseExtendedCommunity('raw:030c00000000000a');
    expect(ec.type === 'unknown' && [...ec.value]).toEqual([3, 12, 0, 0, 0, 0, 0, 10]);
  });

  it.each(['rt:65000', 'rt:4200000000:65536', 'soo:192.0.2.300:1', 'xx:1:2', 'raw:00'])(
    'rejects %s',
    (text) => expect(() => parseExtendedCommunity(text)).toThrow(BgpError),
  );
});

describe('routeTemplate', () => {
  it('shares one key for routes with nothing but a prefix', () => {
    expect(routeTemplate({ prefix: '192.0.2.0/24' }, '192.0.2.0/24').key).toBe(DEFAULT_KEY);
    expect(routeTemplate({ prefix: 'x', origin: 'igp' }, '192.0.2.0/24').key).toBe(DEFAULT_KEY);
    expect(rawAttributeKey({ prefix: '192.0.2.0/24' })).toBe('');
  });

  it('sorts and deduplicates communities, so differently written routes intern alike', () => {
    const a = routeTemplate({ prefix: 'p', communities: ['65000:2', '65000:01', '65000:2'] }, 'p');
    const b = routeTemplate({ prefix: 'p', communities: ['65000:1', '65000:2'] }, 'p');
    expect(a.attributes.communities).toEqual(['65000:1', '65000:2']);
    expect(a.key).toBe(b.key);
    const ext = routeTemplate(
      {
        prefix: 'p',
        extendedCommunities: [
          'rt:65000:2',
          { type: 'route-target', form: 'as2', global: 65000, local: 1, transitive: true },
        ],
      },
      'p',
    );
    expect(
      ext.attributes.extendedCommunities.map((c) => c.type === 'route-target' && c.local),
    ).toEqual([1, 2]);
  });

  it.each([
    [{ prefix: 'p', nextHop: '2001:db8::1' }, 'family'],
    [{ prefix: 'p', largeCommunities: ['1:2'] }, 'large community'],
    [{ prefix: 'p', asPath: [2 ** 32] }, 'asPath'],
    [{ prefix: 'p', origin: 'bgp' as 'igp' }, 'origin'],
    [{ prefix: 'p', localPref: 1.5 }, 'localPref'],
  ])('rejects %j naming the field', (route, field) => {
    expect(() => routeTemplate(route, '192.0.2.0/24')).toThrow(field);
  });
});
