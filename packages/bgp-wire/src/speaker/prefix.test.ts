import { describe, expect, it } from 'vitest';
import { BgpError } from '../codec/errors.js';
import { canonicalAddress, canonicalPrefix } from './prefix.js';

describe('canonicalPrefix', () => {
  it('returns canonical IPv4 text as the very same string', () => {
    const text = ['203.0.113.', '10/32'].join('');
    expect(canonicalPrefix(text)).toBe(text);
    expect(canonicalPrefix('0.0.0.0/0')).toBe('0.0.0.0/0');
  });

  it.each([
    ['203.0.113.10', '203.0.113.10/32'],
    ['010.000.000.000/8', '10.0.0.0/8'],
    ['192.0.2.0/024', '192.0.2.0/24'],
    ['2001:DB8:0::/32', '2001:db8::/32'],
    ['2001:db8::1', '2001:db8::1/128'],
    ['::ffff:0:0/96', '::ffff:0.0.0.0/96'],
  ])('writes %s as %s', (input, expected) => {
    expect(canonicalPrefix(input)).toBe(expected);
  });

  it.each([
    '192.0.2.1/24',
    '2001:db8::1/32',
    '192.0.2.0/33',
    '256.0.0.0/8',
    '192.0.2/24',
    'example.com',
    '',
  ])('rejects %j with a BgpError', (input) => {
    expect(() => canonicalPrefix(input)).toThrow(BgpError);
  });
});

describe('canonicalAddress', () => {
  it('accepts IPv4 and IPv6 literals only', () => {
    expect(canonicalAddress('2001:DB8::1', 'x')).toBe('2001:db8::1');
    expect(() => canonicalAddress('192.0.2.1/32', 'x')).toThrow(BgpError);
  });
});
