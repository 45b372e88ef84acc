import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import {
  isWatchRequest,
  parseBoolParam,
  parseIncludeObject,
  parseIntParam,
  parseListParams,
  parseWriteParams,
} from './query.js';

const q = (s: string) => new URLSearchParams(s);

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('parseBoolParam', () => {
  it.each(['1', 't', 'T', 'true', 'TRUE', 'True'])('reads %s as true', (v) => {
    expect(parseBoolParam('watch', v)).toBe(true);
  });
  it.each(['0', 'f', 'false', 'False', ''])('reads %j as false', (v) => {
    expect(parseBoolParam('watch', v)).toBe(false);
  });
  it('rejects anything else with a 400', () => {
    expect(apiError(() => parseBoolParam('watch', 'yes')).code).toBe(400);
  });
  it('answers a watch query', () => {
    expect(isWatchRequest(q('watch=1'))).toBe(true);
    expect(isWatchRequest(q('watch=false'))).toBe(false);
    expect(isWatchRequest(q(''))).toBe(false);
  });
});

describe('parseIntParam', () => {
  it('reads any safe integer back', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), (n) => {
        expect(parseIntParam(String(n))).toBe(n);
      }),
    );
  });
  it("rejects non-numbers with Go's strconv message", () => {
    const err = apiError(() => parseIntParam('5s'));
    expect(err.code).toBe(400);
    expect(err.message).toBe('strconv.ParseInt: parsing "5s": invalid syntax');
  });
});

describe('parseListParams', () => {
  it('reads what kubectl wait sends', () => {
    const p = parseListParams(
      q(
        'allowWatchBookmarks=true&fieldSelector=metadata.name%3Dweb&resourceVersion=12&timeoutSeconds=300&watch=true',
      ),
      true,
    );
    expect(p).toMatchObject({
      allowWatchBookmarks: true,
      fieldSelector: 'metadata.name=web',
      resourceVersion: '12',
      timeoutSeconds: 300,
    });
  });
  it('treats limit=0 and empty selectors as absent', () => {
    const p = parseListParams(q('limit=0&labelSelector=&continue='), false);
    expect(p.limit).toBeUndefined();
    expect(p.labelSelector).toBeUndefined();
    expect(p.continue).toBeUndefined();
  });
  it('refuses resourceVersionMatch without resourceVersion (422 on ListOptions)', () => {
    const err = apiError(() => parseListParams(q('resourceVersionMatch=Exact'), false));
    expect(err.code).toBe(422);
    expect(err.message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    );
    expect(err.details?.causes?.[0]).toMatchObject({
      field: 'resourceVersionMatch',
      reason: 'FieldValueForbidden',
    });
  });
  it('refuses Exact at resourceVersion 0 and unknown match values', () => {
    expect(
      apiError(() => parseListParams(q('resourceVersion=0&resourceVersionMatch=Exact'), false))
        .code,
    ).toBe(422);
    expect(
      apiError(() => parseListParams(q('resourceVersion=3&resourceVersionMatch=Newest'), false))
        .code,
    ).toBe(422);
  });
  it('accepts a resourceVersionMatch list', () => {
    expect(
      parseListParams(q('resourceVersion=3&resourceVersionMatch=NotOlderThan'), false)
        .resourceVersionMatch,
    ).toBe('NotOlderThan');
  });
  it('checks sendInitialEvents the way watch-list does', () => {
    expect(apiError(() => parseListParams(q('sendInitialEvents=true'), true)).code).toBe(422);
    expect(
      apiError(() =>
        parseListParams(q('sendInitialEvents=true&resourceVersionMatch=NotOlderThan'), true),
      ).code,
    ).toBe(422);
    const ok = parseListParams(
      q('sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true'),
      true,
    );
    expect(ok.sendInitialEvents).toBe(true);
  });
});

describe('parseWriteParams', () => {
  it("defaults fieldValidation to Warn, as the real server's default", () => {
    expect(parseWriteParams(q(''), 'CreateOptions')).toEqual({
      dryRun: false,
      fieldManager: undefined,
      fieldValidation: 'Warn',
      force: undefined,
    });
  });
  it('reads what kubectl apply --server-side sends', () => {
    expect(
      parseWriteParams(
        q('fieldManager=kubectl&fieldValidation=Strict&force=false'),
        'PatchOptions',
      ),
    ).toEqual({
      dryRun: false,
      fieldManager: 'kubectl',
      fieldValidation: 'Strict',
      force: false,
    });
  });
  it('takes dryRun=All and refuses other dry-run values with 422', () => {
    expect(parseWriteParams(q('dryRun=All'), 'CreateOptions').dryRun).toBe(true);
    const err = apiError(() => parseWriteParams(q('dryRun=Some'), 'UpdateOptions'));
    expect(err.code).toBe(422);
    expect(err.message).toMatch(
      /^UpdateOptions\.meta\.k8s\.io "" is invalid: dryRun: Unsupported value/,
    );
  });
  it('refuses an unknown fieldValidation and an overlong manager', () => {
    expect(apiError(() => parseWriteParams(q('fieldValidation=Loose'), 'CreateOptions')).code).toBe(
      400,
    );
    expect(
      apiError(() => parseWriteParams(q(`fieldManager=${'m'.repeat(129)}`), 'CreateOptions')).code,
    ).toBe(422);
  });
});

describe('parseIncludeObject', () => {
  it('defaults to Metadata and refuses unknown values', () => {
    expect(parseIncludeObject(q(''))).toBe('Metadata');
    expect(parseIncludeObject(q('includeObject=Object'))).toBe('Object');
    expect(apiError(() => parseIncludeObject(q('includeObject=All'))).code).toBe(400);
  });
});
