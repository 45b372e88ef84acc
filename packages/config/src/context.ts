/**
 * What every `xFromCR` parser shares while one config is built: the problem sink, the MetalLB
 * namespace, the BGP mode, and the cluster objects selectors are resolved against.
 */
import type { KubeObject } from './kube.js';
import type { BgpMode, NodeSet } from './model.js';
import type { ProblemSink } from './problems.js';
import { anySelectorMatches, type LabelSelector } from './selectors.js';

/** Shared state of one `buildConfig` run. */
export interface BuildContext {
  readonly sink: ProblemSink;
  readonly namespace: string;
  readonly bgpMode: BgpMode;
  readonly nodes: readonly KubeObject[];
  readonly namespaces: readonly KubeObject[];
  readonly secrets: readonly KubeObject[];
}

/** Names of the objects matching any selector, sorted; `all` when there is no selector. */
export function resolveNodes(selectors: readonly LabelSelector[], ctx: BuildContext): NodeSet {
  if (selectors.length === 0) return 'all';
  return matchingNames(selectors, ctx.nodes);
}

/** Names of `objects` whose labels match any selector, sorted and unique. */
export function matchingNames(
  selectors: readonly LabelSelector[],
  objects: readonly KubeObject[],
): string[] {
  const names = new Set<string>();
  for (const o of objects) {
    if (o.metadata.name !== undefined && anySelectorMatches(selectors, o.metadata.labels)) {
      names.add(o.metadata.name);
    }
  }
  return [...names].sort();
}

/** True when two node sets can share a node. */
export function nodeSetsIntersect(a: NodeSet, b: NodeSet): boolean {
  if (a === 'all' || b === 'all') return true;
  return a.some((n) => b.includes(n));
}
