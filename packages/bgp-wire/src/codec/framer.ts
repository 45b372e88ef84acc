/**
 * Stream framing: TCP chunks in, whole BGP messages out, as views. Framing is its own step
 * (pg-protocol's Parser, BIRD's bgp_rx): it knows where messages begin and end and checks the
 * header (RFC 4271 §6.1) as soon as one is buffered; what a message says is decodeMessage's job.
 *
 * Memory: a chunk that starts on a message boundary is adopted as is and messages are views
 * into it (zero-copy). Only a message split across chunks is copied, into one scratch buffer the
 * framer owns and reuses; the rest of that chunk is adopted again. The framer never writes into
 * a chunk you pass.
 */
import { readUint16 } from './bytes.js';
import { HEADER_LENGTH, MARKER_LENGTH, MessageType } from './constants.js';
import { type CodecContext, DEFAULT_CONTEXT, maxMessageLength } from './context.js';
import type { BgpMessageError } from './errors.js';
import { checkHeader } from './header.js';

/** One of `ctx` or `maxMessageLength`; neither means RFC 4271's 4096 bytes. */
export interface MessageFramerOptions {
  /** Session context; only its extended-message setting (RFC 8654) matters here. */
  ctx?: CodecContext;
  /**
   * Asked once per message, so a limit negotiated mid-stream (RFC 8654 extended messages, agreed
   * in the OPEN exchange) applies from the next message on. Wins over `ctx`.
   */
  maxMessageLength?: () => number;
}

const EMPTY = new Uint8Array(0);
const MIN_SCRATCH_LENGTH = 4096;
/** Where the 2-byte length field and the type octet sit in a header. */
const LENGTH_OFFSET = MARKER_LENGTH;
const TYPE_OFFSET = MARKER_LENGTH + 2;

/**
 * Splits a BGP byte stream into whole messages, whatever the TCP chunking.
 *
 * **When to use:** between a socket's `data` events and `decodeMessage`. Pull messages with
 * `next()` (or iterate) after each `push`, and decode each before pulling the next: the size
 * limit is read per message, so an extended-message limit agreed in the OPEN exchange applies
 * to the very next message of the same chunk.
 *
 * **Gotchas:** a yielded message is a view, valid until the next `push` (the scratch buffer is
 * reused then); copy what you keep. After a header error the framer is failed: every later
 * `push` or `next` throws the same error, as the session must close (RFC 4271 §6.1).
 *
 * @example
 * ```ts
 * const framer = new MessageFramer({ maxMessageLength: () => (session.extended ? 65535 : 4096) });
 * socket.on('data', (chunk) => {
 *   framer.push(chunk);
 *   for (const message of framer) session.receive(decodeMessage(message, session.ctx));
 * });
 * ```
 */
export class MessageFramer implements Iterable<Uint8Array> {
  /** Holds the unread bytes [#start, #end): an adopted chunk or #scratch. */
  #buf: Uint8Array = EMPTY;
  #start = 0;
  #end = 0;
  /** Our own buffer for messages split across chunks, reused. */
  #scratch: Uint8Array = EMPTY;
  /** The rest of a chunk, adopted once the stitched message in #scratch has been read. */
  #pending: Uint8Array | undefined;
  /** True once `next()` found no whole message: the unread bytes are one partial message. */
  #drained = true;
  #failure: BgpMessageError | undefined;
  readonly #maxLength: () => number;

  constructor(options: MessageFramerOptions = {}) {
    if (options.maxMessageLength !== undefined) {
      this.#maxLength = options.maxMessageLength;
    } else {
      const limit = maxMessageLength(options.ctx ?? DEFAULT_CONTEXT);
      this.#maxLength = () => limit;
    }
  }

  /** Bytes received and not yet returned as messages. */
  get bufferedLength(): number {
    return this.#end - this.#start + (this.#pending?.length ?? 0);
  }

  /**
   * Adds a chunk from the stream. The framer never writes into it. When nothing is buffered the
   * chunk is kept as is and messages are views into it (keep it unchanged while they are in use);
   * when `next()` has returned `undefined` on a partial message, only the bytes completing that
   * message are copied and the rest is kept as is. Otherwise (chunks pushed without draining)
   * the chunk is copied. Views returned before this call are invalid after it.
   *
   * @throws the BgpMessageError that failed the framer, if it has failed.
   */
  push(chunk: Uint8Array): void {
    if (this.#failure !== undefined) throw this.#failure;
    if (chunk.length === 0) return;
    const unread = this.#end - this.#start;
    if (unread === 0 && this.#pending === undefined) {
      this.#use(chunk);
    } else if (!this.#drained || this.#pending !== undefined || !this.#stitch(chunk)) {
      this.#append(chunk);
    }
    this.#drained = false;
  }

  /**
   * The next whole message (header included) as a view, or `undefined` when none is complete.
   * Not the iterator protocol's `next`: iterate the framer for that.
   *
   * @throws BgpMessageError on a header error (RFC 4271 §6.1, RFC 7313 §5); the framer stays failed.
   */
  next(): Uint8Array | undefined {
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#start === this.#end && this.#pending !== undefined) {
      this.#use(this.#pending);
      this.#pending = undefined;
    }
    const buf = this.#buf;
    const start = this.#start;
    const available = this.#end - start;
    if (available < HEADER_LENGTH) return this.#none();
    const maxLength = this.#maxLength();
    const length = readUint16(buf, start + LENGTH_OFFSET);
    // RFC 7313 §5: a ROUTE-REFRESH length error carries the whole message, so wait for it.
    const waitForWhole =
      buf[start + TYPE_OFFSET] === MessageType.ROUTE_REFRESH &&
      available < length &&
      length <= maxLength;
    if (!waitForWhole) {
      try {
        checkHeader(buf, start, this.#end, maxLength);
      } catch (err) {
        this.#failure = err as BgpMessageError;
        throw err;
      }
    }
    if (available < length) return this.#none();
    this.#start = start + length;
    return buf.subarray(start, start + length);
  }

  *[Symbol.iterator](): IterableIterator<Uint8Array> {
    for (let message = this.next(); message !== undefined; message = this.next()) yield message;
  }

  #none(): undefined {
    this.#drained = true;
    return undefined;
  }

  #use(chunk: Uint8Array): void {
    this.#buf = chunk;
    this.#start = 0;
    this.#end = chunk.length;
  }

  /**
   * The unread bytes are the start of one message: copy into scratch only what completes it
   * and keep the rest of `chunk` as a view. False when that cannot be known yet (too little of
   * the header, a length the header check will reject, or a chunk that ends inside the message).
   */
  #stitch(chunk: Uint8Array): boolean {
    const buf = this.#buf;
    const start = this.#start;
    const unread = this.#end - start;
    if (unread + chunk.length < HEADER_LENGTH) return false;
    // The length field may lie in the unread bytes, in the chunk, or straddle both.
    const high =
      LENGTH_OFFSET < unread ? buf[start + LENGTH_OFFSET] : chunk[LENGTH_OFFSET - unread];
    const low =
      LENGTH_OFFSET + 1 < unread
        ? buf[start + LENGTH_OFFSET + 1]
        : chunk[LENGTH_OFFSET + 1 - unread];
    const length = (high << 8) | low;
    if (length < HEADER_LENGTH || length > this.#maxLength()) return false;
    const missing = length - unread;
    if (missing <= 0 || missing >= chunk.length) return false;
    this.#copyIntoScratch(chunk.subarray(0, missing), length);
    this.#pending = chunk.subarray(missing);
    return true;
  }

  /** Appends a whole chunk behind the unread bytes (and any pending chunk), in scratch. */
  #append(chunk: Uint8Array): void {
    const pending = this.#pending;
    if (pending !== undefined) {
      const unread = this.#end - this.#start;
      this.#copyIntoScratch(pending, unread + pending.length + chunk.length);
      this.#pending = undefined;
    }
    this.#copyIntoScratch(chunk, this.#end - this.#start + chunk.length);
  }

  /**
   * Moves the unread bytes to the front of scratch (growing it to hold `total` bytes) and
   * appends `tail` after them; scratch becomes the current buffer.
   */
  #copyIntoScratch(tail: Uint8Array, total: number): void {
    const unread = this.#end - this.#start;
    if (this.#buf === this.#scratch && this.#start + total <= this.#scratch.length) {
      // Room behind the unread bytes: append in place, no move.
      this.#scratch.set(tail, this.#end);
      this.#end += tail.length;
      return;
    }
    if (total > this.#scratch.length) {
      let size = Math.max(this.#scratch.length * 2, MIN_SCRATCH_LENGTH);
      while (size < total) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.#buf.subarray(this.#start, this.#end), 0);
      this.#scratch = grown;
    } else if (this.#buf === this.#scratch) {
      this.#scratch.copyWithin(0, this.#start, this.#end);
    } else {
      this.#scratch.set(this.#buf.subarray(this.#start, this.#end), 0);
    }
    this.#scratch.set(tail, unread);
    this.#buf = this.#scratch;
    this.#start = 0;
    this.#end = unread + tail.length;
  }
}
