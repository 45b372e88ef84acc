/**
 * Two connected in-memory `Connection`s, for tests: what one writes the other reads, a tick
 * later (as with a socket, never inside the writer's call), with real backpressure (a writer
 * waits while the reader's buffer is over its high-water mark) and a close that reaches the
 * other side.
 */

import { Duplex } from 'node:stream';
import { type Connection, StreamConnection } from './connection.js';

/** One end's address, as the other end sees it. */
export interface MemoryEndpoint {
  readonly address: string;
  readonly port: number;
}

/** Options for {@link createMemoryConnectionPair}. */
export interface MemoryPairOptions {
  /** The first connection's local end. Default 192.0.2.1 port 40000 (the active side). */
  readonly a?: MemoryEndpoint;
  /** The second connection's local end. Default 192.0.2.2 port 179. */
  readonly b?: MemoryEndpoint;
  /** Bytes buffered per direction before `write` returns false. Default 64 KiB. */
  readonly highWaterMark?: number;
}

const DEFAULT_A: MemoryEndpoint = { address: '192.0.2.1', port: 40000 };
const DEFAULT_B: MemoryEndpoint = { address: '192.0.2.2', port: 179 };

/** One direction's far end: where written chunks are pushed. */
class MemoryDuplex extends Duplex {
  peer: MemoryDuplex | undefined;
  /** The writer's callback held back while this side's read buffer is full. */
  #blocked: (() => void) | undefined;

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error) => void): void {
    const peer = this.peer;
    if (!peer || peer.destroyed) {
      done(new Error('memory connection: peer closed'));
      return;
    }
    // A tick later, as a socket delivers: a reader never runs inside its writer's call.
    setImmediate(() => {
      if (peer.destroyed) {
        done();
        return;
      }
      if (peer.push(chunk)) done();
      else peer.#blocked = done;
    });
  }

  override _read(): void {
    const blocked = this.#blocked;
    this.#blocked = undefined;
    blocked?.();
  }

  override _final(done: (err?: Error) => void): void {
    const peer = this.peer;
    setImmediate(() => {
      if (peer && !peer.destroyed) peer.push(null);
      done();
    });
  }

  override _destroy(err: Error | null, done: (err: Error | null) => void): void {
    const peer = this.peer;
    const blocked = this.#blocked;
    this.#blocked = undefined;
    blocked?.();
    // Like a reset: the other side sees its stream end.
    if (peer && !peer.destroyed) setImmediate(() => peer.destroy());
    done(err);
  }
}

/**
 * A connected pair of in-memory connections.
 *
 * **When to use:** unit tests of sessions and speakers, with a `ManualClock`: no sockets, no
 * ports, deterministic addresses.
 *
 * **Gotchas:** delivery is asynchronous (`setImmediate`), so a test must yield to the event
 * loop before it sees what the other side wrote. Chunks are passed by reference, not copied:
 * do not modify a buffer after writing it (the same rule as `net.Socket`).
 *
 * @example
 * ```ts
 * const [a, b] = createMemoryConnectionPair();
 * b.start({ data: (chunk) => console.log(chunk.length), close: () => {} });
 * a.write(encodeKeepalive());
 * ```
 */
export function createMemoryConnectionPair(
  options: MemoryPairOptions = {},
): [Connection, Connection] {
  const highWaterMark = options.highWaterMark ?? 64 * 1024;
  const endA = options.a ?? DEFAULT_A;
  const endB = options.b ?? DEFAULT_B;
  const streamA = new MemoryDuplex({ highWaterMark, allowHalfOpen: false });
  const streamB = new MemoryDuplex({ highWaterMark, allowHalfOpen: false });
  streamA.peer = streamB;
  streamB.peer = streamA;
  const a = new StreamConnection(streamA, {
    localAddress: endA.address,
    localPort: endA.port,
    remoteAddress: endB.address,
    remotePort: endB.port,
  });
  const b = new StreamConnection(streamB, {
    localAddress: endB.address,
    localPort: endB.port,
    remoteAddress: endA.address,
    remotePort: endA.port,
  });
  return [a, b];
}
