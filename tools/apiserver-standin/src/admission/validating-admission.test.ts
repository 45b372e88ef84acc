import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ValidatingAdmission } from './validating-admission.js';
import { create, refusal, reply, service, TestWebhookServer } from './webhook-test-server.js';

let hooks: TestWebhookServer;

beforeAll(async () => {
  hooks = await TestWebhookServer.start();
});

afterAll(async () => {
  await hooks.close();
});

beforeEach(() => {
  hooks.reset();
});

describe('ValidatingAdmission calls', () => {
  it('sends an AdmissionReview v1 and admits when the webhook allows', async () => {
    const admission = new ValidatingAdmission(() => [hooks.config({})]);
    await admission.admit(create());
    expect(hooks.received).toHaveLength(1);
    expect(hooks.received[0]!.url).toBe('/validate?timeout=10s');
    const review = hooks.received[0]!.review;
    expect(review).toMatchObject({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' });
    expect(review.request).toMatchObject({
      kind: { group: '', version: 'v1', kind: 'Service' },
      resource: { group: '', version: 'v1', resource: 'services' },
      requestKind: { group: '', version: 'v1', kind: 'Service' },
      name: 'web',
      namespace: 'prod',
      operation: 'CREATE',
      userInfo: { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] },
      object: service(),
      oldObject: null,
      dryRun: false,
      options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1' },
    });
    expect((review.request as { uid: string }).uid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses with the webhook message, code and reason when it denies', async () => {
    hooks.handler = (review, _req, res) =>
      reply(res, review, {
        allowed: false,
        status: { code: 403, reason: 'Forbidden', message: 'pool exhausted' },
      });
    const err = await refusal(
      new ValidatingAdmission(() => [hooks.config({ name: 'pools.metallb.io' })]).admit(create()),
    );
    expect(err.code).toBe(403);
    expect(err.reason).toBe('Forbidden');
    expect(err.message).toBe(
      'admission webhook "pools.metallb.io" denied the request: pool exhausted',
    );
    expect(err.toStatus()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      code: 403,
      reason: 'Forbidden',
    });
  });

  it('uses code 400 and no reason when a denial says nothing', async () => {
    hooks.handler = (review, _req, res) => reply(res, review, { allowed: false });
    const err = await refusal(new ValidatingAdmission(() => [hooks.config({})]).admit(create()));
    expect(err.code).toBe(400);
    expect(err.message).toBe(
      'admission webhook "check.example.com" denied the request without explanation',
    );
    expect(err.toStatus()).not.toHaveProperty('reason');
  });

  it('fails closed on a timeout with failurePolicy Fail, open with Ignore', async () => {
    hooks.handler = () => {
      // never answers
    };
    const closed = new ValidatingAdmission(() => [
      hooks.config({ name: 'slow.example.com', timeoutSeconds: 1 }),
    ]);
    const open = new ValidatingAdmission(() => [
      hooks.config({ timeoutSeconds: 1, failurePolicy: 'Ignore' }),
    ]);
    const [err] = await Promise.all([refusal(closed.admit(create())), open.admit(create())]);
    expect(err.code).toBe(500);
    expect(err.reason).toBe('InternalError');
    expect(err.message).toBe(
      `Internal error occurred: failed calling webhook "slow.example.com": failed to call webhook: Post "https://127.0.0.1:${hooks.port}/validate?timeout=1s": context deadline exceeded`,
    );
    expect(err.details?.causes?.[0]?.message).toMatch(/^failed calling webhook "slow.example.com"/);
  });

  it('trusts only the caBundle', async () => {
    const err = await refusal(
      new ValidatingAdmission(() => [hooks.config({ caBundle: hooks.otherCaBundle })]).admit(
        create(),
      ),
    );
    expect(err.code).toBe(500);
    expect(err.message).toContain('x509: certificate signed by unknown authority');
    expect(hooks.received).toHaveLength(0);
  });

  it('reports a refused connection, and ignores it with failurePolicy Ignore', async () => {
    const url = 'https://127.0.0.1:1/validate';
    const err = await refusal(
      new ValidatingAdmission(() => [hooks.config({ url })]).admit(create()),
    );
    expect(err.message).toContain('dial tcp 127.0.0.1:1: connect: connection refused');
    await new ValidatingAdmission(() => [hooks.config({ url, failurePolicy: 'Ignore' })]).admit(
      create(),
    );
  });

  it('treats a reply with another uid as a failed call', async () => {
    hooks.handler = (_review, _req, res) => {
      res.end(
        JSON.stringify({
          apiVersion: 'admission.k8s.io/v1',
          kind: 'AdmissionReview',
          response: { uid: 'x', allowed: true },
        }),
      );
    };
    const err = await refusal(new ValidatingAdmission(() => [hooks.config({})]).admit(create()));
    expect(err.code).toBe(500);
    expect(err.message).toMatch(
      /received invalid webhook response: expected response\.uid="[0-9a-f-]+", got "x"$/,
    );
  });

  it('refuses a dry run a webhook with side effects cannot take, without calling it', async () => {
    const err = await refusal(
      new ValidatingAdmission(() => [hooks.config({ sideEffects: 'Some' })]).admit(
        create(service(), { dryRun: true }),
      ),
    );
    expect(err.code).toBe(400);
    expect(err.message).toBe('admission webhook "check.example.com" does not support dry run');
    expect(hooks.received).toHaveLength(0);
  });

  it('fails service references it cannot resolve and calls those it can', async () => {
    const svc = { namespace: 'metallb-system', name: 'metallb-webhook-service', path: '/validate' };
    const err = await refusal(
      new ValidatingAdmission(() => [hooks.config({ service: svc })]).admit(create()),
    );
    expect(err.message).toBe(
      'Internal error occurred: failed calling webhook "check.example.com": failed to call webhook: Post "https://metallb-webhook-service.metallb-system.svc:443/validate?timeout=10s": service "metallb-webhook-service" not found',
    );
    const resolved = new ValidatingAdmission(() => [hooks.config({ service: svc })], undefined, {
      resolveService: () => `https://127.0.0.1:${hooks.port}`,
    });
    // The certificate is for 127.0.0.1, not the service name: verification must fail.
    expect((await refusal(resolved.admit(create()))).message).toContain('x509');
  });
});
