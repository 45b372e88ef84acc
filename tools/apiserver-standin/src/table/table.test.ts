import { describe, expect, it } from 'vitest';
import { loadCrdFixture } from '../crd/fixtures/load.js';
import { resourceTypesOfCrd } from '../crd/resource-types.js';
import type { KubeObject, ResourceType } from '../types.js';
import { toTable, toTableEvent } from './table.js';

const now = new Date('2026-03-01T12:00:00Z');
const created = '2026-03-01T11:56:40Z'; // 3m20s before now

function builtin(group: string, kind: string, plural: string): ResourceType {
  return {
    group,
    version: 'v1',
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    shortNames: [],
    categories: [],
    namespaced: true,
    hasStatus: false,
    verbs: ['get', 'list'],
    storage: `${group || 'core'}/${plural}`,
    builtin: true,
    tracksGeneration: false,
  };
}

const services = builtin('', 'Service', 'services');

function svc(
  name: string,
  spec: Record<string, unknown>,
  status: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', resourceVersion: '7', creationTimestamp: created },
    spec,
    status,
  };
}

function cells(table: Record<string, unknown>): unknown[][] {
  return (table.rows as { cells: unknown[] }[]).map((r) => r.cells);
}

function headers(table: Record<string, unknown>): string[] {
  return (table.columnDefinitions as { name: string }[]).map((c) => c.name);
}

describe('toTable for Services', () => {
  const lb = svc(
    'web',
    {
      type: 'LoadBalancer',
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      ports: [
        { port: 80, nodePort: 31234, protocol: 'TCP' },
        { port: 443, protocol: 'TCP' },
      ],
      selector: { tier: 'web', app: 'shop' },
    },
    {
      loadBalancer: {
        ingress: [{ ip: '192.0.2.10' }, { hostname: 'lb.example.com' }, { ip: '192.0.2.10' }],
      },
    },
  );

  it('prints kube layout: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, SELECTOR wide', () => {
    const table = toTable(services, [lb], {
      includeObject: 'Metadata',
      now,
      listMetadata: { resourceVersion: '9' },
    });
    expect(table).toMatchObject({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '9' },
    });
    expect(headers(table)).toEqual([
      'Name',
      'Type',
      'Cluster-IP',
      'External-IP',
      'Port(s)',
      'Age',
      'Selector',
    ]);
    expect(
      (table.columnDefinitions as { priority: number; format: string }[]).map((c) => [
        c.priority,
        c.format,
      ]),
    ).toEqual([
      [0, 'name'],
      [0, ''],
      [0, ''],
      [0, ''],
      [0, ''],
      [0, ''],
      [1, ''],
    ]);
    expect(cells(table)).toEqual([
      [
        'web',
        'LoadBalancer',
        '10.96.0.10',
        '192.0.2.10,lb.example.com',
        '80:31234/TCP,443/TCP',
        '3m20s',
        'app=shop,tier=web',
      ],
    ]);
  });

  it('shows <pending> for a LoadBalancer without ingress and <none> for ClusterIP', () => {
    const pending = svc('a', { type: 'LoadBalancer', clusterIPs: ['10.0.0.1'], ports: [] });
    const internal = svc('b', { type: 'ClusterIP', clusterIP: 'None' });
    const table = toTable(services, [pending, internal], { includeObject: 'None', now });
    expect(cells(table)).toEqual([
      ['a', 'LoadBalancer', '10.0.0.1', '<pending>', '<none>', '3m20s', '<none>'],
      ['b', 'ClusterIP', 'None', '<none>', '<none>', '3m20s', '<none>'],
    ]);
    expect((table.rows as { object: unknown }[])[0]!.object).toBeNull();
  });

  it('carries PartialObjectMetadata by default and the whole object with includeObject=Object', () => {
    const meta = toTable(services, [lb], { includeObject: 'Metadata', now });
    expect((meta.rows as { object: unknown }[])[0]!.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: lb.metadata,
    });
    const full = toTable(services, [lb], { includeObject: 'Object', now });
    expect((full.rows as { object: unknown }[])[0]!.object).toEqual(lb);
  });
});

describe('toTable for other built-in kinds', () => {
  it('prints Nodes with status, sorted roles and version', () => {
    const node: KubeObject = {
      metadata: {
        name: 'n1',
        creationTimestamp: '2026-02-27T11:00:00Z',
        labels: {
          'node-role.kubernetes.io/worker': '',
          'node-role.kubernetes.io/control-plane': '',
        },
      },
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'Ready', status: 'False' }],
        nodeInfo: { kubeletVersion: 'v1.32.4' },
        addresses: [{ type: 'InternalIP', address: '10.0.0.5' }],
      },
    };
    expect(
      cells(toTable(builtin('', 'Node', 'nodes'), [node], { includeObject: 'None', now })),
    ).toEqual([
      [
        'n1',
        'NotReady,SchedulingDisabled',
        'control-plane,worker',
        '2d1h',
        'v1.32.4',
        '10.0.0.5',
        '<none>',
        '<unknown>',
        '<unknown>',
        '<unknown>',
      ],
    ]);
  });

  it('prints Events with LAST SEEN first and the involved object as kind/name', () => {
    const event: KubeObject = {
      metadata: { name: 'web.1', creationTimestamp: created },
      involvedObject: { kind: 'Service', name: 'web' },
      reason: 'IPAllocated',
      type: 'Normal',
      message: 'Assigned IP ["192.0.2.10"]\n',
      source: { component: 'metallb-controller' },
      firstTimestamp: '2026-03-01T11:00:00Z',
      lastTimestamp: '2026-03-01T11:59:30Z',
      count: 2,
    };
    const table = toTable(builtin('', 'Event', 'events'), [event], { includeObject: 'None', now });
    expect(headers(table).slice(0, 4)).toEqual(['Last Seen', 'Type', 'Reason', 'Object']);
    expect(cells(table)).toEqual([
      [
        '30s',
        'Normal',
        'IPAllocated',
        'service/web',
        '',
        'metallb-controller',
        'Assigned IP ["192.0.2.10"]',
        '60m',
        2,
        'web.1',
      ],
    ]);
  });

  it('prints EndpointSlices with at most three endpoints', () => {
    const slice: KubeObject = {
      metadata: { name: 'web-abc', creationTimestamp: created },
      addressType: 'IPv4',
      ports: [{ port: 8080 }, { name: 'metrics' }],
      endpoints: [{ addresses: ['10.1.0.1', '10.1.0.2'] }, { addresses: ['10.1.0.3', '10.1.0.4'] }],
    };
    expect(
      cells(
        toTable(builtin('discovery.k8s.io', 'EndpointSlice', 'endpointslices'), [slice], {
          includeObject: 'None',
          now,
        }),
      ),
    ).toEqual([
      ['web-abc', 'IPv4', '8080,metrics', '10.1.0.1,10.1.0.2,10.1.0.3 + 1 more...', '3m20s'],
    ]);
  });

  it('prints Namespaces, ConfigMaps, Secrets and Leases', () => {
    const meta = { name: 'x', creationTimestamp: created };
    const opts = { includeObject: 'None' as const, now };
    expect(
      cells(
        toTable(
          builtin('', 'Namespace', 'namespaces'),
          [{ metadata: meta, status: { phase: 'Active' } }],
          opts,
        ),
      ),
    ).toEqual([['x', 'Active', '3m20s']]);
    expect(
      cells(
        toTable(
          builtin('', 'ConfigMap', 'configmaps'),
          [{ metadata: meta, data: { a: '1' }, binaryData: { b: '' } }],
          opts,
        ),
      ),
    ).toEqual([['x', 2, '3m20s']]);
    expect(
      cells(
        toTable(
          builtin('', 'Secret', 'secrets'),
          [{ metadata: meta, type: 'Opaque', data: { a: '' } }],
          opts,
        ),
      ),
    ).toEqual([['x', 'Opaque', 1, '3m20s']]);
    expect(
      cells(
        toTable(
          builtin('coordination.k8s.io', 'Lease', 'leases'),
          [{ metadata: meta, spec: { holderIdentity: 'ctl-1' } }],
          opts,
        ),
      ),
    ).toEqual([['x', 'ctl-1', '3m20s']]);
  });

  it('falls back to NAME and CREATED AT for kinds without a printer', () => {
    const table = toTable(
      builtin('rbac.authorization.k8s.io', 'Role', 'roles'),
      [{ metadata: { name: 'r', creationTimestamp: '2026-03-01T11:56:40.123Z' } }],
      { includeObject: 'None', now },
    );
    expect(headers(table)).toEqual(['Name', 'Created At']);
    expect(cells(table)).toEqual([['r', '2026-03-01T11:56:40Z']]);
  });
});

describe('toTable for custom resources', () => {
  const [pools] = resourceTypesOfCrd(loadCrdFixture('metallb-ipaddresspools.crd.yaml'));
  const bgpPeer = resourceTypesOfCrd(loadCrdFixture('metallb-bgppeers.crd.yaml'))[1]!;

  it('evaluates additionalPrinterColumns: JSON text for lists, typed cells for booleans', () => {
    const pool: KubeObject = {
      metadata: { name: 'prod', creationTimestamp: created },
      spec: { addresses: ['192.0.2.0/24', '198.51.100.1-198.51.100.9'], autoAssign: true },
    };
    const table = toTable(pools!, [pool], { includeObject: 'Metadata', now });
    expect(headers(table)).toEqual(['Name', 'Auto Assign', 'Avoid Buggy IPs', 'Addresses']);
    expect(cells(table)).toEqual([
      ['prod', true, null, '["192.0.2.0/24","198.51.100.1-198.51.100.9"]'],
    ]);
    expect((table.columnDefinitions as { description: string }[])[3]!.description).toBe(
      'Custom resource definition column (in JSONPath format): .spec.addresses',
    );
  });

  it('prints numbers and booleans in string columns as their text', () => {
    const peer: KubeObject = {
      metadata: { name: 'tor', creationTimestamp: created },
      spec: { peerAddress: '192.0.2.1', peerASN: 64501, ebgpMultiHop: true },
    };
    expect(cells(toTable(bgpPeer, [peer], { includeObject: 'None', now }))).toEqual([
      ['tor', '192.0.2.1', '64501', null, 'true'],
    ]);
  });

  it('gives a CRD without columns an Age date column', () => {
    const [rt] = resourceTypesOfCrd({
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: true }],
      },
    });
    const table = toTable(rt!, [{ metadata: { name: 'w', creationTimestamp: created } }], {
      includeObject: 'None',
      now,
    });
    expect(
      (table.columnDefinitions as { name: string; type: string }[]).map((c) => [c.name, c.type]),
    ).toEqual([
      ['Name', 'string'],
      ['Age', 'date'],
    ]);
    expect(cells(table)).toEqual([['w', '3m20s']]);
  });

  it('reads condition filters in printer columns', () => {
    const rt: ResourceType = {
      ...pools!,
      printerColumns: [
        {
          name: 'Ready',
          type: 'string',
          jsonPath: '.status.conditions[?(@.type=="Ready")].status',
        },
      ],
    };
    const object: KubeObject = {
      metadata: { name: 'x' },
      status: {
        conditions: [
          { type: 'Synced', status: 'False' },
          { type: 'Ready', status: 'True' },
        ],
      },
    };
    expect(cells(toTable(rt, [object], { includeObject: 'None', now }))).toEqual([['x', 'True']]);
  });
});

describe('toTableEvent', () => {
  const object = svc('web', { type: 'ClusterIP', clusterIPs: ['10.0.0.1'] });

  it('sends column definitions with the first event only', () => {
    const first = toTableEvent(
      services,
      { type: 'ADDED', object },
      { includeObject: 'Metadata', now, first: true },
    );
    const later = toTableEvent(
      services,
      { type: 'MODIFIED', object },
      { includeObject: 'Metadata', now, first: false },
    );
    expect((first.object as { columnDefinitions: unknown[] }).columnDefinitions).toHaveLength(7);
    expect((later.object as { columnDefinitions: unknown }).columnDefinitions).toBeNull();
    expect(cells(later.object as Record<string, unknown>)).toHaveLength(1);
    expect((later.object as { metadata: unknown }).metadata).toEqual({ resourceVersion: '7' });
  });

  it('passes ERROR through and turns BOOKMARK into an empty Table', () => {
    const status = { kind: 'Status', code: 410 };
    expect(
      toTableEvent(
        services,
        { type: 'ERROR', object: status },
        { includeObject: 'None', now, first: true },
      ),
    ).toEqual({ type: 'ERROR', object: status });
    const bookmark = toTableEvent(
      services,
      { type: 'BOOKMARK', object: { metadata: { resourceVersion: '12' } } },
      { includeObject: 'None', now, first: false },
    );
    expect(bookmark.object).toMatchObject({
      kind: 'Table',
      rows: [],
      metadata: { resourceVersion: '12' },
    });
  });
});
