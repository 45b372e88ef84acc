import { once } from 'node:events';
import {
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchEvent } from '../rest/index.js';
import { randomWatchLifetimeMs, WatchStream, type WatchStreamOptions } from './watch-stream.js';

/** A fake store watch: records what the stream asked of it. */
class FakeControl {
  bookmarks = 0;
  stops = 0;
  onBookmark: (() => void) | undefined;
  bookmark(): void {
    this.bookmarks++;
    this.onBookmark?.();
  }
  stop(): void {
    this.stops++;
  }
}

const added = (name: string, pad = ''): WatchEvent => ({
  type: 'ADDED',
  object: { metadata: { name, resourceVersion: '1', annotations: { pad } } },
});

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

/** Starts a server whose only request is handed to `onRequest`; returns the client response. */
async function watchOnce(
  onRequest: (res: ServerResponse, req: IncomingMessage) => void,
): Promise<IncomingMessage> {
  const server = createServer((req, res) => onRequest(res, req));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, resolve).on('error', reject).end();
  });
}

function options(overrides: Partial<WatchStreamOptions> = {}): WatchStreamOptions {
  return {
    lifetimeMs: undefined,
    bookmarkIntervalMs: undefined,
    bookmarkBeforeEnd: false,
    maxQueuedEvents: 10_000,
    encode: (e) => JSON.stringify(e),
    ...overrides,
  };
}

async function readAll(res: IncomingMessage): Promise<string[]> {
  let text = '';
  res.setEncoding('utf8');
  for await (const chunk of res) text += chunk;
  return text.split('\n').filter((l) => l !== '');
}

describe('WatchStream', () => {
  it('sends its headers before any event, then events in order', async () => {
    let stream!: WatchStream;
    const res = await watchOnce((r) => {
      stream = new WatchStream(r, options());
      stream.begin();
      stream.attach(new FakeControl());
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['transfer-encoding']).toBe('chunked');
    stream.push(added('a'));
    stream.push(added('b'));
    stream.end();
    const lines = await readAll(res);
    expect(lines.map((l) => JSON.parse(l).object.metadata.name)).toEqual(['a', 'b']);
  });

  it('keeps events and the end that come before begin() (an expired resourceVersion)', async () => {
    const control = new FakeControl();
    const res = await watchOnce((r) => {
      const stream = new WatchStream(r, options());
      stream.push({ type: 'ERROR', object: { kind: 'Status', code: 410 } });
      stream.end();
      stream.begin();
      stream.attach(control);
    });
    const lines = await readAll(res);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'ERROR', object: { code: 410 } });
    expect(control.stops).toBeGreaterThanOrEqual(1);
  });

  it('bookmarks before ending at its lifetime, and ends normally', async () => {
    const control = new FakeControl();
    let stream!: WatchStream;
    control.onBookmark = () =>
      stream.push({
        type: 'BOOKMARK',
        object: { kind: 'Service', apiVersion: 'v1', metadata: { resourceVersion: '9' } },
      });
    const res = await watchOnce((r) => {
      stream = new WatchStream(r, options({ lifetimeMs: 50, bookmarkBeforeEnd: true }));
      stream.begin();
      stream.attach(control);
    });
    const lines = await readAll(res);
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['BOOKMARK']);
    expect(control.bookmarks).toBe(1);
    expect(control.stops).toBeGreaterThanOrEqual(1);
  });

  it('sends periodic bookmarks when asked to', async () => {
    const control = new FakeControl();
    let stream!: WatchStream;
    const res = await watchOnce((r) => {
      stream = new WatchStream(r, options({ bookmarkIntervalMs: 10 }));
      stream.begin();
      stream.attach(control);
    });
    await new Promise<void>((resolve) => {
      control.onBookmark = () => {
        if (control.bookmarks >= 3) resolve();
      };
    });
    stream.close();
    await readAll(res);
    expect(control.bookmarks).toBeGreaterThanOrEqual(3);
  });

  it('closes a watcher that falls too far behind, delivering a prefix of the events', async () => {
    const control = new FakeControl();
    let stream!: WatchStream;
    const res = await watchOnce((r) => {
      stream = new WatchStream(r, options({ maxQueuedEvents: 5 }));
      stream.begin();
      stream.attach(control);
    });
    res.pause();
    const pad = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 400 && control.stops === 0; i++) stream.push(added(`o${i}`, pad));
    expect(control.stops).toBe(1);
    res.resume();
    const names = (await readAll(res)).map((l) => JSON.parse(l).object.metadata.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names).toEqual(names.map((_, i) => `o${i}`));
  });

  it('stops the store watch when the client goes away', async () => {
    const control = new FakeControl();
    let closed!: () => void;
    const onClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const res = await watchOnce((r) => {
      const stream = new WatchStream(r, options({ onClose: closed }));
      stream.begin();
      stream.attach(control);
    });
    res.destroy();
    await onClosed;
    expect(control.stops).toBeGreaterThanOrEqual(1);
  });
});

describe('randomWatchLifetimeMs', () => {
  it('is within [min, 2*min] like the real server', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3600 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (min, r) => {
          const ms = randomWatchLifetimeMs(min, () => r);
          expect(ms).toBeGreaterThanOrEqual(min * 1000);
          expect(ms).toBeLessThanOrEqual(2 * min * 1000);
        },
      ),
    );
  });
});
