import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAddress, parseAddress } from './address.js';
import { IpamError } from './errors.js';
import {
  type AddressRange,
  buggyCount,
  formatRange,
  parseAddressRange,
  parseCidr,
  rangeSize,
  rangesOverlap,
  rangeToCidrs,
} from './range.js';

const v4 = (a: string): bigint => parseAddress(a).value;

function messageOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IpamError);
    return { code: (e as IpamError).code, message: (e as IpamError).message };
  }
  throw new Error('did not throw');
}

describe('parseAddressRange', () => {
  it('parses a CIDR and masks host bits off, as Go ParseCIDR does', () => {
    expect(parseAddressRange('10.0.0.7/24')).toEqual({
      family: 'ipv4',
      first: v4('10.0.0.0'),
      last: v4('10.0.0.255'),
    });
    expect(parseAddressRange('1000::1/127')).toEqual(parseAddressRange('1000::/127'));
    expect(parseAddressRange('0.0.0.0/0')).toEqual({
      family: 'ipv4',
      first: 0n,
      last: 0xffffffffn,
    });
    expect(rangeSize(parseAddressRange('2001:db8::/64'))).toBe(1n << 64n);
  });

  it('parses a range with spaces around the dash trimmed', () => {
    expect(parseAddressRange('192.168.1.240 - 192.168.1.250')).toEqual({
      family: 'ipv4',
      first: v4('192.168.1.240'),
      last: v4('192.168.1.250'),
    });
    expect(parseAddressRange('10.0.0.1-10.0.0.1')).toEqual({
      family: 'ipv4',
      first: v4('10.0.0.1'),
      last: v4('10.0.0.1'),
    });
    expect(parseAddressRange('fc00::1-fc00::ff').family).toBe('ipv6');
  });

  it('keeps an IPv4-mapped CIDR IPv6 (Go keeps its 128-bit mask)', () => {
    expect(parseAddressRange('::ffff:1.2.3.0/120').family).toBe('ipv6');
  });

  it.each([
    ['1.2.3.0/33', 'IPAM_ERR_INVALID_CIDR', 'invalid CIDR "1.2.3.0/33"'],
    ['1.2.3.4', 'IPAM_ERR_INVALID_CIDR', 'invalid CIDR "1.2.3.4"'],
    ['::/129', 'IPAM_ERR_INVALID_CIDR', 'invalid CIDR "::/129"'],
    ['10.0.0.0/', 'IPAM_ERR_INVALID_CIDR', 'invalid CIDR "10.0.0.0/"'],
    ['x-10.0.0.1', 'IPAM_ERR_INVALID_RANGE', 'invalid IP range "x-10.0.0.1": invalid start IP "x"'],
    [
      '10.0.0.1 - y',
      'IPAM_ERR_INVALID_RANGE',
      'invalid IP range "10.0.0.1 - y": invalid end IP " y"',
    ],
    [
      '10.0.0.9-10.0.0.1',
      'IPAM_ERR_INVALID_RANGE',
      'invalid IP range "10.0.0.9-10.0.0.1": start IP "10.0.0.9" is after the end IP "10.0.0.1"',
    ],
    [
      '10.0.0.1-::1',
      'IPAM_ERR_INVALID_RANGE',
      'invalid IP range "10.0.0.1-::1": start IP "10.0.0.1" and end IP "::1" are of different families',
    ],
  ])('refuses %j with MetalLB wording', (text, code, message) => {
    expect(messageOf(() => parseAddressRange(text))).toEqual({ code, message });
  });
});

describe('rangeToCidrs', () => {
  it('summarises ranges as MetalLB does', () => {
    const r = parseAddressRange('192.168.1.240-192.168.1.250');
    expect(rangeToCidrs(r)).toEqual(['192.168.1.240/29', '192.168.1.248/31', '192.168.1.250/32']);
    expect(rangeToCidrs(parseAddressRange('0.0.0.0-255.255.255.255'))).toEqual(['0.0.0.0/0']);
    expect(rangeToCidrs(parseAddressRange('2001:db8::/64'))).toEqual(['2001:db8::/64']);
    expect(formatRange(parseAddressRange('10.0.0.1-10.0.0.2'))).toBe('10.0.0.1-10.0.0.2');
    expect(formatRange(parseAddressRange('10.0.0.0 - 10.0.0.255'))).toBe('10.0.0.0/24');
  });

  const arbRange = (bits: 32 | 128): fc.Arbitrary<AddressRange> =>
    fc
      .tuple(
        fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }),
        fc.bigInt({ min: 0n, max: 5000n }),
      )
      .map(([a, len]) => {
        const max = (1n << BigInt(bits)) - 1n;
        const last = a + len > max ? max : a + len;
        return { family: bits === 32 ? 'ipv4' : 'ipv6', first: a, last } as const;
      });

  it('covers exactly the range: contiguous, disjoint, aligned blocks from first to last', () => {
    fc.assert(
      fc.property(fc.oneof(arbRange(32), arbRange(128)), (r) => {
        const cidrs = rangeToCidrs(r).map(parseCidr);
        let next = r.first;
        for (const c of cidrs) {
          expect(c.first).toBe(next);
          // parseCidr masks host bits: an unaligned block would come back shifted.
          next = c.last + 1n;
        }
        expect(next - 1n).toBe(r.last);
        expect(cidrs.reduce((s, c) => s + rangeSize(c), 0n)).toBe(rangeSize(r));
      }),
    );
  });
});

describe('rangesOverlap', () => {
  const small = fc
    .tuple(
      fc.constantFrom('ipv4', 'ipv6'),
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 0, max: 40 }),
    )
    .map(
      ([family, a, b]) =>
        ({ family, first: BigInt(Math.min(a, b)), last: BigInt(Math.max(a, b)) }) as AddressRange,
    );

  it('is symmetric and agrees with a brute-force reference', () => {
    fc.assert(
      fc.property(small, small, (a, b) => {
        let shared = false;
        for (let x = a.first; x <= a.last; x++) {
          if (a.family === b.family && x >= b.first && x <= b.last) shared = true;
        }
        expect(rangesOverlap(a, b)).toBe(shared);
        expect(rangesOverlap(b, a)).toBe(shared);
      }),
    );
  });
});

describe('buggyCount', () => {
  it('counts .0 and .255 addresses exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 2000 }),
        (a, len) => {
          let n = 0n;
          for (let x = a; x <= a + len; x++) if (x % 256 === 0 || x % 256 === 255) n++;
          expect(buggyCount({ family: 'ipv4', first: BigInt(a), last: BigInt(a + len) })).toBe(n);
        },
      ),
    );
    expect(buggyCount(parseAddressRange('fc00::/120'))).toBe(0n);
    expect(formatAddress('ipv4', v4('1.2.3.4'))).toBe('1.2.3.4');
  });
});
