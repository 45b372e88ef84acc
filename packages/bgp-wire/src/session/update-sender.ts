/**
 * The tx path of an Established session: Adj-RIB-Out differences -> `packUpdates` (one
 * packing per attribute set, messages filled to the negotiated size) -> the connection, one
 * message at a time, waiting for 'drain' whenever `write` says the socket buffer is full.
 *
 * Work comes in as flags and is done by one loop, in this order: the initial table followed
 * by End-of-RIB per family (RFC 4724 §2, sent whether or not graceful restart was
 * negotiated), coalesced changes, ROUTE-REFRESH answers (RFC 2918 §4, wrapped in BoRR/EoRR
 * under RFC 7313), and full re-advertisements (graceful shutdown, RFC 8326).
 */

import { RouteRefreshSubtype } from '../codec/constants.js';
import type { CodecContext } from '../codec/context.js';
import { encodeMessage } from '../codec/message.js';
import { packUpdates } from '../codec/packer.js';
import type { BgpMessage, PathAttribute } from '../codec/types.js';
import { endOfRib } from '../codec/update.js';
import type { AfiSafi } from '../fsm/negotiate.js';
import type { Connection } from '../transport/connection.js';
import type { AdjRibOut, RibChanges } from './adj-rib-out.js';
import { afiSafiOf, type FamilyName, familyOf } from './capabilities.js';

/** One attribute set, made concrete for this session (next hop, AS path, LOCAL_PREF...). */
export interface ResolvedAttributes {
  /** For IPv4 prefixes, NEXT_HOP included; undefined when IPv4 cannot be announced. */
  readonly ipv4: readonly PathAttribute[] | undefined;
  /** For IPv6 prefixes, with the MP_REACH_NLRI next hops; undefined when it cannot be. */
  readonly ipv6:
    | { readonly attributes: readonly PathAttribute[]; readonly nextHops: readonly string[] }
    | undefined;
}

/** Options for {@link UpdateSender}. */
export interface UpdateSenderOptions {
  readonly connection: Connection;
  /** The negotiated send context. */
  readonly ctx: CodecContext;
  readonly rib: AdjRibOut;
  /** Attribute set id -> this session's attributes. */
  readonly resolve: (attrId: number) => ResolvedAttributes | undefined;
  /** Negotiated families. */
  readonly families: readonly AfiSafi[];
  readonly enhancedRouteRefresh: boolean;
  /** Counters: messages written, by type. */
  readonly counted: (type: BgpMessage['type'], count: number) => void;
  /** Prefixes left out for want of a next hop (or attributes) in this session. */
  readonly skipped: (family: FamilyName, count: number) => void;
  readonly failed: (error: unknown) => void;
}

/** RIB changes with their attribute sets resolved. */
interface Prepared {
  readonly changes: RibChanges;
  readonly resolved: readonly (ResolvedAttributes | undefined)[];
}

/** Prefixes per `packUpdates` call: bounds the memory of one batch and lets others run. */
const PACK_CHUNK = 65_536;
/**
 * Changed prefixes taken from the RIB per step: the first UPDATEs of a million-route change
 * are on the wire (and the peer at work on them) while the rest is still being packed.
 */
const CHANGE_CHUNK = 32_768;

/** Writes one session's UPDATEs. */
export class UpdateSender {
  readonly #o: UpdateSenderOptions;
  readonly #families: ReadonlySet<FamilyName>;
  #initial: RibChanges | undefined;
  #hasChanges = false;
  readonly #refresh = new Set<FamilyName>();
  #readvertise = false;
  #running = false;
  #stopped = false;
  #idle: (() => void)[] = [];

  constructor(options: UpdateSenderOptions) {
    this.#o = options;
    const names = options.families.map(familyOf).filter((f) => f !== undefined);
    this.#families = new Set(names);
  }

  /** Sends the initial table, then End-of-RIB for every negotiated family. */
  start(initial: RibChanges): void {
    this.#initial = initial;
    this.#kick();
  }

  /** The Adj-RIB-Out changed: flush soon (changes made before the flush coalesce). */
  changed(): void {
    this.#hasChanges = true;
    this.#kick();
  }

  /** Answers a ROUTE-REFRESH for a family (ignored for families not negotiated). */
  refresh(family: FamilyName): void {
    if (!this.#families.has(family)) return;
    this.#refresh.add(family);
    this.#kick();
  }

  /** Re-sends the whole table (after the attributes changed, e.g. graceful shutdown). */
  readvertise(): void {
    this.#readvertise = true;
    this.#kick();
  }

  /** Stops at the next message boundary; nothing more is written. */
  stop(): void {
    this.#stopped = true;
    this.#wakeIdle();
  }

  /** Resolves once everything asked for so far is written (or the sender stopped). */
  whenIdle(): Promise<void> {
    if (!this.#running || this.#stopped) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #kick(): void {
    if (this.#running || this.#stopped) return;
    this.#running = true;
    // A macrotask later: everything changed in the current tick goes out in one flush.
    setImmediate(() => void this.#run());
  }

  async #run(): Promise<void> {
    try {
      while (!this.#stopped && (await this.#step()));
    } catch (err) {
      this.#stopped = true;
      this.#o.failed(err);
    } finally {
      this.#running = false;
      this.#wakeIdle();
    }
  }

  /**
   * Does one piece of work; false when there was none. What to send is taken from the RIB and
   * its attribute sets resolved before the first await: a set may be released while we write.
   */
  async #step(): Promise<boolean> {
    const { rib } = this.#o;
    if (this.#initial) {
      const initial = this.#prepare(this.#initial);
      this.#initial = undefined;
      if (await this.#send(initial)) await this.#endOfRib();
    } else if (this.#hasChanges) {
      const changes = this.#prepare(rib.takeChanges(CHANGE_CHUNK));
      this.#hasChanges = rib.pendingCount > 0;
      await this.#send(changes);
    } else if (this.#refresh.size > 0) {
      const family = this.#refresh.values().next().value as FamilyName;
      this.#refresh.delete(family);
      const changes = this.#prepare(rib.takeChanges());
      const table = this.#prepare(onlyFamily(rib.table(), family));
      if (await this.#send(changes)) await this.#sendRefresh(family, table);
    } else if (this.#readvertise) {
      this.#readvertise = false;
      const changes = this.#prepare(rib.takeChanges());
      const table = this.#prepare(rib.table());
      if (await this.#send(changes)) await this.#send(table);
    } else {
      return false;
    }
    return true;
  }

  /** RFC 7313 §4: BoRR, the family's routes, EoRR; RFC 2918: just the routes. */
  async #sendRefresh(family: FamilyName, table: Prepared): Promise<void> {
    const enhanced = this.#o.enhancedRouteRefresh;
    const marker = (subtype: number) => this.#writeMessage(refreshMarker(family, subtype));
    if (enhanced && !(await marker(RouteRefreshSubtype.BEGINNING_OF_ROUTE_REFRESH))) return;
    if (!(await this.#send(table))) return;
    if (enhanced) await marker(RouteRefreshSubtype.END_OF_ROUTE_REFRESH);
  }

  /** Changes with each attribute set resolved for this session. */
  #prepare(changes: RibChanges): Prepared {
    return {
      changes,
      resolved: changes.announce.map((g) => this.#o.resolve(g.attrId)),
    };
  }

  /** Withdrawals first, then announcements per attribute set. False once stopped. */
  async #send({ changes, resolved }: Prepared): Promise<boolean> {
    const v4 = this.#families.has('ipv4');
    const v6 = this.#families.has('ipv6');
    if (v4 && !(await this.#pack(changes.withdrawIpv4, undefined))) return false;
    if (v6 && !(await this.#pack(changes.withdrawIpv6, undefined))) return false;
    for (const [i, g] of changes.announce.entries()) {
      const r = resolved[i];
      if (v4 && g.ipv4.length > 0) {
        const attributes = r?.ipv4;
        if (attributes === undefined) this.#o.skipped('ipv4', g.ipv4.length);
        else if (!(await this.#pack(g.ipv4, { attributes }))) return false;
      }
      if (v6 && g.ipv6.length > 0) {
        const six = r?.ipv6;
        if (six === undefined) this.#o.skipped('ipv6', g.ipv6.length);
        else if (!(await this.#pack(g.ipv6, six))) return false;
      }
    }
    return true;
  }

  /**
   * Packs `prefixes` in chunks, announced with `attrs` or withdrawn without, and writes the
   * messages. False once stopped.
   */
  async #pack(
    prefixes: readonly string[],
    attrs: { attributes: readonly PathAttribute[]; nextHops?: readonly string[] } | undefined,
  ): Promise<boolean> {
    for (let i = 0; i < prefixes.length; i += PACK_CHUNK) {
      const chunk = prefixes.length <= PACK_CHUNK ? prefixes : prefixes.slice(i, i + PACK_CHUNK);
      const messages = packUpdates(
        attrs === undefined
          ? { attributes: [], withdraw: chunk }
          : { attributes: attrs.attributes, announce: chunk, ipv6NextHops: attrs.nextHops },
        this.#o.ctx,
      );
      for (const message of messages) if (!(await this.#write(message))) return false;
      this.#o.counted('update', messages.length);
    }
    return true;
  }

  async #endOfRib(): Promise<void> {
    for (const family of this.#families) {
      const { afi, safi } = afiSafiOf(family);
      if (!(await this.#writeMessage(endOfRib(afi, safi)))) return;
    }
  }

  async #writeMessage(message: BgpMessage): Promise<boolean> {
    const ok = await this.#write(encodeMessage(message, this.#o.ctx));
    if (ok) this.#o.counted(message.type, 1);
    return ok;
  }

  /** Writes one message; waits for 'drain' when the socket buffer is full. */
  async #write(bytes: Uint8Array): Promise<boolean> {
    const { connection } = this.#o;
    if (this.#stopped || connection.isClosed) return false;
    if (!connection.write(bytes)) await connection.drained();
    return !this.#stopped && !connection.isClosed;
  }

  #wakeIdle(): void {
    const waiting = this.#idle;
    this.#idle = [];
    for (const resolve of waiting) resolve();
  }
}

function refreshMarker(family: FamilyName, subtype: number): BgpMessage {
  return { type: 'route-refresh', ...afiSafiOf(family), subtype };
}

function onlyFamily(table: RibChanges, family: FamilyName): RibChanges {
  const isV4 = family === 'ipv4';
  return {
    withdrawIpv4: [],
    withdrawIpv6: [],
    announce: table.announce.map((g) => ({
      attrId: g.attrId,
      ipv4: isV4 ? g.ipv4 : [],
      ipv6: isV4 ? [] : g.ipv6,
    })),
  };
}
