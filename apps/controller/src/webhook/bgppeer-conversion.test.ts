import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BgpPeerConversionError,
  bgpPeerToV1beta1,
  bgpPeerToV1beta2,
  convertBgpPeer,
} from './bgppeer-conversion.js';
import { convertReview } from './conversion-review.js';
import { conversionReviewOf } from './test-reviews.js';

const meta = {
  name: 'peer1',
  namespace: 'metallb-system',
  labels: { a: 'b' },
  resourceVersion: '7',
};

/** MetalLB's TestValidateBGPPeerConvertTo fixture, as JSON. */
const v1beta1Peer = {
  apiVersion: 'metallb.io/v1beta1',
  kind: 'BGPPeer',
  metadata: meta,
  spec: {
    myASN: 42,
    peerASN: 142,
    peerAddress: '1.2.3.4',
    peerPort: 1179,
    holdTime: '3m0s',
    routerID: '10.20.30.40',
    sourceAddress: '10.20.30.40',
    ebgpMultiHop: true,
    bfdProfile: 'default',
    keepaliveTime: '1s',
    password: 'nopass',
    nodeSelectors: [
      {
        matchLabels: { foo: 'bar' },
        matchExpressions: [{ key: 'k', operator: 'In', values: ['quux'] }],
      },
    ],
  },
};

describe('convertBgpPeer', () => {
  it('converts MetalLB’s v1beta1 fixture to v1beta2 keeping every field and the metadata', () => {
    const out = convertBgpPeer(v1beta1Peer, 'metallb.io/v1beta2');
    expect(out).toEqual({ ...v1beta1Peer, apiVersion: 'metallb.io/v1beta2' });
  });

  it('drops v1beta2-only fields going down, and keeps v1beta1 expression values present', () => {
    const v2 = {
      apiVersion: 'metallb.io/v1beta2',
      kind: 'BGPPeer',
      metadata: meta,
      spec: {
        myASN: 42,
        dynamicASN: 'external',
        interface: 'eth0',
        passwordSecret: { name: 's', namespace: 'metallb-system' },
        vrf: 'red',
        enableGracefulRestart: true,
        connectTime: '5s',
        nodeSelectors: [{}, { matchExpressions: [{ key: 'k', operator: 'Exists' }] }],
      },
    };
    expect(convertBgpPeer(v2, 'metallb.io/v1beta1')).toEqual({
      apiVersion: 'metallb.io/v1beta1',
      kind: 'BGPPeer',
      metadata: meta,
      spec: {
        myASN: 42,
        nodeSelectors: [{}, { matchExpressions: [{ key: 'k', operator: 'Exists', values: [] }] }],
      },
    });
  });

  it('keeps an absent holdTime absent (MetalLB’s Go would write "0s")', () => {
    const bare = { ...v1beta1Peer, spec: { myASN: 1, peerASN: 2, peerAddress: '1.1.1.1' } };
    expect(bgpPeerToV1beta2(bare).spec).toEqual({ myASN: 1, peerASN: 2, peerAddress: '1.1.1.1' });
  });

  it('returns an object already in the desired version unchanged', () => {
    expect(convertBgpPeer(v1beta1Peer, 'metallb.io/v1beta1')).toBe(v1beta1Peer);
  });

  it('refuses other kinds, unknown versions and mistyped fields', () => {
    const cases: [unknown, string][] = [
      [{ ...v1beta1Peer, kind: 'IPAddressPool' }, 'metallb.io/v1beta2'],
      [v1beta1Peer, 'metallb.io/v1'],
      [{ ...v1beta1Peer, spec: { myASN: 'x' } }, 'metallb.io/v1beta2'],
      [{ ...v1beta1Peer, spec: { peerPort: 70000 } }, 'metallb.io/v1beta2'],
      [
        { ...v1beta1Peer, spec: { nodeSelectors: [{ matchLabels: { a: 1 } }] } },
        'metallb.io/v1beta2',
      ],
      [{ ...v1beta1Peer, spec: [] }, 'metallb.io/v1beta2'],
      ['nope', 'metallb.io/v1beta2'],
    ];
    for (const [obj, to] of cases)
      expect(() => convertBgpPeer(obj, to)).toThrow(BgpPeerConversionError);
  });
});

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const expr = fc.record({
  key: word,
  operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'),
  values: fc.array(word, { maxLength: 3 }),
});
const selector = fc.record(
  {
    matchLabels: fc.dictionary(word, word, { minKeys: 1, maxKeys: 3 }),
    matchExpressions: fc.array(expr, { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: [] },
);
const v1beta1Spec = fc.record(
  {
    myASN: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    peerASN: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    peerAddress: fc.ipV4(),
    sourceAddress: fc.ipV4(),
    peerPort: fc.integer({ min: 0, max: 16384 }),
    holdTime: fc.constantFrom('0s', '90s', '3m0s'),
    keepaliveTime: fc.constantFrom('0s', '30s'),
    routerID: fc.ipV4(),
    password: fc.string(),
    bfdProfile: word,
    ebgpMultiHop: fc.boolean(),
    nodeSelectors: fc.array(selector, { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: [] },
);
const v1beta1Object = v1beta1Spec.map((spec) => ({
  apiVersion: 'metallb.io/v1beta1',
  kind: 'BGPPeer',
  metadata: meta,
  spec,
}));

describe('BGPPeer conversion properties', () => {
  it('v1beta1 -> v1beta2 -> v1beta1 is lossless', () => {
    fc.assert(
      fc.property(v1beta1Object, (obj) => {
        expect(bgpPeerToV1beta1(bgpPeerToV1beta2(obj))).toEqual(obj);
      }),
    );
  });

  it('v1beta2 objects using only v1beta1 fields survive the round trip down and back', () => {
    fc.assert(
      fc.property(v1beta1Object, (obj) => {
        const v2 = bgpPeerToV1beta2(obj);
        expect(bgpPeerToV1beta2(bgpPeerToV1beta1(v2))).toEqual(v2);
      }),
    );
  });

  it('any JSON converts or fails with BgpPeerConversionError, never anything else', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom('metallb.io/v1beta1', 'metallb.io/v1beta2'),
        (spec, to) => {
          const obj = { apiVersion: 'metallb.io/v1beta1', kind: 'BGPPeer', metadata: {}, spec };
          try {
            convertBgpPeer(obj, to);
          } catch (err) {
            expect(err).toBeInstanceOf(BgpPeerConversionError);
          }
        },
      ),
    );
  });
});

describe('convertReview', () => {
  it('converts every object and echoes the uid', () => {
    const reply = convertReview(
      conversionReviewOf('metallb.io/v1beta2', [v1beta1Peer, v1beta1Peer]),
    );
    expect(reply).toMatchObject({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'ConversionReview',
      response: { uid: 'conv-1', result: { status: 'Success' } },
    });
    expect(reply.response.convertedObjects.map((o) => o.apiVersion)).toEqual([
      'metallb.io/v1beta2',
      'metallb.io/v1beta2',
    ]);
  });

  it("answers a v1beta1 review in v1beta1, which MetalLB's CRD makes the API server send", () => {
    const review = { ...conversionReviewOf('metallb.io/v1beta2', [v1beta1Peer]) };
    const reply = convertReview({ ...review, apiVersion: 'apiextensions.k8s.io/v1beta1' });
    expect(reply).toMatchObject({
      apiVersion: 'apiextensions.k8s.io/v1beta1',
      kind: 'ConversionReview',
      response: { uid: 'conv-1', result: { status: 'Success' } },
    });
    expect(reply.response.convertedObjects.map((o) => o.apiVersion)).toEqual([
      'metallb.io/v1beta2',
    ]);
    const other = convertReview({ ...review, apiVersion: 'apiextensions.k8s.io/v2' });
    expect(other.response.result).toMatchObject({ status: 'Failure' });
  });

  it('fails the whole review, with a message, when one object cannot convert', () => {
    const bad = { ...v1beta1Peer, spec: { myASN: -1 } };
    const reply = convertReview(conversionReviewOf('metallb.io/v1beta2', [v1beta1Peer, bad]));
    expect(reply.response.result).toEqual({
      status: 'Failure',
      message:
        'cannot convert BGPPeer "metallb-system/peer1": spec.myASN must be an integer in 0-4294967295',
    });
    expect(reply.response.convertedObjects).toEqual([]);
  });

  it('answers a body that is no ConversionReview with a Failure', () => {
    expect(convertReview({ kind: 'AdmissionReview' }).response.result.status).toBe('Failure');
  });
});
