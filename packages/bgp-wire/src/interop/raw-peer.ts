/**
 * Test helper (not exported): a minimal scripted BGP peer over a real TCP connection, to send
 * our speaker bytes no real daemon would (after GoBGP's bgp_malformed_msg_handling_test.py).
 * It reads what the speaker sends with our codec, completes the OPEN / KEEPALIVE exchange when
 * told to, keeps the session alive with KEEPALIVEs, and writes crafted messages byte for byte.
 *
 * The byte builders below take hex and compute only what a test does not want to get wrong by
 * accident (length fields); anything the test wants wrong it writes itself.
 */

import { MessageFramer } from '../codec/framer.js';
import { decodeMessage } from '../codec/message.js';
import type { BgpMessage, NotificationMessage } from '../codec/types.js';
import type { Connection } from '../transport/connection.js';

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const u16 = (n: number) => n.toString(16).padStart(4, '0');
const u8 = (n: number) => n.toString(16).padStart(2, '0');

/** RFC 4271 §4.1 header + body; `marker` and `length` may be given wrong on purpose. */
export function message(
  type: number,
  body: string,
  options: { marker?: string; length?: number } = {},
): Uint8Array {
  const b = hex(body);
  const marker = options.marker ?? 'ff'.repeat(16);
  return hex(
    `${marker}${u16(options.length ?? 19 + b.length)}${u8(type)}${Buffer.from(b).toString('hex')}`,
  );
}

/** Capabilities a modern peer advertises: IPv4 + IPv6 unicast, route refresh, 4-octet AS. */
export function capabilities(asn: number): string {
  return [
    '02 06 01 04 0001 0001', // multiprotocol IPv4 unicast (RFC 4760)
    '02 06 01 04 0002 0001', // multiprotocol IPv6 unicast
    '02 02 02 00', // route refresh (RFC 2918)
    '02 02 46 00', // enhanced route refresh (RFC 7313)
    `02 06 41 04 ${asn.toString(16).padStart(8, '0')}`, // four-octet AS (RFC 6793)
  ].join(' ');
}

/** An OPEN (RFC 4271 §4.2) with every field given; `params` is the optional parameters' hex. */
export function openMessage(o: {
  version?: number;
  myAs: number;
  holdTimeSec: number;
  bgpIdentifier: string;
  params?: string;
}): Uint8Array {
  const params = hex(o.params ?? capabilities(o.myAs));
  const id = o.bgpIdentifier
    .split('.')
    .map((x) => u8(Number(x)))
    .join('');
  const body = `${u8(o.version ?? 4)}${u16(o.myAs > 0xffff ? 23456 : o.myAs)}${u16(o.holdTimeSec)}${id}${u8(params.length)}${Buffer.from(params).toString('hex')}`;
  return message(1, body);
}

/** An UPDATE (RFC 4271 §4.3) from hex parts, both length fields computed. */
export function updateMessage(parts: {
  withdrawn?: string;
  attrs?: string;
  nlri?: string;
}): Uint8Array {
  const w = hex(parts.withdrawn ?? '');
  const a = hex(parts.attrs ?? '');
  const body = `${u16(w.length)}${Buffer.from(w).toString('hex')}${u16(a.length)}${Buffer.from(a).toString('hex')}${(parts.nlri ?? '').replace(/\s+/g, '')}`;
  return message(2, body);
}

export const KEEPALIVE = message(4, '');

/** What a raw peer has seen. */
export type Received = BgpMessage | { type: 'closed' };

/**
 * A scripted peer on one connection.
 *
 * **Gotchas:** received messages are decoded with the default session context (4-octet AS, no
 * ADD-PATH): do not negotiate anything else. `close()` must be called (or the connection end).
 */
export class RawPeer {
  readonly #conn: Connection;
  readonly #framer = new MessageFramer();
  readonly #inbox: Received[] = [];
  #wake: (() => void) | undefined;
  #keepalive: NodeJS.Timeout | undefined;

  constructor(connection: Connection) {
    this.#conn = connection;
    connection.start({
      data: (chunk) => {
        this.#framer.push(chunk);
        for (let m = this.#framer.next(); m !== undefined; m = this.#framer.next()) {
          this.#inbox.push(decodeMessage(Uint8Array.from(m)));
        }
        this.#notify();
      },
      close: () => {
        this.#stopKeepalives();
        this.#inbox.push({ type: 'closed' });
        this.#notify();
      },
    });
  }

  /** Writes bytes as they are. */
  send(bytes: Uint8Array): void {
    this.#conn.write(bytes);
  }

  /** The next message (or the close), waiting up to `timeoutMs`; undefined on timeout. */
  async next(timeoutMs: number): Promise<Received | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (this.#inbox.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.#inbox.shift();
  }

  /** The next message, which must be of `type`. */
  async expect<T extends Received['type']>(
    type: T,
    timeoutMs = 5_000,
  ): Promise<Extract<Received, { type: T }>> {
    const got = await this.next(timeoutMs);
    if (got?.type !== type) {
      throw new Error(`raw peer: expected ${type}, got ${got ? describe(got) : 'nothing'}`);
    }
    return got as Extract<Received, { type: T }>;
  }

  /**
   * RFC 4271 §8.2.2 from the passive side of our speaker: its OPEN, our OPEN and KEEPALIVE, its
   * KEEPALIVE. Then a KEEPALIVE every third of `holdTimeSec` keeps the session up.
   */
  async establish(open: { myAs: number; holdTimeSec: number; bgpIdentifier: string }) {
    const theirs = await this.expect('open');
    this.send(openMessage(open));
    this.send(KEEPALIVE);
    await this.expect('keepalive');
    if (open.holdTimeSec > 0) {
      const everyMs = Math.max(1, Math.floor(open.holdTimeSec / 3)) * 1000;
      this.#keepalive = setInterval(() => this.send(KEEPALIVE), everyMs);
    }
    return theirs;
  }

  /**
   * Reads until the speaker's NOTIFICATION (skipping its KEEPALIVEs, UPDATEs, ROUTE-REFRESHes)
   * and checks that the connection then closes (RFC 4271 §6: NOTIFICATION, then close).
   */
  async notification(timeoutMs = 5_000): Promise<NotificationMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = await this.next(Math.max(0, deadline - Date.now()));
      if (got === undefined) throw new Error('raw peer: no NOTIFICATION in time');
      if (got.type === 'notification') {
        await this.expect('closed', 5_000);
        return got;
      }
      if (got.type === 'closed' || got.type === 'open') {
        throw new Error(`raw peer: ${describe(got)} instead of a NOTIFICATION`);
      }
    }
  }

  /**
   * Waits `ms` and returns what arrived, failing on a NOTIFICATION or a close: the session
   * stayed up (our KEEPALIVEs and the speaker's keep flowing).
   */
  async staysUp(ms: number): Promise<BgpMessage[]> {
    const seen: BgpMessage[] = [];
    const deadline = Date.now() + ms;
    for (;;) {
      const got = await this.next(Math.max(0, deadline - Date.now()));
      if (got === undefined) return seen;
      if (got.type === 'closed' || got.type === 'notification') {
        throw new Error(`raw peer: session went down: ${describe(got)}`);
      }
      seen.push(got);
    }
  }

  /** Closes the connection. */
  close(): void {
    this.#stopKeepalives();
    this.#conn.destroy();
  }

  #stopKeepalives(): void {
    clearInterval(this.#keepalive);
    this.#keepalive = undefined;
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

function describe(m: Received): string {
  if (m.type === 'notification') return `NOTIFICATION ${m.errorCode}/${m.errorSubcode}`;
  return m.type.toUpperCase();
}
