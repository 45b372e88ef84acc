/**
 * The discovery documents against the real kubectl 1.32 (`kubectl` on PATH, gcloud's version
 * dispatcher, which calls `/version` first): a tiny node:http server serves only `/version`,
 * discovery and `/openapi/v3` from a ResourceRegistry, and `kubectl api-resources` /
 * `kubectl api-versions` must list what the registry serves, through aggregated discovery (what
 * kubectl asks for) and through the legacy documents (when the server declines aggregation).
 */

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResourceRegistry } from '../resources/registry.js';
import { bgpPeerTypes, ipAddressPoolTypes } from './fixtures.js';
import {
  AGGREGATED_V2,
  aggregatedDiscovery,
  apiGroup,
  apiResourceList,
  discoveryContentType,
  legacyCoreVersions,
  legacyGroupList,
  negotiateDiscovery,
  openapiV3Document,
  openapiV3Root,
  versionInfo,
} from './index.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly accept: string | undefined;
  readonly answeredWith: string;
}

interface DiscoveryServer {
  readonly url: string;
  readonly seen: Seen[];
  legacyOnly: boolean;
  close(): Promise<void>;
}

function send(res: ServerResponse, code: number, type: string, body: unknown): string {
  res.writeHead(code, { 'Content-Type': type });
  res.end(JSON.stringify(body));
  return type;
}

const NOT_FOUND = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server could not find the requested resource',
  reason: 'NotFound',
  details: {},
  code: 404,
};

function route(
  server: DiscoveryServer,
  registry: ResourceRegistry,
  req: IncomingMessage,
  res: ServerResponse,
): string {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname.replace(/\/+$/, '');
  const json = 'application/json';
  if (path === '/version') return send(res, 200, json, versionInfo());
  if (path === '/api' || path === '/apis') {
    const flavour = server.legacyOnly ? 'legacy' : negotiateDiscovery(req.headers.accept);
    const type = discoveryContentType(flavour);
    if (flavour !== 'legacy')
      return send(
        res,
        200,
        type,
        aggregatedDiscovery(registry, path === '/api' ? 'api' : 'apis', flavour),
      );
    const host = req.headers.host ?? 'localhost';
    return send(
      res,
      200,
      json,
      path === '/api' ? legacyCoreVersions(host) : legacyGroupList(registry),
    );
  }
  if (path === '/openapi/v3') return send(res, 200, json, openapiV3Root(registry));
  const doc = path.startsWith('/openapi/v3/') ? openapiV3Document(registry, path) : undefined;
  if (doc) return send(res, 200, json, doc);
  const parts = path.split('/').slice(1);
  const list =
    parts[0] === 'api' && parts.length === 2
      ? apiResourceList(registry, '', parts[1]!)
      : parts[0] === 'apis' && parts.length === 3
        ? apiResourceList(registry, parts[1]!, parts[2]!)
        : parts[0] === 'apis' && parts.length === 2
          ? apiGroup(registry, parts[1]!)
          : undefined;
  return list ? send(res, 200, json, list) : send(res, 404, json, NOT_FOUND);
}

async function startDiscoveryServer(registry: ResourceRegistry): Promise<DiscoveryServer> {
  const seen: Seen[] = [];
  let http: Server | undefined;
  const server: DiscoveryServer = {
    url: '',
    seen,
    legacyOnly: false,
    close: () => new Promise((resolve) => (http ? http.close(() => resolve()) : resolve())),
  };
  http = createServer((req, res) => {
    const record = (answeredWith: string) =>
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        accept: req.headers.accept,
        answeredWith,
      });
    if (req.method === 'POST') {
      // Creates are echoed back as stored: enough for kubectl to report success.
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () =>
        record(send(res, 201, 'application/json', JSON.parse(Buffer.concat(chunks).toString()))),
      );
      return;
    }
    record(route(server, registry, req, res));
  });
  await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return Object.assign(server, { url: `http://127.0.0.1:${port}` });
}

function kubeconfig(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: standin',
    '  cluster:',
    `    server: ${server}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: standin',
    '  user:',
    '    token: standin',
    'contexts:',
    '- name: standin',
    '  context: {cluster: standin, user: standin}',
    'current-context: standin',
    '',
  ].join('\n');
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('kubectl 1.32 against the discovery documents', () => {
  let dir: string;
  let registry: ResourceRegistry;
  let server: DiscoveryServer;

  /** Runs kubectl with a fresh discovery cache each time, bounded to 30 s. */
  async function kubectl(...args: string[]): Promise<Run> {
    const cacheDir = await mkdtemp(join(dir, 'cache-'));
    const argv = ['--kubeconfig', join(dir, 'kubeconfig'), '--cache-dir', cacheDir, ...args];
    return new Promise((resolve) => {
      execFile(
        'kubectl',
        argv,
        { timeout: 30_000, env: { ...process.env, HOME: dir } },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'discovery-kubectl-'));
    registry = new ResourceRegistry();
    registry.setCustomTypes('ipaddresspools.metallb.io', ipAddressPoolTypes());
    registry.setCustomTypes('bgppeers.metallb.io', bgpPeerTypes());
    server = await startDiscoveryServer(registry);
    await writeFile(join(dir, 'kubeconfig'), kubeconfig(server.url));
  });

  afterEach(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** `kubectl api-resources` rows as `name shortnames apiversion namespaced kind` strings. */
  function rows(stdout: string): string[] {
    return stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/).join(' '));
  }

  it('lists built-in and CRD resources from aggregated discovery in two requests', async () => {
    const run = await kubectl('api-resources');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const listed = rows(run.stdout);
    expect(listed).toContain('services svc v1 true Service');
    expect(listed).toContain('namespaces ns v1 false Namespace');
    expect(listed).toContain('leases coordination.k8s.io/v1 true Lease');
    expect(listed).toContain(
      'customresourcedefinitions crd,crds apiextensions.k8s.io/v1 false CustomResourceDefinition',
    );
    expect(listed).toContain('ipaddresspools ipp metallb.io/v1beta1 true IPAddressPool');
    // The preferred version of a multi-version CRD is its highest priority one.
    expect(listed).toContain('bgppeers metallb.io/v1beta2 true BGPPeer');
    const discovery = server.seen.filter((s) => /^\/apis?(\?|$)/.test(s.url));
    expect(discovery.map((s) => s.answeredWith)).toEqual([AGGREGATED_V2, AGGREGATED_V2]);
    expect(server.seen.filter((s) => /^\/apis?\/./.test(s.url))).toEqual([]);
  });

  it('lists the same resources from legacy discovery, one request per group version', async () => {
    server.legacyOnly = true;
    const run = await kubectl('api-resources');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const listed = rows(run.stdout);
    expect(listed).toContain('services svc v1 true Service');
    expect(listed).toContain('ipaddresspools ipp metallb.io/v1beta1 true IPAddressPool');
    expect(listed).toContain('bgppeers metallb.io/v1beta2 true BGPPeer');
    const perVersion = server.seen
      .map((s) => s.url.split('?')[0])
      .filter((u) => /^\/apis?\/./.test(u!));
    expect(perVersion).toContain('/api/v1');
    expect(perVersion).toContain('/apis/coordination.k8s.io/v1');
    expect(perVersion).toContain('/apis/metallb.io/v1beta1');
    expect(perVersion).toContain('/apis/metallb.io/v1beta2');
  });

  it('finds fieldValidation in the OpenAPI v3 documents, for built-in kinds and CRs alike', async () => {
    const manifest = [
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: web}',
      'spec: {ports: [{port: 80}]}',
      '---',
      'apiVersion: metallb.io/v1beta1',
      'kind: IPAddressPool',
      'metadata: {name: pool}',
      'spec: {addresses: [192.0.2.0/24]}',
      '',
    ].join('\n');
    await writeFile(join(dir, 'objects.yaml'), manifest);
    const run = await kubectl('create', '-f', join(dir, 'objects.yaml'));
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('service/web created');
    expect(run.stdout).toContain('ipaddresspool.metallb.io/pool created');
    const posts = server.seen.filter((s) => s.method === 'POST').map((s) => s.url);
    expect(posts).toEqual([
      '/api/v1/namespaces/default/services?fieldManager=kubectl-create&fieldValidation=Strict',
      '/apis/metallb.io/v1beta1/namespaces/default/ipaddresspools?fieldManager=kubectl-create&fieldValidation=Strict',
    ]);
    // kubectl found what it needed in v3: no fallback to (protobuf) OpenAPI v2.
    expect(server.seen.some((s) => s.url.startsWith('/openapi/v2'))).toBe(false);
  });

  it('lists every served group version, and drops a CRD group once its CRDs are gone', async () => {
    const before = await kubectl('api-versions');
    expect(before.code).toBe(0);
    const versions = before.stdout.trim().split('\n');
    for (const gv of ['v1', 'apps/v1', 'coordination.k8s.io/v1', 'events.k8s.io/v1']) {
      expect(versions).toContain(gv);
    }
    expect(versions).toContain('metallb.io/v1beta1');
    expect(versions).toContain('metallb.io/v1beta2');

    registry.setCustomTypes('ipaddresspools.metallb.io', undefined);
    registry.setCustomTypes('bgppeers.metallb.io', undefined);
    const after = await kubectl('api-versions');
    expect(after.code).toBe(0);
    expect(after.stdout).not.toContain('metallb.io');
    const resources = await kubectl('api-resources');
    expect(rows(resources.stdout).some((row) => row.startsWith('ipaddresspools '))).toBe(false);
  });
});
