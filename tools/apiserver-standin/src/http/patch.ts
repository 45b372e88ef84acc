/**
 * PATCH, by Content-Type: JSON patch (RFC 6902), merge patch (RFC 7386), strategic merge patch
 * (built-in kinds only; a custom resource gets the real server's 415) and server-side apply
 * (creates the object when absent, answering 201). The patch is applied inside the store's
 * `modify`, to the current object, so a concurrent write can't slip between read and write; a
 * resourceVersion the patch sets that differs from the stored one is a 409 there.
 */

import { badRequest, invalid } from '../errors.js';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  type PatchMeta,
  type PatchType,
  patchMetaFor,
  patchMetaFromSchema,
  patchTypeOf,
  recordUpdate,
  serverSideApply,
} from '../patch/index.js';
import { apiVersionOf, type KubeObject, type ResourceType } from '../types.js';
import { decodePatchBody, readBody } from './body.js';
import { type ResourceRequest, rfc3339Seconds } from './context.js';
import { fieldManagerFor } from './field-manager.js';
import { negotiateOutput, unsupportedPatchType } from './media.js';
import { asTypedObject, checkName, ensureNamespace } from './object-checks.js';
import { parseWriteParams, type WriteParams } from './query.js';
import { sendObject } from './respond.js';
import { settleIfFollowed } from './write.js';

/** The patch type of the request, or the 415 the resource answers for it. */
function patchTypeFor(rt: ResourceType, contentType: string | undefined): PatchType {
  const type = contentType === undefined ? undefined : patchTypeOf(contentType);
  const strategicAllowed = rt.builtin && patchMetaFor(rt.group, rt.kind) !== undefined;
  if (type === undefined || (type === 'strategic' && !strategicAllowed)) {
    throw unsupportedPatchType(strategicAllowed);
  }
  return type;
}

/** PatchOptions as patch.go validates them: apply needs a manager, force is apply-only. */
function patchParams(r: ResourceRequest, type: PatchType): WriteParams & { manager: string } {
  const params = parseWriteParams(r.params, 'PatchOptions');
  if (type === 'apply' && params.fieldManager === undefined) {
    throw invalid('PatchOptions', 'meta.k8s.io', '', [
      {
        field: 'fieldManager',
        reason: 'FieldValueRequired',
        message: 'Required value: is required for apply patch',
      },
    ]);
  }
  if (type !== 'apply' && params.force !== undefined) {
    throw invalid('PatchOptions', 'meta.k8s.io', '', [
      {
        field: 'force',
        reason: 'FieldValueForbidden',
        message: 'Forbidden: may not be specified for non-apply patch',
      },
    ]);
  }
  return { ...params, manager: fieldManagerFor(params.fieldManager, r.req.headers['user-agent']) };
}

function metaFor(rt: ResourceType): PatchMeta {
  return (
    (rt.builtin ? patchMetaFor(rt.group, rt.kind) : undefined) ??
    patchMetaFromSchema(rt.schema, { statusSubresource: rt.hasStatus })
  );
}

/** PATCH of an object or of its /status. */
export async function patchObject(r: ResourceRequest): Promise<void> {
  const { rt, path } = r;
  const media = negotiateOutput(r.req.headers.accept, { allowTable: false });
  const type = patchTypeFor(rt, r.req.headers['content-type']);
  const params = patchParams(r, type);
  const patch = decodePatchBody(await readBody(r.req, r.ctx.maxBodyBytes), type === 'apply');
  const subresource = path.subresource === 'status' ? 'status' : undefined;
  const time = rfc3339Seconds(r.ctx.now());
  const applied = type === 'apply' ? appliedObject(r, patch) : undefined;
  const compute = (current: KubeObject | undefined): KubeObject => {
    let next: KubeObject;
    if (applied !== undefined) {
      next = serverSideApply(current, applied, {
        manager: params.manager,
        force: params.force ?? false,
        apiVersion: apiVersionOf(rt),
        now: time,
        meta: metaFor(rt),
        subresource,
        // An apply that creates must be of this kind, not only of this apiVersion.
        kind: rt.kind,
        hasStatusSubresource: rt.hasStatus,
      });
    } else if (current === undefined) {
      // Not reached: only apply asks modify to create.
      throw badRequest('patch of a missing object');
    } else {
      const patched =
        type === 'json'
          ? applyJsonPatch(current, patch)
          : type === 'merge'
            ? applyMergePatch(current, patch)
            : applyStrategicMergePatch(current, patch, metaFor(rt));
      // Non-apply patches are Update operations in managedFields, as PUTs are.
      next = recordUpdate(current, checkedResult(r, patched), {
        manager: params.manager,
        apiVersion: apiVersionOf(rt),
        now: time,
        subresource,
        // Custom resources: track list items by their schema's keys, not as whole values.
        ...(!rt.builtin && { meta: metaFor(rt) }),
        hasStatusSubresource: rt.hasStatus,
      });
    }
    return checkedResult(r, next);
  };
  const { object, created } = await r.ctx.store.modify(rt, path.namespace, path.name!, compute, {
    createIfMissing: type === 'apply',
    dryRun: params.dryRun,
    fieldManager: params.manager,
    fieldValidation: params.fieldValidation,
    subresource,
    readOnlyResult: true,
  });
  if (!params.dryRun) await settleIfFollowed(r);
  sendObject(r.res, created ? 201 : 200, object, media.format);
}

/** An apply body: an object of this resource's apiVersion/kind naming the URL's object. */
function appliedObject(r: ResourceRequest, patch: unknown): KubeObject {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw badRequest('error decoding YAML: the apply patch must be a single object');
  }
  const body = patch as Record<string, unknown>;
  const object = asTypedObject(r.rt, body);
  // Server-side apply needs the type meta spelled out, as the real server does.
  if (body.apiVersion === undefined || body.kind === undefined) {
    throw badRequest(
      `invalid object type: ${body.apiVersion === undefined ? '' : String(body.apiVersion)}, Kind=${body.kind === undefined ? '' : String(body.kind)}`,
    );
  }
  ensureNamespace(r.rt, object, r.path.namespace);
  if (object.metadata.name !== undefined && object.metadata.name !== '') {
    checkName(object, r.path.name!);
  } else {
    object.metadata.name = r.path.name!;
  }
  return object;
}

/** What the patch produced must still be this object, of this type. */
function checkedResult(r: ResourceRequest, next: unknown): KubeObject {
  if (typeof next !== 'object' || next === null || Array.isArray(next)) {
    throw badRequest('the patch produced something that is not an object');
  }
  const object = asTypedObject(r.rt, next as Record<string, unknown>);
  ensureNamespace(r.rt, object, r.path.namespace);
  checkName(object, r.path.name!);
  return object;
}
