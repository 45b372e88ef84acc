/**
 * The observability server over real HTTP on a loopback port picked by the OS: status codes,
 * bodies and content types of /metrics, /healthz, /readyz, HEAD, 404 and 405, and a close()
 * that does not wait for idle keep-alive connections.
 */

import { Agent, request } from 'node:http';
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type ObservabilityServer, startObservabilityServer } from './http-server.js';

interface Response {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function call(port: number, method: string, path: string, agent?: Agent): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, agent, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end();
  });
}

describe('startObservabilityServer', () => {
  let server: ObservabilityServer | undefined;
  let healthy = true;
  let readiness = { ready: true, reason: '' };

  afterEach(async () => {
    await server?.close();
    server = undefined;
    healthy = true;
    readiness = { ready: true, reason: '' };
  });

  async function start(): Promise<{ server: ObservabilityServer; registry: Registry }> {
    const registry = new Registry();
    new Counter({ name: 'test_hits_total', help: 'hits', registers: [registry] }).inc(7);
    server = await startObservabilityServer({
      port: 0,
      host: '127.0.0.1',
      registry,
      isHealthy: () => healthy,
      readiness: () => readiness,
    });
    return { server, registry };
  }

  it('serves the registry on GET /metrics with the Prometheus content type', async () => {
    const { server, registry } = await start();
    expect(server.port).toBeGreaterThan(0);
    const res = await call(server.port, 'GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(registry.contentType);
    expect(res.body).toContain('# TYPE test_hits_total counter');
    expect(res.body).toContain('test_hits_total 7');
  });

  it('answers /healthz with 200 ok while healthy and 500 when not', async () => {
    const { server } = await start();
    expect(await call(server.port, 'GET', '/healthz')).toMatchObject({ status: 200, body: 'ok' });
    healthy = false;
    expect((await call(server.port, 'GET', '/healthz')).status).toBe(500);
  });

  it('answers /readyz with 200 ok when ready and 503 with the reason when not', async () => {
    const { server } = await start();
    expect(await call(server.port, 'GET', '/readyz')).toMatchObject({ status: 200, body: 'ok' });
    readiness = { ready: false, reason: 'informers not synced' };
    expect(await call(server.port, 'GET', '/readyz?verbose')).toMatchObject({
      status: 503,
      body: 'informers not synced',
    });
  });

  it('answers HEAD with the GET status and headers and no body', async () => {
    const { server } = await start();
    const get = await call(server.port, 'GET', '/metrics');
    const head = await call(server.port, 'HEAD', '/metrics');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    readiness = { ready: false, reason: 'not leader yet' };
    expect((await call(server.port, 'HEAD', '/readyz')).status).toBe(503);
  });

  it('answers 404 for other paths and 405 with Allow for other methods', async () => {
    const { server } = await start();
    expect((await call(server.port, 'GET', '/')).status).toBe(404);
    expect((await call(server.port, 'GET', '/metricsx')).status).toBe(404);
    const post = await call(server.port, 'POST', '/metrics');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect((await call(server.port, 'DELETE', '/healthz')).status).toBe(405);
  });

  it('closes despite an idle keep-alive connection, and close is idempotent', async () => {
    const { server: s } = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await call(s.port, 'GET', '/healthz', agent)).status).toBe(200);
      // The agent now holds an idle socket open to the server.
      await Promise.all([s.close(), s.close()]);
      await expect(call(s.port, 'GET', '/healthz')).rejects.toThrow();
    } finally {
      agent.destroy();
    }
  });

  it('closes through await using', async () => {
    let port = 0;
    {
      await using s = await startObservabilityServer({
        port: 0,
        host: '127.0.0.1',
        registry: new Registry(),
        isHealthy: () => true,
        readiness: () => ({ ready: true, reason: '' }),
      });
      port = s.port;
      expect((await call(port, 'GET', '/healthz')).status).toBe(200);
    }
    await expect(call(port, 'GET', '/healthz')).rejects.toThrow();
  });

  it('rejects when the port is taken', async () => {
    const { server: s } = await start();
    await expect(
      startObservabilityServer({
        port: s.port,
        host: '127.0.0.1',
        registry: new Registry(),
        isHealthy: () => true,
        readiness: () => ({ ready: true, reason: '' }),
      }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
