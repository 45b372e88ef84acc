/**
 * L2Advertisement and BGPAdvertisement -> resolved advertisements (MetalLB
 * `l2AdvertisementFromCR`, `bgpAdvertisementFromCR`): pools by name and selector, node
 * selectors against the snapshot's Nodes, communities, and the aggregation-length checks
 * against every selected pool's prefixes.
 */
import { rangeToCidrs } from '@baremetal-lb/ipam';
import { resolveCommunities } from './communities.js';
import type { CommunityValue } from './community.js';
import { type BuildContext, resolveNodes } from './context.js';
import { asRecord, type FieldReader, type KubeObject, specReader } from './kube.js';
import type { BgpAdvertisement, L2Advertisement, Pool } from './model.js';
import type { ObjectProblems } from './problems.js';
import {
  anySelectorMatches,
  type LabelSelector,
  parseSelector,
  parseSelectorList,
  parseUniqueStrings,
} from './selectors.js';

/** Pool names an advertisement selects: named (unknown ignored) plus selected; all if neither. */
function selectPools(spec: FieldReader, pools: readonly Pool[]): string[] {
  const names = parseUniqueStrings(spec, 'ipAddressPools');
  const selectors = parseSelectorList(spec, 'ipAddressPoolSelectors');
  if (names.length === 0 && selectors.length === 0) return pools.map((p) => p.name).sort();
  const out = new Set<string>();
  for (const p of pools) {
    if (names.includes(p.name) || anySelectorMatches(selectors, p.labels)) out.add(p.name);
  }
  return [...out].sort();
}

/** Parses one L2Advertisement; undefined when it has problems. */
export function l2AdvertisementFromCR(
  obj: KubeObject,
  pools: readonly Pool[],
  ctx: BuildContext,
): L2Advertisement | undefined {
  const name = obj.metadata.name ?? '';
  const before = ctx.sink.problems.length;
  const spec = specReader(obj, ctx.sink.for('L2Advertisement', name));
  const selected = selectPools(spec, pools);
  const nodeSelectors = parseSelectorList(spec, 'nodeSelectors');
  const interfaces = parseUniqueStrings(spec, 'interfaces');
  const serviceSelectors = parseSelectorList(spec, 'serviceSelectors');
  const preferredNodeSelectors = parsePreferred(spec);
  if (ctx.sink.problems.length !== before) return undefined;
  return {
    name,
    pools: selected,
    nodeSelectors,
    nodes: resolveNodes(nodeSelectors, ctx),
    interfaces,
    serviceSelectors,
    preferredNodeSelectors,
  };
}

function parsePreferred(spec: FieldReader): { weight: number; preference: LabelSelector }[] {
  const out: { weight: number; preference: LabelSelector }[] = [];
  spec.list('preferredNodeSelectors').forEach((v, i) => {
    const path = `${spec.path('preferredNodeSelectors')}[${i}]`;
    const rec = asRecord(v);
    const weight = rec?.weight;
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 1 || weight > 100) {
      spec.report.add(`${path}.weight`, 'weight must be an integer in 1-100 range');
      return;
    }
    const preference = parseSelector(rec?.preference ?? {}, `${path}.preference`, spec.report);
    if (preference !== undefined) out.push({ weight, preference });
  });
  return out;
}

/** Parses one BGPAdvertisement; undefined when it has permanent problems. */
export function bgpAdvertisementFromCR(
  obj: KubeObject,
  pools: readonly Pool[],
  communities: Readonly<Record<string, CommunityValue>>,
  ctx: BuildContext,
): BgpAdvertisement | undefined {
  const name = obj.metadata.name ?? '';
  const report = ctx.sink.for('BGPAdvertisement', name);
  const before = ctx.sink.problems.filter((p) => !p.transient).length;
  const spec = specReader(obj, report);
  const selected = selectPools(spec, pools);
  const rawAgg = spec.int('aggregationLength', -(2 ** 31), 2 ** 31 - 1);
  const rawAggV6 = spec.int('aggregationLengthV6', -(2 ** 31), 2 ** 31 - 1);
  const aggregationLength = checkAggregation(rawAgg, 32, 'IPv4', 'spec.aggregationLength', report);
  const aggregationLengthV6 = checkAggregation(
    rawAggV6,
    128,
    'IPv6',
    'spec.aggregationLengthV6',
    report,
  );
  const localPref = spec.int('localPref', 0, 2 ** 32 - 1) ?? 0;
  const resolved = resolveCommunities(
    spec.stringList('communities'),
    'spec.communities',
    communities,
    ctx.bgpMode,
    report,
  );
  const nodeSelectors = parseSelectorList(spec, 'nodeSelectors');
  const peers = parseUniqueStrings(spec, 'peers');
  const serviceSelectors = parseSelectorList(spec, 'serviceSelectors');
  if (serviceSelectors.length > 0 && (aggregationLength !== 32 || aggregationLengthV6 !== 128)) {
    report.add(
      'spec.serviceSelectors',
      'serviceSelectors and aggregationLength are mutually exclusive: a non-default aggregation length cannot be used with service selectors',
    );
  }
  for (const pool of pools.filter((p) => selected.includes(p.name))) {
    checkPoolPrefixes(pool, aggregationLength, aggregationLengthV6, ctx, report);
  }
  if (ctx.sink.problems.filter((p) => !p.transient).length !== before) return undefined;
  return {
    name,
    pools: selected,
    aggregationLength,
    aggregationLengthV6,
    localPref,
    communities: resolved,
    nodeSelectors,
    nodes: resolveNodes(nodeSelectors, ctx),
    peers,
    serviceSelectors,
  };
}

function checkAggregation(
  raw: number | undefined,
  max: number,
  family: string,
  path: string,
  report: ObjectProblems,
): number {
  if (raw === undefined) return max;
  if (raw < 1 || raw > max) {
    report.add(path, `invalid aggregation length ${raw} for ${family}`);
    return max;
  }
  return raw;
}

/**
 * MetalLB: per `addresses` entry, the aggregation length must not be shorter than the entry's
 * shortest summarised prefix (else the aggregate would cover addresses outside the pool).
 */
function checkPoolPrefixes(
  pool: Pool,
  agg: number,
  aggV6: number,
  ctx: BuildContext,
  report: ObjectProblems,
): void {
  pool.ranges.forEach((range, i) => {
    const entry = pool.addresses[i]!;
    const isV6 = range.family === 'ipv6';
    const prefixes = rangeToCidrs(range).map((c) => Number(c.slice(c.indexOf('/') + 1)));
    const lowest = Math.min(...prefixes);
    if (isV6 && ctx.bgpMode === 'native') {
      report.add(
        'spec.ipAddressPools',
        `pool ${JSON.stringify(pool.name)} has ipv6 CIDR ${entry}, native bgp mode does not support ipv6`,
      );
      return;
    }
    const limit = isV6 ? aggV6 : agg;
    if (limit < lowest) {
      report.add(
        isV6 ? 'spec.aggregationLengthV6' : 'spec.aggregationLength',
        `invalid aggregation length ${limit}: prefix ${lowest} in this pool is more specific than the aggregation length for addresses ${entry}`,
      );
    }
  });
}
