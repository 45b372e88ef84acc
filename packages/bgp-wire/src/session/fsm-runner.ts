/**
 * One FSM bound to (at most) one TCP connection: its state, its timers on the injected
 * `Clock`, and its byte stream (framing, decoding with the negotiated receive context,
 * encoding with the send context). A session owns one runner, two during a connection
 * collision (RFC 4271 §6.8: one FSM per connection). The runner turns bytes and timer
 * expiries into FSM events for its host; the host steps the FSM and tells it what to do.
 *
 * rx: chunk -> MessageFramer.push -> decodeMessage(view, receiveContext) -> messageToEvent,
 * or a BgpMessageError -> errorToEvent (the FSM answers with its NOTIFICATION). Messages are
 * decoded and handled one by one inside the same push: views never outlive it.
 */

import type { Clock, Timer } from '../clock.js';
import { type CodecContext, DEFAULT_CONTEXT, maxMessageLength } from '../codec/context.js';
import { BgpMessageError } from '../codec/errors.js';
import { MessageFramer } from '../codec/framer.js';
import { decodeMessage, encodeMessage } from '../codec/message.js';
import type { BgpMessage, OpenMessage, RouteRefreshMessage } from '../codec/types.js';
import type { FsmOutboundMessage } from '../fsm/actions.js';
import type { ConnectionDirection } from '../fsm/collision.js';
import { errorToEvent, type FsmEvent, messageToEvent } from '../fsm/events.js';
import type { NegotiatedSession } from '../fsm/negotiate.js';
import { type FsmState, initialFsmState, type TimerName } from '../fsm/state.js';
import { TIMER_EXPIRY_EVENT } from '../fsm/timers.js';
import type { Connection } from '../transport/connection.js';

/** What a runner reports to the session that owns it. */
export interface RunnerHost {
  readonly clock: Clock;
  /** An event for this runner's FSM: a decoded message, a decode error, a timer expiry. */
  feed(runner: FsmRunner, event: FsmEvent): void;
  /** The runner's connection is gone (not called after the runner dropped it itself). */
  connectionLost(runner: FsmRunner, error: Error | undefined): void;
  /** Something that is not a protocol fault went wrong while handling input (a bug). */
  fault(runner: FsmRunner, error: unknown): void;
  /** For counters: one message of `type` received or sent. */
  counted(direction: 'sent' | 'received', type: BgpMessage['type']): void;
}

/** Messages a runner writes for the FSM and the session (UPDATEs go through `write`). */
export type RunnerMessage = FsmOutboundMessage | RouteRefreshMessage;

/** One FSM and its connection. */
export class FsmRunner {
  state: FsmState;
  connection: Connection | undefined;
  direction: ConnectionDirection | undefined;
  /** Why the last connection closed, if the transport said. */
  lastError: Error | undefined;
  readonly #host: RunnerHost;
  readonly #timers = new Map<TimerName, Timer>();
  #framer: MessageFramer;

  constructor(host: RunnerHost, state: FsmState = initialFsmState()) {
    this.#host = host;
    this.state = state;
    this.#framer = this.#newFramer();
  }

  /** What was negotiated, from OpenConfirm on. */
  get negotiated(): NegotiatedSession | undefined {
    const s = this.state;
    return s.name === 'openconfirm' || s.name === 'established' ? s.negotiated : undefined;
  }

  /** The peer's OPEN, from OpenConfirm on. */
  get peerOpen(): OpenMessage | undefined {
    const s = this.state;
    return s.name === 'openconfirm' || s.name === 'established' ? s.peerOpen : undefined;
  }

  /** Decode with this: the negotiated receive context once the OPENs are exchanged. */
  get receiveContext(): CodecContext {
    return this.negotiated?.receiveContext ?? DEFAULT_CONTEXT;
  }

  /** Encode with this. */
  get sendContext(): CodecContext {
    return this.negotiated?.sendContext ?? DEFAULT_CONTEXT;
  }

  /** Takes `connection` and starts reading it. */
  attach(connection: Connection, direction: ConnectionDirection): void {
    this.connection = connection;
    this.direction = direction;
    this.lastError = undefined;
    this.#framer = this.#newFramer();
    connection.start({
      data: (chunk) => this.#onData(connection, chunk),
      close: (error) => {
        if (this.connection !== connection) return;
        this.connection = undefined;
        this.lastError = error;
        this.#host.connectionLost(this, error);
      },
    });
  }

  /** Encodes and writes a message; false when the connection is gone. */
  send(message: RunnerMessage): boolean {
    const connection = this.connection;
    if (!connection) return false;
    connection.write(encodeMessage(message, this.sendContext));
    this.#host.counted('sent', message.type);
    return true;
  }

  /** (Re)starts a timer; its expiry is fed back as the matching `*_Expires` event. */
  startTimer(timer: TimerName, ms: number): void {
    this.#timers.get(timer)?.cancel();
    this.#timers.set(
      timer,
      this.#host.clock.setTimer(ms, () => {
        this.#timers.delete(timer);
        this.#host.feed(this, { type: TIMER_EXPIRY_EVENT[timer] });
      }),
    );
  }

  /** Cancels a timer (its expiry will not be fed). */
  stopTimer(timer: TimerName): void {
    this.#timers.get(timer)?.cancel();
    this.#timers.delete(timer);
  }

  /**
   * Drops the connection: what is queued (a NOTIFICATION the FSM just sent) is flushed first
   * (RFC 4271 §8.2.2 sends it, then drops the connection). No more input is read.
   */
  close(): void {
    const connection = this.connection;
    this.connection = undefined;
    connection?.end();
  }

  /** Stops everything: timers cancelled, connection closed. The runner is not used again. */
  dispose(): void {
    for (const timer of this.#timers.values()) timer.cancel();
    this.#timers.clear();
    this.close();
  }

  #newFramer(): MessageFramer {
    // Asked per message: an RFC 8654 limit agreed in the OPEN exchange applies at once.
    return new MessageFramer({ maxMessageLength: () => maxMessageLength(this.receiveContext) });
  }

  #onData(connection: Connection, chunk: Uint8Array): void {
    if (this.connection !== connection) return;
    try {
      this.#framer.push(chunk);
      for (let view = this.#framer.next(); view !== undefined; view = this.#framer.next()) {
        this.#onMessage(view);
        // The FSM may have closed this connection: ignore whatever followed.
        if (this.connection !== connection) return;
      }
    } catch (err) {
      if (this.connection !== connection) return;
      if (err instanceof BgpMessageError) this.#host.feed(this, errorToEvent(err));
      else this.#host.fault(this, err);
    }
  }

  #onMessage(view: Uint8Array): void {
    let message: BgpMessage;
    try {
      message = decodeMessage(view, this.receiveContext);
    } catch (err) {
      if (!(err instanceof BgpMessageError)) throw err;
      const type = MESSAGE_TYPE_NAMES[view[18]];
      if (type) this.#host.counted('received', type);
      this.#host.feed(this, errorToEvent(err));
      return;
    }
    this.#host.counted('received', message.type);
    this.#host.feed(this, messageToEvent(message));
  }
}

/** Message type codes (RFC 4271 §4.1, RFC 2918) by name, for counting undecodable messages. */
const MESSAGE_TYPE_NAMES: Partial<Record<number, BgpMessage['type']>> = {
  1: 'open',
  2: 'update',
  3: 'notification',
  4: 'keepalive',
  5: 'route-refresh',
};
