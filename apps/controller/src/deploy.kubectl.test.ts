/**
 * deploy/ applied as an operator would, with the real kubectl 1.32 against the API stand-in:
 * the CRDs, then deploy/controller in one `kubectl apply -f`. Every object in the files is
 * created, a second apply changes nothing, a server-side dry run stores nothing, the RBAC
 * objects grant what the controller needs (and nothing it must not have), the Deployment
 * matches the probes, ports and hardening the controller expects, the webhook Service (helper
 * B's webhook.yaml) reaches its pods, and the kustomize build holds the same objects.
 */

import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { type KubectlEnv, startKubectlEnv } from './testing/kubectl.js';

const DEPLOY_DIR = fileURLToPath(new URL('../../../deploy/', import.meta.url));
const CRDS_DIR = `${DEPLOY_DIR}crds/`;
const CONTROLLER_DIR = `${DEPLOY_DIR}controller/`;
const NS = 'metallb-system';

interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string };
}

/** Every object in deploy/controller's *.yaml files, in kubectl's file order. */
async function controllerManifests(): Promise<Manifest[]> {
  const files = (await readdir(CONTROLLER_DIR)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  const out: Manifest[] = [];
  for (const file of files) {
    const text = await readFile(`${CONTROLLER_DIR}${file}`, 'utf8');
    for (const doc of parseAllDocuments(text)) {
      const value = doc.toJS() as Manifest | null;
      if (value) out.push(value);
    }
  }
  return out;
}

/** kubectl's `<kind>[.<group>]/<name>` for an object. */
function kubectlRef(m: Manifest): string {
  const group = m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '';
  return `${m.kind.toLowerCase()}${group ? `.${group}` : ''}/${m.metadata.name}`;
}

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs: string[];
}

/** RBAC's rule matching (k8s.io/component-helpers/auth/rbac RuleAllows), for one request. */
function allows(
  rules: readonly PolicyRule[],
  request: { group: string; resource: string; verb: string; name?: string },
): boolean {
  const has = (list: readonly string[] | undefined, v: string) =>
    (list ?? []).includes(v) || (list ?? []).includes('*');
  return rules.some(
    (r) =>
      has(r.apiGroups, request.group) &&
      has(r.resources, request.resource) &&
      has(r.verbs, request.verb) &&
      (!r.resourceNames?.length ||
        (request.name !== undefined && r.resourceNames.includes(request.name))),
  );
}

describe('deploy/ with kubectl', () => {
  let env: KubectlEnv;
  let manifests: Manifest[];

  async function getJson<T>(args: readonly string[]): Promise<T> {
    const result = await env.kubectl(['get', ...args, '-o', 'json']);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as T;
  }

  beforeAll(async () => {
    env = await startKubectlEnv();
    manifests = await controllerManifests();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('applies the CRDs, and kubectl wait sees them established', async () => {
    const applied = await env.kubectl(['apply', '-f', CRDS_DIR]);
    expect(applied.code, applied.stderr).toBe(0);
    const waited = await env.kubectl([
      'wait',
      '--for=condition=Established',
      '--timeout=20s',
      '-f',
      CRDS_DIR,
    ]);
    expect(waited.code, waited.stderr).toBe(0);
  });

  it('creates every object of deploy/controller in one apply', async () => {
    const refs = manifests.map(kubectlRef);
    expect(refs).toEqual(
      expect.arrayContaining([
        'namespace/metallb-system',
        'serviceaccount/controller',
        'clusterrole.rbac.authorization.k8s.io/metallb-system:controller',
        'clusterrolebinding.rbac.authorization.k8s.io/metallb-system:controller',
        'role.rbac.authorization.k8s.io/controller',
        'rolebinding.rbac.authorization.k8s.io/controller',
        'deployment.apps/controller',
      ]),
    );
    const result = await env.kubectl(['apply', '--validate=strict', '-f', CONTROLLER_DIR]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toEqual(refs.map((r) => `${r} created`));
  });

  it('changes nothing on a second apply', async () => {
    const result = await env.kubectl(['apply', '-f', CONTROLLER_DIR]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toEqual(
      manifests.map((m) => `${kubectlRef(m)} unchanged`),
    );
  });

  it('accepts a server-side dry run and stores nothing from it', async () => {
    const same = await env.kubectl(['apply', '--dry-run=server', '-f', CONTROLLER_DIR]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout.trimEnd().split('\n')).toEqual(
      manifests.map((m) => `${kubectlRef(m)} unchanged (server dry run)`),
    );
    const text = await readFile(`${CONTROLLER_DIR}controller.yaml`, 'utf8');
    expect(text).toContain('replicas: 1\n');
    const two = await env.manifest('two.yaml', text.replace('replicas: 1\n', 'replicas: 2\n'));
    const dry = await env.kubectl(['apply', '--dry-run=server', '-f', two]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.trim()).toBe('deployment.apps/controller configured (server dry run)');
    const stored = await getJson<{ spec: { replicas: number } }>([
      'deploy',
      'controller',
      '-n',
      NS,
    ]);
    expect(stored.spec.replicas).toBe(1);
  });

  it('grants the controller what it needs cluster-wide, webhook and CRDs by name only', async () => {
    const role = await getJson<{ rules: PolicyRule[] }>([
      'clusterrole',
      'metallb-system:controller',
    ]);
    const can = (group: string, resource: string, verb: string, name?: string) =>
      allows(role.rules, { group, resource, verb, name });
    for (const verb of ['get', 'list', 'watch', 'update', 'patch']) {
      expect(can('', 'services', verb), `services ${verb}`).toBe(true);
    }
    expect(can('', 'services/status', 'update')).toBe(true);
    expect(can('', 'services/status', 'patch')).toBe(true);
    expect(can('', 'events', 'create')).toBe(true);
    expect(can('', 'events', 'patch')).toBe(true);
    for (const resource of ['namespaces', 'nodes']) {
      expect(can('', resource, 'list')).toBe(true);
      expect(can('', resource, 'watch')).toBe(true);
      expect(can('', resource, 'update')).toBe(false);
    }
    const vwc = 'validatingwebhookconfigurations';
    expect(can('admissionregistration.k8s.io', vwc, 'patch', 'metallb-webhook-configuration')).toBe(
      true,
    );
    expect(can('admissionregistration.k8s.io', vwc, 'get', 'metallb-webhook-configuration')).toBe(
      true,
    );
    expect(can('admissionregistration.k8s.io', vwc, 'patch', 'someone-elses')).toBe(false);
    const crds = 'customresourcedefinitions';
    expect(can('apiextensions.k8s.io', crds, 'patch', 'bgppeers.metallb.io')).toBe(true);
    expect(can('apiextensions.k8s.io', crds, 'patch', 'certificates.cert-manager.io')).toBe(false);
    // Cluster-wide secrets or any delete would be far more than the controller needs.
    expect(can('', 'secrets', 'get')).toBe(false);
    expect(role.rules.flatMap((r) => r.verbs)).not.toContain('delete');
    expect(role.rules.flatMap((r) => r.verbs)).not.toContain('*');
  });

  it('grants the controller its configuration, certificate and Lease in metallb-system', async () => {
    const role = await getJson<{ rules: PolicyRule[] }>(['role', 'controller', '-n', NS]);
    const can = (group: string, resource: string, verb: string) =>
      allows(role.rules, { group, resource, verb });
    for (const kind of ['ipaddresspools', 'l2advertisements', 'bgpadvertisements', 'bgppeers']) {
      for (const verb of ['get', 'list', 'watch']) {
        expect(can('metallb.io', kind, verb), `${kind} ${verb}`).toBe(true);
      }
    }
    expect(can('metallb.io', 'communities', 'watch')).toBe(true);
    expect(can('metallb.io', 'bfdprofiles', 'watch')).toBe(true);
    expect(can('metallb.io', 'ipaddresspools', 'update')).toBe(false);
    expect(can('metallb.io', 'ipaddresspools/status', 'update')).toBe(true);
    expect(can('metallb.io', 'ipaddresspools/status', 'patch')).toBe(true);
    expect(can('metallb.io', 'configurationstates', 'create')).toBe(true);
    expect(can('metallb.io', 'configurationstates/status', 'patch')).toBe(true);
    for (const verb of ['get', 'list', 'watch', 'create', 'update', 'patch']) {
      expect(can('', 'secrets', verb), `secrets ${verb}`).toBe(true);
    }
    expect(can('', 'configmaps', 'watch')).toBe(true);
    expect(can('', 'configmaps', 'update')).toBe(false);
    for (const verb of ['get', 'create', 'update']) {
      expect(can('coordination.k8s.io', 'leases', verb), `leases ${verb}`).toBe(true);
    }
    expect(role.rules.flatMap((r) => r.verbs)).not.toContain('delete');
  });

  it('binds both roles to the controller ServiceAccount', async () => {
    const subject = { kind: 'ServiceAccount', name: 'controller', namespace: NS };
    const crb = await getJson<{ roleRef: { kind: string; name: string }; subjects: unknown[] }>([
      'clusterrolebinding',
      'metallb-system:controller',
    ]);
    expect(crb.roleRef).toMatchObject({ kind: 'ClusterRole', name: 'metallb-system:controller' });
    expect(crb.subjects).toEqual([subject]);
    const rb = await getJson<{ roleRef: { kind: string; name: string }; subjects: unknown[] }>([
      'rolebinding',
      'controller',
      '-n',
      NS,
    ]);
    expect(rb.roleRef).toMatchObject({ kind: 'Role', name: 'controller' });
    expect(rb.subjects).toEqual([subject]);
  });

  it('runs a hardened controller with probes on the metrics port', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: a Deployment read back as plain JSON
    const deploy = await getJson<any>(['deployment', 'controller', '-n', NS]);
    const podLabels = deploy.spec.template.metadata.labels;
    expect(podLabels).toMatchObject({
      'app.kubernetes.io/name': 'baremetal-lb',
      'app.kubernetes.io/component': 'controller',
    });
    expect(deploy.spec.selector.matchLabels).toEqual(podLabels);
    const pod = deploy.spec.template.spec;
    expect(pod.serviceAccountName).toBe('controller');
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(0);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    const [c] = pod.containers;
    expect(c.image).toBe('ghcr.io/baremetal-lb/baremetal-lb:0.1.0');
    expect([...c.command, ...c.args]).toEqual([
      'baremetal-lb-controller',
      '--metrics-port',
      '7472',
      '--webhook-port',
      '9443',
    ]);
    expect(c.env).toEqual(
      expect.arrayContaining([
        { name: 'METALLB_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      ]),
    );
    const portOf = (name: string) =>
      c.ports.find((p: { name: string }) => p.name === name)?.containerPort;
    expect(c.livenessProbe.httpGet.path).toBe('/healthz');
    expect(c.readinessProbe.httpGet.path).toBe('/readyz');
    expect(portOf(c.livenessProbe.httpGet.port)).toBe(7472);
    expect(portOf(c.readinessProbe.httpGet.port)).toBe(7472);
    expect(c.ports.map((p: { containerPort: number }) => p.containerPort)).toContain(9443);
    expect(c.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(c.resources.limits.memory).toBe('200Mi');
    expect(c.resources.requests.memory).toBeDefined();
  });

  it("routes the webhook Service to the controller pods' webhook port", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: objects read back as plain JSON
    const svc = await getJson<any>(['service', 'metallb-webhook-service', '-n', NS]);
    // biome-ignore lint/suspicious/noExplicitAny: objects read back as plain JSON
    const deploy = await getJson<any>(['deployment', 'controller', '-n', NS]);
    const podLabels: Record<string, string> = deploy.spec.template.metadata.labels;
    for (const [key, value] of Object.entries<string>(svc.spec.selector)) {
      expect(podLabels[key], key).toBe(value);
    }
    const containerPorts = deploy.spec.template.spec.containers[0].ports.map(
      (p: { containerPort: number }) => p.containerPort,
    );
    expect(svc.spec.ports).toHaveLength(1);
    expect(containerPorts).toContain(svc.spec.ports[0].targetPort);
    const vwc = await getJson<{ webhooks: { clientConfig: { service: { name: string } } }[] }>([
      'validatingwebhookconfiguration',
      'metallb-webhook-configuration',
    ]);
    expect(vwc.webhooks.length).toBeGreaterThan(0);
    for (const hook of vwc.webhooks) {
      expect(hook.clientConfig.service).toMatchObject({ name: svc.metadata.name, namespace: NS });
    }
  });

  it('builds the same objects, plus the CRDs, with kustomize', async () => {
    const result = await env.kubectl([
      'kustomize',
      '--load-restrictor',
      'LoadRestrictionsNone',
      CONTROLLER_DIR,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const built = parseAllDocuments(result.stdout).map((d) => d.toJS() as Manifest);
    const refs = built.map(kubectlRef);
    expect(refs.filter((r) => r.startsWith('customresourcedefinition.'))).toHaveLength(
      (await readdir(CRDS_DIR)).filter((f) => f.endsWith('.yaml')).length,
    );
    expect(refs.filter((r) => !r.startsWith('customresourcedefinition.')).sort()).toEqual(
      manifests.map(kubectlRef).sort(),
    );
  });
});
