/**
 * PatchMeta: what the patch code needs to know about a kind's shape, one node per field.
 *
 * Two consumers read it. Strategic merge patch reads the Go struct tags (`patchStrategy`,
 * `patchMergeKey`). Server-side apply reads the OpenAPI list and map semantics
 * (`x-kubernetes-list-type`, `-list-map-keys`, `-map-type`, `+structType=atomic`) and the key
 * defaults (`ServicePort.protocol` defaults to TCP, which the `k:{"port":80,"protocol":"TCP"}`
 * key needs). Built-in kinds get hand-written tables (builtin-meta.ts) that name only the fields
 * with non-default semantics; CRDs get theirs from the version's schema (schema-meta.ts).
 */

/** One field's (or the whole object's) type as the patch code sees it. */
export interface FieldMeta {
  /** Declared fields of an object (Go struct fields, schema `properties`). */
  readonly fields?: Readonly<Record<string, FieldMeta>>;
  /** The type of an object's other keys: a granular map's values (`additionalProperties`). */
  readonly values?: FieldMeta;
  /** Undeclared keys are an error for server-side apply (a CRD schema without preserve-unknown). */
  readonly closed?: boolean;
  /** `atomic`: the object is one value (`+structType=atomic`, `x-kubernetes-map-type: atomic`). */
  readonly mapType?: 'atomic' | 'granular';
  /** Server-side apply list semantics; absent means atomic. */
  readonly listType?: 'atomic' | 'set' | 'map';
  /** Keys of a `listType: map` list. */
  readonly listMapKeys?: readonly string[];
  /** The type of a list's items. */
  readonly items?: FieldMeta;
  /** The Go tag, e.g. `merge`, `merge,retainKeys`, `retainKeys`, `replace`. */
  readonly patchStrategy?: string;
  /** The Go tag: the field that identifies items of a `merge` list of objects. */
  readonly patchMergeKey?: string;
  /** The OpenAPI default (used for list-map keys an item leaves out). */
  readonly default?: unknown;
  /** A non-pointer Go struct: every typed object carries it, so it is never "added". */
  readonly alwaysPresent?: boolean;
}

/** A kind's patch metadata: its root type and how to read what the tables leave out. */
export interface PatchMeta {
  readonly root: FieldMeta;
  /**
   * A built-in kind described by a partial table: a field the table does not list is an
   * ordinary struct field (lists atomic). For CRDs, undeclared keys are map entries.
   */
  readonly builtin: boolean;
  /** The kind has a `/status` subresource: main-resource writes do not own `.status`. */
  readonly statusSubresource: boolean;
}

/** The type of an object's member, and whether it is a declared (struct) field. */
export interface ChildType {
  readonly node: FieldMeta | undefined;
  readonly declared: boolean;
}

/** The type of key `key` of an object of type `node`. */
export function childOf(meta: PatchMeta, node: FieldMeta | undefined, key: string): ChildType {
  const field = node?.fields?.[key];
  if (field !== undefined) return { node: field, declared: true };
  if (node?.values !== undefined) return { node: node.values, declared: false };
  return { node: undefined, declared: meta.builtin };
}

/** The list semantics of a list of type `node` (atomic unless declared otherwise). */
export function listTypeOf(node: FieldMeta | undefined): 'atomic' | 'set' | 'map' {
  return node?.listType ?? 'atomic';
}

/** True when an object of type `node` is one atomic value. */
export function isAtomicObject(node: FieldMeta | undefined): boolean {
  return node?.mapType === 'atomic';
}

/** The shape a node declares, if it declares one (decides how a null value is walked). */
export function declaredShape(node: FieldMeta | undefined): 'list' | 'map' | 'scalar' | undefined {
  if (node === undefined) return undefined;
  if (node.listType !== undefined || node.items !== undefined) return 'list';
  if (node.fields !== undefined || node.values !== undefined || node.mapType !== undefined) {
    return 'map';
  }
  return undefined;
}

/** The strategic-merge-patch strategies of a field: `merge`, `replace`, `retainKeys`. */
export function patchStrategiesOf(node: FieldMeta | undefined): readonly string[] {
  return node?.patchStrategy ? node.patchStrategy.split(',') : [];
}

/** The field `key` of a struct (or the value type of a map) for strategic merge patch. */
export function smpFieldOf(node: FieldMeta | undefined, key: string): FieldMeta | undefined {
  return node?.fields?.[key] ?? node?.values;
}
