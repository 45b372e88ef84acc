/**
 * Patch metadata of the built-in kinds the stand-in serves, from the Go struct tags
 * (`patchStrategy`, `patchMergeKey`) and OpenAPI markers (`+listType`, `+listMapKey`,
 * `+structType`, `+mapType`, `+default`) in k8s.io/api. Kinds without a single merge key (the
 * RBAC kinds, Lease, ConfigMap) still get strategic merge patch: there it merges maps like a
 * JSON merge patch and replaces every list.
 */

import { POD_SPEC, POD_STATUS, POD_TEMPLATE, PROTOCOL_DEFAULT_TCP } from './builtin-pod.js';
import type { FieldMeta, PatchMeta } from './field-meta.js';
import {
  ATOMIC_OBJECT,
  applyOnlyMap,
  CONDITIONS,
  kindRoot,
  LABEL_SELECTOR,
  MERGED_SET,
  mergeList,
  STRING_MAP,
  struct,
} from './shapes.js';

const SERVICE = kindRoot({
  spec: struct({
    ports: mergeList('port', PROTOCOL_DEFAULT_TCP, { listMapKeys: ['port', 'protocol'] }),
    selector: ATOMIC_OBJECT,
  }),
  status: struct({ loadBalancer: struct({}), conditions: CONDITIONS }),
});

const NODE = kindRoot({
  spec: struct({ podCIDRs: MERGED_SET }),
  status: struct({
    capacity: STRING_MAP,
    allocatable: STRING_MAP,
    conditions: CONDITIONS,
    addresses: mergeList('type'),
  }),
});

const NAMESPACE = kindRoot({ spec: struct({}), status: struct({ conditions: CONDITIONS }) });

const CORE_EVENT = kindRoot({ involvedObject: ATOMIC_OBJECT, related: ATOMIC_OBJECT });

const EVENTS_EVENT = kindRoot({ regarding: ATOMIC_OBJECT, related: ATOMIC_OBJECT });

const WORKLOAD_STATUS = struct({ conditions: CONDITIONS });

const DEPLOYMENT = kindRoot({
  spec: struct({
    selector: LABEL_SELECTOR,
    template: POD_TEMPLATE,
    strategy: { alwaysPresent: true, patchStrategy: 'retainKeys' },
  }),
  status: WORKLOAD_STATUS,
});

const DAEMON_SET = kindRoot({
  spec: struct({ selector: LABEL_SELECTOR, template: POD_TEMPLATE }),
  status: WORKLOAD_STATUS,
});

const ROLE = kindRoot();
const BINDING = kindRoot({ roleRef: ATOMIC_OBJECT });

const CRD = kindRoot({
  spec: struct({}),
  status: struct({ conditions: applyOnlyMap(['type']), acceptedNames: struct({}) }),
});

const WEBHOOK: FieldMeta = {
  fields: {
    matchConditions: mergeList('name'),
    namespaceSelector: LABEL_SELECTOR,
    objectSelector: LABEL_SELECTOR,
  },
};

const builtin = (root: FieldMeta, statusSubresource = false): PatchMeta => ({
  root,
  builtin: true,
  statusSubresource,
});

/** Keyed by `<group>/<Kind>` ('' for the core group). */
const BUILTIN: ReadonlyMap<string, PatchMeta> = new Map([
  ['/Namespace', builtin(NAMESPACE, true)],
  ['/Service', builtin(SERVICE, true)],
  ['/Node', builtin(NODE, true)],
  ['/Pod', builtin(kindRoot({ spec: POD_SPEC, status: POD_STATUS }), true)],
  ['/ConfigMap', builtin(kindRoot({ data: STRING_MAP, binaryData: STRING_MAP }))],
  ['/Secret', builtin(kindRoot({ data: STRING_MAP, stringData: STRING_MAP }))],
  ['/Event', builtin(CORE_EVENT)],
  ['/Endpoints', builtin(kindRoot())],
  ['/ServiceAccount', builtin(kindRoot({ secrets: mergeList('name', ATOMIC_OBJECT) }))],
  ['discovery.k8s.io/EndpointSlice', builtin(kindRoot())],
  ['coordination.k8s.io/Lease', builtin(kindRoot({ spec: struct({}) }))],
  ['events.k8s.io/Event', builtin(EVENTS_EVENT)],
  ['apps/Deployment', builtin(DEPLOYMENT, true)],
  ['apps/DaemonSet', builtin(DAEMON_SET, true)],
  ['rbac.authorization.k8s.io/ClusterRole', builtin(ROLE)],
  ['rbac.authorization.k8s.io/Role', builtin(ROLE)],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', builtin(BINDING)],
  ['rbac.authorization.k8s.io/RoleBinding', builtin(BINDING)],
  ['apiextensions.k8s.io/CustomResourceDefinition', builtin(CRD, true)],
  [
    'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
    builtin(kindRoot({ webhooks: mergeList('name', WEBHOOK) })),
  ],
]);

/**
 * Patch metadata of a built-in kind the stand-in serves, or undefined for any other kind
 * (custom resources: the caller answers strategic merge patch with 415).
 *
 * @param group API group, '' for core.
 * @param kind The kind, e.g. `Service`.
 */
export function patchMetaFor(group: string, kind: string): PatchMeta | undefined {
  return BUILTIN.get(`${group}/${kind}`);
}
