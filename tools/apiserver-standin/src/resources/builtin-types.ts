/**
 * The built-in kinds the stand-in serves: what MetalLB's controller and speaker read and write,
 * and what `kubectl apply -f` of MetalLB's manifests creates. Names, short names, categories,
 * scope, verbs and subresources are those of a Kubernetes 1.32 apiserver's discovery documents
 * (kubernetes/kubernetes `api/discovery/*.json`).
 *
 * Two flags are this server's, not discovery's, and follow each kind's registry strategy in
 * `pkg/registry/<group>/<kind>/strategy.go`:
 * - `hasStatus`: the kind has a `/status` subresource, so writes to the main resource keep the
 *   stored status (Namespace, Node, Pod, Service, Deployment, DaemonSet, PodDisruptionBudget,
 *   CustomResourceDefinition).
 * - `tracksGeneration`: the strategy sets `metadata.generation` to 1 on create and bumps it on
 *   spec changes: apps/v1, CustomResourceDefinition, the admission webhook configurations,
 *   EndpointSlice and PodDisruptionBudget. No core/v1 kind does in 1.32 (Pods gained a
 *   generation only in 1.33).
 */

import type { ResourceType } from '../types.js';

/** Every verb a full CRUD resource lists, in discovery's (sorted) order. */
const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
] as const;

/** Namespaces are the one kind here without `deletecollection`. */
const NO_COLLECTION_DELETE = ALL_VERBS.filter((verb) => verb !== 'deletecollection');

interface BuiltinSpec {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly hasStatus?: boolean;
  readonly tracksGeneration?: boolean;
  readonly verbs?: readonly string[];
  /** Overrides `<group>/<plural>` (events.k8s.io Events live with core Events). */
  readonly storage?: string;
}

/** Storage key of a resource: `core/<plural>` for the core group, else `<group>/<plural>`. */
export function storageKeyOf(group: string, plural: string): string {
  return `${group === '' ? 'core' : group}/${plural}`;
}

function builtin(spec: BuiltinSpec): ResourceType {
  return Object.freeze({
    group: spec.group,
    version: 'v1',
    kind: spec.kind,
    listKind: `${spec.kind}List`,
    plural: spec.plural,
    singular: spec.kind.toLowerCase(),
    shortNames: Object.freeze([...(spec.shortNames ?? [])]),
    categories: Object.freeze([...(spec.categories ?? [])]),
    namespaced: spec.namespaced,
    hasStatus: spec.hasStatus ?? false,
    verbs: Object.freeze([...(spec.verbs ?? ALL_VERBS)]),
    storage: spec.storage ?? storageKeyOf(spec.group, spec.plural),
    builtin: true,
    tracksGeneration: spec.tracksGeneration ?? false,
  });
}

const CORE: readonly BuiltinSpec[] = [
  {
    group: '',
    kind: 'Namespace',
    plural: 'namespaces',
    namespaced: false,
    shortNames: ['ns'],
    hasStatus: true,
    verbs: NO_COLLECTION_DELETE,
  },
  {
    group: '',
    kind: 'Service',
    plural: 'services',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    hasStatus: true,
  },
  { group: '', kind: 'Endpoints', plural: 'endpoints', namespaced: true, shortNames: ['ep'] },
  { group: '', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'] },
  { group: '', kind: 'Secret', plural: 'secrets', namespaced: true },
  {
    group: '',
    kind: 'Node',
    plural: 'nodes',
    namespaced: false,
    shortNames: ['no'],
    hasStatus: true,
  },
  { group: '', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'] },
  {
    group: '',
    kind: 'Pod',
    plural: 'pods',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    hasStatus: true,
  },
  {
    group: '',
    kind: 'ServiceAccount',
    plural: 'serviceaccounts',
    namespaced: true,
    shortNames: ['sa'],
  },
];

const GROUPS: readonly BuiltinSpec[] = [
  {
    group: 'apps',
    kind: 'Deployment',
    plural: 'deployments',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    hasStatus: true,
    tracksGeneration: true,
  },
  {
    group: 'apps',
    kind: 'DaemonSet',
    plural: 'daemonsets',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    hasStatus: true,
    tracksGeneration: true,
  },
  {
    group: 'events.k8s.io',
    kind: 'Event',
    plural: 'events',
    namespaced: true,
    shortNames: ['ev'],
    // One resource behind two APIs, as on a real cluster: `kubectl describe` reads core/v1
    // Events, so what apps write through events.k8s.io must show up there too.
    storage: storageKeyOf('', 'events'),
  },
  {
    group: 'policy',
    kind: 'PodDisruptionBudget',
    plural: 'poddisruptionbudgets',
    namespaced: true,
    shortNames: ['pdb'],
    hasStatus: true,
    tracksGeneration: true,
  },
  { group: 'rbac.authorization.k8s.io', kind: 'Role', plural: 'roles', namespaced: true },
  {
    group: 'rbac.authorization.k8s.io',
    kind: 'RoleBinding',
    plural: 'rolebindings',
    namespaced: true,
  },
  {
    group: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    plural: 'clusterroles',
    namespaced: false,
  },
  {
    group: 'rbac.authorization.k8s.io',
    kind: 'ClusterRoleBinding',
    plural: 'clusterrolebindings',
    namespaced: false,
  },
  {
    group: 'admissionregistration.k8s.io',
    kind: 'ValidatingWebhookConfiguration',
    plural: 'validatingwebhookconfigurations',
    namespaced: false,
    categories: ['api-extensions'],
    tracksGeneration: true,
  },
  {
    group: 'admissionregistration.k8s.io',
    kind: 'MutatingWebhookConfiguration',
    plural: 'mutatingwebhookconfigurations',
    namespaced: false,
    categories: ['api-extensions'],
    tracksGeneration: true,
  },
  {
    group: 'apiextensions.k8s.io',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    hasStatus: true,
    tracksGeneration: true,
  },
  { group: 'coordination.k8s.io', kind: 'Lease', plural: 'leases', namespaced: true },
  {
    group: 'discovery.k8s.io',
    kind: 'EndpointSlice',
    plural: 'endpointslices',
    namespaced: true,
    tracksGeneration: true,
  },
];

/**
 * The built-in resource types, all at version v1: core/v1 first, then the named groups.
 * Frozen; `new ResourceRegistry()` serves exactly these.
 */
export const BUILTIN_TYPES: readonly ResourceType[] = Object.freeze(
  [...CORE, ...GROUPS].map(builtin),
);
