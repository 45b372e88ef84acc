/**
 * Object keys inside one storage: `<namespace>/<name>` (`/<name>` for cluster-scoped objects).
 * Lists, continue tokens and synthetic watch events all go in key order, which is the order
 * etcd keys `/registry/<resource>/<namespace>/<name>` sort in on a real server.
 */
import type { KubeObject } from '../types.js';

export function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export function keyOf(object: KubeObject): string {
  return objectKey(object.metadata.namespace, object.metadata.name ?? '');
}

/** Byte-order comparison, as etcd compares keys (all our keys are ASCII). */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
