/**
 * Test support for admission: a real HTTPS webhook server on 127.0.0.1 (port 0) with a
 * certificate made by `selfsigned` for that IP, recording every AdmissionReview it receives,
 * plus builders for configurations and requests.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { ApiError } from '../errors.js';
import type { AdmissionAttributes, KubeObject, ResourceType } from '../types.js';

export type Handler = (
  review: Record<string, unknown>,
  req: IncomingMessage,
  res: ServerResponse,
) => void;

export interface Received {
  readonly url: string;
  readonly review: Record<string, unknown>;
}

export const services: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Service',
  listKind: 'ServiceList',
  plural: 'services',
  singular: 'service',
  shortNames: ['svc'],
  categories: ['all'],
  namespaced: true,
  hasStatus: true,
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  storage: 'core/services',
  builtin: true,
  tracksGeneration: false,
};

export const webhookConfigs: ResourceType = {
  ...services,
  group: 'admissionregistration.k8s.io',
  kind: 'ValidatingWebhookConfiguration',
  plural: 'validatingwebhookconfigurations',
  namespaced: false,
  storage: 'admissionregistration.k8s.io/validatingwebhookconfigurations',
};

/** Answers a review with `response` (uid copied from the request). */
export function reply(
  res: ServerResponse,
  review: Record<string, unknown>,
  response: Record<string, unknown>,
): void {
  const uid = (review.request as { uid: string }).uid;
  res.setHeader('Content-Type', 'application/json');
  res.end(
    JSON.stringify({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid, ...response },
    }),
  );
}

export const allow: Handler = (review, _req, res) => reply(res, review, { allowed: true });

export interface HookOptions {
  name?: string;
  path?: string;
  rules?: Record<string, unknown>[];
  failurePolicy?: 'Fail' | 'Ignore';
  timeoutSeconds?: number;
  caBundle?: string;
  url?: string;
  service?: Record<string, unknown>;
  objectSelector?: Record<string, unknown>;
  namespaceSelector?: Record<string, unknown>;
  sideEffects?: string;
}

/** The webhook server; `handler` answers, `received` records. */
export class TestWebhookServer {
  handler: Handler = allow;
  received: Received[] = [];
  readonly #server: Server;
  readonly port: number;
  /** base64 PEM of the server's certificate (its own CA). */
  readonly caBundle: string;
  /** base64 PEM of an unrelated certificate. */
  readonly otherCaBundle: string;

  private constructor(server: Server, port: number, caBundle: string, otherCaBundle: string) {
    this.#server = server;
    this.port = port;
    this.caBundle = caBundle;
    this.otherCaBundle = otherCaBundle;
  }

  static async start(): Promise<TestWebhookServer> {
    const altNames = [{ type: 7 as const, ip: '127.0.0.1' }];
    const pems = await generate([{ name: 'commonName', value: 'webhook' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames }],
    });
    const other = await generate([{ name: 'commonName', value: 'someone-else' }], {
      keyType: 'ec',
      algorithm: 'sha256',
    });
    let self: TestWebhookServer | undefined;
    const server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const review = JSON.parse(text) as Record<string, unknown>;
        self!.received.push({ url: req.url ?? '', review });
        self!.handler(review, req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const b64 = (pem: string) => Buffer.from(pem).toString('base64');
    self = new TestWebhookServer(server, port, b64(pems.cert), b64(other.cert));
    return self;
  }

  /** Forgets what was received and allows everything again. */
  reset(): void {
    this.received = [];
    this.handler = allow;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** A ValidatingWebhookConfiguration with one webhook per entry, calling this server. */
  config(...hooks: HookOptions[]): KubeObject {
    return {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'test-config' },
      webhooks: hooks.map((h) => this.#webhook(h)),
    };
  }

  #webhook(h: HookOptions): Record<string, unknown> {
    const url = h.url ?? `https://127.0.0.1:${this.port}${h.path ?? '/validate'}`;
    return {
      name: h.name ?? 'check.example.com',
      clientConfig: {
        ...(h.service ? { service: h.service } : { url }),
        caBundle: h.caBundle ?? this.caBundle,
      },
      rules: h.rules ?? [
        {
          operations: ['CREATE', 'UPDATE', 'DELETE'],
          apiGroups: [''],
          apiVersions: ['v1'],
          resources: ['services'],
        },
      ],
      failurePolicy: h.failurePolicy ?? 'Fail',
      sideEffects: h.sideEffects ?? 'None',
      admissionReviewVersions: ['v1'],
      ...(h.timeoutSeconds !== undefined && { timeoutSeconds: h.timeoutSeconds }),
      ...(h.objectSelector && { objectSelector: h.objectSelector }),
      ...(h.namespaceSelector && { namespaceSelector: h.namespaceSelector }),
    };
  }
}

export function service(labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'prod', labels },
    spec: { type: 'LoadBalancer' },
  };
}

/** A CREATE of `object` (a Service in namespace prod by default). */
export function create(
  object: KubeObject | undefined = service(),
  extra: Partial<AdmissionAttributes> = {},
): AdmissionAttributes {
  return {
    operation: 'CREATE',
    rt: services,
    namespace: 'prod',
    name: 'web',
    object,
    oldObject: undefined,
    subresource: undefined,
    dryRun: false,
    ...extra,
  };
}

/** The ApiError a write is refused with (fails the test if it is admitted). */
export async function refusal(promise: Promise<void>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the write to be refused');
}
