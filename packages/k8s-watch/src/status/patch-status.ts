/**
 * Status writes as a real JSON merge patch. client-node 1.x sends every patch with the first
 * Content-Type in its list, `application/json-patch+json`, whatever the body looks like
 * (KUBE-API.md §0.4): a merge-style body then fails (400 on a strict server) or does the
 * wrong thing. This helper sets `application/merge-patch+json` through client-node's
 * `setHeaderOptions`, and can carry a resourceVersion precondition (409 when stale).
 */

import {
  type CoreV1Api,
  type CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  type V1Node,
  type V1Service,
} from '@kubernetes/client-node';

/** A custom resource collection, as CustomObjectsApi addresses it. */
export interface CustomResourceRef {
  group: string;
  version: string;
  plural: string;
}

/** Options of {@link patchStatus}. */
export interface PatchStatusOptions {
  /** Only patch if the object is still at this version (else 409 Conflict). */
  resourceVersion?: string;
  /** The `fieldManager` recorded in managedFields. */
  fieldManager?: string;
}

/** A JSON merge patch of `.status` (RFC 7386: `null` deletes a key, arrays are replaced). */
export type StatusPatch = Record<string, unknown>;

function body(patch: StatusPatch, options: PatchStatusOptions): Record<string, unknown> {
  return options.resourceVersion === undefined
    ? { status: patch }
    : { metadata: { resourceVersion: options.resourceVersion }, status: patch };
}

const mergePatch = (): ReturnType<typeof setHeaderOptions> =>
  setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/**
 * Merge-patches the `/status` subresource of a Service, a Node, or a custom object.
 *
 * **Gotchas:** `patch` is the patch of `.status` only (it is sent as `{"status": patch}`);
 * arrays such as `loadBalancer.ingress` are replaced whole, as RFC 7386 says. Nodes are
 * cluster-scoped: pass `undefined` as the namespace; so are cluster-scoped custom objects.
 *
 * @example
 * ```ts
 * const core = kc.makeApiClient(CoreV1Api);
 * await patchStatus(core, 'Service', 'default', 'web', {
 *   loadBalancer: { ingress: [{ ip: '192.0.2.10' }] },
 * });
 * const custom = kc.makeApiClient(CustomObjectsApi);
 * await patchStatus(custom, { group: 'metallb.io', version: 'v1beta1', plural: 'ipaddresspools' },
 *   'metallb-system', 'default', { assignedIPv4: 3 });
 * ```
 */
export function patchStatus(
  api: CoreV1Api,
  kind: 'Service',
  namespace: string,
  name: string,
  patch: StatusPatch,
  options?: PatchStatusOptions,
): Promise<V1Service>;
export function patchStatus(
  api: CoreV1Api,
  kind: 'Node',
  namespace: undefined,
  name: string,
  patch: StatusPatch,
  options?: PatchStatusOptions,
): Promise<V1Node>;
export function patchStatus(
  api: CustomObjectsApi,
  kind: CustomResourceRef,
  namespace: string | undefined,
  name: string,
  patch: StatusPatch,
  options?: PatchStatusOptions,
): Promise<Record<string, unknown>>;
export function patchStatus(
  api: CoreV1Api | CustomObjectsApi,
  kind: 'Service' | 'Node' | CustomResourceRef,
  namespace: string | undefined,
  name: string,
  patch: StatusPatch,
  options: PatchStatusOptions = {},
): Promise<unknown> {
  const common = { name, body: body(patch, options), fieldManager: options.fieldManager };
  if (kind === 'Service') {
    if (!namespace) throw new TypeError('patchStatus: a Service needs a namespace');
    return (api as CoreV1Api).patchNamespacedServiceStatus({ ...common, namespace }, mergePatch());
  }
  if (kind === 'Node') {
    return (api as CoreV1Api).patchNodeStatus(common, mergePatch());
  }
  const custom = api as CustomObjectsApi;
  const ref = { group: kind.group, version: kind.version, plural: kind.plural };
  return namespace === undefined
    ? custom.patchClusterCustomObjectStatus({ ...common, ...ref }, mergePatch())
    : custom.patchNamespacedCustomObjectStatus({ ...common, ...ref, namespace }, mergePatch());
}
