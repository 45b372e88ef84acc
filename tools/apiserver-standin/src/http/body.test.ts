import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { decodeObjectBody, decodePatchBody, goJsonSyntaxMessage, readBody } from './body.js';

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('decodeObjectBody', () => {
  it('decodes JSON and YAML objects', () => {
    expect(decodeObjectBody(Buffer.from('{"kind":"Service"}'), 'json')).toEqual({
      kind: 'Service',
    });
    expect(decodeObjectBody(Buffer.from('kind: Service\nspec:\n  enabled: yes\n'), 'yaml')).toEqual(
      {
        kind: 'Service',
        spec: { enabled: true },
      },
    );
  });
  it('answers malformed JSON with a 400 in the Go decoder words', () => {
    const err = apiError(() => decodeObjectBody(Buffer.from('{"a":}'), 'json'));
    expect(err.code).toBe(400);
    expect(err.message).toBe(
      "couldn't get version/kind; json parse error: invalid character '}' looking for beginning of value",
    );
  });
  it('answers a non-object with json: cannot unmarshal', () => {
    const err = apiError(() => decodeObjectBody(Buffer.from('[1]'), 'json'));
    expect(err.code).toBe(400);
    expect(err.message).toMatch(
      /^couldn't get version\/kind; json parse error: json: cannot unmarshal array into Go value/,
    );
  });
  it('returns an object or throws a 400 for any input, never anything else', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.json()),
        fc.constantFrom('json', 'yaml' as const),
        (text, format) => {
          try {
            const value = decodeObjectBody(Buffer.from(text), format as 'json' | 'yaml');
            expect(typeof value).toBe('object');
          } catch (err) {
            expect(err).toBeInstanceOf(ApiError);
            expect((err as ApiError).code).toBe(400);
          }
        },
      ),
    );
  });
});

describe('decodePatchBody', () => {
  it('takes JSON patches as any JSON value and apply bodies as YAML', () => {
    expect(decodePatchBody(Buffer.from('{"op":"add"}'), false)).toEqual({ op: 'add' });
    expect(decodePatchBody(Buffer.from('a: 1'), true)).toEqual({ a: 1 });
    expect(apiError(() => decodePatchBody(Buffer.from(''), false)).code).toBe(400);
  });
  it('maps V8 JSON messages', () => {
    expect(goJsonSyntaxMessage(new SyntaxError('Unexpected end of JSON input'))).toBe(
      'unexpected end of JSON input',
    );
  });
});

describe('readBody', () => {
  const servers: ReturnType<typeof createServer>[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) s.close();
  });

  async function post(limit: number, body: Buffer, declareLength: boolean) {
    const server = createServer((req, res) => {
      readBody(req, limit).then(
        (buf) => res.end(`ok ${buf.length}`),
        (err: ApiError) => {
          res.writeHead(err.code, { Connection: 'close' });
          res.end(err.message);
        },
      );
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    return new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/' }, (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', (err) =>
        (err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err),
      );
      if (declareLength) req.setHeader('Content-Length', body.length);
      else req.setHeader('Transfer-Encoding', 'chunked');
      req.end(body);
    });
  }

  it('reads a body within the limit', async () => {
    expect(await post(10, Buffer.from('0123456789'), true)).toEqual({ status: 200, text: 'ok 10' });
  });
  it('refuses a declared oversize body with 413 at once', async () => {
    expect(await post(10, Buffer.alloc(11), true)).toEqual({
      status: 413,
      text: 'Request entity too large: limit is 10',
    });
  });
  it('refuses a chunked body once it passes the limit', async () => {
    expect((await post(1000, Buffer.alloc(5000), false)).status).toBe(413);
  });
});
