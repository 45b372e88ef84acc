import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ValidatingAdmission } from './validating-admission.js';
import {
  create,
  refusal,
  reply,
  service,
  TestWebhookServer,
  webhookConfigs,
} from './webhook-test-server.js';

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

describe('ValidatingAdmission matching', () => {
  it('calls only webhooks whose rules match operation, resource and subresource', async () => {
    const admission = new ValidatingAdmission(() => [
      hooks.config(
        {
          name: 'create-only',
          path: '/a',
          rules: [
            {
              operations: ['CREATE'],
              apiGroups: [''],
              apiVersions: ['v1'],
              resources: ['services'],
            },
          ],
        },
        {
          name: 'status',
          path: '/b',
          rules: [
            { operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*/status'] },
          ],
        },
        {
          name: 'cluster',
          path: '/c',
          rules: [
            {
              operations: ['*'],
              apiGroups: ['*'],
              apiVersions: ['*'],
              resources: ['*'],
              scope: 'Cluster',
            },
          ],
        },
        {
          name: 'configmaps',
          path: '/d',
          rules: [
            { operations: ['*'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] },
          ],
        },
      ),
    ]);
    await admission.admit(create());
    await admission.admit(create(service(), { operation: 'UPDATE', oldObject: service() }));
    await admission.admit(
      create(service(), { operation: 'UPDATE', oldObject: service(), subresource: 'status' }),
    );
    expect(hooks.received.map((r) => r.url.split('?')[0])).toEqual(['/a', '/b']);
  });

  it('honours objectSelector against the new or, for DELETE, the old object', async () => {
    const admission = new ValidatingAdmission(() => [
      hooks.config({ objectSelector: { matchLabels: { team: 'lb' } } }),
    ]);
    await admission.admit(create(service({ team: 'web' })));
    expect(hooks.received).toHaveLength(0);
    await admission.admit(create(service({ team: 'lb' })));
    await admission.admit(
      create(undefined, {
        operation: 'DELETE',
        object: undefined,
        oldObject: service({ team: 'lb' }),
      }),
    );
    expect(
      hooks.received.map((r) => (r.review.request as { operation: string }).operation),
    ).toEqual(['CREATE', 'DELETE']);
    expect(hooks.received[1]!.review.request).toMatchObject({
      object: null,
      options: { kind: 'DeleteOptions' },
    });
  });

  it('honours namespaceSelector with the namespace labels, 404 for a missing namespace', async () => {
    const labels: Record<string, Record<string, string>> = {
      prod: { env: 'prod' },
      dev: { env: 'dev' },
    };
    const admission = new ValidatingAdmission(
      () => [
        hooks.config({
          namespaceSelector: {
            matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }],
          },
        }),
      ],
      (ns) => labels[ns],
    );
    await admission.admit(create(service(), { namespace: 'dev' }));
    expect(hooks.received).toHaveLength(0);
    await admission.admit(create());
    expect(hooks.received).toHaveLength(1);
    const err = await refusal(admission.admit(create(service(), { namespace: 'gone' })));
    expect(err.code).toBe(404);
    expect(err.message).toBe('namespaces "gone" not found');
  });

  it('never sends writes of webhook configurations to webhooks', async () => {
    const everything = [
      { operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'] },
    ];
    hooks.handler = (review, _req, res) => reply(res, review, { allowed: false });
    const admission = new ValidatingAdmission(() => [hooks.config({ rules: everything })]);
    await admission.admit(
      create(hooks.config({}), { rt: webhookConfigs, namespace: undefined, name: 'test-config' }),
    );
    expect(hooks.received).toHaveLength(0);
  });
});
