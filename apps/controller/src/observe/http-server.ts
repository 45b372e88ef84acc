/**
 * The controller's plain-HTTP observability endpoint on `--metrics-port`: Prometheus
 * exposition on /metrics, the kubelet's liveness probe on /healthz and readiness probe on
 * /readyz (deploy/controller/controller.yaml points both here). Read-only: GET and HEAD
 * only. MetalLB splits these over two ports (`--port`, `--health-probe-port`); one port is
 * simpler to deploy and probe, and the paths are the same.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** What the server serves, and where. */
export interface ObservabilityServerOptions {
  /** TCP port; 0 lets the OS pick one (read it back from `port`). */
  readonly port: number;
  /** Address to bind; default `0.0.0.0` (the kubelet probes the pod IP). */
  readonly host?: string;
  /** Rendered on GET /metrics. */
  readonly registry: Registry;
  /** /healthz: 200 while true, 500 otherwise. */
  isHealthy(): boolean;
  /** /readyz: 200 while ready, 503 with `reason` as the body otherwise. */
  readiness(): { ready: boolean; reason: string };
}

/** A running observability server. */
export interface ObservabilityServer {
  /** The port actually bound. */
  readonly port: number;
  /** Stops listening and ends open (keep-alive) connections. Idempotent. */
  close(): Promise<void>;
  /** `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const TEXT = 'text/plain; charset=utf-8';

async function route(path: string, options: ObservabilityServerOptions): Promise<Reply> {
  switch (path) {
    case '/metrics':
      return {
        status: 200,
        contentType: options.registry.contentType,
        body: await options.registry.metrics(),
      };
    case '/healthz':
      return options.isHealthy()
        ? { status: 200, contentType: TEXT, body: 'ok' }
        : { status: 500, contentType: TEXT, body: 'unhealthy' };
    case '/readyz': {
      const { ready, reason } = options.readiness();
      return ready
        ? { status: 200, contentType: TEXT, body: 'ok' }
        : { status: 503, contentType: TEXT, body: reason || 'not ready' };
    }
    default:
      return { status: 404, contentType: TEXT, body: 'not found' };
  }
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: ObservabilityServerOptions,
): Promise<void> {
  let reply: Reply;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    reply = { status: 405, contentType: TEXT, body: 'method not allowed' };
  } else {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    try {
      reply = await route(path, options);
    } catch (err) {
      reply = { status: 500, contentType: TEXT, body: String(err) };
    }
  }
  const body = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, {
    'Content-Type': reply.contentType,
    'Content-Length': body.length,
  });
  // HEAD: same headers as GET, no body (RFC 9110 §9.3.2).
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Starts serving /metrics, /healthz and /readyz; resolves once listening.
 *
 * @example
 * ```ts
 * const server = await startObservabilityServer({
 *   port: 7472, registry, isHealthy: () => true, readiness: () => ({ ready: true, reason: '' }),
 * });
 * await server.close();
 * ```
 */
export async function startObservabilityServer(
  options: ObservabilityServerOptions,
): Promise<ObservabilityServer> {
  const server = createServer((req, res) => {
    void handle(req, res, options);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Open keep-alive sockets (or a scrape in flight) would hold close() until they end.
      server.closeAllConnections();
    });
    return closed;
  };
  return { port, close, [Symbol.asyncDispose]: close };
}
