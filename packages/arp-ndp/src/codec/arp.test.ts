/** ARP (RFC 826) decode reasons, one row each, and the Ethernet/ARP frame entry point. */
import { describe, expect, it } from 'vitest';
import { decodeArp } from './arp.js';
import { decodeArpFrame } from './frame.js';
import { hex } from './testing/frames.js';

// The kernel's request from testdata/linux-arp.hex, without the Ethernet header.
const REQUEST = '0001 0800 0604 0001 00005e005301 c0000201 000000000000 c0000202';

describe('decodeArp', () => {
  it.each([
    ['a request', REQUEST, 'ok'],
    ['hardware type 6 (IEEE 802)', REQUEST.replace(/^0001/, '0006'), 'bad-hardware-type'],
    ['protocol type IPv6', REQUEST.replace('0800', '86dd'), 'bad-protocol-type'],
    ['hardware length 8', REQUEST.replace('0604', '0804'), 'bad-address-length'],
    ['protocol length 16', REQUEST.replace('0604', '0610'), 'bad-address-length'],
    ['operation 3 (RARP request)', REQUEST.replace('0604 0001', '0604 0003'), 'bad-operation'],
    ['27 bytes', REQUEST.slice(0, -2), 'truncated'],
    ['7 bytes', '0001 0800 0604 00', 'truncated'],
  ])('%s: %s', (_name, text, expected) => {
    const result = decodeArp(hex(text));
    expect(result.ok ? 'ok' : result.reason).toBe(expected);
  });

  it('returns views into the buffer, not copies', () => {
    const buf = hex(REQUEST);
    const result = decodeArp(buf);
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.senderProtocolAddress.buffer).toBe(buf.buffer);
    buf[14] = 10;
    expect(result.value.senderProtocolAddress[0]).toBe(10);
  });
});

describe('decodeArpFrame', () => {
  it('says not-arp for an IPv6 EtherType', () => {
    const frame = hex(`ffffffffffff 00005e005301 86dd ${REQUEST}`);
    expect(decodeArpFrame(frame)).toEqual({ ok: false, reason: 'not-arp' });
  });

  it('decodes ARP inside an 802.1Q tag', () => {
    const frame = hex(`ffffffffffff 00005e005301 8100 a064 0806 ${REQUEST}`);
    const result = decodeArpFrame(frame);
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.ethernet.vlanTags).toEqual([
      { tpid: 0x8100, priority: 5, dropEligible: false, vlanId: 100 },
    ]);
    expect(result.value.arp.operation).toBe(1);
  });
});
