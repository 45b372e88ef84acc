/**
 * The Events MetalLB's controller records on Services (`controller/service.go`), with its
 * reasons, types and message texts. Go's `%q` is rendered as a JSON string (identical for the
 * printable ASCII that IPs, keys and pool names are made of), and `%q` of a slice of IPs as
 * Go prints it: `["10.0.0.1" "2001:db8::1"]`.
 */
import type { ServiceEvent } from './types.js';

/** Go's `%q` of a string. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Go's `%q` of a []string or []net.IP: `["a" "b"]`. */
export function goQuoteList(items: readonly string[]): string {
  return `[${items.map(goQuote).join(' ')}]`;
}

const normal = (reason: string, message: string): ServiceEvent => ({
  type: 'Normal',
  reason,
  message,
});
const warning = (reason: string, message: string): ServiceEvent => ({
  type: 'Warning',
  reason,
  message,
});

/** A fresh allocation succeeded. */
export function ipAllocated(ips: readonly string[]): ServiceEvent {
  return normal('IPAllocated', `Assigned IP ${goQuoteList(ips)}`);
}

/** PreferDualStack: the missing family was added from the same pool. */
export function additionalIpAllocated(ip: string): ServiceEvent {
  return normal('IPAllocated', `Assigned additional IP ${goQuote(ip)}`);
}

/** PreferDualStack: the missing family could not be added (the Service keeps its one IP). */
export function additionalAssignFailed(reason: string): ServiceEvent {
  return normal(
    'AdditionalAssignFailed',
    `cannot assign additional IP in PreferDualStack: ${reason}`,
  );
}

/** No IP could be given; the Service waits without one. */
export function allocationFailed(key: string, reason: string): ServiceEvent {
  return warning('AllocationFailed', `Failed to allocate IP for ${goQuote(key)}: ${reason}`);
}

/** The IPs in status no longer pass the config's checks; a new allocation follows. */
export function clearAssignment(key: string, reason: string): ServiceEvent {
  return normal(
    'ClearAssignment',
    `current IP for ${goQuote(key)} not allowed by config, will attempt for new IP assignment: ${reason}`,
  );
}

/** The requested IPs (annotation or spec.loadBalancerIP) are unusable. */
export function loadBalancerFailed(reason: string): ServiceEvent {
  return warning('LoadBalancerFailed', `invalid requested loadbalancer IPs: ${reason}`);
}

/** RequireDualStack with fewer than two clusterIPs (`%v` of the list). */
export function notEnoughClusterIPs(clusterIPs: readonly string[]): ServiceEvent {
  return warning(
    'not enough clusterips',
    `Service requires dual stack but not enough clusterips [${clusterIPs.join(' ')}]`,
  );
}

/** The IPs in status make no family (unparsable, two of one family, more than two). */
export function noLbIPsFamily(ips: readonly string[], reason: string): ServiceEvent {
  return warning(
    'nolbIPsIPFamily',
    `Failed to retrieve LBIPs IPFamily for ${goQuoteList(ips)}: ${reason}`,
  );
}

/** A `metallb.universe.tf/*` annotation, reported when the controller writes the Service. */
export function deprecatedAnnotation(name: string): ServiceEvent {
  return warning('deprecatedAnnotation', `Service uses deprecated annotation ${name}`);
}

/** Never expected: a bug in this code, reported instead of thrown. */
export function internalError(message: string): ServiceEvent {
  return warning('InternalError', message);
}
