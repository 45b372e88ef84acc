/**
 * Discovery: the documents clients read to learn what the server serves, all built from a
 * ResourceRegistry and cached until its `generation` changes.
 *
 * - `GET /version`: version-info.ts (the server is Kubernetes v1.32.4).
 * - `GET /api`, `GET /apis`: aggregated (aggregated.ts) or legacy (legacy.ts), picked from the
 *   Accept header by negotiate.ts; the aggregated answer's Content-Type is `AGGREGATED_V2`
 *   (or `AGGREGATED_V2BETA1`), see `discoveryContentType`.
 * - `GET /apis/<group>`, `GET /api/v1`, `GET /apis/<group>/<version>`: legacy.ts.
 * - `GET /openapi/v3`, `GET /openapi/v3/<gv>`: openapi.ts with openapi-paths.ts.
 *
 * groups.ts arranges the registry's types in discovery order for all of them.
 */

export { aggregatedDiscovery } from './aggregated.js';
export { apiGroup, apiResourceList, legacyCoreVersions, legacyGroupList } from './legacy.js';
export { etagOf } from './memo.js';
export {
  AGGREGATED_V2,
  AGGREGATED_V2BETA1,
  type DiscoveryFlavour,
  discoveryContentType,
  negotiateDiscovery,
} from './negotiate.js';
export { openapiV3Document, openapiV3Hash, openapiV3Root } from './openapi.js';
export { versionInfo } from './version-info.js';
