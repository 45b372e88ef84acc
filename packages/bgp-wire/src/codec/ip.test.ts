import { describe, expect, it } from 'vitest';
import { formatIpv6, parseIpv6 } from './ip.js';

describe('formatIpv6', () => {
  it('compresses the longest zero run per RFC 5952', () => {
    expect(formatIpv6(parseIpv6('2001:db8:0:0:1:0:0:1'), 0)).toBe('2001:db8::1:0:0:1');
  });
});
