import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeContext } from '../codec/context.js';
import { encodeMessage } from '../codec/message.js';
import { VECTORS_DIR } from '../codec/testing/vectors.js';
import { decodeContextFromArgs, decodeLine } from './decode.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

const update = {
  type: 'update' as const,
  withdrawn: [],
  attributes: [
    { type: 'origin' as const, origin: 'igp' as const },
    { type: 'as-path' as const, segments: [{ type: 'sequence' as const, asns: [4200000001] }] },
    { type: 'next-hop' as const, nextHop: '192.0.2.11' },
    { type: 'communities' as const, communities: ['65000:100'] },
    { type: 'large-communities' as const, communities: ['65000:1:2'] },
  ],
  nlri: [{ prefix: '203.0.113.10/32' }],
};

describe('decodeContextFromArgs', () => {
  it('defaults to a modern eBGP session: 4-octet AS, no ADD-PATH, 4096 bytes', () => {
    expect(decodeContextFromArgs([])).toEqual({ ctx: makeContext() });
  });

  it('maps every flag onto the context', () => {
    const parsed = decodeContextFromArgs([
      '--as2',
      '--add-path',
      'ipv4,ipv6',
      '--extended-messages',
      '--ibgp',
    ]);
    expect(parsed).toEqual({
      ctx: {
        fourOctetAs: false,
        addPath: { ipv4: true, ipv6: true },
        extendedMessages: true,
        ibgp: true,
      },
    });
  });

  it('refuses an unknown family or flag as a usage error', () => {
    expect(typeof decodeContextFromArgs(['--add-path', 'ipv5'])).toBe('string');
    expect(typeof decodeContextFromArgs(['--nope'])).toBe('string');
  });
});

describe('decodeLine', () => {
  it('prints prefixes, communities and large communities as strings, ASNs as numbers', () => {
    const { json, malformed } = decodeLine(hex(encodeMessage(update)), makeContext());
    expect(malformed).toBe(false);
    const value = JSON.parse(json);
    expect(value.nlri).toEqual([{ prefix: '203.0.113.10/32' }]);
    expect(value.attributes[1].segments[0].asns).toEqual([4200000001]);
    expect(value.attributes[3].communities).toEqual(['65000:100']);
    expect(value.attributes[4].communities).toEqual(['65000:1:2']);
  });

  it('prints the error object for a message with a bad marker', () => {
    const bytes = encodeMessage({ type: 'keepalive' });
    bytes[0] = 0;
    const { json, malformed } = decodeLine(hex(bytes), makeContext());
    expect(malformed).toBe(true);
    expect(JSON.parse(json)).toEqual({
      error: {
        errorCode: 1,
        errorSubcode: 1,
        action: 'session-reset',
        message: expect.any(String),
      },
    });
  });

  it('reports treat-as-withdraw for an UPDATE whose ORIGIN is invalid (RFC 7606 §7.1)', () => {
    const bytes = encodeMessage(update);
    // ORIGIN is the first attribute: flags, type, length, value at offset 19 + 2 + 2.
    expect(bytes[23 + 1]).toBe(1);
    bytes[23 + 3] = 7;
    const value = JSON.parse(decodeLine(hex(bytes), makeContext()).json);
    expect(value.error).toMatchObject({
      errorCode: 3,
      errorSubcode: 6,
      action: 'treat-as-withdraw',
    });
  });

  it('decodes AS_PATH as 2-octet under --as2', () => {
    const as2 = makeContext({ fourOctetAs: false });
    const msg = {
      ...update,
      attributes: [
        update.attributes[0],
        { type: 'as-path' as const, segments: [{ type: 'sequence' as const, asns: [64512] }] },
        update.attributes[2],
      ],
    };
    const value = JSON.parse(decodeLine(hex(encodeMessage(msg, as2)), as2).json);
    expect(value.attributes[1].segments[0].asns).toEqual([64512]);
  });
});

describe.runIf(existsSync(CLI))('bgp-wire decode (the built bin)', () => {
  it('decodes a captured GoBGP session from stdin, one JSON object per message, exit 0', () => {
    const file = join(VECTORS_DIR, 'gobgp-3.10.0-to-bird.hex');
    const out = execFileSync(process.execPath, [CLI, 'decode'], {
      input: readFileSync(file, 'utf8'),
    }).toString();
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'open', myAs: 64512, bgpIdentifier: '192.0.2.2' });
    expect(lines.some((l) => l.type === 'update' && l.nlri.length > 0)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ type: 'notification', errorCode: 6, errorSubcode: 2 });
  });

  it('goes on after a malformed line and exits 1', () => {
    const keepalive = hex(encodeMessage({ type: 'keepalive' }));
    const r = spawnSync(process.execPath, [CLI, 'decode'], { input: `zz\n${keepalive}\n` });
    expect(r.status).toBe(1);
    const lines = r.stdout
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { error: expect.objectContaining({ action: 'session-reset' }) },
      { type: 'keepalive' },
    ]);
  });

  it('takes one message with --hex and exits 2 on a usage error', () => {
    const keepalive = hex(encodeMessage({ type: 'keepalive' }));
    expect(execFileSync(process.execPath, [CLI, 'decode', '--hex', keepalive]).toString()).toBe(
      '{"type":"keepalive"}\n',
    );
    expect(spawnSync(process.execPath, [CLI, 'decode', '--bogus']).status).toBe(2);
  });
});
