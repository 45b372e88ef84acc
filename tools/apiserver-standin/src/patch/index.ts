/**
 * Patches and server-side apply for the API stand-in. One entry per patch Content-Type:
 *
 * - `application/json-patch+json`: {@link applyJsonPatch} (RFC 6902, json-patch.ts).
 * - `application/merge-patch+json`: {@link applyMergePatch} (RFC 7386, merge-patch.ts).
 * - `application/strategic-merge-patch+json`: {@link applyStrategicMergePatch} (strategic/),
 *   built-in kinds only: the caller answers 415 when {@link patchMetaFor} has no table.
 * - `application/apply-patch+yaml`: {@link serverSideApply} (apply/), with per-field
 *   ownership in `metadata.managedFields`, conflicts and pruning as structured-merge-diff does.
 *
 * Every other write records its ownership with {@link recordUpdate}. Both patch styles read
 * a kind's shape from a {@link PatchMeta}: hand-written tables for the built-in kinds
 * (meta/builtin-meta.ts, from the Go struct tags and OpenAPI markers) or one derived from a
 * CRD version's schema ({@link patchMetaFromSchema}).
 *
 * All functions are pure: they never change their arguments, and they throw `ApiError`s worded
 * as the real apiserver words them.
 *
 * @example
 * ```ts
 * const meta = patchMetaFor('', 'Service')!;
 * const patched = applyStrategicMergePatch(service, {
 *   spec: { '$setElementOrder/ports': [{ port: 80 }], ports: [{ port: 80, targetPort: 9090 }] },
 * }, meta);
 * ```
 */

export { type ServerSideApplyOptions, serverSideApply } from './apply/apply.js';
export { type RecordUpdateOptions, recordUpdate } from './apply/record-update.js';
export { PATCH_CONTENT_TYPES, type PatchType, patchTypeOf } from './content-type.js';
export { applyJsonPatch } from './json-patch.js';
export { applyMergePatch } from './merge-patch.js';
export { patchMetaFor } from './meta/builtin-meta.js';
export type { FieldMeta, PatchMeta } from './meta/field-meta.js';
export { patchMetaFromSchema } from './meta/schema-meta.js';
export { applyStrategicMergePatch } from './strategic/merge.js';
