/**
 * The AdmissionReview the apiserver POSTs to a webhook (admission.k8s.io/v1, or v1beta1 for
 * webhooks that only speak that) and the checks it makes on the reply
 * (`request.VerifyAdmissionResponse`): a response, the same uid, the right kind, and no patch
 * from a validating webhook.
 */

import { randomUUID } from 'node:crypto';
import type { AdmissionAttributes } from '../types.js';
import { admissionNamespace } from './webhook-config.js';

/** Who the stand-in says made every request (a cluster admin). */
export const ADMIN_USER_INFO = Object.freeze({
  username: 'system:admin',
  groups: ['system:masters', 'system:authenticated'],
});

const OPTIONS_KIND = {
  CREATE: 'CreateOptions',
  UPDATE: 'UpdateOptions',
  DELETE: 'DeleteOptions',
} as const;

export interface BuiltReview {
  readonly uid: string;
  readonly body: Record<string, unknown>;
}

/** The review for one request, in `version` ('v1' or 'v1beta1'). */
export function buildAdmissionReview(
  attrs: AdmissionAttributes,
  version: 'v1' | 'v1beta1',
): BuiltReview {
  const uid = randomUUID();
  const { rt } = attrs;
  const kind = { group: rt.group, version: rt.version, kind: rt.kind };
  const resource = { group: rt.group, version: rt.version, resource: rt.plural };
  const namespace = admissionNamespace(attrs);
  const request: Record<string, unknown> = {
    uid,
    kind,
    resource,
    ...(attrs.subresource && { subResource: attrs.subresource }),
    requestKind: kind,
    requestResource: resource,
    ...(attrs.subresource && { requestSubResource: attrs.subresource }),
    ...(attrs.name && { name: attrs.name }),
    ...(namespace && { namespace }),
    operation: attrs.operation,
    userInfo: { ...ADMIN_USER_INFO, groups: [...ADMIN_USER_INFO.groups] },
    object: attrs.operation === 'DELETE' ? null : (attrs.object ?? null),
    oldObject: attrs.oldObject ?? null,
    dryRun: attrs.dryRun,
    options: {
      kind: OPTIONS_KIND[attrs.operation],
      apiVersion: 'meta.k8s.io/v1',
      ...(attrs.dryRun && { dryRun: ['All'] }),
    },
  };
  return {
    uid,
    body: { kind: 'AdmissionReview', apiVersion: `admission.k8s.io/${version}`, request },
  };
}

/** What a webhook decided. */
export interface AdmissionVerdict {
  readonly allowed: boolean;
  /** `response.status` (a metav1.Status), explaining a denial. */
  readonly status: Record<string, unknown> | undefined;
  readonly warnings: readonly string[];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function gvkString(apiVersion: unknown, kind: unknown): string {
  const av = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = av.indexOf('/');
  const group = slash < 0 ? '' : av.slice(0, slash);
  const version = slash < 0 ? av : av.slice(slash + 1);
  return `${group}/${version}, Kind=${typeof kind === 'string' ? kind : ''}`;
}

/**
 * Checks a webhook's reply.
 *
 * @throws Error with the apiserver's wording when the reply is not a valid answer.
 */
export function verifyAdmissionResponse(
  uid: string,
  version: 'v1' | 'v1beta1',
  reply: unknown,
): AdmissionVerdict {
  const review = record(reply) ?? {};
  const response = record(review.response);
  if (!response) throw new Error('webhook response was absent');
  if (version === 'v1') {
    if (response.uid !== uid) {
      throw new Error(`expected response.uid="${uid}", got "${String(response.uid ?? '')}"`);
    }
    if (review.apiVersion !== 'admission.k8s.io/v1' || review.kind !== 'AdmissionReview') {
      const got = gvkString(review.apiVersion, review.kind);
      throw new Error(
        `expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got ${got}`,
      );
    }
    if (typeof response.patch === 'string' && response.patch !== '') {
      throw new Error('validating webhook may not return response.patch');
    }
    if (response.patchType !== undefined && response.patchType !== null) {
      throw new Error('validating webhook may not return response.patchType');
    }
  }
  const warnings = Array.isArray(response.warnings)
    ? response.warnings.filter((w): w is string => typeof w === 'string')
    : [];
  return { allowed: response.allowed === true, status: record(response.status), warnings };
}
