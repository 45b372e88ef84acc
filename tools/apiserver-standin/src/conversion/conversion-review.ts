/**
 * The ConversionReview exchange with a CRD's conversion webhook, as apiextensions-apiserver's
 * webhook converter (pkg/apiserver/conversion/webhook_converter.go) makes and checks it: the
 * request carries a fresh uid, the desired apiVersion and the objects to convert; the reply
 * must echo the uid, say `result.status: Success` and return as many objects of the desired
 * apiVersion and the same kind, name, namespace and uid. Of a converted object's metadata
 * only labels and annotations are taken; the rest is restored from the original.
 *
 * Pure: no HTTP here (webhook-converter.ts posts). Errors are thrown as plain Errors worded as
 * the Go converter words them, without the `conversion webhook for ... failed` prefix, which
 * the caller adds.
 */

import type { KubeObject } from '../types.js';

/** The ConversionReview versions the stand-in speaks (the group is apiextensions.k8s.io). */
export type ReviewVersion = 'v1' | 'v1beta1';

/** v1 when the CRD lists it, else v1beta1; undefined when it lists neither. */
export function reviewVersionFor(listed: readonly string[]): ReviewVersion | undefined {
  if (listed.includes('v1')) return 'v1';
  return listed.includes('v1beta1') ? 'v1beta1' : undefined;
}

/** The request body. */
export function conversionReview(
  version: ReviewVersion,
  uid: string,
  desiredAPIVersion: string,
  objects: readonly KubeObject[],
): Record<string, unknown> {
  return {
    apiVersion: `apiextensions.k8s.io/${version}`,
    kind: 'ConversionReview',
    request: { uid, desiredAPIVersion, objects },
  };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * The converted objects of a reply (getConvertedObjectsFromResponse).
 *
 * @throws Error for a reply of another kind, a missing response, another uid, a failure result.
 */
export function convertedObjectsOf(version: ReviewVersion, uid: string, reply: unknown): unknown[] {
  const review = record(reply) ?? {};
  const expected = `apiextensions.k8s.io/${version}, Kind=ConversionReview`;
  const got = `${String(review.apiVersion ?? '')}, Kind=${String(review.kind ?? '')}`;
  if (got !== expected) throw new Error(`expected webhook response of ${expected}, got ${got}`);
  const response = record(review.response);
  if (response === undefined) throw new Error('no response provided');
  const replyUid = typeof response.uid === 'string' ? response.uid : '';
  if (replyUid !== uid) throw new Error(`expected response.uid="${uid}", got "${replyUid}"`);
  const result = record(response.result) ?? {};
  if (result.status !== 'Success') {
    if (typeof result.message === 'string' && result.message !== '') {
      throw new Error(result.message);
    }
    throw new Error(`response.result.status was '${String(result.status ?? '')}', not 'Success'`);
  }
  return Array.isArray(response.convertedObjects) ? response.convertedObjects : [];
}

/** validateConvertedObject: the identity a webhook may not change. */
function checkIdentity(original: KubeObject, converted: KubeObject): string | undefined {
  const a = original.metadata ?? {};
  const b = record(converted.metadata) ?? {};
  const pairs: [string, unknown, unknown][] = [
    ['kind', original.kind ?? '', converted.kind ?? ''],
    ['name', a.name ?? '', b.name ?? ''],
    ['namespace', a.namespace ?? '', b.namespace ?? ''],
    ['UID', a.uid ?? '', b.uid ?? ''],
  ];
  for (const [what, e, g] of pairs) {
    if (e !== g) return `must have the same ${what}: ${String(e)} != ${String(g)}`;
  }
  return undefined;
}

/**
 * restoreObjectMeta: the original's metadata with the converted labels and annotations.
 * @throws Error when the converted metadata is missing or not string maps.
 */
function restoredMetadata(original: KubeObject, converted: KubeObject): KubeObject['metadata'] {
  const response = record(converted.metadata);
  if (response === undefined) {
    throw new Error(
      converted.metadata === undefined
        ? 'missing metadata in converted object'
        : 'invalid metadata in converted object',
    );
  }
  const metadata: KubeObject['metadata'] = structuredClone(original.metadata ?? {});
  for (const field of ['labels', 'annotations'] as const) {
    const value = response[field];
    if (value === undefined || value === null) {
      delete metadata[field];
      continue;
    }
    const map = record(value);
    if (map === undefined) throw new Error(`invalid metadata.${field} in converted object`);
    for (const [k, v] of Object.entries(map)) {
      if (typeof v !== 'string') {
        throw new Error(
          `metadata.${field}[${k}] must be a string, but is ${typeof v} in converted object`,
        );
      }
    }
    metadata[field] = { ...(map as Record<string, string>) };
  }
  return metadata;
}

/**
 * One converted object, checked against its original (apiVersion, kind, identity) with the
 * original metadata restored. `where` names it in errors: `object at index 0` for a single
 * object, `converted object at index N` for a list, as the Go converter words them.
 *
 * @throws Error `returned invalid <where>: ...` or `returned invalid metadata...`.
 */
export function checkedConversion(
  original: KubeObject,
  raw: unknown,
  desiredAPIVersion: string,
  index: number,
  inList: boolean,
): KubeObject {
  const where = inList ? `converted object at index ${index}` : 'object';
  const converted = record(raw) as KubeObject | undefined;
  if (converted === undefined) {
    throw new Error(`returned invalid ${where}: Object 'Kind' is missing in converted object`);
  }
  const at = inList ? where : `${where} at index 0`;
  if (converted.apiVersion !== desiredAPIVersion) {
    throw new Error(
      `returned invalid ${at}: invalid groupVersion (expected ${desiredAPIVersion}, received ${String(converted.apiVersion ?? '')})`,
    );
  }
  if (converted.kind !== original.kind) {
    throw new Error(
      `returned invalid ${at}: invalid kind (expected ${String(original.kind)}, received ${String(converted.kind ?? '')})`,
    );
  }
  const wrong = checkIdentity(original, converted);
  if (wrong !== undefined) throw new Error(`returned invalid ${where}: ${wrong}`);
  let metadata: KubeObject['metadata'];
  try {
    metadata = restoredMetadata(original, converted);
  } catch (err) {
    const shown = inList ? `metadata in object at index ${index}` : 'metadata';
    throw new Error(`returned invalid ${shown}: ${(err as Error).message}`);
  }
  return { ...converted, metadata };
}
