/**
 * Test support for end-to-end controller tests: a stand-in with MetalLB's CRDs and namespace,
 * kubectl pointed at it, the controller bin running against it, and bounded polls of the API.
 * `close()` stops the controller (by PID) and the stand-in, even when a test failed.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requestJson } from '@baremetal-lb/k8s-watch';
import { KubeConfig } from '@kubernetes/client-node';
import { parseAllDocuments, stringify } from 'yaml';
import { type ControllerProcess, startController } from './controller-process.js';
import { type KubectlEnv, startKubectlEnv } from './kubectl.js';

const CRDS_DIR = fileURLToPath(new URL('../../../../deploy/crds/', import.meta.url));

/** A stand-in with MetalLB's CRDs and a controller against it. */
export interface Scenario extends KubectlEnv {
  readonly kc: KubeConfig;
  readonly kubeconfigPath: string;
  controller: ControllerProcess | undefined;
  /** Starts (another) controller with the test defaults plus `args`. */
  startController(args?: readonly string[]): Promise<ControllerProcess>;
  /** GET a path as JSON. */
  get<T = Record<string, unknown>>(path: string): Promise<T>;
  /** POST an object to a collection path. */
  create(path: string, body: unknown): Promise<Record<string, unknown>>;
  /** kubectl apply -f of YAML text; throws with stderr when kubectl fails. */
  apply(yaml: string): Promise<string>;
}

/** Short leases so takeovers in tests take about two seconds. */
export const TEST_LEASE = [
  '--lease-duration',
  '2',
  '--renew-deadline',
  '1.5',
  '--retry-period',
  '0.25',
];

/** Boots a scenario; `withCrds` false leaves the CRDs out (a cluster without MetalLB's types). */
export async function startScenario(
  options: { withCrds?: boolean; requestLog?: (line: string) => void } = {},
): Promise<Scenario> {
  const env = await startKubectlEnv({ requestLog: options.requestLog });
  const kubeconfigPath = join(env.dir, 'kubeconfig');
  const kc = new KubeConfig();
  kc.loadFromString(env.standin.kubeconfig);
  const started: ControllerProcess[] = [];
  const create = (path: string, body: unknown) =>
    requestJson<Record<string, unknown>>(kc, { method: 'POST', path, body });
  try {
    await create('/api/v1/namespaces', { metadata: { name: 'metallb-system' } });
    if (options.withCrds !== false) {
      for (const file of (await readdir(CRDS_DIR)).filter((f) => f.endsWith('.yaml')).sort()) {
        for (const doc of parseAllDocuments(await readFile(join(CRDS_DIR, file), 'utf8'))) {
          const crd = doc.toJSON();
          if (crd) await create('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
        }
      }
    }
  } catch (err) {
    await env.close();
    throw err;
  }
  const scenario: Scenario = {
    ...env,
    kc,
    kubeconfigPath,
    controller: undefined,
    async startController(args = []) {
      const c = startController([
        '--kubeconfig',
        kubeconfigPath,
        '--metrics-port',
        '0',
        '--webhook-port',
        'off',
        '--host',
        '127.0.0.1',
        ...TEST_LEASE,
        ...args,
      ]);
      started.push(c);
      scenario.controller = c;
      await c.metricsPort();
      return c;
    },
    get: (path) => requestJson(kc, { method: 'GET', path }),
    create,
    async apply(yaml) {
      const file = await env.manifest(`apply-${Date.now()}-${Math.random()}.yaml`, yaml);
      const r = await env.kubectl(['apply', '-f', file]);
      if (r.code !== 0) throw new Error(`kubectl apply failed: ${r.stderr}`);
      return r.stdout;
    },
    async close() {
      for (const c of started) await c.close();
      await env.close();
    },
  };
  return scenario;
}

/** Polls `probe` until it returns a value other than undefined; bounded. */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The ingress IPs of a Service object. */
export function ingressOf(svc: Record<string, unknown>): string[] {
  const status = svc.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined;
  return (status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '').filter((ip) => ip !== '');
}

/** YAML for a LoadBalancer Service. */
export function serviceYaml(
  name: string,
  options: {
    namespace?: string;
    annotations?: Record<string, string>;
    ports?: { port: number; protocol?: string }[];
    ipFamilyPolicy?: string;
    ipFamilies?: string[];
    loadBalancerClass?: string;
    loadBalancerIP?: string;
    type?: string;
    externalTrafficPolicy?: string;
    selector?: Record<string, string>;
  } = {},
): string {
  const doc = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      ...(options.annotations ? { annotations: options.annotations } : {}),
    },
    spec: {
      type: options.type ?? 'LoadBalancer',
      ports: (options.ports ?? [{ port: 80 }]).map((p) => ({
        port: p.port,
        protocol: p.protocol ?? 'TCP',
        name: `p${p.port}-${(p.protocol ?? 'TCP').toLowerCase()}`,
      })),
      selector: options.selector ?? { app: name },
      ...(options.ipFamilyPolicy ? { ipFamilyPolicy: options.ipFamilyPolicy } : {}),
      ...(options.ipFamilies ? { ipFamilies: options.ipFamilies } : {}),
      ...(options.loadBalancerClass ? { loadBalancerClass: options.loadBalancerClass } : {}),
      ...(options.loadBalancerIP ? { loadBalancerIP: options.loadBalancerIP } : {}),
      ...(options.externalTrafficPolicy
        ? { externalTrafficPolicy: options.externalTrafficPolicy }
        : {}),
    },
  };
  return stringify(doc);
}

/** YAML for an IPAddressPool in metallb-system. */
export function poolYaml(
  name: string,
  addresses: string[],
  extra: Record<string, unknown> = {},
): string {
  return stringify({
    apiVersion: 'metallb.io/v1beta1',
    kind: 'IPAddressPool',
    metadata: { name, namespace: 'metallb-system' },
    spec: { addresses, ...extra },
  });
}
