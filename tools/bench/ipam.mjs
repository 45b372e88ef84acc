// Benchmark: @baremetal-lb/ipam's Allocator against a naive linear first-fit (the shape of
// MetalLB's allocator: walk the pool from its first address, skip what is taken), in the
// same run. N allocations (one /32 or /128 per owner, as Services get), then N releases, on
// an IPv4 /12 and on an IPv6 /64. Time per phase and retained heap after the allocations.
// Usage: node --expose-gc ipam.mjs [--n N] [--reference-n N (default 20000)] [--no-save]
import { parseArgs } from 'node:util';
import { Allocator, formatAddress, parseAddressRange } from '@baremetal-lb/ipam';
import { printTable, saveResults } from './lib.mjs';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: process.env.BENCH_IPAM_N ?? '100000' },
    'reference-n': { type: 'string', default: process.env.BENCH_IPAM_REFERENCE_N ?? '20000' },
    'no-save': { type: 'boolean', default: false },
  },
});
const N = Number(values.n);
// The reference is quadratic: allow a smaller N for it (its times are then scaled by (N/n)^2
// for allocations and N/n for releases, and said so in the table).
const REF_N = Number(values['reference-n'] ?? N);
const POOLS = [
  { family: 'ipv4', cidr: '10.16.0.0/12' },
  { family: 'ipv6', cidr: 'fd00:10:96::/64' },
];

function heapMB() {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function timed(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function runOurs(cidr, n) {
  const before = heapMB();
  const alloc = new Allocator({ pools: [{ name: 'bench', addresses: [cidr] }] });
  const family = cidr.includes(':') ? 'ipv6' : 'ipv4';
  const allocateS = timed(() => {
    for (let i = 0; i < n; i++) {
      const r = alloc.allocate(`ns/svc-${i}`, { families: [family] });
      if (!r.ok) throw new Error(`ours: allocation ${i} failed: ${r.message}`);
    }
  });
  const heldMB = heapMB() - before;
  const releaseS = timed(() => {
    for (let i = 0; i < n; i++) alloc.release(`ns/svc-${i}`);
  });
  return { allocateS, releaseS, heldMB };
}

/** Naive first fit: a Set of taken addresses, each allocation walks the pool from its start. */
function runReference(cidr, n) {
  const before = heapMB();
  const range = parseAddressRange(cidr);
  const taken = new Set();
  const owners = new Map();
  const allocateS = timed(() => {
    for (let i = 0; i < n; i++) {
      let ip = range.first;
      while (ip <= range.last && taken.has(ip)) ip++;
      if (ip > range.last) throw new Error('reference: pool full');
      taken.add(ip);
      owners.set(`ns/svc-${i}`, formatAddress(range.family, ip));
    }
  });
  const heldMB = heapMB() - before;
  const releaseS = timed(() => {
    for (let i = 0; i < n; i++) {
      const key = `ns/svc-${i}`;
      const text = owners.get(key);
      owners.delete(key);
      taken.delete(parseAddressRange(`${text}/${range.family === 'ipv4' ? 32 : 128}`).first);
    }
  });
  return { allocateS, releaseS, heldMB };
}

const rows = [];
const data = [];
for (const { family, cidr } of POOLS) {
  const ours = runOurs(cidr, N);
  const raw = runReference(cidr, REF_N);
  const scale = N / REF_N;
  const reference = {
    allocateS: raw.allocateS * scale * scale,
    releaseS: raw.releaseS * scale,
    heldMB: raw.heldMB * scale,
  };
  data.push({ family, cidr, n: N, referenceN: REF_N, ours, reference, referenceRaw: raw });
  const ratio = (a, b) => `${(a / b).toFixed(3)}x`;
  const note = REF_N === N ? '' : ` (measured at ${REF_N}, scaled)`;
  rows.push(
    [
      `${cidr} allocate ${N}`,
      ours.allocateS.toFixed(3),
      `${reference.allocateS.toFixed(3)}${note}`,
      ratio(ours.allocateS, reference.allocateS),
    ],
    [
      `${cidr} release ${N}`,
      ours.releaseS.toFixed(3),
      `${reference.releaseS.toFixed(3)}${note}`,
      ratio(ours.releaseS, reference.releaseS),
    ],
    [
      `${cidr} heap held, MB`,
      ours.heldMB.toFixed(1),
      `${reference.heldMB.toFixed(1)}${note}`,
      ratio(ours.heldMB, reference.heldMB),
    ],
  );
}
const columns = ['case', 'ipam (s or MB)', 'naive first-fit', 'ipam / naive'];
printTable(columns, rows);
if (!values['no-save']) {
  saveResults('ipam-allocate', {
    columns,
    rows,
    notes:
      'One owner = one single-stack Service = one address. Ours: Allocator with one pool of the CIDR, allocate(key) N times, then release(key) N times. ' +
      'Reference: a Set of taken bigint addresses; each allocation walks the pool from its first address (MetalLB allocator shape), release deletes from the Set. ' +
      'heap held = heapUsed after the allocations minus before (gc forced, node --expose-gc). Lower ratio = ours better.',
    data,
  });
}
