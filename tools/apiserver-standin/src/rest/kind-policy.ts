/**
 * Per-kind update policy, as each kind's registry strategy in kube declares it:
 * `AllowCreateOnUpdate` (a PUT to a missing object creates it) and `AllowUnconditionalUpdate`
 * (a PUT without metadata.resourceVersion is accepted). Also the handful of kinds the verbs
 * treat specially (Namespaces).
 */
import type { ResourceType } from '../types.js';

/** Where Namespace objects live (the `<group>/<plural>` storage convention of types.ts). */
export const NAMESPACE_STORAGE = 'core/namespaces';

function id(rt: ResourceType): string {
  return `${rt.group}/${rt.plural}`;
}

/** Kinds whose strategy allows create-on-update: Endpoints, Events (both APIs), Leases. */
const CREATE_ON_UPDATE = new Set([
  '/endpoints',
  '/events',
  'events.k8s.io/events',
  'coordination.k8s.io/leases',
]);

/**
 * Built-in kinds that refuse unconditional updates, as custom resources do: Leases (leader
 * election relies on it), CRDs and the admission configurations.
 */
const CONDITIONAL_ONLY = new Set([
  'coordination.k8s.io/leases',
  'apiextensions.k8s.io/customresourcedefinitions',
  'admissionregistration.k8s.io/validatingwebhookconfigurations',
  'admissionregistration.k8s.io/mutatingwebhookconfigurations',
]);

/** A PUT to a missing object creates it (201) instead of 404. */
export function allowsCreateOnUpdate(rt: ResourceType): boolean {
  return rt.builtin && CREATE_ON_UPDATE.has(id(rt));
}

/** A PUT without metadata.resourceVersion is an unconditional update (else 422). */
export function allowsUnconditionalUpdate(rt: ResourceType): boolean {
  return rt.builtin && !CONDITIONAL_ONLY.has(id(rt));
}

export function isNamespaceType(rt: ResourceType): boolean {
  return rt.group === '' && rt.plural === 'namespaces';
}
