import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { VALIDATING_PATHS } from './paths.js';

const FILE = join(import.meta.dirname, '../../../../deploy/controller/webhook.yaml');

interface Webhook {
  name: string;
  failurePolicy: string;
  sideEffects: string;
  admissionReviewVersions: string[];
  namespaceSelector?: unknown;
  clientConfig: { caBundle?: string; service: { name: string; namespace: string; path: string } };
  rules: {
    apiGroups: string[];
    apiVersions: string[];
    operations: string[];
    resources: string[];
  }[];
}

interface Doc {
  kind: string;
  metadata: { name: string; namespace?: string };
  webhooks: Webhook[];
  spec: { ports: unknown[]; selector: Record<string, string> };
}

async function docs(): Promise<Doc[]> {
  return parseAllDocuments(await readFile(FILE, 'utf8')).map((d) => d.toJSON());
}

describe('deploy/controller/webhook.yaml', () => {
  it('points one MetalLB webhook at each served path, with MetalLB rules', async () => {
    const vwc = (await docs()).find((d) => d.kind === 'ValidatingWebhookConfiguration')!;
    expect(vwc.metadata.name).toBe('metallb-webhook-configuration');
    const paths = vwc.webhooks.map((w) => w.clientConfig.service.path).sort();
    expect(paths).toEqual(Object.keys(VALIDATING_PATHS).sort());
    for (const w of vwc.webhooks) {
      const kind = VALIDATING_PATHS[w.clientConfig.service.path]!;
      expect(w.name).toBe(`${kind.toLowerCase()}validationwebhook.metallb.io`);
      expect(w).toMatchObject({
        failurePolicy: 'Fail',
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
      });
      expect(w.clientConfig.service).toMatchObject({
        name: 'metallb-webhook-service',
        namespace: 'metallb-system',
      });
      expect(w.clientConfig.caBundle).toBeUndefined();
      expect(w.namespaceSelector).toBeUndefined();
      const rule = w.rules[0]!;
      expect(rule.apiGroups).toEqual(['metallb.io']);
      expect(rule.apiVersions).toEqual([kind === 'BGPPeer' ? 'v1beta2' : 'v1beta1']);
      expect(rule.resources).toEqual([`${kind.toLowerCase()}s`.replace('ys', 'ies')]);
      expect(rule.operations).toEqual(
        kind === 'BFDProfile' ? ['CREATE', 'DELETE'] : ['CREATE', 'UPDATE'],
      );
    }
  });

  it('has the webhook Service forwarding 443 to the controller pods on 9443', async () => {
    const svc = (await docs()).find((d) => d.kind === 'Service')!;
    expect(svc.metadata).toMatchObject({
      name: 'metallb-webhook-service',
      namespace: 'metallb-system',
    });
    expect(svc.spec.ports).toEqual([{ name: 'webhook', port: 443, targetPort: 9443 }]);
    expect(svc.spec.selector).toEqual({
      'app.kubernetes.io/name': 'baremetal-lb',
      'app.kubernetes.io/component': 'controller',
    });
  });
});
