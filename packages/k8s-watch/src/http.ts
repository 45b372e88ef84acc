/**
 * Raw JSON requests to the API server with a KubeConfig's credentials and TLS settings.
 *
 * Why not client-node's generated clients for lists: they deserialize into model classes
 * (timestamps become `Date`s) while its `Watch` hands out plain JSON, so an informer built on
 * both would cache two shapes of the same object. Lists made here return the JSON the server
 * sent, the same shape as watch events. Credentials come from `KubeConfig.applyToHTTPSOptions`,
 * the same code path client-node's `Watch` uses.
 */

import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { K8sWatchError, KubeApiError, type KubeStatus } from './errors.js';

/** One request: a path below the cluster's server URL, query parameters, an optional body. */
export interface JsonRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /**
   * The body as JSON text, sent as is instead of `JSON.stringify(body)`: for numbers that a JS
   * number cannot carry exactly (int64 counters written from bigints).
   */
  rawBody?: string;
  /** Extra request headers (e.g. `User-Agent`); credentials from the KubeConfig still apply. */
  headers?: Record<string, string>;
  /** Content-Type of `body`. Default `application/json`. */
  contentType?: string;
  /**
   * Called synchronously right before the request goes on the wire, after every await: a
   * throw cancels it (the promise rejects with that error). A leader checks its lease here,
   * so no await lies between the check and the send.
   */
  beforeSend?: () => void;
  signal?: AbortSignal;
}

/**
 * One keep-alive agent per KubeConfig and server. client-node's `applyToHTTPSOptions` makes a
 * new Agent on every call, so each request would open a new TCP connection (and, over HTTPS,
 * do a new TLS handshake): thousands of status writes spent most of their time connecting.
 * The agent keeps the TLS material of the first call; credentials that change (tokens from
 * exec or OIDC plugins) still come fresh with each request's headers.
 */
const agents = new WeakMap<KubeConfig, Map<string, http.Agent>>();

function keepAliveAgent(kc: KubeConfig, url: URL, fresh: http.Agent | undefined): http.Agent {
  let byServer = agents.get(kc);
  if (!byServer) {
    byServer = new Map();
    agents.set(kc, byServer);
  }
  const key = url.origin;
  let agent = byServer.get(key);
  if (!agent) {
    const options = { ...(fresh as { options?: https.AgentOptions } | undefined)?.options };
    // `timeout` there is a socket idle timeout; the request's own timeout is separate.
    agent =
      url.protocol === 'https:'
        ? new https.Agent({ ...options, keepAlive: true, maxSockets: 64 })
        : new http.Agent({ ...options, keepAlive: true, maxSockets: 64 });
    byServer.set(key, agent);
  }
  return agent;
}

/**
 * Credentials (headers and basic auth) from `applyToHTTPSOptions`, reused for a few seconds:
 * that call costs more than the request itself under a controller's write rate. Tokens that
 * rotate (projected service account tokens, exec and OIDC plugins) are picked up within
 * {@link CREDENTIALS_TTL_MS}, and at once after a 401.
 */
interface Credentials {
  readonly headers: Record<string, string>;
  readonly auth: string | undefined;
  readonly agent: http.Agent;
  readonly expiresMs: number;
}
const CREDENTIALS_TTL_MS = 10_000;
const credentialCache = new WeakMap<KubeConfig, Map<string, Credentials>>();

async function credentialsFor(kc: KubeConfig, url: URL): Promise<Credentials> {
  let byServer = credentialCache.get(kc);
  if (!byServer) {
    byServer = new Map();
    credentialCache.set(kc, byServer);
  }
  const cached = byServer.get(url.origin);
  if (cached && performance.now() < cached.expiresMs) return cached;
  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.headers ?? {})) {
    if (v !== undefined) headers[k] = String(v);
  }
  const fresh: Credentials = {
    headers,
    auth: opts.auth ?? undefined,
    agent: keepAliveAgent(kc, url, opts.agent as http.Agent | undefined),
    expiresMs: performance.now() + CREDENTIALS_TTL_MS,
  };
  byServer.set(url.origin, fresh);
  return fresh;
}

function forgetCredentials(kc: KubeConfig, url: URL): void {
  credentialCache.get(kc)?.delete(url.origin);
}

/** Longest response body read into memory (a list of many objects). */
const MAX_BODY_BYTES = 256 * 1024 * 1024;

/**
 * Sends one request and parses the JSON answer. A non-2xx answer rejects with a
 * {@link KubeApiError} carrying the server's `Status`.
 *
 * @example
 * ```ts
 * const list = await requestJson<{ items: unknown[] }>(kc, {
 *   method: 'GET',
 *   path: '/api/v1/namespaces/default/configmaps',
 *   query: { labelSelector: 'app=web', limit: 100 },
 * });
 * ```
 */
export async function requestJson<T = unknown>(kc: KubeConfig, req: JsonRequest): Promise<T> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new K8sWatchError('K8S_WATCH_CONFIG', 'KubeConfig has no current cluster');
  const url = new URL(cluster.server.replace(/\/+$/, '') + req.path);
  for (const [k, v] of Object.entries(req.query ?? {})) {
    if (v !== undefined) url.searchParams.set(k, String(v));
  }
  const credentials = await credentialsFor(kc, url);
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...req.headers,
    ...credentials.headers,
  };
  let payload: Buffer | undefined;
  if (req.body !== undefined || req.rawBody !== undefined) {
    payload = Buffer.from(req.rawBody ?? JSON.stringify(req.body));
    headers['Content-Type'] = req.contentType ?? 'application/json';
    headers['Content-Length'] = String(payload.length);
  }
  const send = url.protocol === 'https:' ? https.request : http.request;
  req.beforeSend?.();
  return new Promise<T>((resolve, reject) => {
    const request = send(
      url,
      {
        method: req.method,
        headers,
        agent: credentials.agent,
        auth: credentials.auth,
        signal: req.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            request.destroy(
              new K8sWatchError(
                'K8S_WATCH_BAD_RESPONSE',
                `${req.method} ${req.path}: body too large`,
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          let parsed: unknown;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch (err) {
            if (status >= 200 && status < 300) {
              reject(
                new K8sWatchError('K8S_WATCH_BAD_RESPONSE', `${req.method} ${req.path}: not JSON`, {
                  cause: err,
                }),
              );
              return;
            }
          }
          if (status === 401) forgetCredentials(kc, url);
          if (status >= 200 && status < 300) resolve(parsed as T);
          else
            reject(
              new KubeApiError(
                status,
                parsed as KubeStatus | undefined,
                `${req.method} ${req.path}`,
              ),
            );
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
