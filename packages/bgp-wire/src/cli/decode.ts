/**
 * `bgp-wire decode`: hex lines in, one JSON object per message out (DESIGN.md "Contracts").
 * A malformed message prints `{"error":{...}}` and decoding goes on with the next line.
 */

import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { type CodecContext, makeContext } from '../codec/context.js';
import { BgpMessageError } from '../codec/errors.js';
import { decodeMessage } from '../codec/message.js';
import { toJsonValue } from './json.js';

export interface DecodeIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Parses the flags into a codec context; a string is a usage error to print. */
export function decodeContextFromArgs(
  args: string[],
): { ctx: CodecContext; hex?: string } | string {
  let parsed: ReturnType<typeof parseDecodeArgs>;
  try {
    parsed = parseDecodeArgs(args);
  } catch (err) {
    return (err as Error).message;
  }
  const { values } = parsed;
  const families = (values['add-path'] ?? '').split(',').filter((f) => f !== '');
  for (const f of families) {
    if (f !== 'ipv4' && f !== 'ipv6')
      return `--add-path: unknown family "${f}" (expected ipv4, ipv6)`;
  }
  const ctx = makeContext({
    fourOctetAs: !values.as2,
    addPath: { ipv4: families.includes('ipv4'), ipv6: families.includes('ipv6') },
    extendedMessages: values['extended-messages'] === true,
    ibgp: values.ibgp === true,
  });
  return values.hex === undefined ? { ctx } : { ctx, hex: values.hex };
}

function parseDecodeArgs(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      hex: { type: 'string' },
      as2: { type: 'boolean' },
      'add-path': { type: 'string' },
      'extended-messages': { type: 'boolean' },
      ibgp: { type: 'boolean' },
    },
  });
}

/** Decodes one hex line into the JSON line to print, and whether it was malformed. */
export function decodeLine(line: string, ctx: CodecContext): { json: string; malformed: boolean } {
  const hex = line.replace(/[\s:]/g, '');
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    const error = {
      errorCode: 0,
      errorSubcode: 0,
      action: 'session-reset',
      message: 'input line is not hex',
    };
    return { json: JSON.stringify({ error }), malformed: true };
  }
  try {
    const message = decodeMessage(Buffer.from(hex, 'hex'), ctx);
    if (message.type === 'update' && message.error !== undefined) {
      return { json: JSON.stringify({ error: errorJson(message.error) }), malformed: true };
    }
    return { json: JSON.stringify(toJsonValue(message)), malformed: false };
  } catch (err) {
    if (err instanceof BgpMessageError) {
      return { json: JSON.stringify({ error: errorJson(err) }), malformed: true };
    }
    throw err;
  }
}

function errorJson(err: BgpMessageError) {
  const { errorCode, errorSubcode, action, message } = err.toJSON();
  return { errorCode, errorSubcode, action, message };
}

export async function runDecode(args: string[], io: DecodeIo): Promise<number> {
  const parsed = decodeContextFromArgs(args);
  if (typeof parsed === 'string') {
    io.stderr.write(`bgp-wire decode: ${parsed}\n`);
    return 2;
  }
  const { ctx, hex } = parsed;
  let anyMalformed = false;
  const handle = (line: string): void => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const { json, malformed } = decodeLine(trimmed, ctx);
    anyMalformed ||= malformed;
    io.stdout.write(`${json}\n`);
  };
  if (hex !== undefined) {
    handle(hex);
  } else {
    for await (const line of createInterface({
      input: io.stdin,
      crlfDelay: Number.POSITIVE_INFINITY,
    }))
      handle(line);
  }
  return anyMalformed ? 1 : 0;
}
