/**
 * Reading an admission.k8s.io/v1 AdmissionReview request, and building its response. Kept
 * apart from the rules (`admission.ts`) so the server can tell garbage (HTTP 400) from a
 * request that is merely denied (HTTP 200, allowed: false).
 */
import type { AdmissionResponse, AdmissionReviewResponse } from './types.js';

/** Admission operations, as the API server names them. */
export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** The parts of an AdmissionReview request the webhooks read. */
export interface AdmissionRequest {
  readonly uid: string;
  /** `request.kind`: the group, version and kind the object was sent as. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly operation: AdmissionOperation;
  /** `request.namespace` (the object's own metadata.namespace may be absent). */
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  /** The new object (CREATE, UPDATE); absent for DELETE. */
  readonly object: Record<string, unknown> | undefined;
  /** The stored object (UPDATE, DELETE). */
  readonly oldObject: Record<string, unknown> | undefined;
}

const OPERATIONS: readonly string[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The request of an admission.k8s.io/v1 AdmissionReview, or why the body is not one. */
export function readAdmissionRequest(review: unknown): AdmissionRequest | string {
  const rec = asRecord(review);
  if (rec === undefined) return 'body is not a JSON object';
  if (rec.kind !== 'AdmissionReview' || typeof rec.apiVersion !== 'string') {
    return 'body is not an AdmissionReview';
  }
  if (rec.apiVersion !== 'admission.k8s.io/v1') {
    return `unsupported AdmissionReview version ${JSON.stringify(rec.apiVersion)}`;
  }
  const req = asRecord(rec.request);
  if (req === undefined) return 'admission request is missing';
  if (typeof req.uid !== 'string' || req.uid === '') return 'admission request has no uid';
  const kind = asRecord(req.kind);
  if (kind === undefined || typeof kind.kind !== 'string') {
    return 'admission request has no kind';
  }
  if (typeof req.operation !== 'string' || !OPERATIONS.includes(req.operation)) {
    return `admission request has an unknown operation ${JSON.stringify(req.operation ?? '')}`;
  }
  for (const field of ['object', 'oldObject'] as const) {
    const v = req[field];
    if (v !== undefined && v !== null && asRecord(v) === undefined) {
      return `admission request ${field} is not an object`;
    }
  }
  return {
    uid: req.uid,
    group: typeof kind.group === 'string' ? kind.group : '',
    version: typeof kind.version === 'string' ? kind.version : '',
    kind: kind.kind,
    operation: req.operation as AdmissionOperation,
    namespace: optionalString(req.namespace),
    name: optionalString(req.name),
    object: asRecord(req.object),
    oldObject: asRecord(req.oldObject),
  };
}

/** Wraps a response in its AdmissionReview. */
export function admissionReview(response: AdmissionResponse): AdmissionReviewResponse {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}

/** Allowed, with warnings kubectl prints (`Warning: ...`) when there are any. */
export function allow(uid: string, warnings: readonly string[] = []): AdmissionReviewResponse {
  return admissionReview(
    warnings.length > 0 ? { uid, allowed: true, warnings } : { uid, allowed: true },
  );
}

/** Denied by a rule: 403 Forbidden, as controller-runtime's `admission.Denied`. */
export function deny(uid: string, message: string): AdmissionReviewResponse {
  return admissionReview({
    uid,
    allowed: false,
    status: { code: 403, reason: 'Forbidden', message },
  });
}

/** The request itself is unusable: 400, as controller-runtime's `admission.Errored(400, err)`. */
export function reject(uid: string, message: string): AdmissionReviewResponse {
  return admissionReview({ uid, allowed: false, status: { code: 400, message } });
}
