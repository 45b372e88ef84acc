import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { normalizeAddress } from './connection.js';
import { createMemoryConnectionPair } from './memory.js';

async function until(condition: () => boolean, rounds = 200): Promise<void> {
  for (let i = 0; i < rounds && !condition(); i++) await tick();
  expect(condition()).toBe(true);
}

describe('createMemoryConnectionPair', () => {
  it('delivers what one side writes to the other, a tick later, with mirrored addresses', async () => {
    const [a, b] = createMemoryConnectionPair({
      a: { address: '192.0.2.11', port: 40001 },
      b: { address: '192.0.2.1', port: 179 },
    });
    expect([b.remoteAddress, b.remotePort, a.remoteAddress]).toEqual([
      '192.0.2.11',
      40001,
      '192.0.2.1',
    ]);
    const got: number[] = [];
    b.start({ data: (chunk) => got.push(...chunk), close: () => {} });
    a.start({ data: () => {}, close: () => {} });
    a.write(Uint8Array.of(1, 2, 3));
    expect(got).toEqual([]);
    await until(() => got.length === 3);
    expect(got).toEqual([1, 2, 3]);
  });

  it('applies backpressure until the reader takes the bytes', async () => {
    const [a, b] = createMemoryConnectionPair({ highWaterMark: 16 });
    a.start({ data: () => {}, close: () => {} });
    let ok = true;
    for (let i = 0; i < 10 && ok; i++) ok = a.write(new Uint8Array(16));
    expect(ok).toBe(false);
    let drained = false;
    void a.drained().then(() => {
      drained = true;
    });
    await tick();
    await tick();
    expect(drained).toBe(false);
    let received = 0;
    b.start({ data: (chunk) => (received += chunk.length), close: () => {} });
    await until(() => drained);
    expect(received).toBeGreaterThan(0);
  });

  it('reports a close on both sides, once, after end() flushed the queued bytes', async () => {
    const [a, b] = createMemoryConnectionPair();
    const closes: string[] = [];
    let received = 0;
    a.start({ data: () => {}, close: () => closes.push('a') });
    b.start({ data: (c) => (received += c.length), close: () => closes.push('b') });
    a.write(new Uint8Array(100));
    a.end();
    await until(() => closes.length === 2);
    expect(received).toBe(100);
    expect(closes.sort()).toEqual(['a', 'b']);
    expect(a.isClosed && b.isClosed).toBe(true);
    expect(a.write(new Uint8Array(1))).toBe(false);
    await a.drained();
  });

  it('closes the connection instead of throwing when a data handler throws', async () => {
    const [a, b] = createMemoryConnectionPair();
    let closedWith: Error | undefined;
    b.start({
      data: () => {
        throw new Error('handler bug');
      },
      close: (err) => {
        closedWith = err;
      },
    });
    a.start({ data: () => {}, close: () => {} });
    a.write(Uint8Array.of(1));
    await until(() => b.isClosed && a.isClosed);
    expect(closedWith?.message).toBe('handler bug');
  });
});

describe('normalizeAddress', () => {
  it('writes IPv6 in canonical form and IPv4-mapped addresses as IPv4', () => {
    expect(normalizeAddress('2001:DB8:0::1')).toBe('2001:db8::1');
    expect(normalizeAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeAddress('192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeAddress(undefined)).toBe('');
  });
});
