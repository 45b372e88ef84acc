import { describe, expect, it } from 'vitest';
import { Balancers } from './balancers.js';
import { applyOutcome, configFrom, poolYaml, type SvcOptions, svc } from './fixtures.js';
import type { ServiceOutcome } from './types.js';

const P = poolYaml('p', ['10.0.0.0/30']);
const DUAL = poolYaml('dual', ['10.0.0.0/30', 'fd00::/126']);

function balancers(yaml: string, lbClass?: string): Balancers {
  const b = new Balancers(lbClass === undefined ? {} : { lbClass });
  b.setConfig(configFrom(yaml));
  return b;
}

function sync(b: Balancers, name: string, o: SvcOptions = {}): ServiceOutcome {
  const out = b.sync(svc(name, o));
  if (!out) throw new Error('expected an outcome');
  return out;
}

const reasons = (o: ServiceOutcome) => o.events.map((e) => `${e.type} ${e.reason}: ${e.message}`);

describe('step 1: what clears a Service', () => {
  it('clears a Service that is not a LoadBalancer, releasing what it held', () => {
    const b = balancers(P);
    expect(sync(b, 'a').ingress).toEqual(['10.0.0.0']);
    const out = sync(b, 'a', { type: 'ClusterIP', ingress: ['10.0.0.0'] });
    expect(out).toMatchObject({ ingress: [], pool: undefined, events: [], freedAddresses: true });
    expect(sync(b, 'b').ingress).toEqual(['10.0.0.0']);
  });

  it('clears without an event when the config has no pools', () => {
    const b = balancers('');
    expect(sync(b, 'a', { ingress: ['10.0.0.0'] })).toMatchObject({ ingress: [], events: [] });
  });

  it('clears without an event when the Service has no clusterIP, and lets it wait', () => {
    const b = balancers(P);
    expect(sync(b, 'a', { clusterIPs: undefined })).toMatchObject({ ingress: [], events: [] });
    expect(b.waiting()).toEqual(['default/a']);
  });

  it('refuses RequireDualStack with one clusterIP: Warning "not enough clusterips"', () => {
    const out = sync(balancers(DUAL), 'a', { policy: 'RequireDualStack' });
    expect(out.ingress).toEqual([]);
    expect(reasons(out)).toEqual([
      'Warning not enough clusterips: Service requires dual stack but not enough clusterips [10.96.0.10]',
    ]);
  });
});

describe('step 2: IPs already in status', () => {
  it('keeps an IP that is still allowed, with no events', () => {
    const out = sync(balancers(P), 'a', { ingress: ['10.0.0.2'] });
    expect(out).toMatchObject({ ingress: ['10.0.0.2'], pool: 'p', events: [] });
  });

  it('replaces an IP outside every pool: ClearAssignment, then IPAllocated', () => {
    const out = sync(balancers(P), 'a', { ingress: ['192.168.9.9'] });
    expect(out.ingress).toEqual(['10.0.0.0']);
    expect(reasons(out)).toEqual([
      'Normal ClearAssignment: current IP for "default/a" not allowed by config, will attempt for new IP assignment: ["192.168.9.9"] is not allowed in config',
      'Normal IPAllocated: Assigned IP ["10.0.0.0"]',
    ]);
  });

  it("replaces an IP whose pool's serviceAllocation does not admit the namespace", () => {
    const yaml =
      poolYaml('pinned', ['10.1.0.0/30'], 'serviceAllocation:\n  namespaces: [team]') + P;
    const out = sync(balancers(yaml), 'a', { ingress: ['10.1.0.1'] });
    expect(out).toMatchObject({ ingress: ['10.0.0.0'], pool: 'p' });
    expect(out.events[0]?.message).toContain('pool pinned not compatible for ip assignment');
  });

  it('replaces an IP another non-sharing Service holds', () => {
    const b = balancers(P);
    sync(b, 'a');
    const out = sync(b, 'b', { ingress: ['10.0.0.0'] });
    expect(out.ingress).toEqual(['10.0.0.1']);
    expect(out.events.map((e) => e.reason)).toEqual(['ClearAssignment', 'IPAllocated']);
    expect(b.assignment('default/a')?.ips).toEqual(['10.0.0.0']);
  });

  it('reports an unparsable status IP (nolbIPsIPFamily) and allocates afresh', () => {
    const out = sync(balancers(P), 'a', { ingress: ['not-an-ip'] });
    expect(out.ingress).toEqual(['10.0.0.0']);
    expect(reasons(out)[0]).toBe(
      'Warning nolbIPsIPFamily: Failed to retrieve LBIPs IPFamily for ["<nil>"]: IPFamilyForAddresses: Invalid address ["<nil>"]',
    );
  });

  it('drops an IP of the wrong family silently and allocates one of the right family', () => {
    const out = sync(balancers(DUAL), 'a', { ingress: ['fd00::1'] });
    expect(out.ingress).toEqual(['10.0.0.0']);
    expect(out.events.map((e) => e.reason)).toEqual(['IPAllocated']);
  });

  it('ignores hostname-only ingress entries', () => {
    const s = svc('a');
    s.status = { loadBalancer: { ingress: [{ hostname: 'lb.example' }] } };
    expect(balancers(P).sync(s)?.ingress).toEqual(['10.0.0.0']);
  });

  it('rewrites a non-canonical status IP in canonical form, keeping the address', () => {
    const out = sync(balancers(DUAL), 'a', { clusterIPs: ['fd01::1'], ingress: ['FD00:0::2'] });
    expect(out).toMatchObject({ ingress: ['fd00::2'], events: [] });
  });
});

describe('step 3: a different requested pool or IP', () => {
  const two = P + poolYaml('q', ['10.2.0.0/31']);

  it('moves the Service to the newly requested pool and frees the old IP', () => {
    const b = balancers(two);
    const first = sync(b, 'a');
    const annotations = { 'metallb.io/address-pool': 'q' };
    const out = sync(b, 'a', { annotations, ingress: first.ingress as string[] });
    expect(out).toMatchObject({ ingress: ['10.2.0.0'], pool: 'q', freedAddresses: true });
    expect(reasons(out)).toEqual(['Normal IPAllocated: Assigned IP ["10.2.0.0"]']);
  });

  it('leaves NO IP when the re-allocation fails, and the old IP goes to others', () => {
    const b = balancers(two);
    sync(b, 'x', { annotations: { 'metallb.io/address-pool': 'q' } });
    sync(b, 'y', { annotations: { 'metallb.io/address-pool': 'q' } });
    sync(b, 'a');
    const out = sync(b, 'a', {
      annotations: { 'metallb.io/address-pool': 'q' },
      ingress: ['10.0.0.0'],
    });
    expect(out).toMatchObject({ ingress: [], pool: undefined, freedAddresses: true });
    expect(reasons(out)).toEqual([
      'Warning AllocationFailed: Failed to allocate IP for "default/a": no available IPs in pool q',
    ]);
    expect(sync(b, 'b').ingress).toEqual(['10.0.0.0']);
  });

  it('moves the Service to a newly requested IP', () => {
    const b = balancers(P);
    sync(b, 'a');
    const annotations = { 'metallb.io/loadBalancerIPs': '10.0.0.3' };
    expect(sync(b, 'a', { annotations, ingress: ['10.0.0.0'] }).ingress).toEqual(['10.0.0.3']);
  });

  it('leaves no IP when the newly requested IP is taken', () => {
    const b = balancers(P);
    sync(b, 'holder', { annotations: { 'metallb.io/loadBalancerIPs': '10.0.0.3' } });
    sync(b, 'a');
    const annotations = { 'metallb.io/loadBalancerIPs': '10.0.0.3' };
    const out = sync(b, 'a', { annotations, ingress: ['10.0.0.0'] });
    expect(out.ingress).toEqual([]);
    expect(out.events.map((e) => e.reason)).toEqual(['AllocationFailed']);
    expect(b.assignment('default/a')).toBeUndefined();
  });
});

describe('step 4: PreferDualStack with one IP', () => {
  const dualSvc: SvcOptions = { policy: 'PreferDualStack', clusterIPs: ['10.96.0.1', 'fd01::1'] };

  it('adds the missing family from the same pool: "Assigned additional IP"', () => {
    const out = sync(balancers(DUAL), 'a', { ...dualSvc, ingress: ['10.0.0.1'] });
    expect(out).toMatchObject({ ingress: ['10.0.0.1', 'fd00::'], pool: 'dual' });
    expect(reasons(out)).toEqual(['Normal IPAllocated: Assigned additional IP "fd00::"']);
  });

  it('keeps the one IP when the pool has none of the other family: AdditionalAssignFailed', () => {
    const b = balancers(P);
    const out = sync(b, 'a', { ...dualSvc, ingress: ['10.0.0.1'] });
    expect(out.ingress).toEqual(['10.0.0.1']);
    expect(reasons(out)).toEqual([
      'Normal AdditionalAssignFailed: cannot assign additional IP in PreferDualStack: no available IPs in pool p',
    ]);
    expect(b.waiting()).toEqual(['default/a']);
  });

  it('does not add a family to a single-stack Service', () => {
    const out = sync(balancers(DUAL), 'a', { policy: 'PreferDualStack', ingress: ['10.0.0.1'] });
    expect(out).toMatchObject({ ingress: ['10.0.0.1'], events: [] });
  });
});

describe('step 5: allocation', () => {
  it('takes the first free address in written order', () => {
    const b = balancers(poolYaml('p', ['10.9.0.0/31', '10.0.0.0/30']));
    expect(sync(b, 'a').ingress).toEqual(['10.9.0.0']);
    expect(sync(b, 'b').ingress).toEqual(['10.9.0.1']);
    expect(sync(b, 'c').ingress).toEqual(['10.0.0.0']);
  });

  it('skips .0 and .255 when avoidBuggyIPs is set', () => {
    const b = balancers(poolYaml('p', ['10.0.0.0/24'], 'avoidBuggyIPs: true'));
    expect(sync(b, 'a').ingress).toEqual(['10.0.0.1']);
  });

  it('uses an autoAssign=false pool only when asked for it', () => {
    const b = balancers(poolYaml('manual', ['10.5.0.0/30'], 'autoAssign: false'));
    expect(reasons(sync(b, 'a'))).toEqual([
      'Warning AllocationFailed: Failed to allocate IP for "default/a": no available IPs',
    ]);
    const out = sync(b, 'b', { annotations: { 'metallb.io/address-pool': 'manual' } });
    expect(out).toMatchObject({ ingress: ['10.5.0.0'], pool: 'manual' });
  });

  it('fails on an unknown requested pool', () => {
    const out = sync(balancers(P), 'a', { annotations: { 'metallb.io/address-pool': 'nope' } });
    expect(reasons(out)).toEqual([
      'Warning AllocationFailed: Failed to allocate IP for "default/a": unknown pool "nope"',
    ]);
  });

  it('gives a requested IP from any pool, autoAssign regardless', () => {
    const yaml = poolYaml('manual', ['10.5.0.0/30'], 'autoAssign: false');
    const annotations = { 'metallb.io/loadBalancerIPs': '10.5.0.2' };
    expect(sync(balancers(yaml), 'a', { annotations })).toMatchObject({
      ingress: ['10.5.0.2'],
      pool: 'manual',
    });
  });

  it('refuses a requested IP outside every pool', () => {
    const out = sync(balancers(P), 'a', { loadBalancerIP: '1.1.1.1' });
    expect(reasons(out)).toEqual([
      'Warning AllocationFailed: Failed to allocate IP for "default/a": ["1.1.1.1"] is not allowed in config',
    ]);
  });

  it('refuses a requested IP outside the requested pool', () => {
    const annotations = {
      'metallb.io/loadBalancerIPs': '10.0.0.1',
      'metallb.io/address-pool': 'q',
    };
    const out = sync(balancers(P + poolYaml('q', ['10.2.0.0/31'])), 'a', { annotations });
    expect(out.events[0]?.message).toBe(
      'Failed to allocate IP for "default/a": requested loadBalancer IP(s) ["10.0.0.1"] is not compatible with requested address pool q',
    );
  });

  it('honours spec.loadBalancerIP', () => {
    expect(sync(balancers(P), 'a', { loadBalancerIP: '10.0.0.2' }).ingress).toEqual(['10.0.0.2']);
  });

  it('refuses both the annotation and spec.loadBalancerIP', () => {
    const out = sync(balancers(P), 'a', {
      loadBalancerIP: '10.0.0.2',
      annotations: { 'metallb.io/loadBalancerIPs': '10.0.0.1' },
    });
    expect(reasons(out)).toEqual([
      'Warning AllocationFailed: Failed to allocate IP for "default/a": service can not have both metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP',
    ]);
  });

  it('fails an invalid spec.loadBalancerIP without an IP: AllocationFailed', () => {
    const out = sync(balancers(P), 'a', { loadBalancerIP: 'foo' });
    expect(out.ingress).toEqual([]);
    expect(out.events[0]?.message).toBe(
      'Failed to allocate IP for "default/a": invalid spec.loadBalancerIP "foo"',
    );
  });

  it('keeps the held IP on an invalid loadBalancerIPs annotation: LoadBalancerFailed', () => {
    const annotations = { 'metallb.io/loadBalancerIPs': '10.0.0.1,bogus' };
    const out = sync(balancers(P), 'a', { annotations, ingress: ['10.0.0.0'] });
    expect(out.ingress).toEqual(['10.0.0.0']);
    expect(reasons(out)).toEqual([
      'Warning LoadBalancerFailed: invalid requested loadbalancer IPs: invalid metallb.io/loadBalancerIPs: "10.0.0.1,bogus"',
    ]);
  });

  it('refuses a requested IP of another family than the Service', () => {
    const annotations = { 'metallb.io/loadBalancerIPs': 'fd00::1' };
    const out = sync(balancers(DUAL), 'a', { annotations });
    expect(out.events[0]?.message).toBe(
      'Failed to allocate IP for "default/a": requested loadBalancer IP(s) ["fd00::1"] does not match the ipFamily of the service',
    );
  });

  it('prefers serviceAllocation pools by priority, 0 last, over pools without one', () => {
    const yaml =
      P +
      poolYaml('low', ['10.3.0.0/31'], 'serviceAllocation:\n  namespaces: [team]') +
      poolYaml('high', ['10.4.0.0/31'], 'serviceAllocation:\n  priority: 5\n  namespaces: [team]');
    const b = balancers(yaml);
    expect(sync(b, 'a', { namespace: 'team' }).pool).toBe('high');
    expect(sync(b, 'b', { namespace: 'team' }).pool).toBe('high');
    expect(sync(b, 'c', { namespace: 'team' }).pool).toBe('low');
    expect(sync(b, 'd', { namespace: 'other' }).pool).toBe('p');
  });

  it('matches serviceSelectors against the Service labels', () => {
    const yaml =
      P +
      poolYaml(
        'web',
        ['10.3.0.0/31'],
        'serviceAllocation:\n  serviceSelectors: [{matchLabels: {app: web}}]',
      );
    const b = balancers(yaml);
    expect(sync(b, 'a', { labels: { app: 'web' } }).pool).toBe('web');
    expect(sync(b, 'b', { labels: { app: 'db' } }).pool).toBe('p');
  });

  it('waits with AllocationFailed "no available IPs", then gets the address freed by a delete', () => {
    const b = balancers(poolYaml('p', ['10.0.0.0/32']));
    sync(b, 'a');
    expect(reasons(sync(b, 'b'))).toEqual([
      'Warning AllocationFailed: Failed to allocate IP for "default/b": no available IPs',
    ]);
    expect(b.waiting()).toEqual(['default/b']);
    expect(b.remove('default/a')).toBe(true);
    expect(sync(b, 'b').ingress).toEqual(['10.0.0.0']);
    expect(b.waiting()).toEqual([]);
  });

  it('gives RequireDualStack both families, IPv4 first even when IPv6 is primary', () => {
    const out = sync(balancers(P + DUAL.replace('10.0.0.0/30', '10.1.0.0/30')), 'a', {
      policy: 'RequireDualStack',
      clusterIPs: ['fd01::1', '10.96.0.1'],
      ipFamilies: ['IPv6', 'IPv4'],
    });
    expect(out).toMatchObject({ ingress: ['10.1.0.0', 'fd00::'], pool: 'dual' });
    expect(reasons(out)).toEqual(['Normal IPAllocated: Assigned IP ["10.1.0.0" "fd00::"]']);
  });

  it('gives PreferDualStack the primary family when no pool has both', () => {
    const yaml = P + poolYaml('six', ['fd00::/126']);
    const out = sync(balancers(yaml), 'a', {
      policy: 'PreferDualStack',
      clusterIPs: ['fd01::1', '10.96.0.1'],
      ipFamilies: ['IPv6', 'IPv4'],
    });
    expect(out).toMatchObject({ ingress: ['fd00::'], pool: 'six' });
  });

  it('gives an IPv6 Service an IPv6 address from a dual-stack pool', () => {
    expect(sync(balancers(DUAL), 'a', { clusterIPs: ['fd01::1'] }).ingress).toEqual(['fd00::']);
  });
});

describe('section 3 annotations', () => {
  it('honours deprecated annotations, the new prefix winning', () => {
    const b = balancers(P + poolYaml('q', ['10.2.0.0/31']) + poolYaml('r', ['10.3.0.0/31']));
    const old = { 'metallb.universe.tf/address-pool': 'q' };
    expect(sync(b, 'a', { annotations: old }).pool).toBe('q');
    const both = { ...old, 'metallb.io/address-pool': 'r' };
    expect(sync(b, 'b', { annotations: both }).pool).toBe('r');
  });

  it('reports a deprecated annotation only when the Service is written', () => {
    const b = balancers(P);
    const annotations = { 'metallb.universe.tf/allow-shared-ip': 'k' };
    const first = sync(b, 'a', { annotations });
    expect(reasons(first)).toEqual([
      'Normal IPAllocated: Assigned IP ["10.0.0.0"]',
      'Warning deprecatedAnnotation: Service uses deprecated annotation metallb.universe.tf/allow-shared-ip',
    ]);
    const written = applyOutcome(svc('a', { annotations }), first);
    expect(b.sync(written)?.events).toEqual([]);
  });

  it('writes ip-allocated-from-pool as the pool that now holds the IP after a rename', () => {
    const b = balancers(P);
    const first = sync(b, 'a');
    const { released } = b.setConfig(configFrom(poolYaml('renamed', ['10.0.0.0/30'])));
    expect(released).toEqual([]);
    const out = b.sync(applyOutcome(svc('a'), first));
    expect(out).toMatchObject({ ingress: ['10.0.0.0'], pool: 'renamed', events: [] });
  });
});

describe('sharing (allow-shared-ip)', () => {
  const shared = (port: number, extra: SvcOptions = {}): SvcOptions => ({
    annotations: { 'metallb.io/allow-shared-ip': 'k', 'metallb.io/loadBalancerIPs': '10.0.0.1' },
    ports: [{ port }],
    ...extra,
  });

  it('lets Services with one key and distinct ports share an IP', () => {
    const b = balancers(P);
    expect(sync(b, 'a', shared(80)).ingress).toEqual(['10.0.0.1']);
    expect(sync(b, 'b', shared(443)).ingress).toEqual(['10.0.0.1']);
  });

  it('refuses an overlapping port with MetalLB wording', () => {
    const b = balancers(P);
    sync(b, 'a', shared(80));
    expect(sync(b, 'b', shared(80)).events[0]?.message).toBe(
      'Failed to allocate IP for "default/b": port TCP/80 is already in use on "10.0.0.1"',
    );
  });

  it('refuses Local Services with different selectors', () => {
    const b = balancers(P);
    sync(b, 'a', shared(80, { local: { app: 'x' } }));
    const out = sync(b, 'b', shared(443, { local: { app: 'y' } }));
    expect(out.ingress).toEqual([]);
    expect(out.events[0]?.message).toBe(
      'Failed to allocate IP for "default/b": can\'t change sharing key for "default/b", address also in use by default/a',
    );
  });

  it('frees addresses for others when a holder changes its sharing key', () => {
    const b = balancers(P);
    sync(b, 'a', shared(80));
    const moved = shared(80);
    moved.annotations = { ...moved.annotations, 'metallb.io/allow-shared-ip': 'other' };
    const out = sync(b, 'a', { ...moved, ingress: ['10.0.0.1'] });
    expect(out).toMatchObject({ ingress: ['10.0.0.1'], freedAddresses: true });
  });
});
