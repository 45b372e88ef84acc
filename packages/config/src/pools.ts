/**
 * IPAddressPool -> Pool (MetalLB `addressPoolFromCR` and `poolsFor`): address entries parsed
 * by @baremetal-lb/ipam, serviceAllocation selectors resolved, then the cross-pool rules
 * (duplicate names, overlapping CIDRs anywhere) checked over all pools sorted by name.
 */
import {
  type AddressRange,
  parseAddressRange,
  rangesOverlap,
  rangeToCidrs,
} from '@baremetal-lb/ipam';
import { type BuildContext, matchingNames } from './context.js';
import { type FieldReader, type KubeObject, specReader } from './kube.js';
import type { Pool, ServiceAllocation } from './model.js';
import { parseSelectorList } from './selectors.js';

const KIND = 'IPAddressPool';

/** A parsed pool; `valid` false when it had problems (its good entries still count for overlaps). */
export interface ParsedPool {
  readonly pool: Pool;
  readonly valid: boolean;
  /** Index in `spec.addresses` of each of `pool.ranges`. */
  readonly entryIndex: readonly number[];
}

/** Parses one IPAddressPool, keeping the entries that parse. */
export function poolFromCR(obj: KubeObject, ctx: BuildContext): ParsedPool {
  const name = obj.metadata.name ?? '';
  const report = ctx.sink.for(KIND, name);
  const before = ctx.sink.problems.length;
  const spec = specReader(obj, report);
  const addresses = spec.stringList('addresses');
  if (addresses.length === 0 && ctx.sink.problems.length === before) {
    report.add('spec.addresses', 'pool has no prefixes defined');
  }
  const ranges: AddressRange[] = [];
  const cidrs: string[] = [];
  const entryIndex: number[] = [];
  addresses.forEach((entry, i) => {
    try {
      const r = parseAddressRange(entry);
      ranges.push(r);
      entryIndex.push(i);
      cidrs.push(...rangeToCidrs(r));
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      report.add(
        `spec.addresses[${i}]`,
        `invalid CIDR ${JSON.stringify(entry)} in pool ${JSON.stringify(name)}: ${why}`,
      );
    }
  });
  const serviceAllocation = serviceAllocationFrom(spec.child('serviceAllocation'), ctx);
  const autoAssign = spec.bool('autoAssign') ?? true;
  const avoidBuggyIPs = spec.bool('avoidBuggyIPs') ?? false;
  const valid = ctx.sink.problems.length === before;
  const pool: Pool = {
    name,
    labels: { ...(obj.metadata.labels ?? {}) },
    addresses,
    ranges,
    cidrs,
    autoAssign,
    avoidBuggyIPs,
    serviceAllocation,
  };
  return { pool, valid, entryIndex };
}

function serviceAllocationFrom(
  r: FieldReader | undefined,
  ctx: BuildContext,
): ServiceAllocation | undefined {
  if (r === undefined) return undefined;
  const priority = r.int('priority', -(2 ** 31), 2 ** 31 - 1) ?? 0;
  const listed: string[] = [];
  r.stringList('namespaces').forEach((ns, i) => {
    if (listed.includes(ns)) {
      r.report.add(`${r.path('namespaces')}[${i}]`, 'duplicate definition in namespaces field');
    } else listed.push(ns);
  });
  const namespaceSelectors = parseSelectorList(r, 'namespaceSelectors');
  const serviceSelectors = parseSelectorList(r, 'serviceSelectors');
  const selected = matchingNames(namespaceSelectors, ctx.namespaces);
  const namespaces = [...new Set([...listed, ...selected])].sort();
  return { priority, namespaces, namespaceSelectors, serviceSelectors };
}

/**
 * Cross-pool rules over pools sorted by name: duplicate names and any CIDR overlap, within or
 * across pools. Reported on the later pool, as MetalLB does.
 */
export function checkPools(parsed: readonly ParsedPool[], ctx: BuildContext): Pool[] {
  const seen = new Set<string>();
  const defined: { cidr: string; range: AddressRange }[] = [];
  const ok: Pool[] = [];
  for (const { pool, valid, entryIndex } of parsed) {
    const report = ctx.sink.for(KIND, pool.name);
    if (seen.has(pool.name)) {
      report.add('metadata.name', `duplicate definition of pool ${JSON.stringify(pool.name)}`);
      continue;
    }
    seen.add(pool.name);
    let clean = true;
    pool.ranges.forEach((entry, i) => {
      for (const cidr of rangeToCidrs(entry)) {
        const range = parseAddressRange(cidr);
        const clash = defined.find((d) => rangesOverlap(d.range, range));
        if (clash !== undefined) {
          clean = false;
          report.add(
            `spec.addresses[${entryIndex[i]}]`,
            `CIDR ${JSON.stringify(cidr)} in pool ${JSON.stringify(pool.name)} overlaps with already defined CIDR ${JSON.stringify(clash.cidr)}`,
          );
        }
        defined.push({ cidr, range });
      }
    });
    if (clean && valid) ok.push(pool);
  }
  return ok;
}
