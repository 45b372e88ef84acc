/**
 * The controller's Service allocation core (MetalLB `controller/service.go` convergeBalancer,
 * `controller/main.go` SetBalancer / SetPools), pure: no Kubernetes I/O.
 *
 * Map: `balancers.ts` is the entry point the daemon holds (config, startup claims, syncs,
 * deletes, waiting Services, pool counters); `converge.ts` is one Service's decisions in
 * METALLB.md §4's order; `request-problems.ts` words problems with requested IPs as MetalLB
 * does; `events.ts` builds MetalLB's Events; `service-view.ts` reads any object shape safely
 * and tells whether an outcome changes the Service; `types.ts` holds the value types.
 */
export { Balancers } from './balancers.js';
export { ingressIps, isConverged, POOL_ANNOTATION, poolAnnotation } from './service-view.js';
export type { BalancerOptions, ServiceEvent, ServiceOutcome } from './types.js';
