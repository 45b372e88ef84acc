/**
 * Adj-RIB-In (RFC 4271 §3.2): the routes one peer has sent us, kept only when a library user
 * asks for it (off by default: a speaker that only announces has no use for them). Applies
 * RFC 7606 outcomes: treat-as-withdraw removes every prefix of the UPDATE, attribute-discard
 * keeps the routes with the attributes that were left.
 *
 * Decoded messages hold views into the receive buffer; stored attributes are copied here
 * (once per UPDATE, shared by its prefixes), never kept as views.
 */

import { Afi } from '../codec/constants.js';
import type { ExtendedCommunity, Nlri, PathAttribute, UpdateMessage } from '../codec/types.js';
import { isEndOfRib } from '../codec/update.js';

/** A route as received. `attributes` is shared (frozen) by every prefix of one UPDATE. */
export interface ReceivedRoute {
  readonly prefix: string;
  /** RFC 7911 path identifier, when ADD-PATH receive is negotiated. */
  readonly pathId: number | undefined;
  /** NEXT_HOP for IPv4, the first MP_REACH_NLRI next hop for IPv6. */
  readonly nextHop: string | undefined;
  /** Path attributes without MP_REACH_NLRI / MP_UNREACH_NLRI. */
  readonly attributes: readonly PathAttribute[];
}

/** What one UPDATE did to the table. */
export interface AdjRibInDelta {
  readonly announced: number;
  readonly withdrawn: number;
  /** The family whose End-of-RIB marker this was (RFC 4724 §2). */
  readonly endOfRib: { readonly afi: number; readonly safi: number } | undefined;
}

/**
 * The routes received from one peer.
 *
 * **When to use:** through `BgpSpeaker` with `keepAdjRibIn: true`; read it with
 * `speaker.adjRibIn(address)`.
 *
 * **Gotchas:** keys are `prefix` or `prefix#pathId` under ADD-PATH. Cleared when the session
 * goes down (RFC 4271 §8.2.2: "deletes all routes associated with this connection").
 *
 * @example
 * ```ts
 * const rib = new AdjRibIn();
 * rib.apply(update);
 * for (const route of rib.routes()) console.log(route.prefix, route.nextHop);
 * ```
 */
export class AdjRibIn {
  readonly #routes = new Map<string, ReceivedRoute>();

  /** Routes held. */
  get size(): number {
    return this.#routes.size;
  }

  /** The route for a prefix (and path id under ADD-PATH), if held. */
  get(prefix: string, pathId?: number): ReceivedRoute | undefined {
    return this.#routes.get(keyOf(prefix, pathId));
  }

  /** Every route held, in arrival order. */
  routes(): IterableIterator<ReceivedRoute> {
    return this.#routes.values();
  }

  /** Drops every route (the session went down). */
  clear(): void {
    this.#routes.clear();
  }

  /** Drops one family's routes (RFC 7606 §5.3 AFI/SAFI disable, or a session reset). */
  clearFamily(afi: number): void {
    for (const [key, route] of this.#routes) {
      if ((afi === Afi.IPV6) === route.prefix.includes(':')) this.#routes.delete(key);
    }
  }

  /** Applies one UPDATE, honouring `update.error` (RFC 7606 §2). */
  apply(update: UpdateMessage): AdjRibInDelta {
    const eor = isEndOfRib(update);
    if (eor) return { announced: 0, withdrawn: 0, endOfRib: eor };
    let withdrawn = this.#withdraw(update.withdrawn);
    let mpReach: Extract<PathAttribute, { type: 'mp-reach-nlri' }> | undefined;
    for (const attr of update.attributes) {
      if (attr.type === 'mp-unreach-nlri') withdrawn += this.#withdraw(attr.withdrawn);
      else if (attr.type === 'mp-reach-nlri') mpReach = attr;
    }
    // RFC 7606 §2: treat-as-withdraw: the UPDATE's announcements are withdrawals.
    if (update.error?.action === 'treat-as-withdraw') {
      withdrawn += this.#withdraw(update.nlri);
      if (mpReach) withdrawn += this.#withdraw(mpReach.nlri);
      return { announced: 0, withdrawn, endOfRib: undefined };
    }
    if (update.nlri.length === 0 && (mpReach === undefined || mpReach.nlri.length === 0)) {
      return { announced: 0, withdrawn, endOfRib: undefined };
    }
    // RFC 7606 §2 attribute-discard: the decoder already left the faulty attributes out.
    const attributes = Object.freeze(copyAttributes(update.attributes));
    let announced = 0;
    const nextHop = attributes.find((a) => a.type === 'next-hop');
    announced += this.#announce(update.nlri, nextHop?.nextHop, attributes);
    if (mpReach && (mpReach.afi === Afi.IPV4 || mpReach.afi === Afi.IPV6)) {
      announced += this.#announce(mpReach.nlri, mpReach.nextHops[0], attributes);
    }
    return { announced, withdrawn, endOfRib: undefined };
  }

  #withdraw(list: readonly Nlri[]): number {
    let n = 0;
    for (const entry of list) if (this.#routes.delete(keyOf(entry.prefix, entry.pathId))) n++;
    return n;
  }

  #announce(
    list: readonly Nlri[],
    nextHop: string | undefined,
    attributes: readonly PathAttribute[],
  ): number {
    for (const { prefix, pathId } of list) {
      this.#routes.set(keyOf(prefix, pathId), { prefix, pathId, nextHop, attributes });
    }
    return list.length;
  }
}

function keyOf(prefix: string, pathId: number | undefined): string {
  return pathId === undefined ? prefix : `${prefix}#${pathId}`;
}

/** Attributes to keep: MP attributes dropped (stored as routes), byte views copied. */
export function copyAttributes(attributes: readonly PathAttribute[]): PathAttribute[] {
  const out: PathAttribute[] = [];
  for (const attr of attributes) {
    switch (attr.type) {
      case 'mp-reach-nlri':
      case 'mp-unreach-nlri':
        break;
      case 'unknown':
        out.push({ ...attr, value: attr.value.slice() });
        break;
      case 'extended-communities':
        out.push({ ...attr, communities: attr.communities.map(copyExtendedCommunity) });
        break;
      default:
        out.push(attr);
    }
  }
  return out;
}

function copyExtendedCommunity(c: ExtendedCommunity): ExtendedCommunity {
  return c.type === 'opaque' || c.type === 'unknown' ? { ...c, value: c.value.slice() } : c;
}
