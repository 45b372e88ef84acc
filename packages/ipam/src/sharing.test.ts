import { describe, expect, it } from 'vitest';
import { IpamError } from './errors.js';
import { type SharingTraits, sharingConflict } from './sharing.js';

const tcp = (port: number) => ({ protocol: 'TCP', port });

describe('sharingConflict (MetalLB checkSharing / sharingOK)', () => {
  it.each<[string, SharingTraits[], SharingTraits, string | undefined]>([
    ['free address', [], { sharingKey: '' }, undefined],
    [
      'same key, disjoint ports',
      [{ sharingKey: 'k', ports: [tcp(80)] }],
      { sharingKey: 'k', ports: [tcp(443)] },
      undefined,
    ],
    [
      'TCP and UDP on one port number',
      [{ sharingKey: 'k', ports: [tcp(53)] }],
      { sharingKey: 'k', ports: [{ protocol: 'UDP', port: 53 }] },
      undefined,
    ],
    [
      'existing has no key',
      [{}],
      { sharingKey: 'k' },
      'key:existing service does not allow sharing',
    ],
    ['newcomer has no key', [{ sharingKey: 'k' }], {}, 'key:new service does not allow sharing'],
    [
      'different keys',
      [{ sharingKey: 'a' }],
      { sharingKey: 'b' },
      'key:sharing key "b" does not match existing sharing key "a"',
    ],
    [
      'different backend keys (Local vs Cluster)',
      [{ sharingKey: 'k', backendKey: 'app=x' }],
      { sharingKey: 'k' },
      'key:backend key "" does not match existing sharing key "app=x"',
    ],
    [
      'port clash with any holder',
      [
        { sharingKey: 'k', ports: [tcp(1)] },
        { sharingKey: 'k', ports: [tcp(80)] },
      ],
      { sharingKey: 'k', ports: [tcp(80)] },
      'port:port TCP/80 is already in use',
    ],
  ])('%s', (_name, existing, newcomer, expected) => {
    const c = sharingConflict(existing, newcomer);
    expect(c && `${c.rule}:${c.message}`).toBe(expected);
  });
});

describe('IpamError', () => {
  it('holds instanceof across copies through its Symbol.for brand', () => {
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('@baremetal-lb/ipam.IpamError')]: true,
      code: 'IPAM_ERR_INVALID_CIDR',
    });
    expect(foreign).toBeInstanceOf(IpamError);
    expect(new Error('y')).not.toBeInstanceOf(IpamError);
    const own = new IpamError('IPAM_ERR_INVALID_RANGE', 'bad', { cause: 1 });
    expect(own).toBeInstanceOf(IpamError);
    expect(own).toMatchObject({ name: 'IpamError', code: 'IPAM_ERR_INVALID_RANGE', cause: 1 });
  });
});
