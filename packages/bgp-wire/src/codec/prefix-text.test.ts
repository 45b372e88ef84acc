import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { formatIpv6, parsePrefix } from './ip.js';
import { formatIpv6PrefixText, writeIpv4PrefixText, writeIpv6PrefixText } from './prefix-text.js';

const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** The entry the general parser (ip.ts) gives: length octet and masked address octets. */
function referenceEntry(text: string): string {
  const { prefixLength, address } = parsePrefix(text);
  const bytes = address.slice(0, (prefixLength + 7) >> 3);
  if (prefixLength & 7) bytes[bytes.length - 1] &= 0xff << (8 - (prefixLength & 7));
  return prefixLength.toString(16).padStart(2, '0') + hexOf(bytes);
}

function fastEntry(text: string, write: typeof writeIpv4PrefixText): string | undefined {
  const out = new Uint8Array(17);
  const end = write(text, out, 0);
  return end < 0 ? undefined : hexOf(out.subarray(0, end));
}

/** IPv6 text in several spellings: RFC 5952, full, upper case. */
const arbIpv6Text = fc
  .tuple(
    fc.uint8Array({ minLength: 16, maxLength: 16 }),
    fc.integer({ min: 0, max: 128 }),
    fc.nat(2),
  )
  .map(([bytes, length, style]) => {
    const words = Array.from({ length: 8 }, (_, i) =>
      ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16),
    );
    const text =
      style === 0
        ? formatIpv6(bytes, 0)
        : style === 1
          ? words.join(':')
          : words.join(':').toUpperCase();
    return `${text}/${length}`;
  });

describe('writeIpv4PrefixText / writeIpv6PrefixText', () => {
  test.prop([fc.ipV4(), fc.integer({ min: 0, max: 32 })])(
    'IPv4: same entry as the general parser',
    (address, length) => {
      expect(fastEntry(`${address}/${length}`, writeIpv4PrefixText)).toBe(
        referenceEntry(`${address}/${length}`),
      );
    },
  );

  test.prop([arbIpv6Text])('IPv6: same entry as the general parser', (text) => {
    expect(fastEntry(text, writeIpv6PrefixText)).toBe(referenceEntry(text));
  });

  it('takes a bare address as a host prefix', () => {
    expect(fastEntry('192.0.2.1', writeIpv4PrefixText)).toBe('20c0000201');
    expect(fastEntry('::1', writeIpv6PrefixText)).toBe(`80${'00'.repeat(15)}01`);
  });

  it.each([
    '::ffff:192.0.2.1/128',
    '1::2::3/64',
    '1:2:3:4:5:6:7:8:9/64',
    ':1::/8',
    '12345::/16',
    '::/129',
    '::/',
    '1:/16',
  ])('leaves "%s" to the general parser', (text) => {
    expect(fastEntry(text, writeIpv6PrefixText)).toBeUndefined();
  });

  it.each(['10.0.0.0/33', '10.0.0/8', '1.2.3.4.5/8', '10.0.0.0/8/8', '10.0.0.0/', '256.0.0.0/8'])(
    'leaves "%s" to the general parser',
    (text) => {
      expect(fastEntry(text, writeIpv4PrefixText)).toBeUndefined();
    },
  );
});

describe('formatIpv6PrefixText', () => {
  test.prop([fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.nat(128)])(
    'matches formatIpv6',
    (bytes, length) => {
      expect(formatIpv6PrefixText(bytes, 0, length)).toBe(`${formatIpv6(bytes, 0)}/${length}`);
    },
  );

  it.each([
    ['00000000000000000000000000000000', '::/0'],
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1/0'],
    ['00000000000000000000ffffc0000201', '::ffff:192.0.2.1/0'],
    ['00010000000000000000000000000000', '1::/0'],
    ['00000000000000000000000000000001', '::1/0'],
    ['00010002000300040005000600070008', '1:2:3:4:5:6:7:8/0'],
    ['00010000000200030004000500060007', '1:0:2:3:4:5:6:7/0'],
  ])('formats %s as %s', (hex, text) => {
    expect(formatIpv6PrefixText(Uint8Array.from(Buffer.from(hex, 'hex')), 0, 0)).toBe(text);
  });
});
