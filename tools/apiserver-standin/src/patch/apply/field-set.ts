/**
 * A set of field paths (structured-merge-diff's `fieldpath.Set`): what one field manager owns,
 * what a comparison found added or removed. A path is a member when the field itself is in the
 * set; a node may also have children (a struct with owned fields). `metadata.managedFields`
 * stores these in the FieldsV1 form: `{"f:spec":{"f:ports":{"k:{...}":{".":{},"f:port":{}}}}}`
 * where `"."` marks a node that is itself a member.
 */

import type { FieldMeta, PatchMeta } from '../meta/field-meta.js';
import { childOf } from '../meta/field-meta.js';
import { isObject, type JsonObject } from '../util/json.js';
import {
  comparePathElements,
  type Path,
  type PathElement,
  parsePathElement,
  serializePathElement,
} from './path-element.js';

interface Child {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

/** A set of field paths. Operations return new sets; `insert` builds one in place. */
export class FieldSet {
  private readonly members = new Map<string, PathElement>();
  private readonly children = new Map<string, Child>();

  /** A set holding the given paths. */
  static of(...paths: Path[]): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  /** Adds a path (the empty path, "the whole object", is never a member). */
  insert(path: Path): void {
    if (path.length === 0) return;
    let node: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) node = node.descend(path[i]!);
    const last = path[path.length - 1]!;
    node.members.set(serializePathElement(last), last);
  }

  private descend(pe: PathElement): FieldSet {
    const id = serializePathElement(pe);
    let child = this.children.get(id);
    if (child === undefined) {
      child = { pe, set: new FieldSet() };
      this.children.set(id, child);
    }
    return child.set;
  }

  /** True when `path` is a member. */
  has(path: Path): boolean {
    if (path.length === 0) return false;
    let node: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1; i++) {
      node = node.children.get(serializePathElement(path[i]!))?.set;
      if (node === undefined) return false;
    }
    return node.members.has(serializePathElement(path[path.length - 1]!));
  }

  /** True when `pe` (one level) is a member. */
  hasMember(pe: PathElement): boolean {
    return this.members.has(serializePathElement(pe));
  }

  /** No paths at all. */
  isEmpty(): boolean {
    return this.members.size === 0 && this.children.size === 0;
  }

  /** The paths below `pe`, relative to it. */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(serializePathElement(pe))?.set ?? new FieldSet();
  }

  /** Paths in either set. */
  union(other: FieldSet): FieldSet {
    const out = this.copy();
    for (const [id, pe] of other.members) out.members.set(id, pe);
    for (const [id, child] of other.children) {
      const mine = out.children.get(id);
      out.children.set(id, {
        pe: child.pe,
        set: mine ? mine.set.union(child.set) : child.set.copy(),
      });
    }
    return out;
  }

  /** Paths in both sets. */
  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.members) if (other.members.has(id)) out.members.set(id, pe);
    for (const [id, child] of this.children) {
      const theirs = other.children.get(id);
      if (theirs === undefined) continue;
      const both = child.set.intersection(theirs.set);
      if (!both.isEmpty()) out.children.set(id, { pe: child.pe, set: both });
    }
    return out;
  }

  /** Paths of this set that are not members of `other` (no subtree removal). */
  difference(other: FieldSet): FieldSet {
    return this.subtract(other, false);
  }

  /** Like `difference`, and a member of `other` also removes everything below it. */
  recursiveDifference(other: FieldSet): FieldSet {
    return this.subtract(other, true);
  }

  private subtract(other: FieldSet, recursive: boolean): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.members) if (!other.members.has(id)) out.members.set(id, pe);
    for (const [id, child] of this.children) {
      if (recursive && other.members.has(id)) continue;
      const theirs = other.children.get(id);
      const rest = theirs ? child.set.subtract(theirs.set, recursive) : child.set.copy();
      if (!rest.isEmpty()) out.children.set(id, { pe: child.pe, set: rest });
    }
    return out;
  }

  /** Only the paths at or below `pe`. */
  onlyUnder(pe: PathElement): FieldSet {
    const out = new FieldSet();
    const id = serializePathElement(pe);
    const member = this.members.get(id);
    if (member !== undefined) out.members.set(id, member);
    const child = this.children.get(id);
    if (child !== undefined) out.children.set(id, { pe: child.pe, set: child.set.copy() });
    return out;
  }

  /** A deep copy. */
  copy(): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.members) out.members.set(id, pe);
    for (const [id, child] of this.children)
      out.children.set(id, { pe: child.pe, set: child.set.copy() });
    return out;
  }

  /** Same paths. */
  equals(other: FieldSet): boolean {
    if (this.members.size !== other.members.size || this.children.size !== other.children.size) {
      return false;
    }
    for (const id of this.members.keys()) if (!other.members.has(id)) return false;
    for (const [id, child] of this.children) {
      const theirs = other.children.get(id);
      if (theirs === undefined || !child.set.equals(theirs.set)) return false;
    }
    return true;
  }

  /** Every member path, in structured-merge-diff's order (a level's members, then children). */
  paths(prefix: Path = []): Path[] {
    const out: Path[] = sorted([...this.members.values()]).map((pe) => [...prefix, pe]);
    for (const child of sortedChildren(this.children))
      out.push(...child.set.paths([...prefix, child.pe]));
    return out;
  }

  /**
   * `EnsureNamedFieldsAreMembers`: a declared struct field with owned children counts as
   * owned itself (so removing it removes the whole field).
   */
  ensureNamedFieldsAreMembers(meta: PatchMeta, node: FieldMeta | undefined): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.members) out.members.set(id, pe);
    for (const [id, child] of this.children) {
      let childNode: FieldMeta | undefined;
      if (child.pe.kind === 'field') {
        const type = childOf(meta, node, child.pe.name);
        childNode = type.node;
        if (type.declared) out.members.set(id, child.pe);
      } else if (child.pe.kind === 'key') {
        childNode = node?.items;
      }
      out.children.set(id, {
        pe: child.pe,
        set: child.set.ensureNamedFieldsAreMembers(meta, childNode),
      });
    }
    return out;
  }

  /** The FieldsV1 form, keys in structured-merge-diff's order. */
  toFieldsV1(): JsonObject {
    return this.emit(false);
  }

  private emit(includeSelf: boolean): JsonObject {
    const out: JsonObject = {};
    if (includeSelf && !this.isEmpty()) out['.'] = {};
    const ids = new Map<string, PathElement>(this.members);
    for (const [id, child] of this.children) ids.set(id, child.pe);
    for (const pe of sorted([...ids.values()])) {
      const id = serializePathElement(pe);
      const child = this.children.get(id);
      out[id] = child === undefined ? {} : child.set.emit(this.members.has(id));
    }
    return out;
  }

  /** Parses FieldsV1; throws on a malformed document. */
  static fromFieldsV1(json: unknown): FieldSet {
    if (!isObject(json)) throw new Error('FieldsV1 must be a JSON object');
    const set = new FieldSet();
    set.read(json);
    return set;
  }

  /** Reads the children of a FieldsV1 node; returns whether the node itself is a member. */
  private read(json: JsonObject): boolean {
    let isMember = false;
    let hasChildren = false;
    for (const [key, value] of Object.entries(json)) {
      if (key === '.') {
        isMember = true;
        continue;
      }
      const pe = parsePathElement(key);
      if (pe === undefined) continue;
      if (!isObject(value)) throw new Error(`FieldsV1 value of ${key} must be an object`);
      hasChildren = true;
      const grandchildren = new FieldSet();
      const childIsMember = grandchildren.read(value);
      const id = serializePathElement(pe);
      if (childIsMember) this.members.set(id, pe);
      if (!grandchildren.isEmpty()) this.children.set(id, { pe, set: grandchildren });
    }
    return isMember || !hasChildren;
  }
}

function sorted(pes: PathElement[]): PathElement[] {
  return pes.sort(comparePathElements);
}

function sortedChildren(children: Map<string, Child>): Child[] {
  return [...children.values()].sort((a, b) => comparePathElements(a.pe, b.pe));
}
