/**
 * Test helper (not exported): the far end of an in-memory connection played by a test.
 * Decodes what our speaker sends and sends whatever the test writes, including bytes no
 * real peer should send.
 */

import { type CodecContext, DEFAULT_CONTEXT } from '../../codec/context.js';
import { BgpMessageError } from '../../codec/errors.js';
import { MessageFramer } from '../../codec/framer.js';
import { decodeMessage, encodeMessage } from '../../codec/message.js';
import type { BgpMessage, Capability, OpenMessage } from '../../codec/types.js';
import type { Connection } from '../../transport/connection.js';

export class ScriptedPeer {
  readonly received: BgpMessage[] = [];
  readonly errors: BgpMessageError[] = [];
  isClosed = false;
  /** Decode what we receive with this (set it to match what was negotiated). */
  ctx: CodecContext = DEFAULT_CONTEXT;
  readonly #connection: Connection;
  readonly #framer = new MessageFramer({ maxMessageLength: () => 65535 });

  constructor(connection: Connection) {
    this.#connection = connection;
    connection.start({
      data: (chunk) => {
        this.#framer.push(chunk);
        for (let m = this.#framer.next(); m; m = this.#framer.next()) {
          try {
            this.received.push(structuredClone(decodeMessage(m, this.ctx)));
          } catch (err) {
            if (err instanceof BgpMessageError) this.errors.push(err);
            else throw err;
          }
        }
      },
      close: () => {
        this.isClosed = true;
      },
    });
  }

  send(message: BgpMessage): void {
    this.#connection.write(encodeMessage(message, this.ctx));
  }

  sendRaw(bytes: Uint8Array): void {
    this.#connection.write(bytes);
  }

  close(): void {
    this.#connection.end();
  }

  of<T extends BgpMessage['type']>(type: T): Extract<BgpMessage, { type: T }>[] {
    return this.received.filter((m): m is Extract<BgpMessage, { type: T }> => m.type === type);
  }
}

/** An OPEN from AS 64513, identifier 192.0.2.2, with the usual modern capabilities. */
export function peerOpen(
  extra: Capability[] = [],
  overrides: Partial<OpenMessage> = {},
): OpenMessage {
  return {
    type: 'open',
    version: 4,
    myAs: 64513,
    holdTimeSec: 90,
    bgpIdentifier: '192.0.2.2',
    capabilities: [
      { type: 'multiprotocol', afi: 1, safi: 1 },
      { type: 'multiprotocol', afi: 2, safi: 1 },
      { type: 'route-refresh' },
      { type: 'four-octet-as', asn: 64513 },
      ...extra,
    ],
    ...overrides,
  };
}
