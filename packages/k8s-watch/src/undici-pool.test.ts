import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PoolClass, poolRequest } from './undici-pool.js';

describe('undici pool without the rest of undici', () => {
  it('finds the Pool and request API at their pinned paths and round-trips a request', async () => {
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ method: req.method, url: req.url }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const pool = new PoolClass(`http://127.0.0.1:${port}`, { connections: 2 });
    try {
      const response = await poolRequest(pool, { method: 'PATCH', path: '/x?y=1', body: '{}' });
      expect(response.statusCode).toBe(200);
      expect(await response.body.json()).toEqual({ method: 'PATCH', url: '/x?y=1' });
    } finally {
      await pool.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
