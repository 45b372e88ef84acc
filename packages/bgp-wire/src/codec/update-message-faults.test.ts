/**
 * RFC 7606 handling of faults that concern the whole UPDATE: MP attributes, repeated and
 * missing attributes, several faults in one message.
 */
import { describe, expect, it } from 'vitest';
import { UpdateErrorSubcode as Sub } from './constants.js';
import { makeContext } from './context.js';
import {
  AS_PATH,
  body,
  expectFault,
  faultOf,
  MANDATORY,
  MP_REACH_V6,
  NEXT_HOP,
  NLRI,
  ORIGIN,
} from './testing/update-body.js';
import { decodeUpdateBody } from './update.js';

const EBGP = makeContext();

describe('MP_REACH_NLRI / MP_UNREACH_NLRI faults (RFC 7606 §7.11: session reset, as documented in attributes/table.ts)', () => {
  it.each([
    ['an IPv6 next hop of 4 bytes', '80 0e 0e 0002 01 04 c0000201 00 20 20010db8'],
    ['an IPv4 next hop of 8 bytes', '80 0e 11 0001 01 08 c0000201c0000202 00 18 c63364'],
    ['a next hop length overrunning the attribute', '80 0e 06 0002 01 10 0000'],
    ['an unparseable NLRI', '80 0e 1a 0002 01 10 20010db8000000000000000000000001 00 81 20010db8'],
    ['an attribute too short for AFI/SAFI/next hop length', '80 0e 04 0002 0110'],
    ['MP_UNREACH_NLRI too short for AFI/SAFI', '80 0f 02 0002'],
    ['MP_UNREACH_NLRI with an unparseable prefix', '80 0f 05 0002 01 40 20'],
  ])('resets the session on %s (OPTIONAL_ATTRIBUTE_ERROR)', (_what, attr) => {
    const input = body({ attrs: `${ORIGIN} ${AS_PATH} ${attr}` });
    expectFault(input, EBGP, {
      action: 'session-reset',
      subcode: Sub.OPTIONAL_ATTRIBUTE_ERROR,
      data: attr,
    });
  });

  it('resets the session on MP_REACH_NLRI with well-known flags (its flags fault takes its own handling)', () => {
    const attr = MP_REACH_V6.replace(/^80/, '40');
    expectFault(body({ attrs: `${ORIGIN} ${AS_PATH} ${attr}` }), EBGP, {
      action: 'session-reset',
      subcode: Sub.ATTRIBUTE_FLAGS_ERROR,
      attributeType: 14,
    });
  });
});

describe('repeated attributes (RFC 7606 §3 g)', () => {
  it('resets the session on a repeated MP_REACH_NLRI or MP_UNREACH_NLRI', () => {
    const twiceReach = body({ attrs: `${ORIGIN} ${AS_PATH} ${MP_REACH_V6} ${MP_REACH_V6}` });
    expectFault(twiceReach, EBGP, {
      action: 'session-reset',
      subcode: Sub.MALFORMED_ATTRIBUTE_LIST,
      attributeType: 14,
    });
    const unreach = '80 0f 03 0002 01';
    const twiceUnreach = body({ attrs: `${unreach} ${unreach}` });
    expectFault(twiceUnreach, EBGP, {
      action: 'session-reset',
      subcode: Sub.MALFORMED_ATTRIBUTE_LIST,
      attributeType: 15,
    });
  });

  it('keeps the first of any other repeated attribute and discards the rest, even malformed ones', () => {
    const input = body({ attrs: `${MANDATORY} 80 04 04 00000001 80 04 02 0000`, nlri: NLRI });
    expectFault(input, EBGP, {
      action: 'attribute-discard',
      subcode: Sub.MALFORMED_ATTRIBUTE_LIST,
      attributeType: 4,
      data: '80 04 02 0000',
    });
    const med = decodeUpdateBody(input, EBGP).attributes.filter((a) => a.type === 'med');
    expect(med).toEqual([{ type: 'med', med: 1, flags: 0x80 }]);
  });
});

describe('missing well-known attributes (RFC 7606 §3 d)', () => {
  it.each([
    ['ORIGIN', `${AS_PATH} ${NEXT_HOP}`, 1],
    ['AS_PATH', `${ORIGIN} ${NEXT_HOP}`, 2],
    ['NEXT_HOP', `${ORIGIN} ${AS_PATH}`, 3],
  ])('treats-as-withdraw IPv4 NLRI without %s, the type code as data', (_what, attrs, code) => {
    expectFault(body({ attrs, nlri: NLRI }), EBGP, {
      action: 'treat-as-withdraw',
      subcode: Sub.MISSING_WELL_KNOWN_ATTRIBUTE,
      attributeType: code,
      data: code.toString(16).padStart(2, '0'),
    });
  });

  it('needs no NEXT_HOP for MP_REACH_NLRI alone, but ORIGIN and AS_PATH (RFC 4760 §3)', () => {
    expect(faultOf(body({ attrs: `${ORIGIN} ${AS_PATH} ${MP_REACH_V6}` }), EBGP)).toBeUndefined();
    expectFault(body({ attrs: `${ORIGIN} ${MP_REACH_V6}` }), EBGP, {
      action: 'treat-as-withdraw',
      subcode: Sub.MISSING_WELL_KNOWN_ATTRIBUTE,
      data: '02',
    });
  });

  it('needs nothing for withdrawals only', () => {
    expect(faultOf(body({ withdrawn: NLRI }), EBGP)).toBeUndefined();
    expect(faultOf(body({ attrs: '80 0f 08 0002 01 20 20010db8' }), EBGP)).toBeUndefined();
  });

  it('counts a malformed ORIGIN as present and reports the malformation', () => {
    expectFault(body({ attrs: `40 01 01 09 ${AS_PATH} ${NEXT_HOP}`, nlri: NLRI }), EBGP, {
      action: 'treat-as-withdraw',
      subcode: Sub.INVALID_ORIGIN_ATTRIBUTE,
    });
  });
});

describe('several faults in one message (RFC 7606 §3: the strongest wins)', () => {
  it('prefers treat-as-withdraw over an earlier attribute-discard', () => {
    const input = body({ attrs: `${MANDATORY} 40 06 01 00 80 04 01 00`, nlri: NLRI });
    expectFault(input, EBGP, {
      action: 'treat-as-withdraw',
      subcode: Sub.ATTRIBUTE_LENGTH_ERROR,
      attributeType: 4,
    });
  });

  it('keeps the first of two equally strong faults', () => {
    const input = body({ attrs: `${MANDATORY} 80 04 01 00 c0 08 01 00`, nlri: NLRI });
    expectFault(input, EBGP, {
      action: 'treat-as-withdraw',
      subcode: Sub.ATTRIBUTE_LENGTH_ERROR,
      attributeType: 4,
    });
  });

  it('throws a session reset found after a treat-as-withdraw', () => {
    const input = body({ attrs: `${MANDATORY} 80 04 01 00`, nlri: '21 00' });
    expectFault(input, EBGP, { action: 'session-reset', subcode: Sub.INVALID_NETWORK_FIELD });
  });

  it('still returns the prefixes of a treat-as-withdraw message, to be withdrawn', () => {
    const msg = decodeUpdateBody(body({ attrs: `${MANDATORY} 80 04 01 00`, nlri: NLRI }), EBGP);
    expect(msg.error?.action).toBe('treat-as-withdraw');
    expect(msg.nlri).toEqual([{ prefix: '198.51.100.0/24' }]);
  });
});
