/**
 * MetalLB's validating webhooks as one pure function (MetalLB
 * `internal/k8s/webhooks/webhookv1beta1/*.go`, `webhookv1beta2/bgppeer_webhook.go`):
 * - CREATE/UPDATE of a config object outside MetalLB's namespace is refused;
 * - otherwise the would-be config (a per-kind subset of existing objects plus this one, see
 *   `admission-subsets.ts`) goes through @baremetal-lb/config's `buildConfig`, and any
 *   permanent problem refuses the request, naming object and field;
 * - BGPPeer: enableGracefulRestart cannot change on UPDATE (MetalLB's CRD CEL rule), and
 *   disableMP earns MetalLB's deprecation warning;
 * - BFDProfile: DELETE refused while a BGPPeer references it; other DELETEs allowed.
 */
import {
  buildConfig,
  type ConfigProblem,
  formatProblem,
  type KubeObject,
} from '@baremetal-lb/config';
import {
  type AdmissionRequest,
  allow,
  deny,
  readAdmissionRequest,
  reject,
} from './admission-request.js';
import {
  asHubVersion,
  parserInput,
  restoreSubjectName,
  WEBHOOK_KINDS,
  type WebhookKind,
} from './admission-subsets.js';
import type { AdmissionContext, AdmissionReviewResponse } from './types.js';

/** Options of {@link reviewAdmission}. */
export interface ReviewOptions {
  /** The kind this webhook path serves; another kind is refused. */
  readonly expectedKind?: string;
}

/** MetalLB's warning for BGPPeer spec.disableMP. */
export const DISABLE_MP_WARNING =
  "disable mp is deprecated and has no effect since it's the default behavior now";

function isWebhookKind(kind: string): kind is WebhookKind {
  return (WEBHOOK_KINDS as readonly string[]).includes(kind);
}

function asKubeObject(obj: Record<string, unknown>): KubeObject {
  const meta = obj.metadata;
  const metadata = typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? meta : {};
  return { ...obj, metadata } as KubeObject;
}

function specField(obj: KubeObject, field: string): unknown {
  const spec = obj.spec;
  return typeof spec === 'object' && spec !== null
    ? (spec as Record<string, unknown>)[field]
    : undefined;
}

/**
 * Reviews one admission request against MetalLB's rules.
 *
 * When to use: the handler of every `/validate-metallb-io-*` path. `ctx.existing()` is read
 * once per call. Gotchas: a body that is not an AdmissionReview gets `allowed: false`, code
 * 400 and an empty uid; the server checks `readAdmissionRequest` first and answers HTTP 400.
 *
 * Throws whatever `ctx.existing()` throws (the server answers 500).
 *
 * @example
 * const reply = reviewAdmission(JSON.parse(body), {
 *   namespace: 'metallb-system', bgpMode: 'native', existing: () => cache.list(),
 * });
 * if (!reply.response.allowed) console.log(reply.response.status?.message);
 */
export function reviewAdmission(
  review: unknown,
  ctx: AdmissionContext,
  options: ReviewOptions = {},
): AdmissionReviewResponse {
  const req = readAdmissionRequest(review);
  if (typeof req === 'string') return reject('', req);
  if (req.group !== 'metallb.io' || !isWebhookKind(req.kind)) {
    const gk = req.group === '' ? req.kind : `${req.kind}.${req.group}`;
    return reject(req.uid, `no MetalLB webhook validates kind ${JSON.stringify(gk)}`);
  }
  if (options.expectedKind !== undefined && options.expectedKind !== req.kind) {
    return reject(
      req.uid,
      `this webhook validates ${options.expectedKind}, not ${JSON.stringify(req.kind)}`,
    );
  }
  if (req.operation === 'CONNECT') return allow(req.uid);
  const raw = req.operation === 'DELETE' ? req.oldObject : req.object;
  if (raw === undefined) {
    const which = req.operation === 'DELETE' ? 'oldObject' : 'object';
    return reject(req.uid, `admission request has no ${which}`);
  }
  let subject: KubeObject;
  let old: KubeObject | undefined;
  try {
    subject = asHubVersion(asKubeObject(raw));
    old = req.oldObject && asHubVersion(asKubeObject(req.oldObject));
  } catch (err) {
    return reject(req.uid, (err as Error).message);
  }
  if (req.operation === 'DELETE') return reviewDelete(req, req.kind, subject, ctx);
  return reviewWrite(req, req.kind, subject, old, ctx);
}

function reviewDelete(
  req: AdmissionRequest,
  kind: WebhookKind,
  subject: KubeObject,
  ctx: AdmissionContext,
): AdmissionReviewResponse {
  if (kind !== 'BFDProfile') return allow(req.uid);
  const name = subject.metadata.name ?? req.name;
  for (const obj of ctx.existing()) {
    if (obj.kind !== 'BGPPeer' || !(obj.apiVersion ?? '').startsWith('metallb.io/')) continue;
    const ns = obj.metadata.namespace;
    if (ns !== undefined && ns !== ctx.namespace) continue;
    if (specField(obj, 'bfdProfile') === name) {
      return deny(
        req.uid,
        `failed to delete BFDProfile ${name}, used by BGPPeer ${obj.metadata.name ?? ''}`,
      );
    }
  }
  return allow(req.uid);
}

function reviewWrite(
  req: AdmissionRequest,
  kind: WebhookKind,
  subject: KubeObject,
  old: KubeObject | undefined,
  ctx: AdmissionContext,
): AdmissionReviewResponse {
  const ns = subject.metadata.namespace ?? req.namespace;
  if (ns !== ctx.namespace) {
    return deny(req.uid, `resource must be created in ${ctx.namespace} namespace`);
  }
  const peerRules = kind === 'BGPPeer' ? checkPeerWrite(req, subject, old) : { warnings: [] };
  if (peerRules.denial !== undefined) return deny(req.uid, peerRules.denial);
  const warnings = peerRules.warnings;
  if (kind === 'BFDProfile') return allow(req.uid, warnings);
  const objects = parserInput(subject, kind, ctx.existing(), ctx.namespace);
  const { problems } = buildConfig({ objects, namespace: ctx.namespace, bgpMode: ctx.bgpMode });
  const name = subject.metadata.name ?? '';
  const permanent = problems.filter((p) => !p.transient).map((p) => restoreSubjectName(p, name));
  if (permanent.length === 0) return allow(req.uid, warnings);
  return deny(req.uid, denialMessage(permanent, kind, name));
}

/**
 * BGPPeer rules outside the parser: enableGracefulRestart is immutable (MetalLB's CRD CEL rule
 * and text), and disableMP is deprecated (MetalLB's warning, on CREATE).
 */
function checkPeerWrite(
  req: AdmissionRequest,
  subject: KubeObject,
  old: KubeObject | undefined,
): { denial?: string; warnings: string[] } {
  const gracefulRestart = (o: KubeObject) => specField(o, 'enableGracefulRestart') === true;
  if (req.operation === 'UPDATE' && old && gracefulRestart(subject) !== gracefulRestart(old)) {
    const name = subject.metadata.name ?? '';
    return {
      denial: `BGPPeer/${name} spec.enableGracefulRestart: EnableGracefulRestart cannot be changed after creation`,
      warnings: [],
    };
  }
  const deprecated = req.operation === 'CREATE' && specField(subject, 'disableMP') === true;
  return { warnings: deprecated ? [DISABLE_MP_WARNING] : [] };
}

/** Every problem as `Kind/name field: message`, the admitted object's own first, `; `-joined. */
export function denialMessage(
  problems: readonly ConfigProblem[],
  kind: string,
  name: string,
): string {
  const own = (p: ConfigProblem) => p.kind === kind && p.name === name;
  const ordered = [...problems.filter(own), ...problems.filter((p) => !own(p))];
  return ordered.map(formatProblem).join('; ');
}
