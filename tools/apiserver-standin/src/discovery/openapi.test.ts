import { describe, expect, it } from 'vitest';
import { ResourceRegistry } from '../resources/registry.js';
import type { ResourceType } from '../types.js';
import { bgpPeerTypes, ipAddressPoolTypes } from './fixtures.js';
import { etagOf } from './memo.js';
import { openapiV3Document, openapiV3Hash, openapiV3Root } from './openapi.js';

type Json = Record<string, unknown>;
type Operation = Json & { parameters?: Json[]; requestBody?: Json };

function crdRegistry(): ResourceRegistry {
  const registry = new ResourceRegistry();
  registry.setCustomTypes('ipaddresspools.metallb.io', ipAddressPoolTypes());
  registry.setCustomTypes('bgppeers.metallb.io', bgpPeerTypes());
  return registry;
}

function gvPathOf(rt: ResourceType): string {
  return rt.group === '' ? `api/${rt.version}` : `apis/${rt.group}/${rt.version}`;
}

function paths(doc: Json | undefined): Record<string, Record<string, Operation>> {
  return (doc?.paths ?? {}) as Record<string, Record<string, Operation>>;
}

/** kubectl's PATCH operations for a GVK (cli-runtime query_param_verifier_v3.go). */
function patchOperationsFor(doc: Json | undefined, rt: ResourceType): Operation[] {
  return Object.values(paths(doc))
    .map((item) => item.patch)
    .filter((op): op is Operation => {
      const gvk = op?.['x-kubernetes-group-version-kind'] as Json | undefined;
      return gvk?.group === rt.group && gvk?.version === rt.version && gvk?.kind === rt.kind;
    });
}

describe('openapiV3Root', () => {
  it('lists api/v1, every built-in group version and each CRD version, with document hashes', () => {
    const registry = crdRegistry();
    const root = openapiV3Root(registry).paths as Record<string, { serverRelativeURL: string }>;
    for (const key of [
      'api/v1',
      'apis/apps/v1',
      'apis/coordination.k8s.io/v1',
      'apis/metallb.io/v1beta1',
      'apis/metallb.io/v1beta2',
    ]) {
      const doc = openapiV3Document(registry, key);
      expect(root[key]?.serverRelativeURL).toBe(`/openapi/v3/${key}?hash=${etagOf(doc)}`);
    }
    expect(root['api/v1']!.serverRelativeURL).toMatch(/\?hash=[0-9A-F]{128}$/);
  });

  it('drops a CRD group version once its CRD is gone', () => {
    const registry = crdRegistry();
    registry.setCustomTypes('ipaddresspools.metallb.io', undefined);
    registry.setCustomTypes('bgppeers.metallb.io', undefined);
    expect(Object.keys(openapiV3Root(registry).paths as Json)).not.toContain(
      'apis/metallb.io/v1beta1',
    );
    expect(openapiV3Document(registry, 'apis/metallb.io/v1beta1')).toBeUndefined();
  });

  it('changes a CRD document hash when the CRD changes, and only then', () => {
    const registry = crdRegistry();
    const before = openapiV3Hash(registry, 'apis/metallb.io/v1beta1');
    registry.setCustomTypes('ipaddresspools.metallb.io', ipAddressPoolTypes());
    expect(openapiV3Hash(registry, 'apis/metallb.io/v1beta1')).toBe(before);
    // Short names are not part of the document; the schema is.
    const renamed = ipAddressPoolTypes().map((rt) => ({ ...rt, shortNames: ['pool'] }));
    registry.setCustomTypes('ipaddresspools.metallb.io', renamed);
    expect(openapiV3Hash(registry, 'apis/metallb.io/v1beta1')).toBe(before);
    const reshaped = ipAddressPoolTypes().map((rt) => ({
      ...rt,
      schema: { type: 'object', properties: { spec: { type: 'object' } } },
    }));
    registry.setCustomTypes('ipaddresspools.metallb.io', reshaped);
    expect(openapiV3Hash(registry, 'apis/metallb.io/v1beta1')).not.toBe(before);
    expect(openapiV3Hash(registry, 'api/v1')).toMatch(/^[0-9A-F]{128}$/);
  });
});

describe('openapiV3Document', () => {
  it("has Namespace's PATCH operation with its GVK and fieldValidation (kubectl's CRD fallback)", () => {
    const doc = openapiV3Document(new ResourceRegistry(), 'api/v1');
    expect(doc).toMatchObject({ openapi: '3.0.0' });
    const patch = paths(doc)['/api/v1/namespaces/{name}']?.patch;
    expect(patch).toMatchObject({
      operationId: 'patchCoreV1Namespace',
      'x-kubernetes-action': 'patch',
      'x-kubernetes-group-version-kind': { group: '', version: 'v1', kind: 'Namespace' },
    });
    expect(patch?.parameters).toContainEqual(
      expect.objectContaining({ name: 'fieldValidation', in: 'query' }),
    );
  });

  it('gives every served kind a PATCH operation kubectl accepts as supporting fieldValidation', () => {
    const registry = crdRegistry();
    for (const rt of registry.all()) {
      const ops = patchOperationsFor(openapiV3Document(registry, gvPathOf(rt)), rt);
      expect(ops.length, `${rt.group}/${rt.version} ${rt.kind}`).toBeGreaterThan(0);
      for (const op of ops) {
        expect(op.parameters?.map((p) => p.name)).toContain('fieldValidation');
        // Built-ins: no requestBody, so kubectl apply builds its SMP from compiled-in types.
        // CRDs: a requestBody without SMP, so kubectl sends a JSON merge patch.
        const content = (op.requestBody?.content ?? {}) as Json;
        expect('application/strategic-merge-patch+json' in content).toBe(false);
        expect(op.requestBody === undefined).toBe(rt.builtin);
      }
    }
  });

  it('lays out the paths of a namespaced kind with status as kube does', () => {
    const doc = openapiV3Document(new ResourceRegistry(), '/openapi/v3/api/v1?hash=whatever');
    const items = paths(doc);
    const collection = items['/api/v1/namespaces/{namespace}/services']!;
    expect(Object.keys(collection).sort()).toEqual(['delete', 'get', 'parameters', 'post']);
    expect(collection.get).toMatchObject({
      operationId: 'listCoreV1NamespacedService',
      'x-kubernetes-action': 'list',
    });
    expect(collection.delete).toMatchObject({
      operationId: 'deleteCoreV1CollectionNamespacedService',
      'x-kubernetes-action': 'deletecollection',
    });
    const object = items['/api/v1/namespaces/{namespace}/services/{name}']!;
    expect(Object.keys(object).sort()).toEqual(['delete', 'get', 'parameters', 'patch', 'put']);
    const status = items['/api/v1/namespaces/{namespace}/services/{name}/status']!;
    expect(Object.keys(status).sort()).toEqual(['get', 'parameters', 'patch', 'put']);
    expect(status.get).toMatchObject({
      operationId: 'readCoreV1NamespacedServiceStatus',
      tags: ['core_v1'],
    });
    expect(items['/api/v1/services']?.get).toMatchObject({
      operationId: 'listCoreV1ServiceForAllNamespaces',
    });
    // Cluster-scoped: no namespace in the path, no all-namespaces list.
    expect(items['/api/v1/nodes/{name}/status']?.patch).toMatchObject({
      operationId: 'patchCoreV1NodeStatus',
    });
    expect(items['/api/v1/namespaces']?.delete).toBeUndefined();
  });

  it('publishes a CRD kind schema under kube names, with the GVK list kubectl matches on', () => {
    const doc = openapiV3Document(crdRegistry(), 'apis/metallb.io/v1beta1');
    const schemas = (doc?.components as Json | undefined)?.schemas as Record<
      string,
      Json & { properties: Json }
    >;
    const pool = schemas['io.metallb.v1beta1.IPAddressPool']!;
    expect(pool['x-kubernetes-group-version-kind']).toEqual([
      { group: 'metallb.io', kind: 'IPAddressPool', version: 'v1beta1' },
    ]);
    expect(Object.keys(pool.properties).sort()).toEqual([
      'apiVersion',
      'kind',
      'metadata',
      'spec',
      'status',
    ]);
    expect(pool.properties.spec).toMatchObject({ required: ['addresses'] });
    expect(
      schemas['io.metallb.v1beta1.IPAddressPoolList']?.['x-kubernetes-group-version-kind'],
    ).toEqual([{ group: 'metallb.io', kind: 'IPAddressPoolList', version: 'v1beta1' }]);
    // Every $ref points at a published schema.
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[^"]+/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(schemas).toHaveProperty([r.slice('#/components/schemas/'.length)]);
    // A schema-less CRD version still gets a schema that keeps unknown fields.
    expect(schemas['io.metallb.v1beta1.BGPPeer']).toMatchObject({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    });
  });

  it('leaves the CRD schema of the registry untouched', () => {
    const registry = crdRegistry();
    openapiV3Document(registry, 'apis/metallb.io/v1beta1');
    const schema = registry.find('metallb.io', 'v1beta1', 'ipaddresspools')?.schema;
    expect(Object.keys(schema?.properties ?? {})).toEqual(['spec', 'status']);
    expect(Object.isFrozen(schema)).toBe(false);
  });

  it('is undefined for paths that are not a served group version', () => {
    const registry = new ResourceRegistry();
    for (const path of [
      'api',
      'apis',
      'apis/apps',
      'version',
      'api/v2',
      'apis/metallb.io/v1beta1',
      '',
    ]) {
      expect(openapiV3Document(registry, path), path).toBeUndefined();
    }
  });
});
