/**
 * RFC 7606 / RFC 4271 §6.3 handling of malformed UPDATEs: one case per rule, asserting the
 * action, code, subcode, attribute type and NOTIFICATION data, never message text.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, HeaderErrorSubcode, UpdateErrorSubcode as Sub } from './constants.js';
import { makeContext } from './context.js';
import type { ErrorAction } from './errors.js';
import {
  body,
  expectFault,
  faultOf,
  hexBytes,
  hexOf,
  MANDATORY,
  NEXT_HOP,
  NLRI,
  ORIGIN,
  typesOf,
} from './testing/update-body.js';
import { decodeUpdateBody } from './update.js';

const EBGP = makeContext();
const IBGP = makeContext({ ibgp: true });

describe('message framing (RFC 4271 §6.3, RFC 7606 §4, §5)', () => {
  it('rejects a body shorter than the two length fields as a header length error', () => {
    const error = faultOf(hexBytes('0000'), EBGP);
    expect(error).toMatchObject({
      code: 'BGP_ERR_BAD_MESSAGE_LENGTH',
      errorCode: ErrorCode.MESSAGE_HEADER_ERROR,
      errorSubcode: HeaderErrorSubcode.BAD_MESSAGE_LENGTH,
      action: 'session-reset',
    });
    expect(hexOf(error?.data ?? new Uint8Array())).toBe('0015');
  });

  it.each([
    ['a Withdrawn Routes Length overrunning the message', hexBytes('00 05 18 c0 00 02')],
    ['a Total Path Attribute Length overrunning the message', hexBytes('0000 0009 40010100')],
    ['an attribute header cut short', body({ attrs: '40 01' })],
    ['an extended-length header cut short', body({ attrs: '50 01 00' })],
    [
      'an attribute length overrunning the attribute area',
      body({ attrs: '40 01 05 00', nlri: NLRI }),
    ],
  ])('resets the session on %s (MALFORMED_ATTRIBUTE_LIST)', (_what, input) => {
    expectFault(input, EBGP, { action: 'session-reset', subcode: Sub.MALFORMED_ATTRIBUTE_LIST });
  });

  it('resets the session on an unparseable NLRI field (RFC 7606 §5.3, INVALID_NETWORK_FIELD)', () => {
    expectFault(body({ attrs: MANDATORY, nlri: '21 c0000201 00' }), EBGP, {
      action: 'session-reset',
      subcode: Sub.INVALID_NETWORK_FIELD,
    });
    expectFault(body({ withdrawn: '19 c00002' }), EBGP, {
      action: 'session-reset',
      subcode: Sub.INVALID_NETWORK_FIELD,
    });
  });

  it('resets the session on an unrecognized well-known attribute, the attribute as data (RFC 4271 §6.3)', () => {
    expectFault(body({ attrs: '40 63 01 ff' }), EBGP, {
      action: 'session-reset',
      subcode: Sub.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
      attributeType: 99,
      data: '40 63 01 ff',
    });
  });

  it('keeps unknown optional attributes, transitive or not', () => {
    expect(typesOf(body({ attrs: 'c0 63 01 ff 80 64 00' }), EBGP)).toEqual(['99', '100']);
  });
});

describe('attribute faults (RFC 7606 §3, §7)', () => {
  it.each([
    [
      'ORIGIN with optional flags (§3 c)',
      'c0 01 01 00',
      'treat-as-withdraw',
      Sub.ATTRIBUTE_FLAGS_ERROR,
      1,
    ],
    [
      'AGGREGATOR marked well-known (§3 c, its own handling)',
      '40 07 08 0000fde8 c0000201',
      'attribute-discard',
      Sub.ATTRIBUTE_FLAGS_ERROR,
      7,
    ],
    [
      'ORIGIN of length 2 (§7.1)',
      '40 01 02 0000',
      'treat-as-withdraw',
      Sub.ATTRIBUTE_LENGTH_ERROR,
      1,
    ],
    ['ORIGIN value 3 (§7.1)', '40 01 01 03', 'treat-as-withdraw', Sub.INVALID_ORIGIN_ATTRIBUTE, 1],
    [
      'AS_PATH segment type 5 (§7.2)',
      '40 02 06 05 01 0000fde8',
      'treat-as-withdraw',
      Sub.MALFORMED_AS_PATH,
      2,
    ],
    [
      'AS_PATH segment of length 0 (§7.2)',
      '40 02 02 02 00',
      'treat-as-withdraw',
      Sub.MALFORMED_AS_PATH,
      2,
    ],
    [
      'AS_PATH segment overrun (§7.2)',
      '40 02 06 02 02 0000fde8',
      'treat-as-withdraw',
      Sub.MALFORMED_AS_PATH,
      2,
    ],
    [
      'AS_PATH with a lone segment type octet (§7.2)',
      '40 02 01 02',
      'treat-as-withdraw',
      Sub.MALFORMED_AS_PATH,
      2,
    ],
    [
      'AS_PATH confederation segment from an eBGP peer (§7.2, RFC 5065)',
      '40 02 06 03 01 0000fde8',
      'treat-as-withdraw',
      Sub.MALFORMED_AS_PATH,
      2,
    ],
    [
      'NEXT_HOP of length 5 (§7.3)',
      '40 03 05 c000020100',
      'treat-as-withdraw',
      Sub.ATTRIBUTE_LENGTH_ERROR,
      3,
    ],
    [
      'MULTI_EXIT_DISC of length 3 (§7.4)',
      '80 04 03 000001',
      'treat-as-withdraw',
      Sub.ATTRIBUTE_LENGTH_ERROR,
      4,
    ],
    ['LOCAL_PREF from an eBGP peer (§7.5)', '40 05 04 00000064', 'attribute-discard', 0, 5],
    [
      'a malformed LOCAL_PREF from an eBGP peer (§7.5: discarded all the same)',
      '40 05 01 00',
      'attribute-discard',
      0,
      5,
    ],
    [
      'ATOMIC_AGGREGATE of length 1 (§7.6)',
      '40 06 01 00',
      'attribute-discard',
      Sub.ATTRIBUTE_LENGTH_ERROR,
      6,
    ],
    [
      'AGGREGATOR of length 7 (§7.7)',
      'c0 07 07 0000fde8 c00002',
      'attribute-discard',
      Sub.ATTRIBUTE_LENGTH_ERROR,
      7,
    ],
    [
      'COMMUNITIES of length 5 (§7.8)',
      'c0 08 05 0000000000',
      'treat-as-withdraw',
      Sub.ATTRIBUTE_LENGTH_ERROR,
      8,
    ],
    ['ORIGINATOR_ID from an eBGP peer (§7.9)', '80 09 04 c0000201', 'attribute-discard', 0, 9],
    ['CLUSTER_LIST from an eBGP peer (§7.10)', '80 0a 04 c0000201', 'attribute-discard', 0, 10],
    [
      'EXTENDED_COMMUNITIES of length 9 (§7.14)',
      'c0 10 09 000000000000000000',
      'treat-as-withdraw',
      Sub.ATTRIBUTE_LENGTH_ERROR,
      16,
    ],
    [
      'empty EXTENDED_COMMUNITIES (§7.14: a non-zero multiple of 8)',
      'c0 10 00',
      'treat-as-withdraw',
      Sub.ATTRIBUTE_LENGTH_ERROR,
      16,
    ],
    [
      'AS4_PATH with segment type 9 (RFC 6793 §6)',
      'c0 11 06 09 01 0000fde8',
      'attribute-discard',
      Sub.OPTIONAL_ATTRIBUTE_ERROR,
      17,
    ],
    [
      'AS4_AGGREGATOR of length 6 (RFC 6793 §6)',
      'c0 12 06 fde8 c0000201',
      'attribute-discard',
      Sub.ATTRIBUTE_LENGTH_ERROR,
      18,
    ],
    [
      'LARGE_COMMUNITY of length 13 (RFC 8092 §6)',
      `c0 20 0d ${'00'.repeat(13)}`,
      'treat-as-withdraw',
      Sub.ATTRIBUTE_LENGTH_ERROR,
      32,
    ],
    [
      'empty LARGE_COMMUNITY (RFC 8092 §6)',
      'c0 20 00',
      'treat-as-withdraw',
      Sub.ATTRIBUTE_LENGTH_ERROR,
      32,
    ],
    [
      'OTC of length 3 (RFC 9234 §5)',
      'c0 23 03 00fde8',
      'treat-as-withdraw',
      Sub.ATTRIBUTE_LENGTH_ERROR,
      35,
    ],
  ] as [string, string, ErrorAction, number, number][])(
    'handles %s',
    (_what, attr, action, subcode, attributeType) => {
      const others = MANDATORY.split(/(?=40 0[123] )/).filter(
        (a) => !a.startsWith(`40 0${attributeType} `),
      );
      const input = body({ attrs: `${others.join(' ')} ${attr}`, nlri: NLRI });
      expectFault(input, EBGP, { action, subcode, attributeType, data: attr });
      // The faulty attribute is left out; the others stay.
      expect(decodeUpdateBody(input, EBGP).attributes.map((a) => a.type)).toHaveLength(
        others.length,
      );
    },
  );

  it.each([
    ['LOCAL_PREF of length 3', '40 05 03 000064', 5],
    ['ORIGINATOR_ID of length 5', '80 09 05 c000020100', 9],
    ['CLUSTER_LIST of length 6', '80 0a 06 c00002010000', 10],
  ])(
    'treats-as-withdraw a malformed iBGP-only attribute from an iBGP peer: %s',
    (_what, attr, attributeType) => {
      const input = body({ attrs: `${MANDATORY} ${attr}`, nlri: NLRI });
      expectFault(input, IBGP, {
        action: 'treat-as-withdraw',
        subcode: Sub.ATTRIBUTE_LENGTH_ERROR,
        attributeType,
        data: attr,
      });
    },
  );

  it('accepts confederation segments and LOCAL_PREF from an iBGP peer', () => {
    const input = body({
      attrs: `${ORIGIN} 40 02 06 03 01 0000fde8 ${NEXT_HOP} 40 05 04 00000064`,
      nlri: NLRI,
    });
    expect(decodeUpdateBody(input, IBGP).error).toBeUndefined();
  });
});
