import { describe, expect, it } from 'vitest';
import { loadCrdFixture } from './fixtures/load.js';
import { DEFAULT_CUSTOM_COLUMNS, resourceTypesOfCrd } from './resource-types.js';

describe('resourceTypesOfCrd', () => {
  it('gives one type per served version, sharing one storage', () => {
    const types = resourceTypesOfCrd(loadCrdFixture('metallb-bgppeers.crd.yaml'));
    expect(types.map((t) => t.version)).toEqual(['v1beta1', 'v1beta2']);
    for (const t of types) {
      expect(t).toMatchObject({
        group: 'metallb.io',
        kind: 'BGPPeer',
        listKind: 'BGPPeerList',
        plural: 'bgppeers',
        singular: 'bgppeer',
        namespaced: true,
        hasStatus: true,
        storage: 'metallb.io/bgppeers',
        builtin: false,
        tracksGeneration: true,
      });
      expect(t.schema?.properties?.spec).toBeDefined();
    }
    expect(types[1]!.schema?.properties?.spec?.properties?.peerPort?.default).toBe(179);
  });

  it('carries the printer columns of each version', () => {
    const [pool] = resourceTypesOfCrd(loadCrdFixture('metallb-ipaddresspools.crd.yaml'));
    expect(pool!.printerColumns?.map((c) => [c.name, c.type, c.jsonPath])).toEqual([
      ['Auto Assign', 'boolean', '.spec.autoAssign'],
      ['Avoid Buggy IPs', 'boolean', '.spec.avoidBuggyIPs'],
      ['Addresses', 'string', '.spec.addresses'],
    ]);
  });

  it('skips versions that are not served and defaults names and columns', () => {
    const types = resourceTypesOfCrd({
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Cluster',
        names: { plural: 'widgets', kind: 'Widget', shortNames: ['wd'] },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object' } },
          },
          { name: 'v0', served: false, storage: false },
        ],
      },
    });
    expect(types).toHaveLength(1);
    expect(types[0]).toMatchObject({
      listKind: 'WidgetList',
      singular: 'widget',
      shortNames: ['wd'],
      namespaced: false,
      hasStatus: false,
      printerColumns: DEFAULT_CUSTOM_COLUMNS,
    });
  });
});
