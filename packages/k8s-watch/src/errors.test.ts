import { describe, expect, it } from 'vitest';
import { apiStatusOf, isApiStatus, K8sWatchError, KubeApiError } from './errors.js';

describe('apiStatusOf', () => {
  it('reads client-node ApiException (.code, .body as JSON text)', () => {
    const err = Object.assign(new Error('HTTP-Code: 409'), {
      code: 409,
      body: '{"kind":"Status","reason":"Conflict","message":"the object has been modified","code":409}',
    });
    expect(apiStatusOf(err)).toEqual({
      code: 409,
      status: {
        kind: 'Status',
        reason: 'Conflict',
        message: 'the object has been modified',
        code: 409,
      },
    });
    expect(isApiStatus(err, 409)).toBe(true);
  });

  it('reads client-node Watch errors (.statusCode) and our KubeApiError', () => {
    expect(apiStatusOf(Object.assign(new Error('Gone'), { statusCode: 410 }))?.code).toBe(410);
    const ours = new KubeApiError(404, { reason: 'NotFound', message: 'x not found' }, 'GET /x');
    expect(apiStatusOf(ours)).toEqual({
      code: 404,
      status: { reason: 'NotFound', message: 'x not found' },
    });
    expect(ours.message).toBe('GET /x: 404 NotFound x not found');
    expect(ours.code).toBe('K8S_WATCH_API');
  });

  it('returns undefined for failures without an answer', () => {
    expect(
      apiStatusOf(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })),
    ).toBeUndefined();
    expect(apiStatusOf('nope')).toBeUndefined();
  });
});

describe('K8sWatchError', () => {
  it('is recognised by its brand, not its prototype', () => {
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('baremetal-lb.k8s-watch.K8sWatchError')]: true,
    });
    expect(foreign instanceof K8sWatchError).toBe(true);
    expect(new Error('x') instanceof K8sWatchError).toBe(false);
    expect(new KubeApiError(500, undefined, 'x') instanceof K8sWatchError).toBe(true);
  });
});
