import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import {
  bodyFormatOf,
  negotiateOutput,
  parseAccept,
  parseMediaType,
  unsupportedPatchType,
} from './media.js';

const KUBECTL_GET =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('parseMediaType', () => {
  it('lower-cases the type and parameter names and unquotes values', () => {
    expect(parseMediaType(' Application/JSON ; AS="Table" ;v=v1')).toEqual({
      type: 'application/json',
      params: { as: 'Table', v: 'v1' },
    });
  });
});

describe('parseAccept', () => {
  it('orders by q, keeping header order on ties, and drops q=0', () => {
    expect(parseAccept('a/a;q=0.5, b/b, c/c;q=0, d/d').map((r) => r.type)).toEqual([
      'b/b',
      'd/d',
      'a/a',
    ]);
  });
  it('never throws on arbitrary headers', () => {
    fc.assert(
      fc.property(fc.string(), (h) => {
        expect(Array.isArray(parseAccept(h))).toBe(true);
      }),
    );
  });
});

describe('negotiateOutput', () => {
  it('gives kubectl get its Table', () => {
    expect(negotiateOutput(KUBECTL_GET, { allowTable: true })).toEqual({
      format: 'json',
      table: 'v1',
    });
  });
  it('falls back to JSON where a Table cannot be had (writes)', () => {
    expect(negotiateOutput(KUBECTL_GET, { allowTable: false })).toEqual({
      format: 'json',
      table: undefined,
    });
  });
  it("answers JSON to client-node's and kubectl describe's Accept", () => {
    expect(negotiateOutput('application/json, */*;q=0.8', { allowTable: true }).format).toBe(
      'json',
    );
    expect(
      negotiateOutput('application/vnd.kubernetes.protobuf,application/json', { allowTable: true })
        .format,
    ).toBe('json');
    expect(negotiateOutput(undefined, { allowTable: true }).format).toBe('json');
  });
  it('answers YAML when asked', () => {
    expect(negotiateOutput('application/yaml', { allowTable: true }).format).toBe('yaml');
  });
  it('refuses protobuf only, and a Table of an unknown version, with 406', () => {
    expect(
      apiError(() => negotiateOutput('application/vnd.kubernetes.protobuf', { allowTable: true }))
        .code,
    ).toBe(406);
    expect(
      apiError(() =>
        negotiateOutput('application/json;as=Table;v=v2;g=meta.k8s.io', { allowTable: true }),
      ).reason,
    ).toBe('NotAcceptable');
  });
});

describe('bodyFormatOf', () => {
  it('reads JSON (also when no Content-Type is given) and YAML', () => {
    expect(bodyFormatOf(undefined)).toBe('json');
    expect(bodyFormatOf('application/json; charset=utf-8')).toBe('json');
    expect(bodyFormatOf('application/yaml')).toBe('yaml');
  });
  it('refuses protobuf with the real 415 message', () => {
    const err = apiError(() => bodyFormatOf('application/vnd.kubernetes.protobuf'));
    expect(err.code).toBe(415);
    expect(err.reason).toBe('UnsupportedMediaType');
    expect(err.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    );
  });
  it('names the patch types a custom resource takes', () => {
    expect(unsupportedPatchType(false).message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  });
});
