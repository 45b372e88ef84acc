import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseApiPath, pathSegments } from './route.js';

const res = (
  group: string,
  version: string,
  namespace: string | undefined,
  plural: string,
  name?: string,
  subresource?: string,
  watchPrefix = false,
) => ({ type: 'resource', group, version, namespace, plural, name, subresource, watchPrefix });

describe('parseApiPath', () => {
  it.each([
    ['/version', { type: 'version' }],
    ['/healthz', { type: 'health', check: 'healthz' }],
    ['/readyz/ping', { type: 'health', check: 'readyz' }],
    ['/livez', { type: 'health', check: 'livez' }],
    ['/api', { type: 'core-versions' }],
    ['/api/', { type: 'core-versions' }],
    ['/apis', { type: 'group-list' }],
    ['/apis/metallb.io', { type: 'group', group: 'metallb.io' }],
    ['/api/v1', { type: 'group-version', group: '', version: 'v1' }],
    ['/apis/apps/v1', { type: 'group-version', group: 'apps', version: 'v1' }],
    ['/openapi/v3', { type: 'openapi-v3-root' }],
    ['/openapi/v3/api/v1', { type: 'openapi-v3-document', gvPath: 'api/v1' }],
    [
      '/openapi/v3/apis/metallb.io/v1beta1',
      { type: 'openapi-v3-document', gvPath: 'apis/metallb.io/v1beta1' },
    ],
  ])('serves %s', (path, expected) => {
    expect(parseApiPath(path)).toEqual(expected);
  });

  it.each([
    ['/api/v1/services', res('', 'v1', undefined, 'services')],
    ['/api/v1/namespaces/default/services', res('', 'v1', 'default', 'services')],
    ['/api/v1/namespaces/default/services/web', res('', 'v1', 'default', 'services', 'web')],
    [
      '/api/v1/namespaces/default/services/web/status',
      res('', 'v1', 'default', 'services', 'web', 'status'),
    ],
    ['/api/v1/namespaces', res('', 'v1', undefined, 'namespaces')],
    ['/api/v1/namespaces/prod', res('', 'v1', undefined, 'namespaces', 'prod')],
    ['/api/v1/namespaces/prod/status', res('', 'v1', undefined, 'namespaces', 'prod', 'status')],
    [
      '/api/v1/namespaces/prod/finalize',
      res('', 'v1', undefined, 'namespaces', 'prod', 'finalize'),
    ],
    ['/api/v1/nodes/n1/status', res('', 'v1', undefined, 'nodes', 'n1', 'status')],
    [
      '/apis/metallb.io/v1beta1/namespaces/metallb-system/ipaddresspools/p1',
      res('metallb.io', 'v1beta1', 'metallb-system', 'ipaddresspools', 'p1'),
    ],
    [
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/x.example.com',
      res('apiextensions.k8s.io', 'v1', undefined, 'customresourcedefinitions', 'x.example.com'),
    ],
    ['/api/v1/watch/services', res('', 'v1', undefined, 'services', undefined, undefined, true)],
    [
      '/api/v1/watch/namespaces/default/services/web',
      res('', 'v1', 'default', 'services', 'web', undefined, true),
    ],
    ['/api/v1/namespaces/a%2Db/configmaps', res('', 'v1', 'a-b', 'configmaps')],
  ])('resolves %s', (path, expected) => {
    expect(parseApiPath(path)).toEqual(expected);
  });

  it.each([
    '/',
    '/foo',
    '/version/x',
    '/api/v2',
    '/api/v2/services',
    '/api//v1',
    '/api/v1/namespaces/default/services/web/status/extra',
    '/api/v1/watch',
    '/api/v1/watch/namespaces/default/services/web/status',
    '/api/v1/namespaces/prod/status/extra',
    '/api/v1/watch/namespaces/prod/status',
    '/api/v1/namespaces/default/configmaps/%2E%2E',
    '/api/v1/namespaces/default/configmaps/a%2Fb',
    '/api/v1/namespaces/%E0%A4%A',
    '/openapi/v2',
    '/openapi/v3/apis/apps',
  ])('finds nothing at %s', (path) => {
    expect(parseApiPath(path)).toEqual({ type: 'not-found' });
  });

  it('round-trips any encoded resource name', () => {
    const segment = fc
      .string({ minLength: 1, maxLength: 20 })
      .filter((s) => s !== '.' && s !== '..' && !s.includes('/'));
    fc.assert(
      fc.property(segment, segment, segment, (ns, plural, name) => {
        const path = `/api/v1/namespaces/${encodeURIComponent(ns)}/${encodeURIComponent(plural)}/${encodeURIComponent(name)}`;
        const parsed = parseApiPath(path);
        // `namespaces/NS/status` names the namespace's own subresource, not a resource.
        if (plural === 'status' || plural === 'finalize') {
          expect(parsed).toEqual({ type: 'not-found' });
        } else {
          expect(parsed).toEqual(res('', 'v1', ns, plural, name));
        }
      }),
    );
  });
});

describe('pathSegments', () => {
  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const segments = pathSegments(s);
        expect(segments === undefined || Array.isArray(segments)).toBe(true);
      }),
    );
  });
});
