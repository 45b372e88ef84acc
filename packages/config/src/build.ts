/**
 * `buildConfig`: the one pure function from a snapshot of cluster objects to a validated
 * Config (MetalLB `config.For`). Objects are grouped by kind and sorted by name first, and
 * problems sorted last, so the result never depends on the order objects arrive in.
 */

import { bgpAdvertisementFromCR, l2AdvertisementFromCR } from './advertisements.js';
import { bfdProfileFromCR } from './bfd.js';
import { communitiesFromCR } from './communities.js';
import type { CommunityValue } from './community.js';
import type { BuildContext } from './context.js';
import { checkBgpAdvertisements, checkEchoWithIpv6, checkPeers } from './cross-checks.js';
import type { KubeObject } from './kube.js';
import { legacyToCRs, remapLegacyProblems } from './legacy.js';
import type { BfdProfile, BgpMode, Config } from './model.js';
import { peerFromCR } from './peers.js';
import { checkPools, poolFromCR } from './pools.js';
import { type ConfigProblem, ProblemSink } from './problems.js';

/** The objects a config is built from (any may be empty). */
export interface ConfigSnapshot {
  /** metallb.io CRs of every kind, the legacy ConfigMap, Secrets, Namespaces, Nodes, mixed. */
  readonly objects: readonly KubeObject[];
  /** MetalLB's namespace; default `metallb-system`. */
  readonly namespace?: string;
  /** BGP implementation to validate for; default `frr` (the most permissive). */
  readonly bgpMode?: BgpMode;
  /** Name of the legacy ConfigMap; default `config`. */
  readonly configMapName?: string;
}

/** The Config (undefined when any non-transient problem exists) and every problem found. */
export interface BuildResult {
  readonly config: Config | undefined;
  readonly problems: readonly ConfigProblem[];
}

/** The metallb.io kinds this package reads. */
export const METALLB_KINDS = [
  'IPAddressPool',
  'L2Advertisement',
  'BGPAdvertisement',
  'BGPPeer',
  'Community',
  'BFDProfile',
] as const;

function byName(a: KubeObject, b: KubeObject): number {
  const an = a.metadata.name ?? '';
  const bn = b.metadata.name ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  const aj = JSON.stringify(a);
  const bj = JSON.stringify(b);
  return aj < bj ? -1 : aj > bj ? 1 : 0;
}

function compareProblems(a: ConfigProblem, b: ConfigProblem): number {
  for (const k of ['kind', 'name', 'field', 'message'] as const) {
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  }
  return 0;
}

/** Splits the snapshot into MetalLB CRs by kind (namespace rule applied) and cluster objects. */
function partition(snapshot: ConfigSnapshot, ctx: BuildContext, crs: Map<string, KubeObject[]>) {
  const cmName = snapshot.configMapName ?? 'config';
  for (const obj of snapshot.objects) {
    const kind = obj.kind ?? '';
    const isMetallb = (obj.apiVersion ?? '').startsWith('metallb.io/');
    if (isMetallb && (METALLB_KINDS as readonly string[]).includes(kind)) {
      const name = obj.metadata.name;
      if (name === undefined || name === '') {
        ctx.sink.add(kind, '', 'metadata.name', 'name is required');
        continue;
      }
      const ns = obj.metadata.namespace;
      if (ns !== undefined && ns !== ctx.namespace) {
        ctx.sink.add(
          kind,
          name,
          'metadata.namespace',
          `resource must be created in ${ctx.namespace} namespace`,
        );
        continue;
      }
      crs.get(kind)!.push(obj);
    } else if (kind === 'ConfigMap' && obj.metadata.name === cmName) {
      const ns = obj.metadata.namespace;
      if (ns !== undefined && ns !== ctx.namespace) continue;
      for (const cr of legacyToCRs(obj, ctx)) crs.get(cr.kind!)!.push(cr);
    }
  }
}

/**
 * Builds the typed Config from a snapshot, collecting every problem.
 *
 * When to use: on every change of a watched object (controller, speaker) and offline
 * (`validate`). Gotchas: transient problems (unknown BFD profile, missing Secret, unknown
 * community alias) leave `config` defined: MetalLB keeps the last good config and retries.
 *
 * @example
 * const { config, problems } = buildConfig({ objects: parseManifests(yamlText) });
 */
export function buildConfig(snapshot: ConfigSnapshot): BuildResult {
  const kindOf = (k: string) =>
    snapshot.objects.filter((o) => o.kind === k && (o.apiVersion ?? 'v1') === 'v1');
  const ctx: BuildContext = {
    sink: new ProblemSink(),
    namespace: snapshot.namespace ?? 'metallb-system',
    bgpMode: snapshot.bgpMode ?? 'frr',
    nodes: kindOf('Node'),
    namespaces: kindOf('Namespace'),
    secrets: kindOf('Secret'),
  };
  const crs = new Map<string, KubeObject[]>(METALLB_KINDS.map((k) => [k, []]));
  partition(snapshot, ctx, crs);
  for (const list of crs.values()) list.sort(byName);
  const config = buildFromCRs(crs, ctx);
  const problems = remapLegacyProblems(ctx.sink.problems, crs).sort(compareProblems);
  const invalid = problems.some((p) => !p.transient);
  return { config: invalid ? undefined : config, problems };
}

function buildFromCRs(crs: Map<string, KubeObject[]>, ctx: BuildContext): Config {
  const communities: Record<string, CommunityValue> = {};
  for (const o of crs.get('Community')!) communitiesFromCR(o, ctx, communities);
  const bfdProfiles: BfdProfile[] = [];
  for (const o of crs.get('BFDProfile')!) {
    const p = bfdProfileFromCR(o, ctx);
    if (p === undefined) continue;
    if (bfdProfiles.some((b) => b.name === p.name)) {
      ctx.sink.add('BFDProfile', p.name, 'metadata.name', 'found duplicate bfd profile name');
    } else bfdProfiles.push(p);
  }
  const pools = checkPools(
    crs.get('IPAddressPool')!.map((o) => poolFromCR(o, ctx)),
    ctx,
  );
  const l2Advertisements = crs
    .get('L2Advertisement')!
    .map((o) => l2AdvertisementFromCR(o, pools, ctx))
    .filter((a) => a !== undefined);
  const bgpAdvertisements = checkBgpAdvertisements(
    crs
      .get('BGPAdvertisement')!
      .map((o) => bgpAdvertisementFromCR(o, pools, communities, ctx))
      .filter((a) => a !== undefined),
    pools,
    ctx,
  );
  const bfdNames = new Set(bfdProfiles.map((b) => b.name));
  const peers = checkPeers(
    crs
      .get('BGPPeer')!
      .map((o) => peerFromCR(o, bfdNames, ctx))
      .filter((p) => p !== undefined),
    ctx,
  );
  checkEchoWithIpv6(bgpAdvertisements, pools, peers, bfdProfiles, ctx);
  return { pools, l2Advertisements, bgpAdvertisements, peers, bfdProfiles, communities };
}
