/**
 * @baremetal-lb/config: MetalLB's configuration, parsed and validated into one typed Config.
 *
 * Data flow: `parseManifests` (YAML text -> objects) -> `buildConfig` (snapshot -> Config +
 * every problem, pure). Inside, one file per MetalLB kind (`pools.ts`, `advertisements.ts`,
 * `peers.ts`, `bfd.ts`, `communities.ts`), the legacy ConfigMap converted to those CRs
 * (`legacy.ts`), rules spanning objects (`cross-checks.ts`), and the Service side
 * (`service.ts`), and its bridge to ipam's allocator (`allocation.ts`). Addresses are parsed by @baremetal-lb/ipam; this package knows MetalLB's
 * vocabulary, ipam does not.
 */
export { allocationRequestOf, poolAdmitsService, poolSpecsOf } from './allocation.js';
export { type BuildResult, buildConfig, type ConfigSnapshot, METALLB_KINDS } from './build.js';
export { type CommunityValue, isCommunityAlias, parseCommunity } from './community.js';
export { parseDurationMs } from './duration.js';
export { ConfigError, type ConfigErrorCode } from './errors.js';
export type { KubeObject } from './kube.js';
export { parseManifests } from './manifests.js';
export type {
  BfdProfile,
  BgpAdvertisement,
  BgpMode,
  Config,
  L2Advertisement,
  NodeSet,
  Peer,
  Pool,
  ServiceAllocation,
} from './model.js';
export { type ConfigProblem, formatProblem } from './problems.js';
export {
  formatSelector,
  type LabelSelector,
  type SelectorRequirement,
  selectorMatches,
} from './selectors.js';
export {
  handlesLoadBalancerClass,
  type IpFamilyPolicy,
  parseService,
  SERVICE_ANNOTATIONS,
  type ServiceParseResult,
  type ServicePort,
  type ServiceRequest,
  serviceAnnotation,
} from './service.js';
