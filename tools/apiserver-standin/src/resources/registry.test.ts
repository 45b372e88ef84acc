import { describe, expect, it } from 'vitest';
import { bgpPeerTypes, ipAddressPoolTypes } from '../discovery/fixtures.js';
import type { ResourceType } from '../types.js';
import { BUILTIN_TYPES } from './builtin-types.js';
import { ResourceRegistry } from './registry.js';

describe('ResourceRegistry', () => {
  it('serves the built-in types by default', () => {
    const registry = new ResourceRegistry();
    expect(registry.all()).toEqual(BUILTIN_TYPES);
    expect(registry.find('', 'v1', 'services')?.kind).toBe('Service');
    expect(registry.findByKind('coordination.k8s.io', 'v1', 'Lease')?.plural).toBe('leases');
    expect(registry.find('', 'v1', 'ipaddresspools')).toBeUndefined();
    expect(registry.find('apps', 'v2', 'deployments')).toBeUndefined();
    expect(registry.generation).toBe(0);
  });

  it('serves what it is constructed with', () => {
    const registry = new ResourceRegistry(BUILTIN_TYPES.filter((rt) => rt.group === ''));
    expect(registry.find('apps', 'v1', 'deployments')).toBeUndefined();
    expect(registry.find('', 'v1', 'pods')?.kind).toBe('Pod');
  });

  it("adds a CRD's types, replaces them, and removes them, bumping generation each time", () => {
    const registry = new ResourceRegistry();
    registry.setCustomTypes('bgppeers.metallb.io', bgpPeerTypes());
    expect(registry.generation).toBe(1);
    expect(registry.find('metallb.io', 'v1beta1', 'bgppeers')?.kind).toBe('BGPPeer');
    expect(registry.find('metallb.io', 'v1beta2', 'bgppeers')?.kind).toBe('BGPPeer');
    expect(registry.byStorage('metallb.io/bgppeers').map((rt) => rt.version)).toEqual([
      'v1beta1',
      'v1beta2',
    ]);

    // The CRD stops serving v1beta1.
    registry.setCustomTypes('bgppeers.metallb.io', bgpPeerTypes().slice(1));
    expect(registry.generation).toBe(2);
    expect(registry.find('metallb.io', 'v1beta1', 'bgppeers')).toBeUndefined();
    expect(registry.findByKind('metallb.io', 'v1beta2', 'BGPPeer')?.plural).toBe('bgppeers');

    registry.setCustomTypes('bgppeers.metallb.io', undefined);
    expect(registry.generation).toBe(3);
    expect(registry.find('metallb.io', 'v1beta2', 'bgppeers')).toBeUndefined();
    expect(registry.byStorage('metallb.io/bgppeers')).toEqual([]);
    expect(registry.all()).toEqual(BUILTIN_TYPES);
    expect(registry.customResourceDefinitions()).toEqual([]);
  });

  it('leaves generation alone when nothing changes', () => {
    const registry = new ResourceRegistry();
    registry.setCustomTypes('ipaddresspools.metallb.io', ipAddressPoolTypes());
    registry.setCustomTypes('ipaddresspools.metallb.io', ipAddressPoolTypes());
    registry.setCustomTypes('absent.example.com', undefined);
    registry.setCustomTypes('absent.example.com', []);
    expect(registry.generation).toBe(1);
  });

  it('treats an empty type list as removal', () => {
    const registry = new ResourceRegistry();
    registry.setCustomTypes('ipaddresspools.metallb.io', ipAddressPoolTypes());
    registry.setCustomTypes('ipaddresspools.metallb.io', []);
    expect(registry.find('metallb.io', 'v1beta1', 'ipaddresspools')).toBeUndefined();
    expect(registry.generation).toBe(2);
  });

  it('lists built-ins first, then CRDs in registration order, keeping a changed CRD in place', () => {
    const registry = new ResourceRegistry();
    registry.setCustomTypes('ipaddresspools.metallb.io', ipAddressPoolTypes());
    registry.setCustomTypes('bgppeers.metallb.io', bgpPeerTypes());
    const changed = ipAddressPoolTypes().map((rt) => ({ ...rt, shortNames: ['pool'] }));
    registry.setCustomTypes('ipaddresspools.metallb.io', changed);
    const custom = registry.all().slice(BUILTIN_TYPES.length);
    expect(custom.map((rt) => `${rt.plural}.${rt.version}`)).toEqual([
      'ipaddresspools.v1beta1',
      'bgppeers.v1beta1',
      'bgppeers.v1beta2',
    ]);
    expect(custom[0]!.shortNames).toEqual(['pool']);
  });

  it('never lets a CRD shadow a built-in, nor a later CRD an earlier one', () => {
    const registry = new ResourceRegistry();
    const impostor: ResourceType = {
      ...ipAddressPoolTypes()[0]!,
      group: '',
      version: 'v1',
      plural: 'services',
    };
    registry.setCustomTypes('services.', [impostor]);
    expect(registry.find('', 'v1', 'services')?.builtin).toBe(true);

    const first = ipAddressPoolTypes();
    const second = first.map((rt) => ({ ...rt, plural: 'pools', storage: 'metallb.io/pools' }));
    registry.setCustomTypes('ipaddresspools.metallb.io', first);
    registry.setCustomTypes('pools.metallb.io', second);
    // Same kind in the same group version: the second CRD's names are not accepted.
    expect(registry.find('metallb.io', 'v1beta1', 'pools')).toBeUndefined();
    expect(registry.findByKind('metallb.io', 'v1beta1', 'IPAddressPool')?.plural).toBe(
      'ipaddresspools',
    );
    // Once the first goes, the second is served.
    registry.setCustomTypes('ipaddresspools.metallb.io', undefined);
    expect(registry.find('metallb.io', 'v1beta1', 'pools')?.kind).toBe('IPAddressPool');
  });

  it('answers both Event APIs for the shared core/events storage', () => {
    const registry = new ResourceRegistry();
    expect(registry.byStorage('core/events').map((rt) => rt.group)).toEqual(['', 'events.k8s.io']);
  });

  it('hands out snapshots that later changes do not touch', () => {
    const registry = new ResourceRegistry();
    const before = registry.all();
    const storage = registry.byStorage('core/events');
    storage.pop();
    registry.setCustomTypes('ipaddresspools.metallb.io', ipAddressPoolTypes());
    expect(before).toHaveLength(BUILTIN_TYPES.length);
    expect(registry.byStorage('core/events')).toHaveLength(2);
  });
});
