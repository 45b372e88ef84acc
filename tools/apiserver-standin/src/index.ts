/**
 * @baremetal-lb/apiserver-standin: a Kubernetes API server stand-in for tests and the lab.
 * One process, in memory (optionally persisted), speaking the HTTP API kubectl 1.32 and
 * client-node 1.4.0 use, with the semantics controllers depend on: one global resourceVersion,
 * watches with history, 409 and 410, bookmarks, the /status subresource, JSON / merge /
 * strategic merge patch and server-side apply, CRDs with schemas, Tables for kubectl get, and
 * validating admission webhooks.
 *
 * Layout, by concern (each folder's index.ts is its only entry):
 * - `http/`: the server: routing (route.ts, router.ts), the verbs (read.ts, write.ts,
 *   patch.ts), watch streaming (watch-stream.ts), negotiation and bodies, and the store hooks
 *   and follow-ups that tie the modules below together.
 * - `rest/` and `store/`: the object store and verb semantics; `selectors/`: label and field
 *   selectors; `patch/`: patches and server-side apply; `crd/`, `table/`, `admission/`: CRDs,
 *   Table output and webhooks; `resources/` and `discovery/`: what is served and how clients
 *   learn it.
 * - server.ts puts them together (`startStandin`); cli.ts is the `apiserver-standin` bin.
 *
 * Only what is exported here is public API.
 */

export { kubeconfigYaml } from './kubeconfig.js';
export type { ResourceStore } from './rest/index.js';
export { INITIAL_NAMESPACES, type Standin, type StandinOptions, startStandin } from './server.js';
export type { KubeObject, ResourceType, StoreEvent } from './types.js';
