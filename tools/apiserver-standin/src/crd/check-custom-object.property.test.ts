import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import type { KubeObject } from '../types.js';
import { checkCustomObject } from './check-custom-object.js';
import { loadCrdFixture } from './fixtures/load.js';
import { resourceTypesOfCrd } from './resource-types.js';

const peerType = resourceTypesOfCrd(loadCrdFixture('metallb-bgppeers.crd.yaml')).find(
  (rt) => rt.version === 'v1beta2',
)!;

const jsonValue = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<unknown>;

/** BGPPeer-shaped specs: known fields with arbitrary JSON values, plus unknown fields. */
const spec = fc.record(
  {
    myASN: fc.oneof(fc.integer({ min: -1, max: 2 ** 33 }), jsonValue),
    peerPort: fc.oneof(fc.integer({ min: -1, max: 20000 }), jsonValue),
    peerAddress: fc.oneof(fc.ipV4(), jsonValue),
    dynamicASN: fc.oneof(fc.constantFrom('internal', 'external', 'other'), jsonValue),
    nodeSelectors: fc.oneof(
      fc.array(fc.record({ matchLabels: fc.dictionary(fc.string(), fc.string()) })),
      jsonValue,
    ),
    unknownField: jsonValue,
  },
  { requiredKeys: [] },
);

function peer(s: unknown): KubeObject {
  return { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: { name: 'p' }, spec: s };
}

describe('checkCustomObject properties', () => {
  it('either returns an object or throws an ApiError, never anything else', () => {
    fc.assert(
      fc.property(spec, (s) => {
        try {
          checkCustomObject(peerType, peer(s), { fieldValidation: 'Strict' });
        } catch (err) {
          expect(err).toBeInstanceOf(ApiError);
          expect([400, 422]).toContain((err as ApiError).code);
        }
      }),
    );
  });

  it('is idempotent: what it accepts, it accepts again unchanged', () => {
    fc.assert(
      fc.property(spec, (s) => {
        let once: KubeObject;
        try {
          once = checkCustomObject(peerType, peer(s), { fieldValidation: 'Ignore' });
        } catch {
          return;
        }
        const twice = checkCustomObject(peerType, once, { fieldValidation: 'Strict' });
        expect(twice).toEqual(once);
      }),
    );
  });

  it('with Ignore leaves no field the schema does not declare', () => {
    fc.assert(
      fc.property(spec, (s) => {
        try {
          const out = checkCustomObject(peerType, peer(s), { fieldValidation: 'Ignore' });
          expect(out.spec).not.toHaveProperty('unknownField');
        } catch (err) {
          expect((err as ApiError).code).toBe(422);
        }
      }),
    );
  });
});
