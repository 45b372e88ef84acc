/**
 * `requestJson` against the API stand-in: a raw JSON body (`rawBody`) goes out as given, for
 * callers that write int64 values a JS number cannot carry (MetalLB's MaxInt64 counters).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestJson } from './http.js';
import { startInProcess } from './testing/standin.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

describe('requestJson', () => {
  it('sends rawBody as given, with the content type asked for', async () => {
    const lines: string[] = [];
    const { standin, kc } = await startInProcess({ requestLog: (l: string) => lines.push(l) });
    cleanups.push(() => standin.close());
    await requestJson(kc, {
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      body: { metadata: { name: 'c' }, data: { a: '1' } },
    });
    const big = '9223372036854775807';
    await requestJson(kc, {
      method: 'PATCH',
      path: '/api/v1/namespaces/default/configmaps/c',
      rawBody: `{"metadata":{"labels":{"n":"${big}"}},"data":{"b":"x"}}`,
      contentType: 'application/merge-patch+json',
      headers: { 'User-Agent': 'test-agent/1.0 (replica-a)' },
    });
    const got = await requestJson<{
      data: Record<string, string>;
      metadata: { labels: Record<string, string> };
    }>(kc, {
      method: 'GET',
      path: '/api/v1/namespaces/default/configmaps/c',
    });
    expect(got.data).toEqual({ a: '1', b: 'x' });
    expect(got.metadata.labels.n).toBe(big);
    expect(
      lines.some((l) => l.startsWith('PATCH ') && l.endsWith('"test-agent/1.0 (replica-a)"')),
    ).toBe(true);
  });

  it('lets beforeSend cancel a request after its awaits, and sends it when beforeSend passes', async () => {
    const lines: string[] = [];
    const { standin, kc } = await startInProcess({ requestLog: (l: string) => lines.push(l) });
    cleanups.push(() => standin.close());
    const refused = new Error('not the leader');
    await expect(
      requestJson(kc, {
        method: 'POST',
        path: '/api/v1/namespaces/default/configmaps',
        body: { metadata: { name: 'never' } },
        beforeSend: () => {
          throw refused;
        },
      }),
    ).rejects.toBe(refused);
    let checked = 0;
    await requestJson(kc, {
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      body: { metadata: { name: 'sent' } },
      beforeSend: () => {
        checked++;
      },
    });
    expect(checked).toBe(1);
    expect(lines.filter((l) => l.startsWith('POST '))).toHaveLength(1);
  });

  it('applies the KubeConfig credentials once, not per request', async () => {
    const { standin, kc } = await startInProcess();
    cleanups.push(() => standin.close());
    const apply = vi.spyOn(kc, 'applyToHTTPSOptions');
    for (let i = 0; i < 5; i++) {
      await requestJson(kc, {
        method: 'POST',
        path: '/api/v1/namespaces/default/configmaps',
        body: { metadata: { name: `c${i}` } },
      });
    }
    expect(apply).toHaveBeenCalledTimes(1);
    const list = await requestJson<{ items: unknown[] }>(kc, {
      method: 'GET',
      path: '/api/v1/namespaces/default/configmaps',
    });
    expect(list.items).toHaveLength(5);
  });

  it('speaks HTTPS with the kubeconfig CA, and refuses a server the CA did not sign', async () => {
    const { standin, kc } = await startInProcess({ tls: true });
    cleanups.push(() => standin.close());
    expect(standin.url.startsWith('https://')).toBe(true);
    await requestJson(kc, {
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      body: { metadata: { name: 'over-tls' } },
    });
    const got = await requestJson<{ metadata: { name: string } }>(kc, {
      method: 'GET',
      path: '/api/v1/namespaces/default/configmaps/over-tls',
    });
    expect(got.metadata.name).toBe('over-tls');
    // Another stand-in's CA does not vouch for this server: the TLS handshake fails.
    const other = await startInProcess({ tls: true });
    cleanups.push(() => other.standin.close());
    const cluster = other.kc.getCurrentCluster()!;
    const mixed = other.kc;
    mixed.clusters = [{ ...cluster, server: standin.url }];
    await expect(
      requestJson(mixed, { method: 'GET', path: '/api/v1/namespaces' }),
    ).rejects.toThrow();
  });
});
