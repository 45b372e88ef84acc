/** Ethernet II with 802.1Q / 802.1ad tags: hand-built frames (the lab kernel has no 8021q). */
import { describe, expect, it } from 'vitest';
import { decodeEthernet, encodedLengthEthernet, encodeEthernet } from './ethernet.js';
import { hex } from './testing/frames.js';

const MACS = '333300000001 00005e005301';

describe('decodeEthernet', () => {
  it('decodes an untagged frame with the payload as a view', () => {
    const buf = hex(`${MACS} 86dd 6000`);
    const result = decodeEthernet(buf);
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.etherType).toBe(0x86dd);
    expect(result.value.vlanTags).toEqual([]);
    expect(result.value.payload.byteOffset).toBe(14);
    expect(result.value.payload.buffer).toBe(buf.buffer);
  });

  it('decodes QinQ: 802.1ad outer tag, 802.1Q inner tag, then the EtherType', () => {
    const result = decodeEthernet(hex(`${MACS} 88a8 3fff 8100 0064 0806`));
    expect(result.ok && result.value).toMatchObject({
      etherType: 0x0806,
      vlanTags: [
        { tpid: 0x88a8, priority: 1, dropEligible: true, vlanId: 4095 },
        { tpid: 0x8100, priority: 0, dropEligible: false, vlanId: 100 },
      ],
    });
  });

  it('leaves a third tag as the EtherType', () => {
    const result = decodeEthernet(hex(`${MACS} 8100 0001 8100 0002 8100 0003 0806`));
    expect(result.ok && result.value.etherType).toBe(0x8100);
  });

  it.each([
    ['13 bytes', '333300000001 00005e005301 86'],
    ['a tag without its EtherType', `${MACS} 8100 0064`],
  ])('says truncated for %s', (_name, text) => {
    expect(decodeEthernet(hex(text))).toEqual({ ok: false, reason: 'truncated' });
  });
});

describe('encodeEthernet', () => {
  it('writes exactly encodedLengthEthernet bytes at an offset in a larger buffer', () => {
    const frame = {
      destination: hex('333300000001'),
      source: hex('00005e005301'),
      vlanTags: [{ tpid: 0x8100, priority: 7, dropEligible: false, vlanId: 42 }],
      etherType: 0x86dd,
      payload: hex('0102'),
    };
    const out = encodeEthernet(frame, new Uint8Array(40).fill(0xee), 10);
    expect(Buffer.from(out.subarray(10, 10 + encodedLengthEthernet(frame))).toString('hex')).toBe(
      '33330000000100005e0053018100e02a86dd0102',
    );
    expect(out[9]).toBe(0xee);
    expect(out[10 + encodedLengthEthernet(frame)]).toBe(0xee);
  });
});
