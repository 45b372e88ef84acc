import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.js';
import { crdStatus, isEstablished } from './crd-status.js';
import { loadCrdFixture } from './fixtures/load.js';

const now = new Date('2026-01-02T03:04:05.678Z');

function crd(plural: string, kind: string): KubeObject {
  return {
    metadata: { name: `${plural}.example.com` },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural, kind },
      versions: [{ name: 'v1', served: true, storage: true }],
    },
  };
}

describe('crdStatus', () => {
  it('accepts the names and establishes a new CRD', () => {
    const status = crdStatus(loadCrdFixture('metallb-ipaddresspools.crd.yaml'), { now });
    expect(status).toEqual({
      conditions: [
        {
          type: 'NamesAccepted',
          status: 'True',
          lastTransitionTime: '2026-01-02T03:04:05Z',
          reason: 'NoConflicts',
          message: 'no conflicts found',
        },
        {
          type: 'Established',
          status: 'True',
          lastTransitionTime: '2026-01-02T03:04:05Z',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
        },
      ],
      acceptedNames: {
        plural: 'ipaddresspools',
        singular: 'ipaddresspool',
        kind: 'IPAddressPool',
        listKind: 'IPAddressPoolList',
      },
      storedVersions: ['v1beta1'],
    });
  });

  it('keeps transition times of unchanged conditions and adds new storage versions', () => {
    const first = crd('widgets', 'Widget');
    const settled: KubeObject = { ...first, status: crdStatus(first, { now }) };
    (settled.spec as { versions: unknown[] }).versions = [
      { name: 'v1', served: true, storage: false },
      { name: 'v2', served: true, storage: true },
    ];
    const later = crdStatus(settled, { now: new Date('2027-01-01T00:00:00Z') });
    expect((later.conditions as { lastTransitionTime: string }[])[0]!.lastTransitionTime).toBe(
      '2026-01-02T03:04:05Z',
    );
    expect(later.storedVersions).toEqual(['v1', 'v2']);
  });

  it('refuses names another CRD of the group already holds, singular before kind', () => {
    const owner = crd('widgets', 'Widget');
    const holder = { ...owner, status: crdStatus(owner, { now }) };
    const late = crd('gizmos', 'Widget');
    const status = crdStatus(late, { now, otherCrds: [holder] });
    expect(status.conditions).toEqual([
      expect.objectContaining({
        type: 'NamesAccepted',
        status: 'False',
        reason: 'SingularConflict',
        message: '"widget" is already in use',
      }),
      expect.objectContaining({ type: 'Established', status: 'False', reason: 'NotAccepted' }),
    ]);
    expect(isEstablished({ ...late, status })).toBe(false);
    expect(isEstablished(holder)).toBe(true);
  });
});
