/**
 * Test support: AdmissionReview and ConversionReview bodies as the API server sends them,
 * and a context over a fixed object list. Tests only.
 */
import type { KubeObject } from '@baremetal-lb/config';
import type { AdmissionContext } from './types.js';

/** The namespace every test uses. */
export const NS = 'metallb-system';

/** A metallb.io object of `kind` in {@link NS}. */
export function cr(
  kind: string,
  name: string,
  spec: Record<string, unknown>,
  version = 'v1beta1',
): KubeObject {
  return { apiVersion: `metallb.io/${version}`, kind, metadata: { name, namespace: NS }, spec };
}

/** A Node with labels. */
export function node(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels } };
}

/** A context over `existing`. */
export function context(
  existing: readonly KubeObject[],
  bgpMode: 'native' | 'frr' = 'frr',
): AdmissionContext {
  return { namespace: NS, bgpMode, existing: () => existing };
}

/** An AdmissionReview for `operation` on `obj` (old: the stored version for UPDATE/DELETE). */
export function admissionReviewOf(
  operation: 'CREATE' | 'UPDATE' | 'DELETE',
  obj: KubeObject,
  old?: KubeObject,
  uid = 'uid-1',
): Record<string, unknown> {
  const [group, version] = (obj.apiVersion ?? '').split('/');
  const plural = `${(obj.kind ?? '').toLowerCase()}s`;
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group, version, kind: obj.kind },
      resource: { group, version, resource: plural },
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      operation,
      object: operation === 'DELETE' ? null : obj,
      oldObject: operation === 'CREATE' ? null : (old ?? obj),
    },
  };
}

/** A ConversionReview of `objects` to `desiredAPIVersion`. */
export function conversionReviewOf(desiredAPIVersion: string, objects: unknown[], uid = 'conv-1') {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'ConversionReview',
    request: { uid, desiredAPIVersion, objects },
  };
}
