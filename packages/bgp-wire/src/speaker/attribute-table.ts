/**
 * Interned attribute templates, shared by all sessions of a speaker: one entry per distinct
 * set of route attributes, identified by a number that the Adj-RIB-Outs store per prefix.
 * Entries are reference-counted by the RIBs that want them (a RIB reports when it starts and
 * stops wanting an id) and dropped at zero. Ids are never reused, so an id a RIB remembers as
 * "sent" can never come to mean another set.
 */

import type { AttributeRefs } from '../session/adj-rib-out.js';
import type { RouteAttributes } from './route.js';

interface Entry {
  readonly key: string;
  readonly attributes: RouteAttributes;
  refs: number;
}

/** The speaker's attribute templates. */
export class AttributeTable implements AttributeRefs {
  readonly #byKey = new Map<string, number>();
  readonly #byId = new Map<number, Entry>();
  /** Ids interned since the last sweep, possibly wanted by no RIB. */
  #fresh: number[] = [];
  #nextId = 1;

  /** Distinct templates held. */
  get size(): number {
    return this.#byId.size;
  }

  /** The id of a template, created (unreferenced until a RIB retains it) when new. */
  intern(key: string, attributes: () => RouteAttributes): number {
    const known = this.#byKey.get(key);
    if (known !== undefined) return known;
    const id = this.#nextId++;
    this.#byKey.set(key, id);
    this.#byId.set(id, { key, attributes: attributes(), refs: 0 });
    this.#fresh.push(id);
    return id;
  }

  /** The template of an id, while some RIB holds it. */
  get(id: number): RouteAttributes | undefined {
    return this.#byId.get(id)?.attributes;
  }

  /** A RIB started using `id`. */
  retain(id: number): void {
    const entry = this.#byId.get(id);
    if (entry) entry.refs++;
  }

  /** A RIB stopped using `id`; the template goes when none uses it. */
  release(id: number): void {
    const entry = this.#byId.get(id);
    if (entry && --entry.refs <= 0) this.#drop(id, entry);
  }

  /** Drops templates interned since the last sweep that no RIB took. */
  sweep(): void {
    for (const id of this.#fresh) {
      const entry = this.#byId.get(id);
      if (entry && entry.refs <= 0) this.#drop(id, entry);
    }
    this.#fresh = [];
  }

  #drop(id: number, entry: Entry): void {
    this.#byId.delete(id);
    this.#byKey.delete(entry.key);
  }
}
