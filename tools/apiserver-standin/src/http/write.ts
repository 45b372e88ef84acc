/**
 * The write verbs other than PATCH: POST (create, 201), PUT (update of the object or its
 * /status: 200, or 201 where the kind creates on update), DELETE (200 with the deleted object,
 * or the object now carrying deletionTimestamp) and DELETE on a collection. Each decodes and
 * checks the body here; the store records `managedFields` under the request's field manager.
 */

import { ApiError, badRequest, invalid, type StatusCause } from '../errors.js';
import type { DeleteOptions } from '../rest/index.js';
import { apiVersionOf, type KubeObject } from '../types.js';
import { decodeObjectBody, readBody } from './body.js';
import type { ResourceRequest } from './context.js';
import { CRD_STORAGE } from './crd-sync.js';
import { fieldManagerFor } from './field-manager.js';
import { bodyFormatOf, negotiateOutput } from './media.js';
import { asTypedObject, checkName, ensureNamespace } from './object-checks.js';
import {
  parseIntParam,
  parseListParams,
  parseWriteParams,
  type WriteOptionsKind,
} from './query.js';
import { sendObject } from './respond.js';

/** Storage keys whose writes have follow-up work (CRD status, a deleted CRD's objects). */
const FOLLOWED_STORAGES = new Set([CRD_STORAGE]);

async function readObjectBody(r: ResourceRequest): Promise<KubeObject> {
  const format = bodyFormatOf(r.req.headers['content-type']);
  const body = await readBody(r.req, r.ctx.maxBodyBytes);
  return asTypedObject(r.rt, decodeObjectBody(body, format));
}

/** Write options, and the field manager (the query's, else the User-Agent's program). */
function writeSetup(r: ResourceRequest, kind: WriteOptionsKind) {
  const params = parseWriteParams(r.params, kind);
  const manager = fieldManagerFor(params.fieldManager, r.req.headers['user-agent']);
  return { params, manager };
}

/** Waits for the follow-up of CRD writes, so the answer sees a settled server. */
export async function settleIfFollowed(r: ResourceRequest): Promise<void> {
  if (FOLLOWED_STORAGES.has(r.rt.storage)) await r.ctx.settled();
}

/** POST to a collection. */
export async function createObject(r: ResourceRequest): Promise<void> {
  const media = negotiateOutput(r.req.headers.accept, { allowTable: false });
  const object = await readObjectBody(r);
  ensureNamespace(r.rt, object, r.path.namespace);
  const { params, manager } = writeSetup(r, 'CreateOptions');
  const created = await r.ctx.store.create(r.rt, r.path.namespace, object, {
    dryRun: params.dryRun,
    fieldManager: manager,
    fieldValidation: params.fieldValidation,
    readOnlyResult: true,
  });
  if (!params.dryRun) await settleIfFollowed(r);
  sendObject(r.res, 201, created, media.format);
}

/** PUT of an object or of its /status. */
export async function updateObject(r: ResourceRequest): Promise<void> {
  const media = negotiateOutput(r.req.headers.accept, { allowTable: false });
  const object = await readObjectBody(r);
  ensureNamespace(r.rt, object, r.path.namespace);
  checkName(object, r.path.name!);
  const { params, manager } = writeSetup(r, 'UpdateOptions');
  const { object: updated, created } = await r.ctx.store.replace(
    r.rt,
    r.path.namespace,
    r.path.name!,
    object,
    {
      dryRun: params.dryRun,
      fieldManager: manager,
      fieldValidation: params.fieldValidation,
      subresource: r.path.subresource === 'status' ? 'status' : undefined,
    },
  );
  if (!params.dryRun) await settleIfFollowed(r);
  sendObject(r.res, created ? 201 : 200, updated, media.format);
}

/**
 * DeleteOptions: from the body when there is one (kubectl sends
 * `{"propagationPolicy":"Background"}`), else from the query, as delete.go reads them.
 */
async function deleteOptionsOf(r: ResourceRequest): Promise<DeleteOptions> {
  const raw = await readBody(r.req, r.ctx.maxBodyBytes);
  let source: Record<string, unknown>;
  if (raw.length > 0 && raw.toString('utf8').trim() !== '') {
    source = decodeObjectBody(raw, bodyFormatOf(r.req.headers['content-type']));
  } else {
    source = {
      dryRun: r.params.getAll('dryRun'),
      propagationPolicy: r.params.get('propagationPolicy') ?? undefined,
      gracePeriodSeconds: parseIntParam(r.params.get('gracePeriodSeconds')),
    };
  }
  const causes: StatusCause[] = [];
  const dryRun = Array.isArray(source.dryRun) ? (source.dryRun as unknown[]) : [];
  if (dryRun.some((v) => v !== 'All')) {
    causes.push({
      field: 'dryRun',
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: []string{${dryRun.map((v) => JSON.stringify(v)).join(', ')}}: supported values: "All"`,
    });
  }
  const policy = source.propagationPolicy;
  const grace = source.gracePeriodSeconds;
  if (grace !== undefined && grace !== null && !Number.isInteger(grace)) {
    throw badRequest(
      'json: cannot unmarshal into Go struct field DeleteOptions.gracePeriodSeconds of type int64',
    );
  }
  if (causes.length > 0) throw invalid('DeleteOptions', 'meta.k8s.io', '', causes);
  const pre = source.preconditions as { uid?: unknown; resourceVersion?: unknown } | undefined;
  return {
    dryRun: dryRun.length > 0,
    propagationPolicy: policy === undefined || policy === null ? undefined : String(policy),
    gracePeriodSeconds: typeof grace === 'number' ? grace : undefined,
    preconditions:
      pre && typeof pre === 'object'
        ? {
            uid: typeof pre.uid === 'string' ? pre.uid : undefined,
            resourceVersion:
              typeof pre.resourceVersion === 'string' ? pre.resourceVersion : undefined,
          }
        : undefined,
  };
}

/** DELETE of one object. */
export async function deleteObject(r: ResourceRequest): Promise<void> {
  const media = negotiateOutput(r.req.headers.accept, { allowTable: false });
  const options = await deleteOptionsOf(r);
  const deleted = await r.ctx.store.delete(r.rt, r.path.namespace, r.path.name!, options);
  if (!options.dryRun) await settleIfFollowed(r);
  sendObject(r.res, 200, deleted, media.format);
}

/** DELETE on a collection: every object the list options select; answers their list. */
export async function deleteCollection(r: ResourceRequest): Promise<void> {
  const media = negotiateOutput(r.req.headers.accept, { allowTable: false });
  const options = await deleteOptionsOf(r);
  const p = parseListParams(r.params, false);
  const list = r.ctx.store.list(r.rt, {
    namespace: r.path.namespace,
    labelSelector: p.labelSelector,
    fieldSelector: p.fieldSelector,
  });
  const deleted: KubeObject[] = [];
  for (const item of (list.items as KubeObject[]) ?? []) {
    try {
      deleted.push(
        await r.ctx.store.delete(r.rt, item.metadata.namespace, item.metadata.name!, options),
      );
    } catch (err) {
      // Deleted meanwhile by someone else: the collection delete still succeeds.
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    }
  }
  if (!options.dryRun) await settleIfFollowed(r);
  sendObject(
    r.res,
    200,
    {
      apiVersion: apiVersionOf(r.rt),
      kind: r.rt.listKind,
      metadata: { resourceVersion: String(r.ctx.store.resourceVersion) },
      items: deleted,
    },
    media.format,
  );
}
