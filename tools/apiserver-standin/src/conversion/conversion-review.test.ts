import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.js';
import {
  checkedConversion,
  conversionReview,
  convertedObjectsOf,
  reviewVersionFor,
} from './conversion-review.js';

const original: KubeObject = {
  apiVersion: 'example.com/v1',
  kind: 'Thing',
  metadata: {
    name: 'a',
    namespace: 'default',
    uid: 'u1',
    resourceVersion: '7',
    labels: { a: '1' },
  },
  spec: { host: 'h' },
};

function converted(patch: Partial<KubeObject> = {}, meta: Record<string, unknown> = {}): unknown {
  return {
    apiVersion: 'example.com/v2',
    kind: 'Thing',
    spec: { address: 'h' },
    ...patch,
    metadata: { name: 'a', namespace: 'default', uid: 'u1', ...meta },
  };
}

describe('ConversionReview exchange', () => {
  it('speaks v1 when listed, else v1beta1, else nothing', () => {
    expect(reviewVersionFor(['v1beta1', 'v1'])).toBe('v1');
    expect(reviewVersionFor(['v1beta1', 'v1beta2'])).toBe('v1beta1');
    expect(reviewVersionFor(['v2'])).toBeUndefined();
    expect(conversionReview('v1', 'id', 'example.com/v2', [original])).toEqual({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'ConversionReview',
      request: { uid: 'id', desiredAPIVersion: 'example.com/v2', objects: [original] },
    });
  });

  it('checks the reply: kind, uid, result', () => {
    const ok = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'ConversionReview' };
    expect(() => convertedObjectsOf('v1', 'id', { ...ok, apiVersion: 'v1' })).toThrow(
      'expected webhook response of apiextensions.k8s.io/v1, Kind=ConversionReview, got v1, Kind=ConversionReview',
    );
    expect(() => convertedObjectsOf('v1', 'id', ok)).toThrow('no response provided');
    expect(() =>
      convertedObjectsOf('v1', 'id', {
        ...ok,
        response: { uid: 'x', result: { status: 'Success' } },
      }),
    ).toThrow('expected response.uid="id", got "x"');
    expect(() =>
      convertedObjectsOf('v1', 'id', {
        ...ok,
        response: { uid: 'id', result: { status: 'Failure', message: 'nope' } },
      }),
    ).toThrow('nope');
    expect(() =>
      convertedObjectsOf('v1', 'id', {
        ...ok,
        response: { uid: 'id', result: { status: 'Failure' } },
      }),
    ).toThrow("response.result.status was 'Failure', not 'Success'");
    expect(
      convertedObjectsOf('v1', 'id', {
        ...ok,
        response: { uid: 'id', result: { status: 'Success' }, convertedObjects: [1] },
      }),
    ).toEqual([1]);
  });

  it('keeps the original metadata except labels and annotations', () => {
    const out = checkedConversion(
      original,
      converted({}, { resourceVersion: '99', labels: { b: '2' }, annotations: { n: 'x' } }),
      'example.com/v2',
      0,
      false,
    );
    expect(out.metadata).toEqual({
      name: 'a',
      namespace: 'default',
      uid: 'u1',
      resourceVersion: '7',
      labels: { b: '2' },
      annotations: { n: 'x' },
    });
    expect(out.spec).toEqual({ address: 'h' });
  });

  it('refuses another apiVersion, kind or identity, in kube words', () => {
    expect(() =>
      checkedConversion(
        original,
        converted({ apiVersion: 'example.com/v1' }),
        'example.com/v2',
        0,
        false,
      ),
    ).toThrow(
      'returned invalid object at index 0: invalid groupVersion (expected example.com/v2, received example.com/v1)',
    );
    expect(() =>
      checkedConversion(original, converted({ kind: 'Other' }), 'example.com/v2', 2, true),
    ).toThrow(
      'returned invalid converted object at index 2: invalid kind (expected Thing, received Other)',
    );
    expect(() =>
      checkedConversion(original, converted({}, { name: 'b' }), 'example.com/v2', 0, false),
    ).toThrow('returned invalid object: must have the same name: a != b');
    expect(() =>
      checkedConversion(original, converted({}, { labels: { a: 1 } }), 'example.com/v2', 1, true),
    ).toThrow(
      'returned invalid metadata in object at index 1: metadata.labels[a] must be a string, but is number in converted object',
    );
  });
});
