import { describe, expect, it } from 'vitest';
import { Balancers } from './balancers.js';
import { applyOutcome, configFrom, poolYaml, svc } from './fixtures.js';
import { isConverged } from './service-view.js';

const P = poolYaml('p', ['10.0.0.0/30']);

function withConfig(yaml = P, lbClass?: string): Balancers {
  const b = new Balancers(lbClass === undefined ? {} : { lbClass });
  b.setConfig(configFrom(yaml));
  return b;
}

describe('Balancers.keyOf', () => {
  it('is namespace/name, default namespace when absent, for any shape', () => {
    expect(Balancers.keyOf(svc('a', { namespace: 'ns' }))).toBe('ns/a');
    expect(Balancers.keyOf({ metadata: { name: 'x' } })).toBe('default/x');
    expect(Balancers.keyOf(null as never)).toBe('default/');
  });
});

describe('loadBalancerClass filtering', () => {
  it('handles only class-less Services without --lb-class', () => {
    const b = withConfig();
    expect(b.sync(svc('a', { lbClass: 'other' }))).toBeUndefined();
    expect(b.sync(svc('b'))?.ingress).toEqual(['10.0.0.0']);
  });

  it('handles only Services of exactly that class with --lb-class', () => {
    const b = withConfig(P, 'mine');
    expect(b.sync(svc('a'))).toBeUndefined();
    expect(b.sync(svc('b', { lbClass: 'other' }))).toBeUndefined();
    expect(b.sync(svc('c', { lbClass: 'mine' }))?.ingress).toEqual(['10.0.0.0']);
  });

  it('releases the IPs of a Service that moves to another class', () => {
    const b = withConfig();
    const first = b.sync(svc('a'))!;
    expect(b.sync(applyOutcome(svc('a', { lbClass: 'other' }), first))).toBeUndefined();
    expect(b.assignment('default/a')).toBeUndefined();
    expect(b.sync(svc('b'))?.ingress).toEqual(['10.0.0.0']);
  });
});

describe('before a valid config', () => {
  it('leaves every Service alone and claims nothing', () => {
    const b = new Balancers();
    const s = svc('a', { ingress: ['10.0.0.1'] });
    expect(b.sync(s)).toBeUndefined();
    expect(b.sync(svc('n', { type: 'ClusterIP', ingress: ['10.0.0.1'] }))).toBeUndefined();
    expect(b.claim(s)).toBe(false);
    expect(b.setConfig(undefined)).toEqual({ released: [] });
    expect(b.sync(s)).toBeUndefined();
  });

  it('keeps the last good config when given undefined later', () => {
    const b = withConfig();
    b.setConfig(undefined);
    expect(b.sync(svc('a'))?.ingress).toEqual(['10.0.0.0']);
  });
});

describe('setConfig', () => {
  it('releases Services whose IPs left every pool; their next sync re-allocates', () => {
    const b = withConfig(poolYaml('p', ['10.0.0.0/30', '10.1.0.0/31']));
    const annotations = { 'metallb.io/address-pool': 'p' };
    expect(b.sync(svc('a', { loadBalancerIP: '10.1.0.1' }))?.ingress).toEqual(['10.1.0.1']);
    const t = applyOutcome(svc('t'), b.sync(svc('t'))!);
    expect(b.setConfig(configFrom(P))).toEqual({ released: ['default/a'] });
    expect(b.sync(t)?.events).toEqual([]);
    const out = b.sync(svc('a', { annotations, ingress: ['10.1.0.1'] }))!;
    expect(out.ingress).toEqual(['10.0.0.1']);
    expect(out.events.map((e) => e.reason)).toEqual(['ClearAssignment', 'IPAllocated']);
  });

  it('frees .0 for use when avoidBuggyIPs is turned off', () => {
    const b = withConfig(poolYaml('p', ['10.0.0.0/24'], 'avoidBuggyIPs: true'));
    expect(b.sync(svc('a'))?.ingress).toEqual(['10.0.0.1']);
    b.setConfig(configFrom(poolYaml('p', ['10.0.0.0/24'])));
    expect(b.sync(svc('b'))?.ingress).toEqual(['10.0.0.0']);
  });
});

describe('claim', () => {
  it('keeps the IPs of the oldest claimant; a newer Service with the same IP moves', () => {
    const b = withConfig();
    const old = svc('old', { ingress: ['10.0.0.2'] });
    const young = svc('young', { ingress: ['10.0.0.2'] });
    expect(b.claim(old)).toBe(true);
    expect(b.claim(young)).toBe(false);
    expect(b.sync(svc('fresh'))?.ingress).toEqual(['10.0.0.0']);
    const out = b.sync(young)!;
    expect(out.ingress).toEqual(['10.0.0.1']);
    expect(out.events.map((e) => e.reason)).toEqual(['ClearAssignment', 'IPAllocated']);
    expect(b.sync(old)).toMatchObject({ ingress: ['10.0.0.2'], events: [] });
  });

  it('claims nothing for Services a sync would clear or not handle', () => {
    const b = withConfig();
    expect(b.claim(svc('a'))).toBe(false);
    expect(b.claim(svc('b', { type: 'NodePort', ingress: ['10.0.0.1'] }))).toBe(false);
    expect(b.claim(svc('c', { lbClass: 'x', ingress: ['10.0.0.1'] }))).toBe(false);
    expect(b.claim(svc('d', { clusterIPs: undefined, ingress: ['10.0.0.1'] }))).toBe(false);
    expect(b.claim(svc('e', { ingress: ['192.168.0.1'] }))).toBe(false);
    const pool = { 'metallb.io/address-pool': 'elsewhere' };
    expect(b.claim(svc('f', { annotations: pool, ingress: ['10.0.0.1'] }))).toBe(false);
    expect(b.claim(svc('g', { loadBalancerIP: '10.0.0.3', ingress: ['10.0.0.1'] }))).toBe(false);
    expect(b.assignment('default/f')).toBeUndefined();
  });

  it('claims shared IPs for every compatible holder', () => {
    const b = withConfig();
    const share = (port: number) =>
      svc(`s${port}`, {
        annotations: { 'metallb.io/allow-shared-ip': 'k' },
        ports: [{ port }],
        ingress: ['10.0.0.3'],
      });
    expect(b.claim(share(80))).toBe(true);
    expect(b.claim(share(443))).toBe(true);
    expect(b.poolCounters().get('p')?.assignedIPv4).toBe(1);
  });
});

describe('remove', () => {
  it('frees the IPs (true), and is false for a Service holding nothing', () => {
    const b = withConfig();
    b.sync(svc('a'));
    expect(b.remove('default/a')).toBe(true);
    expect(b.remove('default/a')).toBe(false);
    expect(b.poolCounters().get('p')?.assignedIPv4).toBe(0);
  });
});

describe('poolCounters', () => {
  it('counts assigned and available addresses per pool', () => {
    const b = withConfig(P + poolYaml('six', ['fd00::/126']));
    b.sync(svc('a'));
    b.sync(svc('b', { clusterIPs: ['fd01::1'] }));
    const c = b.poolCounters();
    expect([...c.keys()].sort()).toEqual(['p', 'six']);
    expect(c.get('p')).toMatchObject({ assignedIPv4: 1, availableIPv4: 3n });
    expect(c.get('six')).toMatchObject({ assignedIPv6: 1, availableIPv6: 3n });
  });
});

describe('idempotence and events', () => {
  it('a second sync of a converged Service returns the same outcome and no events', () => {
    const b = withConfig();
    const first = b.sync(svc('a'))!;
    const written = applyOutcome(svc('a'), first);
    expect(isConverged(written, first)).toBe(true);
    const again = b.sync(written)!;
    expect(again).toEqual({ ingress: first.ingress, pool: 'p', events: [], freedAddresses: false });
  });

  it('reports a standing failure once, and again when it changes', () => {
    const b = withConfig(poolYaml('p', ['10.0.0.0/32']));
    b.sync(svc('a'));
    expect(b.sync(svc('b'))?.events).toHaveLength(1);
    expect(b.sync(svc('b'))?.events).toEqual([]);
    const other = b.sync(svc('b', { annotations: { 'metallb.io/address-pool': 'nope' } }))!;
    expect(other.events[0]?.message).toContain('unknown pool "nope"');
  });

  it('tells the caller when the Service must be written (isConverged)', () => {
    const s = svc('a', {
      ingress: ['10.0.0.0'],
      annotations: { 'metallb.io/ip-allocated-from-pool': 'p' },
    });
    expect(isConverged(s, { ingress: ['10.0.0.0'], pool: 'p' })).toBe(true);
    expect(isConverged(s, { ingress: ['10.0.0.0'], pool: undefined })).toBe(false);
    expect(isConverged(s, { ingress: [], pool: 'p' })).toBe(false);
  });

  it('turns a thrown surprise into an InternalError event, never an exception', () => {
    const b = withConfig();
    const trap = svc('a', { ingress: ['10.0.0.1'] });
    const spec = trap.spec;
    let reads = 0;
    // Throws on the first read only: the sync fails, the fallback can still read the object.
    Object.defineProperty(trap, 'spec', {
      get() {
        reads++;
        if (reads === 1) throw new Error('boom');
        return spec;
      },
    });
    const out = b.sync(trap);
    expect(out?.events).toEqual([
      { type: 'Warning', reason: 'InternalError', message: 'internal error: boom' },
    ]);
    expect(out?.ingress).toEqual(['10.0.0.1']);
  });

  it('leaves an unreadable object alone', () => {
    const b = withConfig();
    const trap = svc('a');
    Object.defineProperty(trap, 'spec', {
      get() {
        throw new Error('boom');
      },
    });
    expect(b.sync(trap)).toBeUndefined();
    expect(b.claim(trap)).toBe(false);
  });
});
