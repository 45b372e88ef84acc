/**
 * What is wrong with a Service's requested IPs, in MetalLB's words. `parseService` reports
 * problems with the `loadBalancerIPs` annotation and `spec.loadBalancerIP`; MetalLB words them
 * as `getDesiredLbIPs` / `allocateIPs` do (`controller/service.go`), and routes them by kind:
 * an unusable request (`invalid`) keeps IPs the Service already holds and records
 * `LoadBalancerFailed`, while a request of the wrong IP family (`family`) clears and fails the
 * allocation like any other refusal.
 */
import {
  type ConfigProblem,
  type KubeObject,
  SERVICE_ANNOTATIONS,
  serviceAnnotation,
} from '@baremetal-lb/config';
import { goQuote, goQuoteList } from './events.js';

/** A problem with the requested IPs, classified and worded. */
export interface RequestProblem {
  readonly kind: 'invalid' | 'family';
  readonly message: string;
}

/** The requested IP texts as written (annotation entries trimmed, else spec.loadBalancerIP). */
export function requestedIpTexts(svc: KubeObject): string[] {
  const annotation = serviceAnnotation(svc, SERVICE_ANNOTATIONS.loadBalancerIPs);
  if (annotation !== undefined && annotation !== '') {
    return annotation.split(',').map((s) => s.trim());
  }
  const spec = svc.spec as { loadBalancerIP?: unknown } | undefined;
  return typeof spec?.loadBalancerIP === 'string' && spec.loadBalancerIP !== ''
    ? [spec.loadBalancerIP]
    : [];
}

/** MetalLB's text for requested IPs of the wrong family. */
export function familyMismatchText(svc: KubeObject): string {
  return `requested loadBalancer IP(s) ${goQuoteList(requestedIpTexts(svc))} does not match the ipFamily of the service`;
}

function isFamilyProblem(p: ConfigProblem): boolean {
  return (
    p.message.includes("do not match the service's IP families") ||
    p.message.startsWith('a RequireDualStack service needs')
  );
}

/**
 * The first problem with the requested IPs, or undefined. The RequireDualStack clusterIP
 * check is not one: the caller handles it earlier, as MetalLB does.
 */
export function requestProblemOf(
  svc: KubeObject,
  problems: readonly ConfigProblem[],
): RequestProblem | undefined {
  const p = problems.find((x) => x.field !== 'spec.clusterIPs');
  if (p === undefined) return undefined;
  if (isFamilyProblem(p)) return { kind: 'family', message: familyMismatchText(svc) };
  if (p.field === 'spec.loadBalancerIP' && p.message === 'invalid spec.loadBalancerIP') {
    return {
      kind: 'invalid',
      message: `invalid spec.loadBalancerIP ${goQuote(requestedIpTexts(svc)[0] ?? '')}`,
    };
  }
  if (p.message.startsWith('invalid IP ')) {
    const raw = serviceAnnotation(svc, SERVICE_ANNOTATIONS.loadBalancerIPs) ?? '';
    return { kind: 'invalid', message: `invalid metallb.io/loadBalancerIPs: ${goQuote(raw)}` };
  }
  return { kind: 'invalid', message: p.message };
}
