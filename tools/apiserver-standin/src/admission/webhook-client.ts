/**
 * One HTTPS POST of an AdmissionReview, the way the apiserver's webhook client makes it:
 * `?timeout=<n>s` on the URL, the configuration's caBundle as the only trusted CA (the system
 * roots when there is none), the webhook's timeout as a hard deadline. Failures come back as
 * errors worded like Go's (`Post "https://...": context deadline exceeded`), since they end up
 * in the message kubectl prints.
 */

import { request } from 'node:https';
import { isIP } from 'node:net';

export interface WebhookTarget {
  /** Where to connect (for a service reference: the resolved address). */
  readonly url: URL;
  /** The name the server's certificate must carry (`<svc>.<ns>.svc` for services). */
  readonly serverName: string;
  /** PEM; undefined trusts the system roots. */
  readonly ca: string | undefined;
  readonly timeoutSeconds: number;
}

/** Where a webhook's `clientConfig` points (admission and CRD conversion webhooks alike). */
export interface WebhookClientConfig {
  readonly url?: string | undefined;
  readonly service?:
    | {
        readonly namespace: string;
        readonly name: string;
        readonly path: string | undefined;
        readonly port: number;
      }
    | undefined;
  /** PEM; undefined trusts the system roots. */
  readonly caBundle: string | undefined;
  readonly timeoutSeconds: number;
}

/**
 * The URL, expected certificate name and CA of a webhook; a service reference is resolved
 * by `resolveService` (a base URL, or undefined when the Service cannot be reached).
 *
 * @throws Error `Post "https://<svc>.<ns>.svc:<port><path>?timeout=<n>s": service "<svc>" not
 *   found` when it cannot be resolved (the apiserver's wording).
 */
export function webhookTarget(
  config: WebhookClientConfig,
  resolveService:
    | ((ref: NonNullable<WebhookClientConfig['service']>) => string | undefined)
    | undefined,
): WebhookTarget {
  const common = { ca: config.caBundle, timeoutSeconds: config.timeoutSeconds };
  if (config.url) {
    const url = new URL(config.url);
    return { url, serverName: url.hostname.replace(/^\[|\]$/g, ''), ...common };
  }
  const svc = config.service;
  if (!svc) throw new Error('webhook has neither url nor service');
  const serverName = `${svc.name}.${svc.namespace}.svc`;
  const path = svc.path ?? '';
  const base = resolveService?.(svc);
  if (base === undefined) {
    const shown = `https://${serverName}:${svc.port}${path}?timeout=${config.timeoutSeconds}s`;
    throw new Error(`Post "${shown}": service "${svc.name}" not found`);
  }
  return { url: new URL(path, base), serverName, ...common };
}

/** The error message client-go gives a non-2xx reply that is not a Status object. */
function genericServerMessage(code: number, body: string): string {
  switch (code) {
    case 400:
      return 'the server rejected our request for an unknown reason';
    case 401:
      return 'the server has asked for the client to provide credentials';
    case 403:
      return body;
    case 404:
      return 'the server could not find the requested resource';
    case 405:
      return 'the server does not allow this method on the requested resource';
    case 409:
      return 'the server reported a conflict';
    case 422:
      return 'the server rejected our request due to an error in our request';
    case 429:
      return 'the server has received too many requests and has asked us to try again later';
    case 503:
      return 'the server is currently unable to handle the request';
    case 504:
      return 'the server was unable to return a response in the time allotted, but may still be processing the request';
    default:
      return code >= 500
        ? `an error on the server (${JSON.stringify(body)}) has prevented the request from succeeding`
        : `the server responded with the status code ${code} but did not return more information`;
  }
}

function replyError(code: number, body: string): Error {
  try {
    const status = JSON.parse(body) as Record<string, unknown>;
    if (status.kind === 'Status' && typeof status.message === 'string' && status.message !== '') {
      return new Error(status.message);
    }
  } catch {
    // not JSON: the generic wording below
  }
  return new Error(genericServerMessage(code, body));
}

/** Node's connection errors in Go's words. */
function transportMessage(err: NodeJS.ErrnoException, url: URL): string {
  const hostPort = `${url.hostname.replace(/^\[|\]$/g, '')}:${url.port || '443'}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${hostPort}: connect: connection refused`;
    case 'ECONNRESET':
      return `read tcp ${hostPort}: read: connection reset by peer`;
    case 'ENOTFOUND':
      return `dial tcp: lookup ${url.hostname}: no such host`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    case 'CERT_HAS_EXPIRED':
      return 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `tls: failed to verify certificate: x509: certificate is not valid for ${url.hostname}`;
    default:
      return err.message;
  }
}

/**
 * POSTs `body` as JSON and resolves with the parsed reply.
 *
 * @throws Error `Post "<url>": <cause>` for transport failures and timeouts, or the client-go
 *   message for a non-2xx reply.
 */
export function postReview(target: WebhookTarget, body: unknown): Promise<unknown> {
  const url = new URL(target.url);
  url.searchParams.set('timeout', `${target.timeoutSeconds}s`);
  const shown = `Post "${url.href}"`;
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, */*',
          'Content-Length': payload.length,
        },
        // SNI carries host names only (RFC 6066); an IP is checked against the certificate's IP SANs.
        ...(isIP(target.serverName) === 0 && { servername: target.serverName }),
        ...(target.ca !== undefined && { ca: target.ca }),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => finish(() => reject(new Error(`${shown}: ${err.message}`))));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const code = res.statusCode ?? 0;
          if (code < 200 || code > 299) return finish(() => reject(replyError(code, text)));
          try {
            const parsed: unknown = JSON.parse(text);
            finish(() => resolve(parsed));
          } catch (err) {
            finish(() =>
              reject(
                new Error(`couldn't get version/kind; json parse error: ${(err as Error).message}`),
              ),
            );
          }
        });
      },
    );
    timer = setTimeout(() => {
      finish(() => reject(new Error(`${shown}: context deadline exceeded`)));
      req.destroy();
    }, target.timeoutSeconds * 1000);
    req.on('error', (err: NodeJS.ErrnoException) =>
      finish(() => reject(new Error(`${shown}: ${transportMessage(err, url)}`))),
    );
    req.end(payload);
  });
}
