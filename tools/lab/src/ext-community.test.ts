import { describe, expect, it } from 'vitest';
import {
  extCommunityFromBigInt,
  extCommunityFromBytes,
  extCommunityFromParts,
  extCommunityFromTyped,
  extCommunityToBytes,
  parseExtCommunity,
} from './ext-community.js';

const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

describe('extCommunityFromBytes', () => {
  it('names route targets and origins in all three forms', () => {
    expect(extCommunityFromBytes(hex('0002fde800000064'))).toBe('rt:65000:100');
    expect(extCommunityFromBytes(hex('0003fde800000007'))).toBe('soo:65000:7');
    expect(extCommunityFromBytes(hex('0102c00002050064'))).toBe('rt:192.0.2.5:100');
    expect(extCommunityFromBytes(hex('0202fa56ea000007'))).toBe('rt:4200000000:7');
  });

  it('keeps anything else as raw hex, non-transitive route targets included', () => {
    expect(extCommunityFromBytes(hex('4300000000000005'))).toBe('raw:4300000000000005');
    expect(extCommunityFromBytes(hex('4002fde800000064'))).toBe('raw:4002fde800000064');
  });
});

describe('extCommunityToBytes', () => {
  it('round-trips every canonical form', () => {
    for (const text of [
      'rt:65000:100',
      'soo:65000:7',
      'rt:192.0.2.5:100',
      'rt:4200000000:7',
      'raw:030c00000000000a',
    ]) {
      expect(extCommunityFromBytes(extCommunityToBytes(text))).toBe(text);
    }
  });

  it('rejects what is not canonical', () => {
    for (const text of ['target:1:2', 'rt:65000', 'rt:4200000000:70000', 'rt:1.2.3:4', 'raw:12']) {
      expect(() => extCommunityToBytes(text)).toThrow(
        expect.objectContaining({ code: 'LAB_ERR_INVALID_ARGUMENT' }),
      );
    }
  });
});

describe('parseExtCommunity', () => {
  it('splits canonical text for the daemons’ input syntaxes', () => {
    expect(parseExtCommunity('soo:192.0.2.1:7')).toEqual({
      kind: 'soo',
      global: '192.0.2.1',
      local: 7,
    });
    expect(parseExtCommunity('raw:4300000000000005')).toEqual({
      kind: 'raw',
      hex: '4300000000000005',
    });
  });
});

describe('daemon spellings', () => {
  it('read ExaBGP integers, BIRD parts and GoBGP typed values (asdot included) alike', () => {
    expect(extCommunityFromBigInt(844420635164772n)).toBe('rt:65535:100');
    expect(extCommunityFromParts('rt', '4200000000', 7)).toBe('rt:4200000000:7');
    expect(extCommunityFromTyped(2, 2, '64086.59904', '7')).toBe('rt:4200000000:7');
    // Text does not tell the four-octet-AS form of a small ASN from the two-octet one (nor
    // does BIRD's output); it reads back as the two-octet form.
    expect(extCommunityFromTyped(2, 3, '100', '7')).toBe('soo:100:7');
    expect(extCommunityToBytes('soo:100:7')[0]).toBe(0x00);
  });
});
