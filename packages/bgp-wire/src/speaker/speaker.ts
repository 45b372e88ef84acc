/**
 * `BgpSpeaker`: many peers, one route table. Routes announced to all peers live in a
 * speaker-wide table that seeds every peer (also peers added later); routes for chosen peers
 * go to those peers' Adj-RIB-Outs only. Attribute sets are interned once per speaker
 * (attribute-table.ts) and made concrete per session (resolve-attributes.ts). One listener
 * serves every peer.
 */

import { EventEmitter } from 'node:events';
import { type Clock, systemClock } from '../clock.js';
import { CeaseSubcode } from '../codec/constants.js';
import { BgpError } from '../codec/errors.js';
import { describeNotification } from '../codec/notification.js';
import type { FsmStateName } from '../fsm/state.js';
import type { AdjRibIn } from '../session/adj-rib-in.js';
import type { AdjRibOut } from '../session/adj-rib-out.js';
import { childLogger, type Logger, SILENT_LOGGER } from '../session/logger.js';
import { BgpSession } from '../session/session.js';
import type { Connection } from '../transport/connection.js';
import { normalizeAddress } from '../transport/connection.js';
import { BgpListener } from '../transport/listener.js';
import { requireNativeNet } from '../transport/native-net.js';
import { nativeCapabilityOf, openTcpConnection } from '../transport/tcp.js';
import { type PeerOptions, type ResolvedPeer, resolvePeer } from './peer-options.js';
import { resolveAttributes } from './resolve-attributes.js';
import type { Route } from './route.js';
import { RouteTable } from './route-table.js';
import type {
  BgpSpeakerEvents,
  BgpSpeakerOptions,
  DrainOptions,
  PeerStatus,
  RouteScope,
} from './speaker-types.js';
import { wireSession } from './wire-session.js';

interface Peer {
  options: PeerOptions;
  resolved: ResolvedPeer;
  session: BgpSession;
  readonly ribOut: AdjRibOut;
}

/**
 * A BGP speaker with many peers.
 *
 * **When to use:** announcing routes (service IPs) to routers; optionally reading what they
 * send (`keepAdjRibIn`).
 *
 * **Gotchas:**
 * - `listen` defaults to `false`: only active peers work until you pass `{ port }` (179
 *   needs privileges) or a `BgpListener`.
 * - `announce` and `withdraw` change the table at once and return; the wire follows within
 *   one event-loop turn per Established peer (changes in the same turn coalesce).
 * - Prefixes must have no host bits set; invalid input throws `BgpError` before anything
 *   changes.
 * - `close()` (and `drain()`, which ends in it) is final.
 *
 * @example
 * ```ts
 * await using speaker = new BgpSpeaker({ localAs: 4200000001, routerId: '192.0.2.11' });
 * speaker.on('established', (e) => console.log('up', e.peer));
 * await speaker.addPeer({ address: '192.0.2.1', peerAs: 64512 });
 * speaker.announce([{ prefix: '203.0.113.10/32', communities: ['65000:100'], med: 5 }]);
 * ```
 */
export class BgpSpeaker extends EventEmitter<BgpSpeakerEvents> {
  readonly localAs: number;
  readonly routerId: string;
  readonly #options: BgpSpeakerOptions;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #routes = new RouteTable();
  readonly #peers = new Map<string, Peer>();
  #listener: BgpListener | undefined;
  #starting: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: BgpSpeakerOptions) {
    super();
    checkSpeakerOptions(options);
    this.localAs = options.localAs;
    this.routerId = options.routerId;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.logger ?? SILENT_LOGGER;
  }

  /** The listening port, once started with `listen`. */
  get listenPort(): number | undefined {
    return this.#listener?.port;
  }

  /** Binds the listener (if any). Idempotent; `addPeer` calls it. */
  start(): Promise<void> {
    this.#starting ??= this.#start();
    return this.#starting;
  }

  /**
   * Adds a peer and starts its session.
   *
   * @throws BgpError for invalid options or a peer already added; BgpTransportError
   * (`capability-unavailable`) when a password, TTL or GTSM needs `@baremetal-lb/native-net`
   * and it cannot be loaded.
   */
  async addPeer(options: PeerOptions): Promise<void> {
    const resolved = resolvePeer(options, this);
    await this.start();
    this.#assertOpen();
    if (this.#peers.has(resolved.key)) {
      throw new BgpError('BGP_ERR_INVALID_ARGUMENT', `peer ${resolved.key} already added`);
    }
    const capability = nativeCapabilityOf(resolved.session);
    if (capability) await requireNativeNet(capability, this.#options.loadNativeNet);
    const ribOut = this.#routes.newRib();
    const peer: Peer = {
      options,
      resolved,
      ribOut,
      session: this.#createSession(resolved, ribOut),
    };
    this.#peers.set(resolved.key, peer);
    try {
      await this.#register(peer);
    } catch (err) {
      this.#peers.delete(resolved.key);
      this.#routes.dropRib(ribOut);
      throw err;
    }
    this.#assertOpen();
    peer.session.start();
  }

  /** Stops a peer (Cease / Peer De-configured, RFC 4486) and forgets it. */
  async removePeer(address: string): Promise<void> {
    const key = normalizeAddress(address);
    const peer = this.#peers.get(key);
    if (!peer) return;
    this.#peers.delete(key);
    this.#listener?.removePeer(key);
    await peer.session.stop({ subcode: CeaseSubcode.PEER_DECONFIGURED });
    peer.session.removeAllListeners();
    this.#routes.dropRib(peer.ribOut);
    this.#options.metrics?.removePeer(key);
  }

  /**
   * Changes a peer's settings. Unchanged settings leave the session alone; anything else
   * resets it (Cease / Other Configuration Change) and keeps its routes.
   */
  async updatePeer(options: PeerOptions): Promise<void> {
    const resolved = resolvePeer(options, this);
    const peer = this.#peers.get(resolved.key);
    if (!peer) throw new BgpError('BGP_ERR_INVALID_ARGUMENT', `peer ${resolved.key} not found`);
    peer.options = options;
    if (JSON.stringify(resolved) === JSON.stringify(peer.resolved)) return;
    await peer.session.stop({ subcode: CeaseSubcode.OTHER_CONFIGURATION_CHANGE });
    peer.session.removeAllListeners();
    this.#listener?.removePeer(resolved.key);
    peer.resolved = resolved;
    peer.session = this.#createSession(resolved, peer.ribOut);
    await this.#register(peer);
    peer.session.start();
  }

  /**
   * Announces routes (or replaces their attributes) to every peer or to `scope.peers`.
   *
   * @throws BgpError for an invalid route or an unknown peer, before anything changes.
   */
  announce(routes: readonly Route[], scope: RouteScope = {}): void {
    this.#assertOpen();
    this.#routes.announce(routes, this.#targets(scope));
    this.#changed();
  }

  /**
   * Withdraws prefixes from every peer or from `scope.peers`. Unknown prefixes are ignored.
   *
   * @throws BgpError for text that is no prefix or an unknown peer, before anything changes.
   */
  withdraw(prefixes: readonly (string | Route)[], scope: RouteScope = {}): void {
    this.#assertOpen();
    this.#routes.withdraw(prefixes, this.#targets(scope));
    this.#changed();
  }

  /**
   * Withdraws every route from every peer (routes announced to chosen peers included), or
   * from `scope.peers` only: what a node that loses its right to announce does. Costs one
   * pass over the table, however large, instead of a lookup per prefix.
   *
   * @throws BgpError for an unknown peer, before anything changes.
   */
  withdrawAll(scope: RouteScope = {}): void {
    this.#assertOpen();
    this.#routes.withdrawAll(this.#targets(scope));
    this.#changed();
  }

  /**
   * RFC 8326 graceful shutdown: re-advertises everything with GRACEFUL_SHUTDOWN (65535:0),
   * waits `waitMs` (on the speaker's clock) for traffic to move, then closes with Cease /
   * Administrative Shutdown (and the RFC 9003 message, if given) to every peer.
   */
  async drain(options: DrainOptions): Promise<void> {
    this.#assertOpen();
    for (const peer of this.#peers.values()) peer.session.setGracefulShutdown(true);
    await Promise.all([...this.#peers.values()].map((p) => p.session.whenFlushed()));
    await new Promise<void>((resolve) => this.#clock.setTimer(options.waitMs, resolve));
    await this.close({ shutdownMessage: options.shutdownMessage });
  }

  /** Stops every peer (Cease / Administrative Shutdown) and the listener. Idempotent. */
  close(options: { shutdownMessage?: string } = {}): Promise<void> {
    this.#closing ??= this.#close(options.shutdownMessage);
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Hands over a connection from a custom transport; unknown remote addresses are closed. */
  acceptConnection(connection: Connection): void {
    const peer = this.#peers.get(normalizeAddress(connection.remoteAddress));
    if (peer && !this.#closing) peer.session.accept(connection);
    else connection.destroy();
  }

  /** Every peer's status. */
  peers(): PeerStatus[] {
    return [...this.#peers.entries()].map(([address, p]) => ({
      address,
      peerAs: p.resolved.session.peerAs,
      state: p.session.state,
      announced: p.ribOut.size,
      lastError: p.session.lastError?.message,
    }));
  }

  /** A peer's RFC 4271 state, or undefined for an unknown peer. */
  peerState(address: string): FsmStateName | undefined {
    return this.#peers.get(normalizeAddress(address))?.session.state;
  }

  /** The routes a peer sent (peers with `keepAdjRibIn: true`). */
  adjRibIn(address: string): AdjRibIn | undefined {
    return this.#peers.get(normalizeAddress(address))?.session.ribIn;
  }

  /**
   * Asks a peer to re-send its routes (RFC 2918 ROUTE-REFRESH), e.g. after changing what you
   * keep from it. False when the peer is unknown, not Established, or did not negotiate it.
   */
  requestRouteRefresh(address: string, family: 'ipv4' | 'ipv6' = 'ipv4'): boolean {
    return this.#peers.get(normalizeAddress(address))?.session.requestRouteRefresh(family) ?? false;
  }

  /** Resolves once every Established peer has been sent every pending change. */
  async flushed(): Promise<void> {
    await Promise.all([...this.#peers.values()].map((p) => p.session.whenFlushed()));
  }

  // ----- internals -----

  async #start(): Promise<void> {
    const listen = this.#options.listen;
    if (listen === undefined || listen === false) return;
    this.#listener =
      listen instanceof BgpListener
        ? listen
        : await BgpListener.listen({ ...listen, loadNativeNet: this.#options.loadNativeNet });
    this.#listener.setHooks({
      onRejected: (address) =>
        this.#log.debug({ event: 'connectionRejected', ip: address }, 'unknown peer'),
      onError: (err) => this.#log.warn({ event: 'listenerError', err }, 'listener error'),
    });
  }

  #createSession(resolved: ResolvedPeer, ribOut: AdjRibOut): BgpSession {
    const session = new BgpSession(resolved.session, {
      clock: this.#clock,
      connect: this.#options.connect ?? ((o) => openTcpConnection(o)),
      ribOut,
      random: this.#options.random,
      logger: childLogger(this.#log, { peer: resolved.key }),
      resolve: (id, info) => {
        const template = this.#routes.attributes.get(id);
        return template && resolveAttributes(template, info, resolved.attributes);
      },
    });
    wireSession(session, resolved.key, ribOut, {
      emit: (name, ...args) => this.#emitSafely(name, ...args),
      metrics: this.#options.metrics,
      logger: childLogger(this.#log, { peer: resolved.key }),
      describe: describeNotification,
    });
    return session;
  }

  async #register(peer: Peer): Promise<void> {
    const { key, session } = peer.resolved;
    await this.#listener?.addPeer(key, (conn) => peer.session.accept(conn), {
      md5Key: session.md5Key,
      minTtl: session.minTtl,
      ttl: session.ttl,
    });
  }

  /** The RIBs a change goes to: the shared table and every peer, or the chosen peers. */
  #targets(scope: RouteScope): AdjRibOut[] {
    const chosen = scope.peers?.map((address) => {
      const peer = this.#peers.get(normalizeAddress(address));
      if (!peer) throw new BgpError('BGP_ERR_INVALID_ARGUMENT', `peer ${address} not found`);
      return peer.ribOut;
    });
    const all = [...this.#peers.values()].map((p) => p.ribOut);
    return this.#routes.targets(all, chosen);
  }

  #changed(): void {
    for (const [key, peer] of this.#peers) {
      peer.session.routesChanged();
      this.#options.metrics?.prefixes(key, peer.ribOut.size, peer.ribOut.pendingCount);
    }
  }

  async #close(shutdownCommunication: string | undefined): Promise<void> {
    await this.#starting?.catch(() => {});
    const cease = { subcode: CeaseSubcode.ADMINISTRATIVE_SHUTDOWN, shutdownCommunication };
    const peers = [...this.#peers.values()];
    await Promise.all(peers.map((p) => p.session.stop(cease)));
    for (const p of peers) p.session.removeAllListeners();
    const listener = this.#listener;
    if (listener && listener !== this.#options.listen) await listener.close();
    else for (const key of this.#peers.keys()) listener?.removePeer(key);
  }

  #assertOpen(): void {
    if (this.#closing) throw new BgpError('BGP_ERR_INVALID_ARGUMENT', 'speaker is closed');
  }

  #emitSafely<K extends keyof BgpSpeakerEvents>(name: K, ...args: BgpSpeakerEvents[K]): void {
    try {
      (this.emit as (n: K, ...a: BgpSpeakerEvents[K]) => boolean)(name, ...args);
    } catch (err) {
      this.#log.error({ event: 'listenerError', err, name }, 'a speaker listener threw');
    }
  }
}

const DOTTED_QUAD = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** RFC 6793 / RFC 7607: AS 1..2^32-1; RFC 6286: a non-zero 4-octet identifier. */
function checkSpeakerOptions(options: BgpSpeakerOptions): void {
  const { localAs, routerId } = options;
  if (!Number.isInteger(localAs) || localAs < 1 || localAs > 0xffffffff) {
    throw new BgpError('BGP_ERR_INVALID_ARGUMENT', `localAs ${localAs}, expected 1..4294967295`);
  }
  if (typeof routerId !== 'string' || !DOTTED_QUAD.test(routerId) || routerId === '0.0.0.0') {
    throw new BgpError('BGP_ERR_INVALID_ARGUMENT', `routerId ${routerId}: a non-zero dotted quad`);
  }
}
