/**
 * The informer's cache: objects by `namespace/name`, with secondary indices kept in step on
 * every write (client-go's `cache.Indexer`). Two indices are built in, by namespace and by
 * label; callers add their own (by owner, by spec.loadBalancerClass, by IP...) as functions
 * from an object to the index values it files under.
 */

/** The fields of an API object the cache reads. client-node's typed models all fit. */
export interface KubeObjectLike {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: { [key: string]: string };
  };
}

/** Maps an object to the values it is indexed under (none: not in that index). */
export type IndexFunc<T> = (obj: T) => readonly string[];

/**
 * The cache key of an object: `namespace/name`, or `name` for cluster-scoped objects
 * (client-go's `MetaNamespaceKeyFunc`, so keys read the same in logs of both).
 *
 * @example
 * ```ts
 * objectKey({ metadata: { namespace: 'default', name: 'web' } }); // 'default/web'
 * objectKey({ metadata: { name: 'node-1' } });                    // 'node-1'
 * ```
 */
export function objectKey(obj: KubeObjectLike): string {
  const name = obj.metadata?.name ?? '';
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${name}` : name;
}

/**
 * Splits a key made by {@link objectKey}: `namespace` is undefined for cluster-scoped keys.
 *
 * @example
 * ```ts
 * const { namespace, name } = splitKey('default/web'); // 'default', 'web'
 * ```
 */
export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf('/');
  if (slash < 0) return { namespace: undefined, name: key };
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/**
 * The read side of the cache, as an informer hands it out.
 *
 * **Gotchas:** returned objects are the cached ones, shared with every handler: never mutate
 * them; copy first (`structuredClone`) if you need a changed version to write back.
 */
export interface ReadonlyIndexer<T> {
  readonly size: number;
  get(key: string): T | undefined;
  getByName(namespace: string | undefined, name: string): T | undefined;
  has(key: string): boolean;
  keys(): string[];
  list(): T[];
  /** Objects in one namespace (`''`: cluster-scoped ones). */
  byNamespace(namespace: string): T[];
  /** Objects carrying label `key`; with `value`, only those where it equals `value`. */
  byLabel(key: string, value?: string): T[];
  /** Objects whose labels include every pair of `matchLabels` (a `matchLabels` selector). */
  byLabels(matchLabels: Readonly<Record<string, string>>): T[];
  /** Objects a custom indexer filed under `value`. Throws for an unknown index name. */
  byIndex(indexName: string, value: string): T[];
  /** Keys a custom indexer filed under `value`. Throws for an unknown index name. */
  indexKeys(indexName: string, value: string): string[];
  /** Every value a custom index currently holds. */
  indexValues(indexName: string): string[];
}

type Index = Map<string, Set<string>>;

function addTo(index: Index, value: string, key: string): void {
  let keys = index.get(value);
  if (!keys) {
    keys = new Set();
    index.set(value, keys);
  }
  keys.add(key);
}

function removeFrom(index: Index, value: string, key: string): void {
  const keys = index.get(value);
  if (!keys) return;
  keys.delete(key);
  if (keys.size === 0) index.delete(value);
}

/**
 * An indexed object cache.
 *
 * **When to use:** an {@link Informer} owns one and exposes it read-only as `informer.cache`;
 * build your own only for tests or for caches you fill yourself.
 *
 * @example
 * ```ts
 * const cache = new Indexer<V1Service>({
 *   indexers: { byClass: (s) => (s.spec?.loadBalancerClass ? [s.spec.loadBalancerClass] : []) },
 * });
 * cache.set(svc);
 * cache.byNamespace('default');
 * cache.byLabel('app', 'web');
 * cache.byIndex('byClass', 'metallb.io/metallb');
 * ```
 */
export class Indexer<T extends KubeObjectLike> implements ReadonlyIndexer<T> {
  readonly #items = new Map<string, T>();
  readonly #byNamespace: Index = new Map();
  /** label key -> label value -> object keys. */
  readonly #byLabel = new Map<string, Index>();
  readonly #indexers = new Map<string, IndexFunc<T>>();
  readonly #indices = new Map<string, Index>();
  readonly #keyOf: (obj: T) => string;

  constructor(
    options: { indexers?: Record<string, IndexFunc<T>>; keyFunc?: (obj: T) => string } = {},
  ) {
    this.#keyOf = options.keyFunc ?? objectKey;
    for (const [name, fn] of Object.entries(options.indexers ?? {})) this.addIndexer(name, fn);
  }

  get size(): number {
    return this.#items.size;
  }

  /** Adds a custom index, filing the objects already cached. Names must be unique. */
  addIndexer(name: string, fn: IndexFunc<T>): void {
    if (this.#indexers.has(name)) throw new Error(`Indexer: index "${name}" already exists`);
    const index: Index = new Map();
    this.#indexers.set(name, fn);
    this.#indices.set(name, index);
    for (const [key, obj] of this.#items) for (const v of fn(obj)) addTo(index, v, key);
  }

  /** The key this cache files `obj` under. */
  keyOf(obj: T): string {
    return this.#keyOf(obj);
  }

  /** Stores `obj` (replacing the object with the same key) and returns the previous one. */
  set(obj: T): T | undefined {
    const key = this.#keyOf(obj);
    const old = this.#items.get(key);
    if (old) this.#unindex(key, old);
    this.#items.set(key, obj);
    this.#index(key, obj);
    return old;
  }

  /** Removes the object with `key` and returns it. */
  delete(key: string): T | undefined {
    const old = this.#items.get(key);
    if (!old) return undefined;
    this.#unindex(key, old);
    this.#items.delete(key);
    return old;
  }

  /** Empties the cache (indices included). */
  clear(): void {
    this.#items.clear();
    this.#byNamespace.clear();
    this.#byLabel.clear();
    for (const index of this.#indices.values()) index.clear();
  }

  get(key: string): T | undefined {
    return this.#items.get(key);
  }

  getByName(namespace: string | undefined, name: string): T | undefined {
    return this.#items.get(namespace ? `${namespace}/${name}` : name);
  }

  has(key: string): boolean {
    return this.#items.has(key);
  }

  keys(): string[] {
    return [...this.#items.keys()];
  }

  list(): T[] {
    return [...this.#items.values()];
  }

  byNamespace(namespace: string): T[] {
    return this.#resolve(this.#byNamespace.get(namespace));
  }

  byLabel(key: string, value?: string): T[] {
    const values = this.#byLabel.get(key);
    if (!values) return [];
    if (value !== undefined) return this.#resolve(values.get(value));
    return [...values.values()].flatMap((keys) => this.#resolve(keys));
  }

  byLabels(matchLabels: Readonly<Record<string, string>>): T[] {
    const pairs = Object.entries(matchLabels);
    if (pairs.length === 0) return this.list();
    // Start from the smallest posting list, then check the rest on each candidate.
    let smallest: Set<string> | undefined;
    for (const [k, v] of pairs) {
      const keys = this.#byLabel.get(k)?.get(v);
      if (!keys) return [];
      if (!smallest || keys.size < smallest.size) smallest = keys;
    }
    return this.#resolve(smallest).filter((obj) =>
      pairs.every(([k, v]) => obj.metadata?.labels?.[k] === v),
    );
  }

  byIndex(indexName: string, value: string): T[] {
    return this.#resolve(this.#indexNamed(indexName).get(value));
  }

  indexKeys(indexName: string, value: string): string[] {
    return [...(this.#indexNamed(indexName).get(value) ?? [])];
  }

  indexValues(indexName: string): string[] {
    return [...this.#indexNamed(indexName).keys()];
  }

  #indexNamed(name: string): Index {
    const index = this.#indices.get(name);
    if (!index) throw new Error(`Indexer: no index named "${name}"`);
    return index;
  }

  #resolve(keys: Set<string> | undefined): T[] {
    if (!keys) return [];
    const out: T[] = [];
    for (const k of keys) {
      const obj = this.#items.get(k);
      if (obj) out.push(obj);
    }
    return out;
  }

  #index(key: string, obj: T): void {
    addTo(this.#byNamespace, obj.metadata?.namespace ?? '', key);
    for (const [k, v] of Object.entries(obj.metadata?.labels ?? {})) {
      let values = this.#byLabel.get(k);
      if (!values) {
        values = new Map();
        this.#byLabel.set(k, values);
      }
      addTo(values, v, key);
    }
    for (const [name, fn] of this.#indexers) {
      const index = this.#indices.get(name)!;
      for (const v of fn(obj)) addTo(index, v, key);
    }
  }

  #unindex(key: string, obj: T): void {
    removeFrom(this.#byNamespace, obj.metadata?.namespace ?? '', key);
    for (const [k, v] of Object.entries(obj.metadata?.labels ?? {})) {
      const values = this.#byLabel.get(k);
      if (!values) continue;
      removeFrom(values, v, key);
      if (values.size === 0) this.#byLabel.delete(k);
    }
    for (const [name, fn] of this.#indexers) {
      const index = this.#indices.get(name)!;
      for (const v of fn(obj)) removeFrom(index, v, key);
    }
  }
}
