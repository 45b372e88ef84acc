/**
 * `BgpSession`: one peer. Drives the pure RFC 4271 FSM (`step`) and executes its actions:
 * connect (through an injected `ConnectFunction`), send, close, timers on an injected `Clock`,
 * and the session events it emits. Once Established, an `UpdateSender` writes the Adj-RIB-Out.
 *
 * Connections: the main runner owns the peer's FSM. A second connection (ours and the peer's
 * crossing) gets a second runner; when an OPEN arrives on either while the other has one
 * exchanged or pending, `resolveCollision` (RFC 4271 §6.8) picks the survivor and the loser
 * gets OpenCollisionDump (Cease / Connection Collision Resolution, RFC 4486).
 *
 * Failures: a main FSM back in Idle is restarted with AutomaticStart_with_DampPeerOscillations,
 * so the FSM's IdleHoldTimer backoff (5 s doubling to 120 s by default) spaces reconnects.
 * Events are queued and stepped one at a time; nothing a peer sends escapes as an exception.
 */

import { EventEmitter } from 'node:events';
import type { OpenMessage, RouteRefreshMessage, UpdateMessage } from '../codec/types.js';
import type { FsmAction, SessionEvent } from '../fsm/actions.js';
import type { FsmContext } from '../fsm/context.js';
import type { CeaseOptions, FsmEvent } from '../fsm/events.js';
import type { FsmStateName } from '../fsm/state.js';
import { step } from '../fsm/step.js';
import type { Connection } from '../transport/connection.js';
import { AdjRibIn } from './adj-rib-in.js';
import { AdjRibOut } from './adj-rib-out.js';
import { afiSafiOf, type FamilyName, familyOf, fsmContextFor } from './capabilities.js';
import { SessionConnections } from './connections.js';
import type { FsmRunner, RunnerHost } from './fsm-runner.js';
import { type Logger, SILENT_LOGGER } from './logger.js';
import type {
  BgpSessionConfig,
  BgpSessionDeps,
  BgpSessionEvents,
  SessionInfo,
} from './session-types.js';
import { type ResolvedAttributes, UpdateSender } from './update-sender.js';

/** Attribute sets resolved per Established session before the cache starts over. */
const MAX_RESOLVED_CACHE = 10_000;

/** The Established part of a session. */
interface Up {
  readonly runner: FsmRunner;
  readonly info: SessionInfo;
  readonly sender: UpdateSender;
  readonly cache: Map<number, ResolvedAttributes | undefined>;
}

/**
 * One BGP peer.
 *
 * **When to use:** through `BgpSpeaker`, which builds one per peer. Use it directly to drive a
 * single session with your own transport.
 *
 * **Gotchas:** `start()` then feed it incoming connections with `accept()`; change routes in
 * `ribOut` and call `routesChanged()`. Listeners that throw are logged, not propagated.
 *
 * @example
 * ```ts
 * const session = new BgpSession(config, { clock: systemClock, connect: openTcpConnection,
 *   resolve: (id, info) => resolveMyAttributes(id, info) });
 * session.on('established', (e) => console.log('up', e.remoteAddress));
 * session.start();
 * session.ribOut.setMany(['203.0.113.10/32'], 1);
 * session.routesChanged();
 * ```
 */
export class BgpSession extends EventEmitter<BgpSessionEvents> {
  readonly config: BgpSessionConfig;
  readonly ribOut: AdjRibOut;
  readonly ribIn: AdjRibIn | undefined;
  readonly #deps: BgpSessionDeps;
  readonly #log: Logger;
  readonly #host: RunnerHost;
  #ctx: FsmContext;
  readonly #conns: SessionConnections;
  readonly #queue: [FsmRunner, FsmEvent][] = [];
  #isDraining = false;
  #isStopped = true;
  #up: Up | undefined;
  #gracefulShutdown = false;

  constructor(config: BgpSessionConfig, deps: BgpSessionDeps) {
    super();
    this.config = config;
    this.#deps = deps;
    this.#log = deps.logger ?? SILENT_LOGGER;
    this.ribOut = deps.ribOut ?? new AdjRibOut();
    this.ribIn = config.keepAdjRibIn ? new AdjRibIn() : undefined;
    this.#ctx = this.#buildContext(config.gracefulRestart?.restarting ?? false);
    this.#host = {
      clock: deps.clock,
      feed: (runner, event) => this.#feed(runner, event),
      connectionLost: (runner) => this.#feed(runner, { type: 'TcpConnectionFails' }),
      fault: (runner, err) => this.#fault(runner, err),
      counted: (direction, type) => this.#emit('counted', direction, type, 1),
    };
    this.#conns = new SessionConnections({
      config,
      runnerHost: this.#host,
      connect: deps.connect,
      log: this.#log,
      isStopped: () => this.#isStopped,
      feed: (runner, event) => this.#feed(runner, event),
      stepNow: (runner, event) => this.#step(runner, event),
      swapped: (old, next) => {
        const [from, to] = [old.state.name, next.state.name];
        if (from !== to) this.#emit('state', { from, to, reason: next.state.reason });
      },
      unusable: (err) => {
        this.#isStopped = true;
        this.#feed(this.#conns.main, { type: 'ManualStop' });
        this.#emit('failed', err);
      },
    });
  }

  /** The RFC 4271 state of the main connection. */
  get state(): FsmStateName {
    return this.#conns.main.state.name;
  }

  /** The last transport error (failed connect, reset connection), if any. */
  get lastError(): Error | undefined {
    return this.#conns.main.lastError ?? this.#conns.connectError;
  }

  /** What was negotiated, while Established. */
  get negotiated(): SessionInfo['negotiated'] | undefined {
    return this.#up?.info.negotiated;
  }

  /** Starts connecting (or listening, for a passive peer). */
  start(): void {
    if (!this.#isStopped) return;
    this.#isStopped = false;
    const passive = this.config.passive;
    this.#feed(this.#conns.main, {
      type: passive ? 'ManualStart_with_PassiveTcpEstablishment' : 'ManualStart',
    });
  }

  /**
   * Stops: Cease (Administrative Shutdown unless told otherwise, RFC 4486, with the RFC 9003
   * shutdown communication if given) to the peer, connections closed. Resolves once they are.
   */
  async stop(cease?: CeaseOptions): Promise<void> {
    this.#isStopped = true;
    const conns = this.#conns;
    conns.abortAttempt();
    const open = [conns.main.connection, conns.secondary?.connection];
    if (conns.secondary) this.#feed(conns.secondary, { type: 'ManualStop', cease });
    this.#feed(conns.main, { type: 'ManualStop', cease });
    await Promise.all(open.map((c) => c?.whenClosed()));
    conns.main.dispose();
  }

  /** A connection from this peer (the listener matched its address). */
  accept(connection: Connection): void {
    this.#conns.adopt(connection, 'incoming');
  }

  /** The Adj-RIB-Out changed: send the differences soon. */
  routesChanged(): void {
    this.#up?.sender.changed();
  }

  /** RFC 8326: re-advertise everything with (or without) GRACEFUL_SHUTDOWN. */
  setGracefulShutdown(on: boolean): void {
    if (this.#gracefulShutdown === on) return;
    this.#gracefulShutdown = on;
    const up = this.#up;
    if (!up) return;
    this.#up = { ...up, info: { ...up.info, gracefulShutdown: on } };
    up.cache.clear();
    up.sender.readvertise();
  }

  /**
   * Asks the peer to re-send its routes of one family (RFC 2918 ROUTE-REFRESH). False when
   * the session is not Established or route refresh or the family was not negotiated.
   */
  requestRouteRefresh(family: FamilyName): boolean {
    const up = this.#up;
    const wanted = afiSafiOf(family);
    const n = up?.info.negotiated;
    if (!up || !n?.routeRefresh) return false;
    if (!n.families.some((f) => f.afi === wanted.afi && f.safi === wanted.safi)) return false;
    return up.runner.send({ type: 'route-refresh', ...wanted, subtype: 0 });
  }

  /** Resolves once everything queued for the peer is written. */
  whenFlushed(): Promise<void> {
    return this.#up?.sender.whenIdle() ?? Promise.resolve();
  }

  // ----- the event loop -----

  #feed(runner: FsmRunner, event: FsmEvent): void {
    this.#queue.push([runner, event]);
    if (this.#isDraining) return;
    this.#isDraining = true;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
        const [r, e] = next;
        if (!this.#conns.isCurrent(r)) continue;
        try {
          this.#step(r, e);
        } catch (err) {
          this.#fault(r, err);
        }
        this.#reconcile();
      }
    } finally {
      this.#isDraining = false;
    }
  }

  #step(runner: FsmRunner, event: FsmEvent): void {
    if (event.type === 'BGPOpen' && this.#conns.resolveCollision(runner, event.open)) return;
    const result = step(runner.state, event, this.#ctx);
    runner.state = result.state;
    for (const action of result.actions) this.#execute(runner, action);
  }

  #execute(runner: FsmRunner, action: FsmAction): void {
    switch (action.type) {
      case 'connect':
        if (runner === this.#conns.main && !this.config.passive) this.#conns.connect();
        return;
      case 'send':
        runner.send(action.message);
        return;
      case 'close':
        runner.close();
        if (runner === this.#conns.main) this.#conns.abortAttempt();
        return;
      case 'startTimer':
        runner.startTimer(action.timer, action.ms);
        return;
      case 'stopTimer':
        runner.stopTimer(action.timer);
        return;
      case 'emit':
        this.#onSessionEvent(runner, action.event);
        return;
      case 'listen':
      case 'releaseResources':
        // The listener always dispatches this peer's connections; `adopt` refuses them in
        // Idle. Session state is released on the way out of Established (`#onDown`).
        return;
    }
  }

  /** After each step: connections reconciled, and a main FSM back in Idle restarted. */
  #reconcile(): void {
    this.#conns.reconcile();
    const main = this.#conns.main;
    const isQueued = this.#queue.some(([r, e]) => r === main && e.type.startsWith('Auto'));
    if (main.state.name !== 'idle' || main.state.pendingStart || this.#isStopped || isQueued) {
      return;
    }
    // RFC 4271 §8.1.1 DampPeerOscillations: the FSM holds the start for its IdleHoldTimer.
    this.#queue.push([
      main,
      {
        type: this.config.passive
          ? 'AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment'
          : 'AutomaticStart_with_DampPeerOscillations',
      },
    ]);
  }

  // ----- session events -----

  #onSessionEvent(runner: FsmRunner, event: SessionEvent): void {
    const isMain = runner === this.#conns.main;
    switch (event.type) {
      case 'stateChange':
        if (isMain) this.#onStateChange(event);
        return;
      case 'established':
        if (isMain) this.#onEstablished(runner, event.peerOpen);
        return;
      case 'update':
        if (isMain) this.#onUpdate(event.update);
        return;
      case 'updateError':
        // RFC 7606 §5.3 AFI/SAFI disable: what we hold of that family is no longer valid.
        if (event.error.afi !== undefined) this.ribIn?.clearFamily(event.error.afi);
        this.#emit('updateError', event.error);
        return;
      case 'routeRefresh':
        if (isMain) this.#onRouteRefresh(event.message);
        return;
      case 'notificationSent':
      case 'notificationReceived': {
        const direction = event.type === 'notificationSent' ? 'sent' : 'received';
        this.#emit('notification', { direction, notification: event.notification });
        return;
      }
      case 'startDeferred':
      case 'ignored':
        this.#log.debug({ event: event.type, detail: event }, 'fsm');
        return;
    }
  }

  #onStateChange(event: Extract<SessionEvent, { type: 'stateChange' }>): void {
    const { from, to, reason } = event;
    this.#log.debug({ event: 'state', state: to, prevState: from, reason: reason.type }, 'state');
    this.#emit('state', { from, to, reason });
    if (from === 'established') this.#onDown(event);
  }

  #onEstablished(runner: FsmRunner, peerOpen: OpenMessage): void {
    const negotiated = runner.negotiated;
    const connection = runner.connection;
    if (!negotiated || !connection) return;
    const info: SessionInfo = {
      negotiated,
      localAddress: connection.localAddress,
      remoteAddress: connection.remoteAddress,
      gracefulShutdown: this.#gracefulShutdown,
    };
    const cache = new Map<number, ResolvedAttributes | undefined>();
    const resolve = (id: number) => {
      if (!cache.has(id)) {
        // Ids are never reused, so a churning table would grow this forever: bound it.
        if (cache.size >= MAX_RESOLVED_CACHE) cache.clear();
        cache.set(id, this.#deps.resolve(id, this.#up?.info ?? info));
      }
      return cache.get(id);
    };
    const sender = new UpdateSender({
      connection,
      ctx: negotiated.sendContext,
      rib: this.ribOut,
      resolve,
      families: negotiated.families,
      enhancedRouteRefresh: negotiated.enhancedRouteRefresh,
      counted: (type, n) => this.#emit('counted', 'sent', type, n),
      skipped: (family, count) =>
        this.#log.warn({ event: 'noNextHop', family, count }, 'prefixes left out: no next hop'),
      failed: (err) => this.#fault(runner, err),
    });
    this.#up = { runner, info, sender, cache };
    sender.start(this.ribOut.activate());
    // RFC 4724 §3: the Restart State bit belongs to the OPEN right after a restart only.
    if (this.config.gracefulRestart?.restarting) this.#ctx = this.#buildContext(false);
    const { localAddress, remoteAddress } = info;
    this.#emit('established', { negotiated, peerOpen, localAddress, remoteAddress });
  }

  #onDown(event: Extract<SessionEvent, { type: 'stateChange' }>): void {
    this.#up?.sender.stop();
    this.#up = undefined;
    this.ribOut.deactivate();
    this.ribIn?.clear();
    const error = event.reason.type === 'tcp-failed' ? this.#conns.main.lastError : undefined;
    this.#emit('down', { reason: event.reason, error });
  }

  #onUpdate(update: UpdateMessage): void {
    this.ribIn?.apply(update);
    this.#emit('update', update);
  }

  /** RFC 2918 §4 / RFC 7313 §4: a normal request is answered; BoRR/EoRR and others are not. */
  #onRouteRefresh(message: RouteRefreshMessage): void {
    this.#emit('routeRefresh', message);
    const family = familyOf(message);
    if (message.subtype === 0 && family !== undefined) this.#up?.sender.refresh(family);
  }

  // ----- helpers -----

  #buildContext(restarting: boolean): FsmContext {
    const clock = this.#deps.clock;
    return fsmContextFor(this.config, restarting, this.#deps.random ?? Math.random, () =>
      clock.now(),
    );
  }

  /** Not a protocol fault: a bug. Logged; the connection is dropped and the FSM recovers. */
  #fault(runner: FsmRunner, err: unknown): void {
    this.#log.error({ event: 'fault', err }, 'session fault; dropping the connection');
    runner.connection?.destroy();
  }

  #emit<K extends keyof BgpSessionEvents>(name: K, ...args: BgpSessionEvents[K]): void {
    try {
      (this.emit as (n: K, ...a: BgpSessionEvents[K]) => boolean)(name, ...args);
    } catch (err) {
      this.#log.error({ event: 'listenerError', err, name }, 'a session listener threw');
    }
  }
}
