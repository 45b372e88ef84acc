/**
 * A session's TCP connections and the FSMs bound to them (RFC 4271 §6.8: one FSM per
 * connection). The main runner is the peer's FSM; a second connection in the other direction
 * gets a secondary runner until an OPEN says which survives. Also the outgoing connection
 * attempt, which a `close` action or a retry aborts.
 */

import type { OpenMessage } from '../codec/types.js';
import type { ConnectionDirection } from '../fsm/collision.js';
import { resolveCollision } from '../fsm/collision.js';
import type { FsmEvent } from '../fsm/events.js';
import { announcedAs } from '../fsm/open.js';
import { initialFsmState } from '../fsm/state.js';
import type { Connection } from '../transport/connection.js';
import { BgpTransportError } from '../transport/errors.js';
import type { ConnectFunction } from '../transport/tcp.js';
import { FsmRunner, type RunnerHost } from './fsm-runner.js';
import type { Logger } from './logger.js';
import type { BgpSessionConfig } from './session-types.js';

/** What the connections need from their session. */
export interface ConnectionsHost {
  readonly config: BgpSessionConfig;
  readonly runnerHost: RunnerHost;
  readonly connect: ConnectFunction;
  readonly log: Logger;
  isStopped(): boolean;
  /** Queues an event (processed after the current one). */
  feed(runner: FsmRunner, event: FsmEvent): void;
  /** Steps an event at once, inside the current step. */
  stepNow(runner: FsmRunner, event: FsmEvent): void;
  /** The main runner changed (emit a state change if the state differs). */
  swapped(old: FsmRunner, next: FsmRunner): void;
  /** The peer cannot run here at all (a missing native capability). */
  unusable(error: BgpTransportError): void;
}

/** The main runner, maybe a secondary, maybe an attempt in flight. */
export class SessionConnections {
  main: FsmRunner;
  secondary: FsmRunner | undefined;
  /** Why the last connection attempt failed. */
  connectError: Error | undefined;
  readonly #host: ConnectionsHost;
  #attempt: AbortController | undefined;

  constructor(host: ConnectionsHost) {
    this.#host = host;
    this.main = new FsmRunner(host.runnerHost);
  }

  /** True while `runner` is one of ours (events for discarded runners are dropped). */
  isCurrent(runner: FsmRunner): boolean {
    return runner === this.main || runner === this.secondary;
  }

  /** RFC 4271 "initiates a TCP connection" (the FSM's `connect` action). */
  connect(): void {
    this.abortAttempt();
    const attempt = new AbortController();
    this.#attempt = attempt;
    const c = this.#host.config;
    this.#host
      .connect({
        host: c.peerAddress,
        port: c.peerPort,
        localAddress: c.localAddress,
        md5Key: c.md5Key,
        ttl: c.ttl,
        minTtl: c.minTtl,
        timeoutMs: Math.min(c.connectTimeoutMs, c.connectRetryTimeSec * 1000),
        signal: attempt.signal,
      })
      .then(
        (connection) => {
          if (this.#attempt !== attempt) {
            connection.destroy();
            return;
          }
          this.#attempt = undefined;
          this.adopt(connection, 'outgoing');
        },
        (err: unknown) => this.#connectFailed(attempt, err),
      )
      .catch((err: unknown) => this.#host.log.error({ event: 'fault', err }, 'connect failed'));
  }

  /** Gives up the connection attempt in flight, if any. */
  abortAttempt(): void {
    this.#attempt?.abort();
    this.#attempt = undefined;
  }

  /** A new connection in either direction: the main FSM's, a second one, or refused. */
  adopt(connection: Connection, direction: ConnectionDirection): void {
    const main = this.main;
    const state = main.state.name;
    // RFC 4271 §8.2.2 Idle: "refuses all incoming BGP connections for this peer".
    if (this.#host.isStopped() || state === 'idle') {
      connection.destroy();
      return;
    }
    const connected = direction === 'outgoing' ? 'Tcp_CR_Acked' : 'TcpConnectionConfirmed';
    if (!main.connection && (state === 'connect' || state === 'active')) {
      main.attach(connection, direction);
      this.#host.feed(main, { type: connected });
      return;
    }
    // RFC 4271 §6.8: a second connection is kept until an OPEN says which one survives.
    if (this.secondary) {
      connection.destroy();
      return;
    }
    const second = new FsmRunner(this.#host.runnerHost, {
      ...initialFsmState(),
      dampFailures: main.state.dampFailures,
    });
    second.attach(connection, direction);
    this.secondary = second;
    const passive = this.#host.config.passive;
    this.#host.feed(second, {
      type: passive ? 'ManualStart_with_PassiveTcpEstablishment' : 'ManualStart',
    });
    this.#host.feed(second, { type: connected });
  }

  /**
   * RFC 4271 §6.8 on an OPEN received while the other connection is up to OpenSent or later:
   * the loser gets OpenCollisionDump (Cease / Connection Collision Resolution). True when
   * `runner` lost (it must not see its OPEN).
   */
  resolveCollision(runner: FsmRunner, open: OpenMessage): boolean {
    const other = runner === this.main ? this.secondary : this.main;
    if (!other?.connection || other.direction === undefined) return false;
    const c = this.#host.config;
    const decision = resolveCollision({
      localId: c.routerId,
      remoteId: open.bgpIdentifier,
      existingConnection: other.direction,
      existingState: other.state.name,
      existingRemoteId: other.peerOpen?.bgpIdentifier,
      localAs: c.localAs,
      remoteAs: announcedAs(open),
    });
    this.#host.log.debug({ event: 'collision', decision }, 'connection collision');
    if (!decision.isCollision) return false;
    const [winner, loser] = decision.closeExisting ? [runner, other] : [other, runner];
    if (loser === this.main) {
      // The loser's way to Idle must not read as the session going down.
      this.main = winner;
      this.secondary = loser;
      this.#host.swapped(loser, winner);
    }
    this.#host.stepNow(loser, { type: 'OpenCollisionDump' });
    return loser === runner;
  }

  /** After each step: drop a secondary that lost its connection, promote one if needed. */
  reconcile(): void {
    const secondary = this.secondary;
    if (secondary && !secondary.connection) {
      this.secondary = undefined;
      secondary.dispose();
    }
    if (!this.main.connection && this.secondary) {
      const old = this.main;
      this.main = this.secondary;
      this.secondary = undefined;
      old.dispose();
      this.abortAttempt();
      this.#host.swapped(old, this.main);
    }
  }

  #connectFailed(attempt: AbortController, err: unknown): void {
    if (this.#attempt !== attempt) return;
    this.#attempt = undefined;
    this.connectError = err instanceof Error ? err : new Error(String(err));
    this.#host.log.debug({ event: 'connectFailed', err }, 'connection attempt failed');
    if (err instanceof BgpTransportError && err.failure === 'capability-unavailable') {
      this.#host.unusable(err); // retrying cannot help
      return;
    }
    if (!this.main.connection) this.#host.feed(this.main, { type: 'TcpConnectionFails' });
  }
}
