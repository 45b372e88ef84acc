/**
 * The speaker's route table: one prefix index and one set of interned attribute templates for
 * all peers, the routes meant for every peer (also peers added later), and the per-peer
 * Adj-RIB-Outs, which share both. `announce` and `withdraw` cost one index lookup per prefix
 * however many peers there are; every RIB then works on slot numbers.
 */

import { BgpError } from '../codec/errors.js';
import { AdjRibOut } from '../session/adj-rib-out.js';
import { PrefixIndex } from '../session/prefix-index.js';
import { AttributeTable } from './attribute-table.js';
import { canonicalPrefix, familyOfText } from './prefix.js';
import { type Route, type RouteAttributes, rawAttributeKey, routeTemplate } from './route.js';

/** Raw-key cache bound: a table with more distinct attribute sets just parses more. */
const MAX_CACHED_TEMPLATES = 10_000;

type Template = { key: string; attributes: RouteAttributes };

/** Routes for many peers. */
export class RouteTable {
  readonly attributes = new AttributeTable();
  readonly #index = new PrefixIndex();
  /** Routes for every peer, present and future. */
  readonly #allPeers = new AdjRibOut({ index: this.#index, refs: this.attributes });
  /** Raw attribute key -> template, so a table of routes written alike is parsed once. */
  #templates = new Map<string, Template>();

  /** A new peer's Adj-RIB-Out, holding the routes meant for every peer. */
  newRib(): AdjRibOut {
    const rib = new AdjRibOut({ index: this.#index, refs: this.attributes });
    rib.copyWanted(this.#allPeers);
    return rib;
  }

  /** Drops a peer's RIB (its attribute sets released, its slots reclaimable). */
  dropRib(rib: AdjRibOut): void {
    rib.dispose();
    this.#index.maybeCompact();
  }

  /** The RIBs a change goes to: the shared routes and every peer's, or `chosen` only. */
  targets(all: readonly AdjRibOut[], chosen?: readonly AdjRibOut[]): AdjRibOut[] {
    return chosen ? [...chosen] : [this.#allPeers, ...all];
  }

  /**
   * Announces to `ribs` (or replaces attributes).
   *
   * @throws BgpError for an invalid route, before any RIB changes.
   */
  announce(routes: readonly Route[], ribs: readonly AdjRibOut[]): void {
    try {
      const { prefixes, ids } = this.#prepare(routes);
      const slots = this.#index.slotsOf(prefixes, true);
      for (const rib of ribs) rib.setSlots(slots, ids);
    } finally {
      this.attributes.sweep();
    }
  }

  /**
   * Withdraws from `ribs`; unknown prefixes are ignored.
   *
   * @throws BgpError for text that is no prefix, before any RIB changes.
   */
  withdraw(prefixes: readonly (string | Route)[], ribs: readonly AdjRibOut[]): void {
    const texts = prefixes.map((p) => (typeof p === 'string' ? p : p.prefix));
    // Canonical text (the usual case) is found as is; anything else is checked, then looked up.
    const slots = this.#index.slotsOf(texts, false);
    for (let i = 0; i < slots.length; i++) {
      if (slots[i] === -1) slots[i] = this.#index.slotOf(canonicalPrefix(texts[i]!));
    }
    for (const rib of ribs) rib.deleteSlots(slots);
    this.#index.maybeCompact();
  }

  /** Withdraws everything from `ribs`, without looking up a single prefix. */
  withdrawAll(ribs: readonly AdjRibOut[]): void {
    for (const rib of ribs) rib.clear();
    this.#index.maybeCompact();
  }

  /** Canonical prefixes and their attribute-set ids (one id for all when they share one). */
  #prepare(routes: readonly Route[]): { prefixes: string[]; ids: Int32Array | number } {
    const prefixes = new Array<string>(routes.length);
    let ids: Int32Array | undefined;
    let firstId = 0;
    let lastRaw: string | undefined;
    let lastId = 0;
    let nextHop: string | undefined;
    for (let i = 0; i < routes.length; i++) {
      const route = routes[i]!;
      const prefix = canonicalPrefix(route.prefix);
      const raw = rawAttributeKey(route);
      if (raw !== lastRaw) {
        const template = this.#template(route, prefix, raw);
        lastId = this.attributes.intern(template.key, () => template.attributes);
        lastRaw = raw;
        nextHop = template.attributes.nextHop;
      }
      if (nextHop !== undefined && familyOfText(nextHop) !== familyOfText(prefix)) {
        const what = `route ${prefix}: next hop ${nextHop} is of the other family`;
        throw new BgpError('BGP_ERR_INVALID_ARGUMENT', what);
      }
      prefixes[i] = prefix;
      if (i === 0) firstId = lastId;
      else if (lastId !== firstId) ids ??= new Int32Array(routes.length).fill(firstId, 0, i);
      if (ids) ids[i] = lastId;
    }
    return { prefixes, ids: ids ?? firstId };
  }

  /** A route's template, parsed once per distinct way of writing its attributes. */
  #template(route: Route, prefix: string, raw: string): Template {
    let template = this.#templates.get(raw);
    if (template === undefined) {
      template = routeTemplate(route, prefix);
      if (this.#templates.size >= MAX_CACHED_TEMPLATES) this.#templates = new Map();
      this.#templates.set(raw, template);
    }
    return template;
  }
}
