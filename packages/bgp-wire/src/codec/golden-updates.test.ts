/**
 * UPDATEs captured from real daemons (vectors/*-to-*.hex, see tools/lab/capture-vectors.sh):
 * each decodes, under the context the two OPENs of its session negotiate, to the value in the
 * `.expected.json` beside it (written from the daemons' configuration and checked against
 * tcpdump's dissection, not by this decoder), and re-encodes to the same bytes.
 */
import { describe, expect, it } from 'vitest';
import { negotiate } from '../fsm/negotiate.js';
import type { CodecContext } from './context.js';
import { decodeMessage, encodeMessage } from './message.js';
import { listVectorFiles, readExpected, readVectorFile } from './testing/vectors.js';
import type { OpenMessage } from './types.js';

const SESSION_FILE = /^([a-z]+)-[\d.]+-to-([a-z]+)\.hex$/;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function firstOpen(file: string): OpenMessage {
  const wire = readVectorFile(file).messages.find((m) => m.bytes[18] === 1);
  if (!wire) throw new Error(`${file} has no OPEN`);
  return decodeMessage(wire.bytes) as OpenMessage;
}

/** The context a receiver decodes this file's messages with: its OPEN and the sender's, negotiated. */
function receiveContextFor(file: string, files: string[]): CodecContext {
  const [, sender, receiver] = SESSION_FILE.exec(file) ?? [];
  const reverse = files.find(
    (f) => f.startsWith(`${receiver}-`) && f.endsWith(`-to-${sender}.hex`),
  );
  if (!reverse) throw new Error(`no reverse direction for ${file}`);
  return negotiate(firstOpen(reverse), firstOpen(file)).receiveContext;
}

const files = listVectorFiles();
const sessions = files.filter((f) => SESSION_FILE.test(f));
const cases = sessions.flatMap((file) => {
  const ctx = receiveContextFor(file, files);
  const expected = readExpected(file);
  return readVectorFile(file)
    .messages.map((m, i) => ({
      name: `${file} #${i + 1} ${m.label}`,
      wire: m.bytes,
      value: expected[i],
      ctx,
    }))
    .filter((c) => c.wire[18] === 2);
});

describe('UPDATEs from BIRD 2, GoBGP, FRR and ExaBGP', () => {
  it('covers both directions of sessions with all four daemons', () => {
    expect(sessions.map((f) => f.split('-')[0]).sort()).toEqual(['bird', 'exabgp', 'frr', 'gobgp']);
    expect(cases.length).toBeGreaterThanOrEqual(40);
    // ADD-PATH and 4-octet AS sessions are among them.
    expect(cases.some((c) => c.ctx.addPath.ipv4 || c.ctx.addPath.ipv6)).toBe(true);
    expect(cases.some((c) => c.ctx.fourOctetAs)).toBe(true);
  });

  it.each(cases)(
    '$name: decodes to the expected value and re-encodes byte for byte',
    ({ wire, value, ctx }) => {
      const message = decodeMessage(wire, ctx);
      expect(message).toEqual(value);
      expect(hex(encodeMessage(message, ctx))).toBe(hex(wire));
    },
  );
});
