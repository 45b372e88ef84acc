import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import type { KubeObject } from '../types.js';
import { PATCH_CONTENT_TYPES, patchTypeOf } from './content-type.js';
import { applyJsonPatch } from './json-patch.js';

const service = (): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { ports: [{ port: 80, targetPort: 8080 }] },
});

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('applyJsonPatch', () => {
  it('applies add, replace, remove, copy, move and test in order', () => {
    const current = service();
    const out = applyJsonPatch(current, [
      { op: 'test', path: '/spec/ports/0/port', value: 80 },
      { op: 'replace', path: '/spec/ports/0/targetPort', value: 9090 },
      { op: 'add', path: '/spec/ports/-', value: { port: 443 } },
      { op: 'add', path: '/metadata/labels/tier', value: 'front' },
      { op: 'copy', from: '/metadata/labels/app', path: '/metadata/annotations' },
      { op: 'move', from: '/metadata/annotations', path: '/metadata/labels/copied' },
      { op: 'remove', path: '/metadata/labels/app' },
    ]);
    expect(out.spec).toEqual({ ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] });
    expect(out.metadata.labels).toEqual({ tier: 'front', copied: 'web' });
    expect(current).toEqual(service());
  });

  it('treats a null body as no operations', () => {
    expect(applyJsonPatch(service(), null)).toEqual(service());
  });

  it('adds JSON null for an add without value, as evanphx/json-patch does', () => {
    const out = applyJsonPatch(service(), [{ op: 'add', path: '/spec/x' }]);
    expect(out.spec).toMatchObject({ x: null });
  });

  const badRequests: { name: string; body: unknown; message: string }[] = [
    {
      name: 'a merge-style object body (client-node default Content-Type mistake)',
      body: { status: { loadBalancer: {} } },
      message:
        'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
    },
    {
      name: 'a string body',
      body: 'remove',
      message:
        'error decoding patch: json: cannot unmarshal string into Go value of type []handlers.jsonPatchOp',
    },
    {
      name: 'an operation that is not an object',
      body: ['add'],
      message:
        'error decoding patch: json: cannot unmarshal string into Go value of type handlers.jsonPatchOp',
    },
    {
      name: 'a path that is not a string',
      body: [{ op: 'remove', path: 3 }],
      message:
        'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.path of type string',
    },
  ];
  for (const c of badRequests) {
    it(`answers 400 for ${c.name}`, () => {
      const err = errorOf(() => applyJsonPatch(service(), c.body));
      expect(err.code).toBe(400);
      expect(err.reason).toBe('BadRequest');
      expect(err.message).toBe(c.message);
    });
  }

  const unprocessable: { name: string; ops: unknown[] }[] = [
    { name: 'a failing test', ops: [{ op: 'test', path: '/spec/ports/0/port', value: 81 }] },
    { name: 'a missing path', ops: [{ op: 'remove', path: '/spec/nope' }] },
    {
      name: 'a replace of a missing key',
      ops: [{ op: 'replace', path: '/metadata/nope', value: 1 }],
    },
    { name: 'an unknown op', ops: [{ op: 'frobnicate', path: '/spec' }] },
    { name: 'a null operation', ops: [null] },
  ];
  for (const c of unprocessable) {
    it(`answers 422 with the generic message for ${c.name}`, () => {
      const err = errorOf(() => applyJsonPatch(service(), c.ops));
      expect(err.code).toBe(422);
      expect(err.reason).toBe('Invalid');
      expect(err.message).toBe('the server rejected our request due to an error in our request');
      expect(err.toStatus().details).toEqual({});
    });
  }

  it('refuses a patch that replaces the object with a non-object', () => {
    const err = errorOf(() => applyJsonPatch(service(), [{ op: 'replace', path: '', value: [1] }]));
    expect(err.code).toBe(422);
  });
});

describe('patchTypeOf', () => {
  it('maps the four media types, ignoring parameters', () => {
    expect(patchTypeOf('application/json-patch+json')).toBe('json');
    expect(patchTypeOf('application/merge-patch+json; charset=utf-8')).toBe('merge');
    expect(patchTypeOf('application/strategic-merge-patch+json')).toBe('strategic');
    expect(patchTypeOf('application/apply-patch+yaml')).toBe('apply');
    expect(PATCH_CONTENT_TYPES).toHaveLength(4);
  });

  it('matches exactly, as the apiserver does', () => {
    expect(patchTypeOf('application/json')).toBeUndefined();
    expect(patchTypeOf('Application/Merge-Patch+json')).toBeUndefined();
    expect(patchTypeOf('application/vnd.kubernetes.protobuf')).toBeUndefined();
    expect(patchTypeOf('')).toBeUndefined();
  });
});
