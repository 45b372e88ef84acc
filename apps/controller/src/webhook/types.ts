/**
 * The wire shapes the webhooks speak (admission.k8s.io/v1 AdmissionReview,
 * apiextensions.k8s.io/v1 ConversionReview) and what the admission logic is given about the
 * cluster. Types only: the logic lives in `admission.ts` and `conversion-review.ts`.
 */
import type { KubeObject } from '@baremetal-lb/config';

/** What `reviewAdmission` knows about the cluster; the controller feeds it from its caches. */
export interface AdmissionContext {
  /** MetalLB's namespace: config objects anywhere else are refused. */
  readonly namespace: string;
  /** BGP implementation the config is validated for. */
  readonly bgpMode: 'native' | 'frr';
  /**
   * The current metallb.io objects of `namespace` plus every Node, each carrying `apiVersion`
   * and `kind` (list items from client-node lack them: set them when caching). Called once
   * per review; objects of other namespaces are ignored.
   */
  existing(): readonly KubeObject[];
}

/** A metav1.Status as a webhook response carries it. */
export interface ReviewStatus {
  readonly code: number;
  readonly message: string;
  readonly reason?: string;
}

/** The `response` of an admission.k8s.io/v1 AdmissionReview. */
export interface AdmissionResponse {
  readonly uid: string;
  readonly allowed: boolean;
  /** Present when denied: code 403 (a rule), 400 (an unreadable request), 500 (our failure). */
  readonly status?: ReviewStatus;
  readonly warnings?: readonly string[];
}

/** An admission.k8s.io/v1 AdmissionReview carrying a response. */
export interface AdmissionReviewResponse {
  readonly apiVersion: 'admission.k8s.io/v1';
  readonly kind: 'AdmissionReview';
  readonly response: AdmissionResponse;
}

/** The `response` of an apiextensions.k8s.io/v1 ConversionReview. */
export interface ConversionResponse {
  readonly uid: string;
  readonly convertedObjects: readonly Record<string, unknown>[];
  readonly result:
    | { readonly status: 'Success' }
    | { readonly status: 'Failure'; readonly message: string };
}

/** An apiextensions.k8s.io/v1 ConversionReview carrying a response. */
/**
 * The ConversionReview versions the webhook reads. MetalLB's bgppeers CRD lists
 * `conversionReviewVersions: [v1beta1, v1beta2]`, so the API server (which takes the first one
 * it knows) sends v1beta1; the request and response shapes are the same as v1's.
 */
export type ConversionReviewVersion = 'apiextensions.k8s.io/v1' | 'apiextensions.k8s.io/v1beta1';

export interface ConversionReviewResponse {
  /** The request's version, echoed: the API server expects its own back. */
  readonly apiVersion: ConversionReviewVersion;
  readonly kind: 'ConversionReview';
  readonly response: ConversionResponse;
}
