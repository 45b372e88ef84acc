/**
 * deploy/crds/ read as data: one CRD per metallb.io kind, each naming its upstream source and
 * license, with MetalLB's versions (BGPPeer: v1beta1 and v1beta2 served, v1beta2 stored).
 */

import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const CRDS_DIR = fileURLToPath(new URL('../../../deploy/crds/', import.meta.url));

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: { properties?: Record<string, unknown> } };
}
interface Crd {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    group: string;
    scope: string;
    names: { kind: string; plural: string };
    versions: CrdVersion[];
    conversion?: { strategy: string };
  };
}

async function loadCrds(): Promise<{ file: string; text: string; crd: Crd }[]> {
  const files = (await readdir(CRDS_DIR)).filter((f) => f.endsWith('.yaml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(`${CRDS_DIR}${file}`, 'utf8');
      const docs = parseAllDocuments(text).map((d) => d.toJS() as Crd);
      expect(docs, file).toHaveLength(1);
      return { file, text, crd: docs[0] as Crd };
    }),
  );
}

describe('deploy/crds', () => {
  it('holds one CRD per metallb.io kind, named <plural>.yaml', async () => {
    const crds = await loadCrds();
    expect(crds.map((c) => c.crd.spec.names.kind).sort()).toEqual([
      'BFDProfile',
      'BGPAdvertisement',
      'BGPPeer',
      'Community',
      'ConfigurationState',
      'IPAddressPool',
      'L2Advertisement',
      'ServiceBGPStatus',
      'ServiceL2Status',
    ]);
    for (const { file, crd } of crds) {
      expect(crd.kind).toBe('CustomResourceDefinition');
      expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
      expect(crd.spec.group).toBe('metallb.io');
      expect(crd.spec.scope).toBe('Namespaced');
      expect(file).toBe(`${crd.spec.names.plural}.yaml`);
      expect(crd.metadata.name).toBe(`${crd.spec.names.plural}.metallb.io`);
      for (const version of crd.spec.versions) {
        expect(version.schema?.openAPIV3Schema?.properties, file).toHaveProperty('apiVersion');
      }
    }
  });

  it('names the upstream file, commit and license in every header', async () => {
    for (const { file, text } of await loadCrds()) {
      expect(text, file).toContain(
        'Source: github.com/metallb/metallb config/crd/bases/metallb.io_',
      );
      expect(text, file).toContain('7938d3f89b8bd808dae2e42d97d6ae7e18e9ed54');
      expect(text, file).toContain('Apache License, Version 2.0');
    }
  });

  it('serves BGPPeer v1beta1 and v1beta2, storing v1beta2, and every other kind as v1beta1', async () => {
    for (const { crd } of await loadCrds()) {
      const versions = crd.spec.versions.map((v) => [v.name, v.served, v.storage]);
      if (crd.spec.names.kind === 'BGPPeer') {
        expect(versions).toEqual([
          ['v1beta1', true, false],
          ['v1beta2', true, true],
        ]);
        expect(crd.spec.conversion?.strategy).toBe('Webhook');
      } else {
        expect(versions).toEqual([['v1beta1', true, true]]);
      }
    }
  });
});
