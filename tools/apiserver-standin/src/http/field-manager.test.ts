import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELD_MANAGER_MAX_BYTES, fieldManagerFor, truncateUtf8 } from './field-manager.js';

describe('fieldManagerFor', () => {
  it("takes the query's manager first", () => {
    expect(fieldManagerFor('kubectl-create', 'kubectl/v1.32.4')).toBe('kubectl-create');
  });
  it("falls back to the User-Agent's program name, as the apiserver does", () => {
    expect(
      fieldManagerFor(undefined, 'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)'),
    ).toBe('node-fetch');
    expect(fieldManagerFor(undefined, 'kubectl/v1.32.4 (linux/amd64) kubernetes/59526cd')).toBe(
      'kubectl',
    );
    expect(fieldManagerFor(undefined, undefined)).toBe('');
  });
  it('keeps defaults within 128 bytes', () => {
    expect(Buffer.byteLength(fieldManagerFor(undefined, 'x'.repeat(300)))).toBe(
      FIELD_MANAGER_MAX_BYTES,
    );
  });
});

describe('truncateUtf8', () => {
  it('keeps the longest whole-character prefix within the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.nat(40), (s, n) => {
        const out = truncateUtf8(s, n);
        expect(Buffer.byteLength(out)).toBeLessThanOrEqual(n);
        expect(s.startsWith(out)).toBe(true);
        // Maximal: the next whole code point would not have fitted.
        const next = s.slice(out.length).codePointAt(0);
        if (next !== undefined) {
          expect(Buffer.byteLength(out + String.fromCodePoint(next))).toBeGreaterThan(n);
        }
      }),
    );
  });
});
