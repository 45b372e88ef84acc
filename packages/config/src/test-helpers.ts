/**
 * Builders for tests: metallb.io objects, Nodes, Namespaces and Secrets in one line each, and
 * problem lines as `validate` prints them.
 */
import { buildConfig, type ConfigSnapshot } from './build.js';
import type { KubeObject } from './kube.js';
import { formatProblem } from './problems.js';

/** A metallb.io CR in metallb-system. */
export function cr(
  kind: string,
  name: string,
  spec: Record<string, unknown>,
  extra: { labels?: Record<string, string>; namespace?: string; apiVersion?: string } = {},
): KubeObject {
  return {
    apiVersion:
      extra.apiVersion ?? (kind === 'BGPPeer' ? 'metallb.io/v1beta2' : 'metallb.io/v1beta1'),
    kind,
    metadata: {
      name,
      namespace: extra.namespace ?? 'metallb-system',
      ...(extra.labels ? { labels: extra.labels } : {}),
    },
    spec,
  };
}

/** A core/v1 object (Node, Namespace) with labels. */
export function core(kind: string, name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind, metadata: { name, labels } };
}

/** Problem lines of a build, sorted. */
export function lines(objects: KubeObject[], opts: Omit<ConfigSnapshot, 'objects'> = {}): string[] {
  return buildConfig({ objects, ...opts }).problems.map(formatProblem);
}

/** A valid pool. */
export function pool(name: string, addresses: string[], more: Record<string, unknown> = {}) {
  return cr('IPAddressPool', name, { addresses, ...more });
}
