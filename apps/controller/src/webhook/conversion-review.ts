/**
 * The CRD conversion webhook (`/convert`): an apiextensions.k8s.io/v1 or v1beta1 ConversionReview
 * in (MetalLB's CRD asks the API server for v1beta1), the same review version with a response
 * out, as controller-runtime's handler answers. Only BGPPeer has two served versions in MetalLB, so only
 * BGPPeer converts. As controller-runtime's handler does, one unconvertible object fails the
 * whole review (result Failure with its message, no objects).
 */
import { BgpPeerConversionError, convertBgpPeer } from './bgppeer-conversion.js';
import type { ConversionReviewResponse, ConversionReviewVersion } from './types.js';

const REVIEW_VERSIONS: readonly string[] = [
  'apiextensions.k8s.io/v1',
  'apiextensions.k8s.io/v1beta1',
] satisfies ConversionReviewVersion[];

/** The parts of a ConversionReview request this webhook reads. */
export interface ConversionRequest {
  /** The review's own apiVersion, echoed in the response. */
  readonly reviewVersion: ConversionReviewVersion;
  readonly uid: string;
  readonly desiredAPIVersion: string;
  readonly objects: readonly unknown[];
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/**
 * The request of a ConversionReview, or why the body is not one (the server answers 400).
 */
export function readConversionRequest(review: unknown): ConversionRequest | string {
  const rec = asRecord(review);
  if (rec === undefined) return 'body is not a JSON object';
  if (rec.kind !== 'ConversionReview' || typeof rec.apiVersion !== 'string') {
    return 'body is not a ConversionReview';
  }
  if (!REVIEW_VERSIONS.includes(rec.apiVersion)) {
    return `unsupported ConversionReview version ${JSON.stringify(rec.apiVersion)}`;
  }
  const req = asRecord(rec.request);
  if (req === undefined) return 'conversion request is missing';
  if (typeof req.uid !== 'string' || req.uid === '') return 'conversion request has no uid';
  if (typeof req.desiredAPIVersion !== 'string') {
    return 'conversion request has no desiredAPIVersion';
  }
  const objects = req.objects ?? [];
  if (!Array.isArray(objects)) return 'conversion request objects is not a list';
  return {
    reviewVersion: rec.apiVersion as ConversionReviewVersion,
    uid: req.uid,
    desiredAPIVersion: req.desiredAPIVersion,
    objects,
  };
}

/**
 * Converts every object of a ConversionReview to its desiredAPIVersion.
 *
 * When to use: the `/convert` handler. Gotchas: a body that is not a ConversionReview gets a
 * Failure response with an empty uid; the server checks {@link readConversionRequest} first
 * and answers 400 instead.
 *
 * @example
 * const reply = convertReview(JSON.parse(body));
 * reply.response.result.status; // 'Success' | 'Failure'
 */
export function convertReview(review: unknown): ConversionReviewResponse {
  const req = readConversionRequest(review);
  const reply = (response: ConversionReviewResponse['response']): ConversionReviewResponse => ({
    apiVersion: typeof req === 'string' ? 'apiextensions.k8s.io/v1' : req.reviewVersion,
    kind: 'ConversionReview',
    response,
  });
  if (typeof req === 'string') {
    return reply({ uid: '', convertedObjects: [], result: { status: 'Failure', message: req } });
  }
  try {
    const convertedObjects = req.objects.map((o) => convertBgpPeer(o, req.desiredAPIVersion));
    return reply({ uid: req.uid, convertedObjects, result: { status: 'Success' } });
  } catch (err) {
    if (!(err instanceof BgpPeerConversionError)) throw err;
    return reply({
      uid: req.uid,
      convertedObjects: [],
      result: { status: 'Failure', message: err.message },
    });
  }
}
