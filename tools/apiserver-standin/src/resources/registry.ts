/**
 * The set of resource types the server serves right now: the built-in kinds plus those of every
 * established CustomResourceDefinition. The HTTP router looks paths up here; discovery and the
 * OpenAPI documents are built from `all()` and cached on `generation`.
 *
 * A name already taken keeps its owner: a built-in kind always wins over a CRD, and of two
 * CRDs claiming the same group/version/plural or kind, the one registered first wins (the real
 * server refuses the later CRD's names with NamesAccepted=False, which crd/ reports).
 */

import type { ResourceType } from '../types.js';
import { BUILTIN_TYPES } from './builtin-types.js';

function pathKey(group: string, version: string, plural: string): string {
  return `${group}/${version}/${plural}`;
}

/** JSON text of a type list: setCustomTypes ignores re-registrations that change nothing. */
function fingerprint(types: readonly ResourceType[]): string {
  return JSON.stringify(types);
}

/**
 * The served resource types.
 *
 * When to use: one per server. Call `setCustomTypes` whenever a CRD is established, changed or
 * deleted; everything else only reads.
 *
 * Gotchas: the types are shared, frozen values; `byStorage` and `all()` return snapshots.
 *
 * @example
 * ```ts
 * const registry = new ResourceRegistry();
 * registry.find('', 'v1', 'services')?.kind; // 'Service'
 * registry.setCustomTypes('ipaddresspools.metallb.io', resourceTypesOfCrd(crd));
 * ```
 */
export class ResourceRegistry {
  readonly #builtin: readonly ResourceType[];
  readonly #custom = new Map<string, { types: readonly ResourceType[]; fingerprint: string }>();
  #all: readonly ResourceType[] = [];
  #byPath = new Map<string, ResourceType>();
  #byKind = new Map<string, ResourceType>();
  #byStorage = new Map<string, ResourceType[]>();
  #generation = 0;

  /** @param builtin the built-in types to serve; {@link BUILTIN_TYPES} by default. */
  constructor(builtin: readonly ResourceType[] = BUILTIN_TYPES) {
    this.#builtin = Object.freeze([...builtin]);
    this.#reindex();
  }

  /**
   * Adds, replaces (types given) or removes (undefined or empty) the types one CRD defines.
   * Registering the same types again is a no-op and leaves `generation` unchanged.
   */
  setCustomTypes(crdName: string, types: readonly ResourceType[] | undefined): void {
    const current = this.#custom.get(crdName);
    if (!types || types.length === 0) {
      if (!current) return;
      this.#custom.delete(crdName);
    } else {
      const frozen = Object.freeze(types.map((rt) => Object.freeze({ ...rt })));
      const print = fingerprint(frozen);
      if (current?.fingerprint === print) return;
      // Map#set on an existing key keeps its position: a changed CRD keeps its precedence.
      this.#custom.set(crdName, { types: frozen, fingerprint: print });
    }
    this.#reindex();
    this.#generation += 1;
  }

  /** The CRD names with types registered, in registration order. */
  customResourceDefinitions(): string[] {
    return [...this.#custom.keys()];
  }

  /** The type served at `/apis/<group>/<version>/<plural>` (group '' for `/api/v1`). */
  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.#byPath.get(pathKey(group, version, plural));
  }

  /** The type whose objects are `apiVersion: <group>/<version>`, `kind: <kind>`. */
  findByKind(group: string, version: string, kind: string): ResourceType | undefined {
    return this.#byKind.get(pathKey(group, version, kind));
  }

  /** Every type serving a storage key (to answer in each version's apiVersion). */
  byStorage(storage: string): ResourceType[] {
    return [...(this.#byStorage.get(storage) ?? [])];
  }

  /** Every served type: built-ins first, then each CRD's in registration order. */
  all(): readonly ResourceType[] {
    return this.#all;
  }

  /** Changes whenever the set of types changes (discovery / openapi caches key on it). */
  get generation(): number {
    return this.#generation;
  }

  #reindex(): void {
    const all: ResourceType[] = [];
    const byPath = new Map<string, ResourceType>();
    const byKind = new Map<string, ResourceType>();
    const byStorage = new Map<string, ResourceType[]>();
    const candidates = [...this.#builtin, ...[...this.#custom.values()].flatMap((c) => c.types)];
    for (const rt of candidates) {
      const path = pathKey(rt.group, rt.version, rt.plural);
      const kind = pathKey(rt.group, rt.version, rt.kind);
      if (byPath.has(path) || byKind.has(kind)) continue;
      byPath.set(path, rt);
      byKind.set(kind, rt);
      all.push(rt);
      const shared = byStorage.get(rt.storage);
      if (shared) shared.push(rt);
      else byStorage.set(rt.storage, [rt]);
    }
    this.#all = Object.freeze(all);
    this.#byPath = byPath;
    this.#byKind = byKind;
    this.#byStorage = byStorage;
  }
}
