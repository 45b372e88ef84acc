/**
 * What the server does to an object before storing it, as pure functions: the system fields of
 * a create (kube's `BeforeCreate`/`FillObjectMetaSystemFields`), the fields an update may not
 * change (`BeforeUpdate`, `ValidateObjectMetaUpdate`), status-subresource isolation, the
 * generation rule, and the test for a write that changes nothing.
 */
import { randomInt } from 'node:crypto';
import { badRequest, invalid } from '../errors.js';
import { clone, jsonEqual } from '../store/json.js';
import { apiVersionOf, type KubeObject, type ObjectMeta, type ResourceType } from '../types.js';
import { isNamespaceType } from './kind-policy.js';
import { rfc3339 } from './present.js';

/** kube's `names.SimpleNameGenerator`: consonants and digits that spell no words. */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const SUFFIX_LENGTH = 5;
const MAX_NAME_LENGTH = 63;

/** `generateName` plus 5 random characters, the prefix cut so the whole fits in 63. */
export function generateName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++)
    suffix += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return prefix.slice(0, MAX_NAME_LENGTH - SUFFIX_LENGTH) + suffix;
}

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

function withTypeOf(rt: ResourceType, object: KubeObject): KubeObject {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = object;
  return { apiVersion: apiVersionOf(rt), kind: rt.kind, ...rest };
}

/**
 * 400 when the body names another object than the URL (kube's `checkName`). An empty name or
 * namespace in the body is fine: the URL's is used.
 */
export function checkIdentity(
  rt: ResourceType,
  namespace: string | undefined,
  name: string | undefined,
  body: KubeObject,
): void {
  const meta = body.metadata ?? {};
  if (name !== undefined && meta.name && meta.name !== name) {
    throw badRequest(
      `the name of the object (${meta.name}) does not match the name on the URL (${name})`,
    );
  }
  if (rt.namespaced && namespace !== undefined && meta.namespace && meta.namespace !== namespace) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
}

/** A body must be a JSON object with an object `metadata`. */
export function checkBody(body: unknown): asserts body is KubeObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('the body of the request was not a JSON object');
  }
  const meta = (body as Record<string, unknown>).metadata;
  if (meta !== undefined && (typeof meta !== 'object' || meta === null || Array.isArray(meta))) {
    throw badRequest('metadata must be a JSON object');
  }
}

/** The object a create stores (before hooks), with server-set fields filled in. */
export function prepareCreate(
  rt: ResourceType,
  body: KubeObject,
  at: { namespace: string | undefined; name: string; uid: string; now: Date },
): KubeObject {
  const object = withTypeOf(rt, clone(body));
  const meta: ObjectMeta = { ...object.metadata, name: at.name };
  if (rt.namespaced) meta.namespace = at.namespace;
  else delete meta.namespace;
  meta.uid = at.uid;
  meta.creationTimestamp = rfc3339(at.now);
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  if (rt.tracksGeneration) meta.generation = 1;
  object.metadata = meta;
  // Status is the controllers' to write, through /status; a create cannot set it (Nodes can:
  // the kubelet registers its node with a status).
  if (rt.hasStatus && !(rt.group === '' && rt.plural === 'nodes')) delete object.status;
  if (isNamespaceType(rt)) prepareNamespace(object);
  return object;
}

/** Namespaces: phase Active, the `kubernetes` finalizer, the metadata.name label. */
function prepareNamespace(object: KubeObject): void {
  const spec = { ...(object.spec as Record<string, unknown> | undefined) };
  const finalizers = Array.isArray(spec.finalizers) ? [...(spec.finalizers as string[])] : [];
  if (!finalizers.includes('kubernetes')) finalizers.push('kubernetes');
  object.spec = { ...spec, finalizers };
  object.status = { phase: 'Active' };
  labelNamespace(object);
}

function labelNamespace(object: KubeObject): void {
  object.metadata.labels = {
    ...object.metadata.labels,
    [NAMESPACE_NAME_LABEL]: object.metadata.name!,
  };
}

/**
 * The object an update (PUT, PATCH, apply; main resource or /status) stores, before hooks:
 * what the client may not change is taken from `stored`.
 *
 * @throws ApiError 422 for a changed uid or a finalizer added during deletion.
 */
export function prepareUpdate(
  rt: ResourceType,
  stored: KubeObject,
  desired: KubeObject,
  subresource: 'status' | undefined,
): KubeObject {
  const name = stored.metadata.name!;
  const uid = desired.metadata?.uid;
  if (uid && uid !== stored.metadata.uid) {
    throw invalid(rt.kind, rt.group, name, [
      {
        field: 'metadata.uid',
        message: `Invalid value: ${JSON.stringify(uid)}: field is immutable`,
      },
    ]);
  }
  const base = subresource === 'status' ? clone(stored) : clone(desired);
  const next = withTypeOf(rt, base);
  if (subresource === 'status') {
    // Status writes change .status only (kube's ResetObjectMetaForStatus); managedFields
    // are the exception, as the field manager tracks the status write there.
    if (desired.status === undefined) delete next.status;
    else next.status = clone(desired.status);
  } else if (rt.hasStatus) {
    if (stored.status === undefined) delete next.status;
    else next.status = clone(stored.status);
  }
  const meta: ObjectMeta = { ...next.metadata };
  for (const field of ['name', 'namespace', 'uid', 'creationTimestamp', 'generation'] as const) {
    if (stored.metadata[field] === undefined) delete meta[field];
    else meta[field] = stored.metadata[field] as never;
  }
  for (const field of ['deletionTimestamp', 'deletionGracePeriodSeconds'] as const) {
    if (stored.metadata[field] === undefined) delete meta[field];
    else meta[field] = stored.metadata[field] as never;
  }
  const managedFields = desired.metadata?.managedFields;
  // No managedFields in the body keeps the stored ones; an empty list clears them.
  meta.managedFields = clone(managedFields ?? stored.metadata.managedFields);
  if (meta.managedFields === undefined) delete meta.managedFields;
  delete meta.resourceVersion;
  next.metadata = meta;
  checkNoNewFinalizers(rt, stored, next);
  if (isNamespaceType(rt)) labelNamespace(next);
  return next;
}

function checkNoNewFinalizers(rt: ResourceType, stored: KubeObject, next: KubeObject): void {
  if (stored.metadata.deletionTimestamp === undefined) return;
  const old = new Set(stored.metadata.finalizers ?? []);
  const added = (next.metadata.finalizers ?? []).filter((f) => !old.has(f));
  if (added.length > 0) {
    const list = added.map((f) => JSON.stringify(f)).join(', ');
    throw invalid(rt.kind, rt.group, stored.metadata.name!, [
      {
        field: 'metadata.finalizers',
        message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${list}}`,
        reason: 'FieldValueForbidden',
      },
    ]);
  }
}

/** The part of an object whose change bumps metadata.generation. */
function specPart(rt: ResourceType, object: KubeObject): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = object;
  if (rt.hasStatus) delete rest.status;
  return rest;
}

/**
 * Sets `next.metadata.generation`: stored + 1 when anything outside metadata (and outside
 * status, for kinds with a status subresource) changed; only for kinds that track generation.
 */
export function applyGeneration(rt: ResourceType, stored: KubeObject, next: KubeObject): void {
  if (!rt.tracksGeneration) return;
  const generation = stored.metadata.generation ?? 0;
  next.metadata.generation = jsonEqual(specPart(rt, stored), specPart(rt, next))
    ? generation
    : generation + 1;
}

/** managedFields without their timestamps (a write that only moves them is no change). */
function withoutFieldTimes(meta: ObjectMeta): ObjectMeta {
  const { resourceVersion: _rv, managedFields, ...rest } = meta;
  if (managedFields === undefined) return rest;
  return { ...rest, managedFields: managedFields.map(({ time: _t, ...entry }) => entry) as never };
}

/**
 * Whether storing `next` over `stored` would change nothing (apiVersion/kind, the
 * resourceVersion and managedFields timestamps aside). Such a write is not stored: no new
 * resourceVersion, no event.
 */
export function isNoopUpdate(stored: KubeObject, next: KubeObject): boolean {
  const { apiVersion: _a1, kind: _k1, metadata: m1, ...r1 } = stored;
  const { apiVersion: _a2, kind: _k2, metadata: m2, ...r2 } = next;
  return jsonEqual(r1, r2) && jsonEqual(withoutFieldTimes(m1), withoutFieldTimes(m2));
}
