import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goFloat, goNumber, goQuote, goSharpV } from './go-format.js';

describe('goFloat', () => {
  it('prints as Go %v does', () => {
    expect(goFloat(0.5)).toBe('0.5');
    expect(goFloat(1e6)).toBe('1e+06');
    expect(goFloat(1234567.5)).toBe('1.2345675e+06');
    expect(goFloat(123456.5)).toBe('123456.5');
    expect(goFloat(0.00001)).toBe('1e-05');
    expect(goFloat(0.0001)).toBe('0.0001');
    expect(goFloat(1e21)).toBe('1e+21');
  });

  it('round-trips through parseFloat', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Number.parseFloat(goFloat(x))).toBe(x);
      }),
    );
  });
});

describe('goNumber', () => {
  it('prints integral values as int64', () => {
    expect(goNumber(4294967296)).toBe('4294967296');
    expect(goNumber(-3)).toBe('-3');
    expect(goNumber(2.5)).toBe('2.5');
  });
});

describe('goQuote', () => {
  it('escapes as strconv.Quote', () => {
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote('\n\t\u0001\u007f')).toBe('"\\n\\t\\x01\\x7f"');
    expect(goQuote('héllo ✓')).toBe('"héllo ✓"');
    expect(goQuote('\u00a0\u200b')).toBe('"\\u00a0\\u200b"');
  });

  it('agrees with JSON.stringify on printable ASCII', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        }),
        (s) => {
          expect(goQuote(s)).toBe(JSON.stringify(s));
        },
      ),
    );
  });
});

describe('goSharpV', () => {
  it('prints maps with sorted keys and slices of interfaces', () => {
    expect(goSharpV({ port: 80, name: 'http' })).toBe(
      'map[string]interface {}{"name":"http", "port":80}',
    );
    expect(goSharpV(['a', 1, null, true])).toBe('[]interface {}{"a", 1, interface {}(nil), true}');
  });
});
