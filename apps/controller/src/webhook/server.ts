/**
 * The webhook HTTPS server: MetalLB's validating paths and `/convert` over node:https, one
 * JSON POST in, one JSON review out. Everything a client can get wrong is an HTTP status,
 * never a crash: 404 unknown path, 405 not POST, 415 not application/json, 413 over 3 MiB,
 * 400 not JSON or not a review. A request the rules refuse is HTTP 200 with allowed: false
 * (the API server turns that into the error kubectl prints).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { reviewAdmission } from './admission.js';
import { readAdmissionRequest } from './admission-request.js';
import { convertReview, readConversionRequest } from './conversion-review.js';
import { CONVERT_PATH, VALIDATING_PATHS } from './paths.js';
import type { AdmissionContext } from './types.js';

/** The largest request body accepted (the API server's own limit is 3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** A pino-compatible logger subset. */
export interface WebhookLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** PEM serving certificate and key. */
export interface WebhookTls {
  readonly certPem: string;
  readonly keyPem: string;
}

/** Options of {@link startWebhookServer}. */
export interface WebhookServerOptions {
  /** TCP port; 0 lets the OS pick one. MetalLB listens on 9443. */
  readonly port: number;
  /** Listen address; default 0.0.0.0. */
  readonly host?: string;
  readonly tls: WebhookTls;
  readonly context: AdmissionContext;
  readonly log: WebhookLog;
}

/** A running webhook server. */
export interface WebhookServer {
  readonly port: number;
  /** Serves a new certificate to new connections (after rotation). */
  setCertificate(tls: WebhookTls): void;
  /** Stops listening and ends open connections; idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      reject(new HttpError(413, `request body larger than ${MAX_BODY_BYTES} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `request body larger than ${MAX_BODY_BYTES} bytes`));
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function isJson(contentType: string | undefined): boolean {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return media === 'application/json';
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? `${body}\n` : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...(status === 405 && { Allow: 'POST' }),
    ...(status === 413 && { Connection: 'close' }),
  });
  res.end(text);
}

/** Answers one request; throws HttpError for a request that is not a review. */
async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: WebhookServerOptions,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'https://webhook').pathname;
  const kind = VALIDATING_PATHS[path];
  if (kind === undefined && path !== CONVERT_PATH)
    throw new HttpError(404, `no webhook at ${path}`);
  if (req.method !== 'POST') throw new HttpError(405, `method ${req.method} not allowed`);
  if (!isJson(req.headers['content-type'])) {
    throw new HttpError(415, 'content type must be application/json');
  }
  const body = await readBody(req);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new HttpError(400, `body is not JSON: ${(err as Error).message}`);
  }
  if (kind === undefined) {
    const conversion = readConversionRequest(parsed);
    if (typeof conversion === 'string') throw new HttpError(400, conversion);
    const reply = convertReview(parsed);
    if (reply.response.result.status === 'Failure') {
      options.log.warn({ event: 'conversionFailed', reason: reply.response.result.message });
    }
    send(res, 200, reply);
    return;
  }
  const admission = readAdmissionRequest(parsed);
  if (typeof admission === 'string') throw new HttpError(400, admission);
  const reply = reviewAdmission(parsed, options.context, { expectedKind: kind });
  if (!reply.response.allowed) {
    options.log.info(
      {
        event: 'admissionDenied',
        kind,
        operation: admission.operation,
        name: admission.name,
        reason: reply.response.status?.message,
      },
      'webhook denied a request',
    );
  }
  send(res, 200, reply);
}

/**
 * Starts the webhook server and resolves once it listens.
 *
 * When to use: at controller start, after `ensureWebhookCertificate`. Gotchas: serves every
 * replica's requests, leader or not, as MetalLB does; `context.existing()` must answer from
 * a cache (it is called once per review).
 *
 * @example
 * await using server = await startWebhookServer({ port: 9443, tls, context, log });
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const server: Server = createServer(
    { cert: options.tls.certPem, key: options.tls.keyPem, requestTimeout: 30_000 },
    (req, res) => {
      handle(req, res, options).catch((err: unknown) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (err instanceof HttpError) {
          send(res, err.status, err.message);
          return;
        }
        options.log.error({ err, event: 'webhookFailed' }, 'webhook handler failed');
        send(res, 500, 'internal error');
      });
    },
  );
  server.on('tlsClientError', () => {
    // A client that fails the handshake (wrong CA, a port probe) is its own problem.
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  options.log.info({ event: 'webhookListening', port }, 'webhook server listening');
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  return {
    port,
    setCertificate: (tls) => server.setSecureContext({ cert: tls.certPem, key: tls.keyPem }),
    close,
    [Symbol.asyncDispose]: close,
  };
}
