import { fc, it as prop } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { BgpEncodeError, BgpMessageError } from './errors.js';
import {
  buildOpen,
  decodeOpenBody,
  encodedOpenLength,
  encodeOpen,
  encodeOpenInto,
  fourOctetAsOf,
} from './open.js';
import { arbMutationOf, arbOpenMessage } from './testing/arb-messages.js';
import { listVectorFiles, readExpected, readVectorFile } from './testing/vectors.js';
import type { Capability, OpenMessage } from './types.js';

const bytes = (hex: string) => new Uint8Array(Buffer.from(hex.replace(/\s/g, ''), 'hex'));
const hex = (buf: Uint8Array) => Buffer.from(buf).toString('hex');

/** An OPEN body: version 4, AS 65001, hold 90, id 192.0.2.1, then `params` (from Opt Parm Len on). */
const body = (params: string, version = '04', hold = '005a', id = 'c0000201') =>
  bytes(`${version} fde9 ${hold} ${id} ${params}`);

function caught(fn: () => unknown): BgpMessageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BgpMessageError);
    return err as BgpMessageError;
  }
  throw new Error('expected a BgpMessageError');
}

function expectOpenError(err: BgpMessageError, subcode: number): void {
  expect([err.code, err.errorCode, err.errorSubcode, err.action]).toEqual([
    'BGP_ERR_BAD_OPEN',
    2,
    subcode,
    'session-reset',
  ]);
}

/** Every OPEN in the golden vector files, with the value written from the daemon's config. */
const GOLDEN = listVectorFiles().flatMap((file) => {
  const { messages } = readVectorFile(file);
  const expected = readExpected(file);
  return messages
    .map((m, i) => [`${file} #${i + 1}`, m.bytes, expected[i]] as const)
    .filter(([, wire]) => wire[18] === 1);
});

describe('OPEN golden vectors from BIRD, GoBGP, FRR and ExaBGP', () => {
  it('has vectors from every daemon (a loop over none would pass)', () => {
    const names = GOLDEN.map(([name]) => name).join(' ');
    for (const daemon of ['bird-', 'gobgp-', 'frr-', 'exabgp-']) expect(names).toContain(daemon);
  });

  it.each(GOLDEN)(
    '%s decodes to the configured value and re-encodes to the same bytes',
    (_, wire, value) => {
      const open = decodeOpenBody(wire.subarray(19));
      expect(open).toEqual(value);
      expect(hex(encodeOpen(open))).toBe(hex(wire));
    },
  );
});

describe('decodeOpenBody', () => {
  it('reads an OPEN without optional parameters', () => {
    expect(decodeOpenBody(body('00'))).toEqual({
      type: 'open',
      version: 4,
      myAs: 65001,
      holdTimeSec: 90,
      bgpIdentifier: '192.0.2.1',
      capabilities: [],
      parameterGroups: [],
      extendedParameters: false,
    });
  });

  it('reads RFC 9072 extended optional parameters (255, 255, 2-octet lengths)', () => {
    const open = decodeOpenBody(body('ff ff 0009 02 0006 41 04 fa56ea01'));
    expect(open.capabilities).toEqual([{ type: 'four-octet-as', asn: 4200000001 }]);
    expect(open.parameterGroups).toEqual([1]);
    expect(open.extendedParameters).toBe(true);
    expect(fourOctetAsOf(open)).toBe(4200000001);
  });

  it('reads an empty parameter (zero capabilities) and keeps it as a group of 0', () => {
    const open = decodeOpenBody(body('08 0200 0204 0200 4600'));
    expect(open.parameterGroups).toEqual([0, 2]);
    expect(hex(encodeOpen(open).subarray(19))).toBe(hex(body('08 0200 0204 0200 4600')));
  });

  it('rejects version 3 with Unsupported Version Number, data = version 4 as 2 octets (RFC 4271 §6.2)', () => {
    const err = caught(() => decodeOpenBody(body('00', '03')));
    expectOpenError(err, 1);
    expect(hex(err.data)).toBe('0004');
  });

  it.each(['0001', '0002'])('rejects hold time %s with Unacceptable Hold Time', (hold) => {
    expectOpenError(
      caught(() => decodeOpenBody(body('00', '04', hold))),
      6,
    );
  });

  it.each(['0000', '0003'])('accepts hold time %s', (hold) => {
    expect(decodeOpenBody(body('00', '04', hold)).holdTimeSec).toBe(Number.parseInt(hold, 16));
  });

  it('rejects BGP Identifier 0.0.0.0 with Bad BGP Identifier (RFC 6286 §2.2)', () => {
    expectOpenError(
      caught(() => decodeOpenBody(body('00', '04', '005a', '00000000'))),
      3,
    );
  });

  it('rejects an optional parameter other than Capabilities with Unsupported Optional Parameter', () => {
    expectOpenError(
      caught(() => decodeOpenBody(body('04 0102 0000'))),
      4,
    );
  });

  it.each([
    ['Opt Parm Len beyond the message', '05 0202 0200'],
    ['Opt Parm Len short of the message', '02 0202 0200'],
    ['a parameter overrunning Opt Parm Len', '04 0203 0200 00'],
    ['a lone parameter type octet', '01 02'],
    ['Opt Parm Len 0 with bytes after it', '00 0200'],
    ['RFC 9072 marker without Non-Ext OP Len 255', '05 ff 0002 0200'],
    ['RFC 9072 header truncated', 'ff ff 00'],
    ['RFC 9072 length beyond the message', 'ff ff 0010 02 0002 0200'],
    ['RFC 9072 parameter with a 1-octet length', 'ff ff 0002 02 00'],
    ['a capability overrunning its parameter', '04 0202 4104'],
  ])('rejects %s: OPEN Message Error, subcode 0 (RFC 4271 §6.2)', (_, params) => {
    expectOpenError(
      caught(() => decodeOpenBody(body(params))),
      0,
    );
  });

  it('rejects a body shorter than the fixed fields as Bad Message Length', () => {
    const err = caught(() => decodeOpenBody(bytes('04fde9005ac0')));
    expect([err.code, err.errorCode, err.errorSubcode]).toEqual([
      'BGP_ERR_BAD_MESSAGE_LENGTH',
      1,
      2,
    ]);
    expect(hex(err.data)).toBe('0019');
  });

  prop.prop([fc.uint8Array({ maxLength: 300 })])(
    'lets only BgpMessageError out of random bodies',
    (buf) => {
      try {
        decodeOpenBody(buf);
      } catch (err) {
        expect(err).toBeInstanceOf(BgpMessageError);
      }
    },
  );

  const goldenBodies = GOLDEN.map(([, wire]) => wire.subarray(19));
  prop.prop([fc.constantFrom(...goldenBodies).chain(arbMutationOf)])(
    'decodes mutated real OPENs stably: decode, encode, decode gives the same value',
    (buf) => {
      let open: OpenMessage;
      try {
        open = decodeOpenBody(buf);
      } catch (err) {
        expect(err).toBeInstanceOf(BgpMessageError);
        return;
      }
      expect(decodeOpenBody(encodeOpen(open).subarray(19))).toEqual(open);
    },
  );
});

const CAPS: Capability[] = [
  { type: 'multiprotocol', afi: 1, safi: 1 },
  { type: 'route-refresh' },
  { type: 'four-octet-as', asn: 65001 },
];
const BASE: OpenMessage = {
  type: 'open',
  version: 4,
  myAs: 65001,
  holdTimeSec: 90,
  bgpIdentifier: '192.0.2.1',
  capabilities: CAPS,
};

describe('encodeOpenInto', () => {
  it('puts all capabilities in one parameter when parameterGroups is absent (BIRD style)', () => {
    expect(hex(encodeOpen(BASE).subarray(28))).toBe('10020e0104000100010200410400' + '00fde9');
  });

  it('follows parameterGroups: one parameter per capability (FRR style)', () => {
    const open = { ...BASE, parameterGroups: [1, 1, 1] };
    expect(hex(encodeOpen(open).subarray(28))).toBe(
      '1402060104000100010202020002064104' + '0000fde9',
    );
  });

  it('writes Opt Parm Len 0 when there are no capabilities', () => {
    expect(hex(encodeOpen({ ...BASE, capabilities: [] }).subarray(28))).toBe('00');
  });

  it('writes the RFC 9072 extended form when asked', () => {
    const wire = encodeOpen({ ...BASE, extendedParameters: true });
    expect(hex(wire.subarray(28))).toBe('ffff001102000e0104000100010200410400' + '00fde9');
    expect(decodeOpenBody(wire.subarray(19))).toEqual({
      ...BASE,
      parameterGroups: [3],
      extendedParameters: true,
    });
  });

  it('switches to the extended form by itself when a parameter exceeds 255 bytes', () => {
    const big: Capability[] = Array.from({ length: 3 }, (_, i) => ({
      type: 'unknown' as const,
      code: 200 + i,
      value: new Uint8Array(100),
    }));
    const open = { ...BASE, capabilities: big };
    const wire = encodeOpen(open);
    expect(wire.length).toBe(encodedOpenLength(open));
    expect(hex(wire.subarray(28, 32))).toBe('ffff0135');
    expect(decodeOpenBody(wire.subarray(19)).extendedParameters).toBe(true);
  });

  it('writes at offset 10 of a larger buffer, returning the length it promised (dns-packet testEncoder)', () => {
    const out = new Uint8Array(encodedOpenLength(BASE) + 20);
    expect(encodeOpenInto(BASE, out, 10)).toBe(encodedOpenLength(BASE));
    expect(hex(out.subarray(10, 10 + encodedOpenLength(BASE)))).toBe(hex(encodeOpen(BASE)));
    expect(out[9]).toBe(0);
    expect(out[10 + encodedOpenLength(BASE)]).toBe(0);
  });

  it.each<[string, Partial<OpenMessage>]>([
    ['a 4-octet ASN in My AS', { myAs: 4200000001 }],
    ['parameterGroups that do not add up', { parameterGroups: [1, 1] }],
    ['parameterGroups with too many', { parameterGroups: [2, 2] }],
    ['a negative group', { parameterGroups: [-1, 4] }],
    [
      'an OPEN over 4096 bytes',
      {
        capabilities: Array.from({ length: 20 }, () => ({
          type: 'unknown' as const,
          code: 200,
          value: new Uint8Array(250),
        })),
      },
    ],
  ])('refuses %s', (_, change) => {
    expect(() => encodeOpen({ ...BASE, ...change })).toThrow(BgpEncodeError);
  });

  it('refuses a buffer without room', () => {
    expect(() => encodeOpenInto(BASE, new Uint8Array(30), 0)).toThrow(BgpEncodeError);
  });

  prop.prop([arbOpenMessage])('decodes what it encodes, for any OPEN', (open) => {
    const wire = encodeOpen(open);
    expect(wire.length).toBe(encodedOpenLength(open));
    expect(decodeOpenBody(wire.subarray(19))).toEqual(open);
  });
});

describe('buildOpen', () => {
  it('puts AS_TRANS in My AS and the real ASN in four-octet-as for a 4-octet ASN (RFC 6793)', () => {
    const open = buildOpen({
      myAs: 4200000001,
      holdTimeSec: 90,
      bgpIdentifier: '192.0.2.11',
      capabilities: [CAPS[0]],
    });
    expect(open.myAs).toBe(23456);
    expect(open.capabilities).toEqual([CAPS[0], { type: 'four-octet-as', asn: 4200000001 }]);
    expect(fourOctetAsOf(open)).toBe(4200000001);
    expect(fourOctetAsOf(decodeOpenBody(encodeOpen(open).subarray(19)))).toBe(4200000001);
  });

  it('keeps a 2-octet ASN in My AS and still sends four-octet-as', () => {
    const open = buildOpen({ myAs: 64512, holdTimeSec: 0, bgpIdentifier: '192.0.2.11' });
    expect(open).toEqual({
      type: 'open',
      version: 4,
      myAs: 64512,
      holdTimeSec: 0,
      bgpIdentifier: '192.0.2.11',
      capabilities: [{ type: 'four-octet-as', asn: 64512 }],
    });
  });

  it('keeps a matching four-octet-as where the caller put it', () => {
    const open = buildOpen({
      myAs: 65001,
      holdTimeSec: 90,
      bgpIdentifier: '192.0.2.1',
      capabilities: CAPS,
    });
    expect(open.capabilities).toEqual(CAPS);
  });

  it.each([
    ['a disagreeing four-octet-as', { capabilities: [{ type: 'four-octet-as' as const, asn: 1 }] }],
    ['hold time 2', { holdTimeSec: 2 }],
    ['an ASN over 32 bits', { myAs: 2 ** 32 }],
    ['BGP Identifier 0.0.0.0', { bgpIdentifier: '0.0.0.0' }],
  ])('refuses %s', (_, change) => {
    expect(() =>
      buildOpen({ myAs: 65001, holdTimeSec: 90, bgpIdentifier: '192.0.2.1', ...change }),
    ).toThrow(BgpEncodeError);
  });

  it('falls back to My AS when no four-octet-as capability was sent', () => {
    expect(fourOctetAsOf({ ...BASE, capabilities: [] })).toBe(65001);
  });
});
