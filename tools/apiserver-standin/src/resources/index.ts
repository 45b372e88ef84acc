/**
 * What the server serves: the built-in resource types (`builtin-types.ts`), the registry that
 * adds CRD-defined ones as CRDs come and go (`registry.ts`), and Kubernetes' version priority
 * order (`version-priority.ts`), which picks a group's preferred version.
 */

export { BUILTIN_TYPES, storageKeyOf } from './builtin-types.js';
export { ResourceRegistry } from './registry.js';
export {
  compareVersionPriority,
  parseKubeVersion,
  sortByVersionPriority,
} from './version-priority.js';
