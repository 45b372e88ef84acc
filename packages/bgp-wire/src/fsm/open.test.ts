import { describe, expect, it } from 'vitest';
import { AS_TRANS } from '../codec/constants.js';
import { BgpMessageError } from '../codec/errors.js';
import { announcedAs, buildLocalOpen, validatePeerOpen } from './open.js';
import { LOCAL_ID, PEER_AS, peerOpen } from './testing/harness.js';

const CTX = { localAs: 64512, peerAs: PEER_AS, bgpIdentifier: LOCAL_ID };

describe('buildLocalOpen', () => {
  const base = { localAs: 64512, bgpIdentifier: LOCAL_ID, holdTimeSec: 90, capabilities: [] };

  it('builds a version 4 OPEN and adds the four-octet-as capability', () => {
    expect(buildLocalOpen(base)).toEqual({
      type: 'open',
      version: 4,
      myAs: 64512,
      holdTimeSec: 90,
      bgpIdentifier: LOCAL_ID,
      capabilities: [{ type: 'four-octet-as', asn: 64512 }],
    });
  });

  it('puts AS_TRANS in My Autonomous System for a 4-octet AS (RFC 6793 §4.1)', () => {
    const open = buildLocalOpen({ ...base, localAs: 4_200_000_000 });
    expect(open.myAs).toBe(AS_TRANS);
    expect(announcedAs(open)).toBe(4_200_000_000);
  });

  it('keeps a configured four-octet-as capability instead of adding a second one', () => {
    const caps = [
      { type: 'route-refresh' } as const,
      { type: 'four-octet-as', asn: 64512 } as const,
    ];
    expect(buildLocalOpen({ ...base, capabilities: caps }).capabilities).toEqual(caps);
  });
});

describe('validatePeerOpen', () => {
  function subcodeOf(open: ReturnType<typeof peerOpen>, ctx = CTX): number | undefined {
    const error = validatePeerOpen(open, ctx);
    if (error === undefined) return undefined;
    expect(error).toBeInstanceOf(BgpMessageError);
    expect(error).toMatchObject({
      code: 'BGP_ERR_BAD_OPEN',
      errorCode: 2,
      action: 'session-reset',
    });
    return error.errorSubcode;
  }

  it('accepts a matching OPEN', () => {
    expect(validatePeerOpen(peerOpen(), CTX)).toBeUndefined();
  });

  it('rejects another version with Unsupported Version Number and our version as data', () => {
    const error = validatePeerOpen(peerOpen({ version: 3 }), CTX);
    expect(error).toMatchObject({ errorSubcode: 1, data: Uint8Array.of(0, 4) });
  });

  it('rejects a wrong or zero AS with Bad Peer AS', () => {
    expect(subcodeOf(peerOpen({ myAs: 1 }, []))).toBe(2);
    expect(subcodeOf(peerOpen({}, [{ type: 'four-octet-as', asn: 0 }]))).toBe(2);
    expect(subcodeOf(peerOpen({ myAs: 0 }, []), { ...CTX, peerAs: 0 })).toBe(2);
  });

  it('reads the AS from the four-octet-as capability, not My Autonomous System', () => {
    expect(subcodeOf(peerOpen({ myAs: AS_TRANS }, [{ type: 'four-octet-as', asn: PEER_AS }]))).toBe(
      undefined,
    );
    expect(subcodeOf(peerOpen({ myAs: PEER_AS }, [{ type: 'four-octet-as', asn: 7 }]))).toBe(2);
  });

  it('accepts an OLD speaker announcing its 2-octet AS without the capability', () => {
    expect(subcodeOf(peerOpen({}, []))).toBeUndefined();
  });

  it('rejects identifier 0, or a malformed one, with Bad BGP Identifier', () => {
    expect(subcodeOf(peerOpen({ bgpIdentifier: '0.0.0.0' }))).toBe(3);
    expect(subcodeOf(peerOpen({ bgpIdentifier: '300.1.1.1' }))).toBe(3);
  });

  it('rejects our own identifier on iBGP only (RFC 6286 §2.2)', () => {
    const ibgp = { ...CTX, peerAs: 64512 };
    const own = peerOpen({ myAs: 64512, bgpIdentifier: LOCAL_ID }, []);
    expect(subcodeOf(own, ibgp)).toBe(3);
    expect(subcodeOf(peerOpen({ bgpIdentifier: LOCAL_ID }))).toBeUndefined();
  });

  it('rejects hold times of 1 and 2 seconds, accepts 0 and 3', () => {
    expect(subcodeOf(peerOpen({ holdTimeSec: 1 }))).toBe(6);
    expect(subcodeOf(peerOpen({ holdTimeSec: 2 }))).toBe(6);
    expect(subcodeOf(peerOpen({ holdTimeSec: 0 }))).toBeUndefined();
    expect(subcodeOf(peerOpen({ holdTimeSec: 3 }))).toBeUndefined();
  });
});
