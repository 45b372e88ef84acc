import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import type { JsonSchemaProps, KubeObject, ResourceType } from '../types.js';
import { checkCustomObject } from './check-custom-object.js';
import { loadCrdFixture } from './fixtures/load.js';
import { resourceTypesOfCrd } from './resource-types.js';

const pools = resourceTypesOfCrd(loadCrdFixture('metallb-ipaddresspools.crd.yaml'));
const peers = resourceTypesOfCrd(loadCrdFixture('metallb-bgppeers.crd.yaml'));
const poolType = pools[0]!;
const peerV1beta2 = peers.find((rt) => rt.version === 'v1beta2')!;

function pool(spec: Record<string, unknown>, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    apiVersion: 'metallb.io/v1beta1',
    kind: 'IPAddressPool',
    metadata: { name: 'prod', namespace: 'metallb-system' },
    spec,
    ...extra,
  };
}

function peer(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'metallb.io/v1beta2',
    kind: 'BGPPeer',
    metadata: { name: 'tor', namespace: 'metallb-system' },
    spec,
  };
}

/** Runs the check and returns the ApiError it throws. */
function refusal(rt: ResourceType, object: KubeObject, strict = false): ApiError {
  try {
    checkCustomObject(rt, object, { fieldValidation: strict ? 'Strict' : 'Ignore' });
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the object to be refused');
}

function customType(schema: JsonSchemaProps): ResourceType {
  return {
    ...poolType,
    group: 'example.com',
    kind: 'Widget',
    listKind: 'WidgetList',
    plural: 'widgets',
    singular: 'widget',
    version: 'v1',
    storage: 'example.com/widgets',
    schema: { type: 'object', properties: { spec: schema } },
  };
}

function widget(spec: unknown): KubeObject {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec };
}

describe('checkCustomObject on MetalLB resources', () => {
  it('accepts a valid IPAddressPool and applies the schema defaults', () => {
    const out = checkCustomObject(poolType, pool({ addresses: ['192.0.2.0/24'] }), {
      fieldValidation: 'Strict',
    });
    expect(out.spec).toEqual({
      addresses: ['192.0.2.0/24'],
      autoAssign: true,
      avoidBuggyIPs: false,
    });
  });

  it('keeps values the client set over defaults', () => {
    const out = checkCustomObject(poolType, pool({ addresses: [], autoAssign: false }), {
      fieldValidation: 'Strict',
    });
    expect(out.spec).toMatchObject({ autoAssign: false, avoidBuggyIPs: false });
  });

  it('does not modify its input', () => {
    const input = pool({ addresses: ['192.0.2.1/32'] });
    const copy = structuredClone(input);
    checkCustomObject(poolType, input, { fieldValidation: 'Strict' });
    expect(input).toEqual(copy);
  });

  it('defaults a BGPPeer v1beta2 peerPort to 179 and its booleans to false', () => {
    const out = checkCustomObject(
      peerV1beta2,
      peer({ myASN: 64500, peerASN: 64501, peerAddress: '192.0.2.1' }),
      { fieldValidation: 'Strict' },
    );
    expect(out.spec).toMatchObject({
      peerPort: 179,
      disableMP: false,
      dualStackAddressFamily: false,
    });
  });

  it('reports a missing required field as Required value', () => {
    const err = refusal(peerV1beta2, peer({ peerASN: 64501 }));
    expect(err.code).toBe(422);
    expect(err.reason).toBe('Invalid');
    expect(err.details?.causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.myASN' },
    ]);
    expect(err.message).toBe('BGPPeer.metallb.io "tor" is invalid: spec.myASN: Required value');
  });

  it('reports a string where an integer belongs with the type names kube uses', () => {
    const err = refusal(peerV1beta2, peer({ myASN: 64500, peerPort: 'bgp' }));
    expect(err.details?.causes).toEqual([
      {
        reason: 'FieldValueTypeInvalid',
        field: 'spec.peerPort',
        message: 'Invalid value: "string": spec.peerPort in body must be of type integer: "string"',
      },
    ]);
  });

  it('reports bounds with the offending value', () => {
    const err = refusal(peerV1beta2, peer({ myASN: 4294967296, peerPort: 0 }));
    expect(err.details?.causes?.map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.myASN: Invalid value: 4294967296: spec.myASN in body should be less than or equal to 4294967295',
      'spec.peerPort: Invalid value: 0: spec.peerPort in body should be greater than or equal to 1',
    ]);
  });

  it('reports an enum miss as Unsupported value with the allowed values', () => {
    const err = refusal(peerV1beta2, peer({ myASN: 1, dynamicASN: 'sometimes' }));
    expect(err.details?.causes).toEqual([
      {
        reason: 'FieldValueNotSupported',
        field: 'spec.dynamicASN',
        message: 'Unsupported value: "sometimes": supported values: "internal", "external"',
      },
    ]);
  });

  it('validates items of arrays at indexed paths', () => {
    const err = refusal(poolType, pool({ addresses: ['192.0.2.0/24', 7] }));
    expect(err.details?.causes?.[0]).toMatchObject({
      field: 'spec.addresses[1]',
      message:
        'Invalid value: "integer": spec.addresses[1] in body must be of type string: "integer"',
    });
  });

  it('refuses unknown fields with Strict, listing them all in sorted order', () => {
    const err = refusal(poolType, pool({ zeta: 1, addresses: [], alpha: 2 }), true);
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toBe(
      'strict decoding error: unknown field "spec.alpha", unknown field "spec.zeta"',
    );
  });

  it('reports unknown metadata fields before schema ones', () => {
    const object = pool({ addresses: [], x: 1 });
    (object.metadata as Record<string, unknown>).colour = 'blue';
    const err = refusal(poolType, object, true);
    expect(err.message).toBe(
      'strict decoding error: unknown field "metadata.colour", unknown field "spec.x"',
    );
  });

  it('prunes unknown fields silently with Ignore and warns with Warn', () => {
    const ignored = checkCustomObject(poolType, pool({ addresses: [], x: 1 }), {
      fieldValidation: 'Ignore',
    });
    expect(ignored.spec).not.toHaveProperty('x');
    const warnings: string[] = [];
    const warned = checkCustomObject(poolType, pool({ addresses: [], x: 1 }, { extra: true }), {
      fieldValidation: 'Warn',
      warnings,
    });
    expect(warned).not.toHaveProperty('extra');
    expect(warnings).toEqual(['unknown field "extra"', 'unknown field "spec.x"']);
  });

  it('never prunes apiVersion, kind or metadata, and keeps labels and annotations', () => {
    const object = pool({ addresses: [] });
    object.metadata.labels = { a: 'b' };
    object.metadata.annotations = { c: 'd' };
    const out = checkCustomObject(poolType, object, { fieldValidation: 'Strict' });
    expect(out.apiVersion).toBe('metallb.io/v1beta1');
    expect(out.kind).toBe('IPAddressPool');
    expect(out.metadata).toEqual(object.metadata);
  });

  it('refuses a name that is not a DNS subdomain', () => {
    const object = pool({ addresses: [] });
    object.metadata.name = 'Prod_Pool';
    const err = refusal(poolType, object);
    expect(err.details?.causes?.[0]?.field).toBe('metadata.name');
    expect(err.details?.causes?.[0]?.message).toMatch(
      /^Invalid value: "Prod_Pool": a lowercase RFC 1123 subdomain/,
    );
  });

  it('refuses a kind or apiVersion of another type', () => {
    const err = refusal(poolType, { ...pool({}), kind: 'BGPPeer' });
    expect(err.details?.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'kind',
        message: 'Invalid value: "BGPPeer": must be IPAddressPool',
      },
    ]);
  });
});

describe('checkCustomObject schema semantics', () => {
  it('checks string lengths, patterns and formats with kube-openapi wording', () => {
    const rt = customType({
      type: 'object',
      properties: {
        short: { type: 'string', maxLength: 3 },
        long: { type: 'string', minLength: 3 },
        code: { type: 'string', pattern: '^[a-z]+$' },
        ip: { type: 'string', format: 'ipv4' },
        when: { type: 'string', format: 'date-time' },
        n: { type: 'integer', format: 'int32' },
      },
    });
    const err = refusal(
      rt,
      widget({ short: 'abcd', long: 'ab', code: 'A1', ip: '300.1.1.1', when: 'noon', n: 5 }),
    );
    expect(err.details?.causes?.map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.short: Too long: may not be more than 3 bytes',
      'spec.long: Invalid value: "ab": spec.long in body should be at least 3 chars long',
      'spec.code: Invalid value: "A1": spec.code in body should match \'^[a-z]+$\'',
      'spec.ip: Invalid value: "300.1.1.1": spec.ip in body must be of type ipv4: "300.1.1.1"',
      'spec.when: Invalid value: "noon": spec.when in body must be of type date-time: "noon"',
    ]);
  });

  it('tells integers from numbers and accepts integers for number', () => {
    const rt = customType({
      type: 'object',
      properties: {
        i: { type: 'integer' },
        n: { type: 'number', exclusiveMinimum: true, minimum: 0.5 },
      },
    });
    expect(() =>
      checkCustomObject(rt, widget({ i: 3, n: 2 }), { fieldValidation: 'Strict' }),
    ).not.toThrow();
    const err = refusal(rt, widget({ i: 1.5, n: 0.5 }));
    expect(err.details?.causes?.map((c) => c.message)).toEqual([
      'Invalid value: "number": spec.i in body must be of type integer: "number"',
      'Invalid value: 0.5: spec.n in body should be greater than 0.5',
    ]);
  });

  it('accepts both forms of an int-or-string field and nothing else', () => {
    const rt = customType({
      type: 'object',
      properties: {
        port: {
          'x-kubernetes-int-or-string': true,
          anyOf: [{ type: 'integer' }, { type: 'string' }],
        },
      },
    });
    for (const port of [80, 'http']) {
      expect(() =>
        checkCustomObject(rt, widget({ port }), { fieldValidation: 'Strict' }),
      ).not.toThrow();
    }
    const err = refusal(rt, widget({ port: true }));
    expect(err.details?.causes?.[0]?.message).toBe(
      'Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
    );
  });

  it('drops nulls of non-nullable fields, defaults them, and keeps nullable ones', () => {
    const rt = customType({
      type: 'object',
      properties: {
        gone: { type: 'string' },
        defaulted: { type: 'string', default: 'x' },
        kept: { type: 'string', nullable: true },
      },
    });
    const out = checkCustomObject(rt, widget({ gone: null, defaulted: null, kept: null }), {
      fieldValidation: 'Strict',
    });
    expect(out.spec).toEqual({ defaulted: 'x', kept: null });
  });

  it('applies defaults inside array items and additionalProperties values, not to absent parents', () => {
    const rt = customType({
      type: 'object',
      properties: {
        list: {
          type: 'array',
          items: { type: 'object', properties: { w: { type: 'integer', default: 1 } } },
        },
        map: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            properties: { on: { type: 'boolean', default: true } },
          },
        },
        absent: { type: 'object', properties: { z: { type: 'integer', default: 9 } } },
      },
    });
    const out = checkCustomObject(rt, widget({ list: [{}, { w: 5 }], map: { a: {} } }), {
      fieldValidation: 'Strict',
    });
    expect(out.spec).toEqual({ list: [{ w: 1 }, { w: 5 }], map: { a: { on: true } } });
  });

  it('keeps unknown fields under x-kubernetes-preserve-unknown-fields but prunes declared children', () => {
    const rt = customType({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
      properties: { inner: { type: 'object', properties: { a: { type: 'string' } } } },
    });
    const out = checkCustomObject(rt, widget({ free: { any: 1 }, inner: { a: 'x', b: 'y' } }), {
      fieldValidation: 'Ignore',
    });
    expect(out.spec).toEqual({ free: { any: 1 }, inner: { a: 'x' } });
    expect(refusal(rt, widget({ inner: { b: 1 } }), true).message).toBe(
      'strict decoding error: unknown field "spec.inner.b"',
    );
  });

  it('reports duplicates in set and map lists at the second occurrence', () => {
    const rt = customType({
      type: 'object',
      properties: {
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['port'],
          items: { type: 'object', required: ['port'], properties: { port: { type: 'integer' } } },
        },
      },
    });
    const err = refusal(
      rt,
      widget({ tags: ['a', 'b', 'a', 'a'], ports: [{ port: 80 }, { port: 80 }] }),
    );
    expect(err.details?.causes?.map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.tags[2]: Duplicate value: "a"',
      'spec.ports[1]: Duplicate value: map[string]interface {}{"port":80}',
    ]);
  });

  it('reports composite failures at the nil path, as the apiserver does', () => {
    const rt = customType({
      type: 'object',
      properties: {
        v: {
          type: 'object',
          oneOf: [{ required: ['a'] }, { required: ['b'] }],
          properties: { a: { type: 'string' }, b: { type: 'string' } },
        },
      },
    });
    const err = refusal(rt, widget({ v: { a: 'x', b: 'y' } }));
    expect(err.details?.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: '<nil>',
        message:
          'Invalid value: "": "spec.v" must validate one and only one schema (oneOf). Found 2 valid alternatives',
      },
    ]);
  });

  it('reports additionalProperties values and too many items', () => {
    const rt = customType({
      type: 'object',
      properties: {
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        few: { type: 'array', maxItems: 1, items: { type: 'string' } },
      },
    });
    const err = refusal(rt, widget({ labels: { a: 1 }, few: ['x', 'y'] }));
    expect(err.details?.causes?.map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"',
      'spec.few: Too many: 2: must have at most 1 items',
    ]);
  });
});
