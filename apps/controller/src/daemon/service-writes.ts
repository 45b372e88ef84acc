/**
 * Writing an allocation outcome to a Service: `status.loadBalancer.ingress` through the status
 * subresource and the `metallb.io/ip-allocated-from-pool` annotation on the object, each a JSON
 * merge patch and each only when it differs. Status first: it is what a restarted controller
 * claims from, so a crash between the two writes loses only the annotation, never the IP.
 */
import type { KubeObject } from '@baremetal-lb/config';
import { requestJson } from '@baremetal-lb/k8s-watch';
import type { KubeConfig } from '@kubernetes/client-node';
import { ingressIps, POOL_ANNOTATION, poolAnnotation } from '../allocation/index.js';

/** The part of a Service the controller owns. */
export interface ServiceAllocationView {
  readonly ingress: readonly string[];
  readonly pool: string | undefined;
}

/** What the Service shows now. */
export function currentView(svc: KubeObject): ServiceAllocationView {
  return { ingress: ingressIps(svc), pool: poolAnnotation(svc) };
}

/** Which writes turn `current` into `desired`. */
export function writesNeeded(
  current: ServiceAllocationView,
  desired: ServiceAllocationView,
): { status: boolean; annotation: boolean } {
  const status =
    current.ingress.length !== desired.ingress.length ||
    current.ingress.some((ip, i) => ip !== desired.ingress[i]);
  return { status, annotation: current.pool !== desired.pool };
}

/** Options of the writes. */
export interface WriteContext {
  readonly kubeConfig: KubeConfig;
  readonly fieldManager: string;
  /** Sent as User-Agent: names the replica in the API server's request log. */
  readonly userAgent: string;
  /**
   * Asked right before each write: false once leadership may have lapsed (a paused process
   * that wakes after its renew deadline must not write, even before its timers have run).
   */
  readonly canWrite: () => boolean;
  readonly signal?: AbortSignal;
}

/** A write refused because this replica may no longer be the leader. */
export class NotLeaderError extends Error {
  constructor() {
    super('not the leader any more: write skipped');
    this.name = 'NotLeaderError';
  }
}

function servicePath(svc: KubeObject): string {
  const ns = encodeURIComponent(svc.metadata.namespace ?? 'default');
  return `/api/v1/namespaces/${ns}/services/${encodeURIComponent(svc.metadata.name ?? '')}`;
}

/**
 * Applies `desired` to the Service, returning the object as last stored (or `svc` when no
 * write was needed). Rejects with the API error of a failed write (409 when the Service
 * changed since `svc` was read), or {@link NotLeaderError}.
 */
export async function writeAllocation(
  ctx: WriteContext,
  svc: KubeObject,
  desired: ServiceAllocationView,
): Promise<{ object: KubeObject; writes: number; versions: string[] }> {
  const needed = writesNeeded(currentView(svc), desired);
  let object = svc;
  let writes = 0;
  /** The resourceVersions our writes produced, in order. */
  const versions: string[] = [];
  // Each write is fenced twice: the lease is checked at the moment of sending (no await in
  // between), and the resourceVersion the decision was made from is a precondition, so a write
  // based on a version someone else has since changed gets 409 instead of landing.
  const patch = (path: string, body: Record<string, unknown>): Promise<KubeObject> =>
    requestJson<KubeObject>(ctx.kubeConfig, {
      method: 'PATCH',
      path,
      query: { fieldManager: ctx.fieldManager },
      body,
      contentType: 'application/merge-patch+json',
      headers: { 'User-Agent': ctx.userAgent },
      signal: ctx.signal,
      beforeSend: () => {
        if (!ctx.canWrite()) throw new NotLeaderError();
      },
    });
  const version = (o: KubeObject) => o.metadata.resourceVersion as string | undefined;
  if (needed.status) {
    const ingress = desired.ingress.length === 0 ? null : desired.ingress.map((ip) => ({ ip }));
    object = await patch(`${servicePath(svc)}/status`, {
      metadata: { resourceVersion: version(object) },
      status: { loadBalancer: { ingress } },
    });
    writes++;
    versions.push(String(version(object)));
  }
  if (needed.annotation) {
    object = await patch(servicePath(svc), {
      metadata: {
        resourceVersion: version(object),
        annotations: { [POOL_ANNOTATION]: desired.pool ?? null },
      },
    });
    writes++;
    versions.push(String(version(object)));
  }
  return { object, writes, versions };
}
